"""``manage.py seed_demo``: synthetic cases through the services, repeatable, nothing personal
printed, never acting as a real user."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.audit.services import audit_verify_chain
from sigap.cases.demo import DEMO_USERS, demo_users_create
from sigap.cases.models import Case, Participant, Person
from sigap.referrals.models import Referral

pytestmark = pytest.mark.django_db

DEMO_NAMES = {row[0] for row in DEMO_USERS}


@pytest.fixture
def demo_users(reference, tmp_path):
    demo_users_create(logins_file=tmp_path / "demo-logins.txt")


def _seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def _snapshot():
    rows = []
    for case in Case.objects.order_by("number").prefetch_related("exploitations"):
        people = [
            (
                p.role,
                p.person.full_name,
                p.person.sex,
                p.person.date_of_birth,
                p.person.estimated_age,
                p.person.origin_area_id,
            )
            for p in case.participants.select_related("person").order_by("id")
        ]
        rows.append(
            (
                case.number,
                case.modus,
                case.intake_channel,
                case.report_area_id,
                str(case.destination_country),
                case.destination_area_id,
                sorted(e.form for e in case.exploitations.all()),
                case.reported_on,
                case.status,
                people,
            )
        )
    return rows


def test_seeds_n_cases_through_the_services(demo_users):
    out = _seed(cases=5, seed=11)
    assert Case.objects.count() == 5
    year_prefixes = {c.number.rsplit("-", 1)[0] for c in Case.objects.all()}
    assert all(p.startswith("TPPO-3171-") for p in year_prefixes)
    # Every case was reported through case_report (audited) by a demo or seed user.
    for case in Case.objects.select_related("created_by", "report_area"):
        assert AuditEvent.objects.filter(action="case.report", target_public_id=case.public_id)
        assert case.created_by.username in DEMO_NAMES or case.created_by.username.startswith(
            "seed."
        )
        assert case.report_area.level == "kelurahan"
        assert case.report_area_id.startswith("31.71.")
        assert case.participants.filter(role="victim").exists()
    assert audit_verify_chain().ok
    assert "Seeded 5 synthetic cases" in out
    # The fixed part (templates through the services) is named, for bench_seed's extrapolation.
    assert re.search(r"\(5 templates through the services in \d+\.\d s\)", out)


def test_output_holds_no_personal_data(demo_users):
    out = _seed(cases=5, seed=12)
    names = list(Person.objects.values_list("full_name", flat=True))
    assert names
    for name in names:
        assert name not in out
    assert not AuditEvent.objects.filter(changes__icontains=names[0]).exists()


def test_people_are_synthetic_without_identifiers(demo_users):
    _seed(cases=5, seed=13)
    people = list(Person.objects.all())  # identity fields are encrypted: check in Python
    assert people
    assert all((p.nik, p.phone, p.address) == ("", "", "") for p in people)
    assert all(p.full_name.strip() for p in people)
    victims = Participant.objects.filter(role="victim").select_related("person__origin_area")
    assert all(v.person.origin_area.level in ("desa", "kelurahan") for v in victims)


def test_realistic_mix_over_the_last_18_months(demo_users):
    _seed(cases=25, seed=5)
    today = timezone.localdate()
    cases = list(Case.objects.all())
    assert all(today - timedelta(days=560) <= c.reported_on < today for c in cases)
    assert len({c.reported_on.month for c in cases}) > 3  # spread, not all on one day
    assert len({c.modus for c in cases}) >= 3
    assert {c.status for c in cases} >= {"open", "closed"}
    assert Referral.objects.filter(status="completed").exists()
    # Casework and justice too, so those pages show something in a demo (issue 13 §11).
    from sigap.casework.models import Assessment, CasePlan

    assert Assessment.objects.exists()
    assert {p.status for p in CasePlan.objects.all()} >= {"approved", "submitted"}
    # Every referral records a basis for sharing; a child's is never the victim's own consent.
    assert not Referral.objects.filter(sharing_basis="").exists()
    assert not Referral.objects.filter(
        victim__is_child=True, sharing_basis="victim_consent"
    ).exists()
    # Workflow times follow the report and stay in the past.
    for case in Case.objects.exclude(opened_at=None):
        assert timezone.localdate(case.opened_at) >= case.reported_on
        assert case.opened_at < timezone.now()
    for referral in Referral.objects.select_related("case"):
        assert timezone.localdate(referral.sent_at) >= referral.case.reported_on
        assert referral.due_on > timezone.localdate(referral.sent_at)
    # Victims mostly come from outside Jakarta (here: the slice's Central Java village).
    origins = list(
        Participant.objects.filter(role="victim").values_list("person__origin_area_id", flat=True)
    )
    outside = [code for code in origins if not code.startswith("31.")]
    assert len(outside) > len(origins) / 2
    assert audit_verify_chain().ok


def test_same_seed_gives_the_same_cases(demo_users):
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            _seed(cases=6, seed=99)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert Case.objects.count() == 0
    assert snapshots[0] == snapshots[1]
    assert len(snapshots[0]) == 6
    with transaction.atomic():
        _seed(cases=6, seed=100)
        other = _snapshot()
        transaction.set_rollback(True)
    assert other != snapshots[0]


def test_without_demo_users_it_creates_seed_users_and_never_acts_as_a_real_user(
    reference, caseworker_a, supervisor_a, police_officer, reporter_kemayoran
):
    _seed(cases=8, seed=21)
    real = {u.pk for u in (caseworker_a, supervisor_a, police_officer, reporter_kemayoran)}
    assert not Case.objects.filter(created_by__in=real).exists()
    assert not Referral.objects.filter(sent_by__in=real).exists()
    assert not Referral.objects.filter(responded_by__in=real).exists()
    assert not AuditEvent.objects.filter(actor__in=real).exists()
    assert Case.objects.filter(created_by__username__startswith="seed.").count() == 8


def test_refuses_a_database_with_real_cases_unless_forced(reported_case, demo_users):
    with pytest.raises(CommandError):
        _seed(cases=2, seed=1)
    assert Case.objects.count() == 1
    _seed(cases=2, seed=1, force=True)
    assert Case.objects.count() == 3


@pytest.mark.parametrize("count", [0, -1])
def test_refuses_an_unreasonable_count(demo_users, count):
    with pytest.raises(CommandError):
        _seed(cases=count)
    assert Case.objects.count() == 0


def test_needs_the_reference_data(db):
    with pytest.raises(CommandError):
        _seed(cases=1, seed=1)


def test_seed_users_cannot_log_in(reference):
    from sigap.accounts.models import User

    _seed(cases=3, seed=4)
    seed_users = User.objects.filter(username__startswith="seed.")
    assert seed_users.exists()
    assert not any(u.has_usable_password() for u in seed_users)


def test_names_carry_no_titles_and_match_the_sex(demo_users):
    """Issue 13 §11: no "drg. …, S.Sos" and no male name on a woman."""
    from faker.providers.person.id_ID import Provider

    _seed(cases=25, seed=7)
    female_first = set(Provider.first_names_female)
    male_first = set(Provider.first_names_male)
    people = list(Person.objects.all())
    assert len(people) > 25
    for person in people:
        assert "." not in person.full_name and "," not in person.full_name
        first = person.full_name.split(" ", 1)[0]
        names = female_first if person.sex == "F" else male_first
        assert first in names


def test_writes_progress_to_stderr_and_no_per_run_cap(demo_users, capsys):
    call_command("seed_demo", cases=3, seed=3, stdout=StringIO())
    err = capsys.readouterr().err
    assert "3/3 cases" in err


def test_logins_file_names_demo_users_added_by_a_later_release(reference, tmp_path):
    """An installation made before the prosecutor and LPSK logins existed gets them, with the
    same password, and the printed file lists them."""
    from sigap.accounts.models import User

    logins = tmp_path / "demo-logins.txt"
    demo_users_create(logins_file=logins)
    password = logins.read_text(encoding="utf-8")
    User.objects.filter(username__in=["jaksa", "lpsk"]).delete()
    old = "\n".join(
        line for line in password.splitlines() if not line.startswith(("jaksa ", "lpsk "))
    )
    logins.write_text(old, encoding="utf-8")
    demo_users_create(logins_file=logins)
    text = logins.read_text(encoding="utf-8")
    assert re.search(r"^jaksa\s", text, re.M) and re.search(r"^lpsk\s", text, re.M)
    assert User.objects.get(username="jaksa").membership.role == "prosecutor"


def test_respelling_changes_one_thing_in_the_last_name():
    import random

    from sigap.cases.management.commands.seed_demo import _respelled

    rng = random.Random(1)
    for name in ["Siti Nurhaliza", "Joko Sujarwo", "Putu Wirawan", "Ani Sri"]:
        out = _respelled(name, rng)
        assert out != name
        assert out.split()[0] == name.split()[0]
        assert abs(len(out) - len(name)) <= 1


def test_returning_victims_are_found_by_the_batch_linkage(demo_users):
    """Some seeded victims come back in a later case under a respelling (RETURNING_SHARE);
    the in-app linkage (sigap.people.linkage) suggests those pairs."""
    from sigap.people.linkage import link_run_execute
    from sigap.people.models import LinkRun, LinkSuggestion

    _seed(cases=80, seed=11)
    victims = list(Person.objects.filter(participations__role="victim").distinct())
    key = {}
    returning = set()
    for p in victims:
        k = (p.date_of_birth, p.estimated_age, p.origin_area_id, p.full_name.split()[0], p.sex)
        if k in key:
            returning.add(tuple(sorted((key[k], p.pk))))
        key.setdefault(k, p.pk)
    assert returning, "the seed made no returning victim"
    from sigap.accounts.models import User

    run = LinkRun.objects.create(started_by=User.objects.get(username="penyidik"))
    link_run_execute(run_id=run.pk)
    found = set(LinkSuggestion.objects.values_list("person_a_id", "person_b_id"))
    assert returning <= found
