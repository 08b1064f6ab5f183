"""Benchmark the intake duplicate check ``find_candidates`` (issue 10 §1: p95 ≤ 100 ms against
2,000,000 persons on PostgreSQL).

Usage (the database is dropped and created again: its name must contain "bench")::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_match \\
        DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=true \\
        nice .venv/bin/python bench/bench_match.py --persons 200000 --queries 500

What it does: migrates, loads the Kemendagri areas and agencies (``bootstrap --no-demo``),
generates synthetic Indonesian persons with :mod:`sigap.analytics.linkage.synth` (Faker
id_ID names, mononyms, Muhammad/Nur variants, old spellings, typos, swapped dates, real
village codes; chunks of 100,000 with their own seed), writes them with ``COPY``
(``sigap.cases.demo_bulk.insert_many``: encrypted exactly as on a normal save) with their
blocking keys and one victim participation each, in cases of 10 persons, half handled by the
querying case manager's agency (UPT PPA) and half by another agency. Then it times
``find_candidates`` for ``--queries`` records sampled from the generated ones (another
spelling of a person who is in the database whenever synth made one) after a warm-up, and
prints p50/p95/max and the share of queries whose true person is among the candidates.
Nothing personal is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_SHARED = ROOT.parent / "shared" / "data"
AREAS = Path(os.environ.get("SIGAP_SHARED_DATA_DIR", str(_SHARED))) / "wilayah-indonesia.csv"
CHUNK = 100_000
CASE_SIZE = 10


def _recreate_pg(url: str) -> None:
    import dj_database_url
    import psycopg

    name = dj_database_url.parse(url)["NAME"]
    if "bench" not in name:
        sys.exit("Refusing to drop a database whose name does not contain 'bench'.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _date(raw: str):
    from sigap.analytics.linkage.normalise import parse_date

    return parse_date(raw)


def _seed(n: int, user, other_agency, villages, known_areas) -> tuple[list, dict]:
    """Write ``n`` persons; returns (sampled query records, {truth person: [person ids]})."""
    from django.db import transaction

    from sigap.analytics.linkage.synth import generate
    from sigap.cases.demo_bulk import insert_many
    from sigap.cases.models import Case, Participant, Person
    from sigap.people.keys import person_keys
    from sigap.people.models import PersonKey

    template = Case.objects.get()
    rng = random.Random(7)
    samples, truth_ids = [], defaultdict(list)
    made, seq = 0, 0
    chunk_no = 0
    while made < n:
        size = min(CHUNK, n - made)
        records, truth = generate(size, seed=1000 + chunk_no, villages=villages)
        started = time.monotonic()
        with transaction.atomic():
            persons = []
            for r in records:
                code = r["origin_area_code"] if r["origin_area_code"] in known_areas else None
                persons.append(
                    Person(
                        full_name=r["full_name"][:150] or "Tanpa Nama",
                        sex={"L": "M", "P": "F"}.get(r["sex"], ""),
                        date_of_birth=_date(r["date_of_birth"]),
                        estimated_age=int(r["age"]) if r["age"].isdigit() else None,
                        origin_area_id=code,
                        nik=r["nik"],
                    )
                )
            insert_many(Person, persons, batch_size=5000)
            cases = []
            for _i in range(0, len(persons), CASE_SIZE):
                seq += 1
                mine = seq % 2 == 0
                cases.append(
                    Case(
                        number=f"TPPO-9999-2026-{seq:07d}",
                        intake_channel=template.intake_channel,
                        reported_on=template.reported_on,
                        reporting_agency_id=template.reporting_agency_id,
                        report_area_id=template.report_area_id,
                        handling_agency_id=(
                            template.handling_agency_id if mine else other_agency.pk
                        ),
                        status="open",
                        summary="Sintetis.",
                        created_by_id=user.pk,
                    )
                )
            insert_many(Case, cases, batch_size=5000)
            insert_many(
                Participant,
                [
                    Participant(case=cases[i // CASE_SIZE], person=p, role="victim", is_child=False)
                    for i, p in enumerate(persons)
                ],
                batch_size=5000,
            )
            keys = [PersonKey(person_id=p.pk, key=k) for p in persons for k in person_keys(p)]
            insert_many(PersonKey, keys, batch_size=20000)
        for r, p in zip(records, persons, strict=True):
            truth_ids[(chunk_no, truth[r["record_id"]][0])].append(p.pk)
        picks = rng.sample(range(len(records)), k=min(200, len(records)))
        samples += [(chunk_no, records[i], truth[records[i]["record_id"]][0]) for i in picks]
        made += size
        chunk_no += 1
        sys.stderr.write(
            f"{made:,} persons, {len(keys) / size:.1f} keys each, "
            f"{size / (time.monotonic() - started):,.0f} persons/s\n"
        )
    return samples, truth_ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Query an already seeded database (queries are persons read back from it)",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL bench database.")
    if not args.reuse:
        _recreate_pg(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sigap.accounts.services import user_create
    from sigap.agencies.choices import Role
    from sigap.agencies.models import Agency
    from sigap.agencies.services import membership_set
    from sigap.analytics.linkage.synth import load_villages
    from sigap.areas.models import Area
    from sigap.cases.models import Case, Person
    from sigap.cases.services import case_open, case_report
    from sigap.people.models import PersonKey
    from sigap.people.selectors import MatchQuery, find_candidates

    call_command("migrate", verbosity=0)
    if not args.reuse:
        call_command("bootstrap", "--no-demo", verbosity=0)
    upt = Agency.objects.get(code="upt-ppa-dki")
    other = Agency.objects.get(code="sudin-sosial-jakpus")
    user = user_create(username=f"bench-{time.time_ns()}", password=os.urandom(16).hex())
    membership_set(user=user, agency=upt, role=Role.CASE_MANAGER)
    villages = load_villages(AREAS, limit=5000, seed=1)
    known = set(Area.objects.filter(code__in=[c for c, _ in villages]).values_list("pk", flat=True))
    if not args.reuse:
        kel = Area.objects.filter(level="kelurahan", code__startswith="31.71").first()
        case = case_report(actor=user, intake_channel="walk_in", report_area=kel, summary="x")
        case_open(case=case, actor=user)
        samples, truth_ids = _seed(args.persons, user, other, villages, known)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:  # query with records read back from the seeded database (no "found" figure)
        top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        picked = Person.objects.filter(pk__in=random.Random(5).sample(range(1, top + 1), 2000))
        samples = [
            (
                0,
                {
                    "full_name": p.full_name,
                    "sex": {"M": "L", "F": "P"}.get(p.sex, ""),
                    "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else "",
                    "age": str(p.estimated_age) if p.estimated_age is not None else "",
                    "origin_area_code": p.origin_area_id or "",
                    "nik": p.nik,
                },
                None,
            )
            for p in picked[: args.queries + 20]
        ]
        truth_ids = defaultdict(list)
    rng = random.Random(11)
    queries = rng.sample(samples, k=min(args.queries, len(samples)))

    def query_of(r):
        dob = _date(r["date_of_birth"])
        return MatchQuery(
            full_name=r["full_name"],
            sex={"L": "M", "P": "F"}.get(r["sex"], ""),
            date_of_birth=dob,
            estimated_age=int(r["age"]) if r["age"].isdigit() and not dob else None,
            origin_area_code=r["origin_area_code"] if r["origin_area_code"] in known else "",
            nik=r["nik"],
        )

    for _chunk, r, _p in queries[:20]:  # warm-up
        find_candidates(user, query_of(r))
    times, found_true, eligible, answers = [], 0, 0, 0
    public = (
        dict(
            Person.objects.filter(participations__case__handling_agency=upt).values_list(
                "pk", "public_id"
            )
        )
        if args.persons <= 200_000
        else None
    )
    for chunk, r, pid in queries:
        q = query_of(r)
        started = time.perf_counter()
        result = find_candidates(user, q)
        times.append((time.perf_counter() - started) * 1000)
        answers += len(result)
        if public is not None:
            wanted = {public.get(i) for i in truth_ids[(chunk, pid)]} - {None}
            eligible += bool(wanted)
            if wanted and any(c.person_public_id in wanted for c in result):
                found_true += 1
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, fixed args
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    load = os.getloadavg()[0]
    print("| date | commit | db | persons | keys | queries | p50 ms | p95 ms | max ms | load |")
    print(
        f"| {datetime.now(UTC):%Y-%m-%d} | {commit} | {connection.vendor} "
        f"| {Person.objects.count():,} | {PersonKey.objects.count():,} | {len(times)} "
        f"| {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} | {load:.1f} |"
    )
    print(f"mean candidates per query: {answers / len(times):.1f}")
    if public is not None:
        print(
            "queries whose person is in the user's scope and among the candidates: "
            f"{found_true} of {eligible}"
        )
    assert Case.objects.count() > 1


if __name__ == "__main__":
    main()
