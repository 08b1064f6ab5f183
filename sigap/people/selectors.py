"""Reads of the people app: the duplicate check at intake (issue 10 §1).

:func:`find_candidates` finds the persons already recorded who may be the one being entered:
indexed retrieval through the blocking keys (``people.PersonKey``) and the NIK hash, scoring by
``sigap.analytics.linkage.match``, at most 10 best first, then the one case rule
(``Case.objects.visible_to``) and the one identity rule (``cases.access.identity_visible``) on
what each candidate may show. A candidate whose identity the user may not see keeps its rank
and score but shows only a notice ("possible match in another agency's case; ask the
secretariat", or the visible case number when the case is visible but the identity is not),
never a name, date, area or reason.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Q, QuerySet

from sigap.analytics.linkage import match
from sigap.cases.access import REFERRAL_RECEIVER_ROLES, identity_visible, membership_of
from sigap.cases.choices import Sex
from sigap.cases.minimal import person_age
from sigap.cases.models import Case, Participant, Person
from sigap.core import crypto
from sigap.core.dates import user_today
from sigap.people import keys, reasons
from sigap.people.models import PersonKey, PersonMerge

#: Persons read from the key index and scored per query (best key overlap first).
POOL = 100
#: Visible participations looked at (and listed) per candidate, most recent first.
CASES_SHOWN = 3


@dataclass(frozen=True)
class MatchQuery:
    """The person being entered. ``nik``: 16 digits or ``""``; ``origin_area_code``: a
    Kemendagri code or ``""``; ``estimated_age`` in years when no date of birth is known."""

    full_name: str
    sex: str = ""
    date_of_birth: datetime.date | None = None
    estimated_age: int | None = None
    origin_area_code: str = ""
    nik: str = ""


@dataclass
class CandidateCase:
    """A visible case the candidate takes part in (number and role code)."""

    public_id: uuid.UUID
    number: str
    role: str


@dataclass
class Candidate:
    """One ranked candidate. ``identity_shown`` False: only ``rank``, ``score`` and
    ``notice`` are filled (no person id, no reasons)."""

    rank: int
    score: int
    identity_shown: bool
    notice: str = ""
    person_public_id: uuid.UUID | None = None
    full_name: str = ""
    sex: str = ""
    sex_label: str = ""
    date_of_birth: datetime.date | None = None
    age: int | None = None
    origin_area: str = ""
    reasons: list[str] = field(default_factory=list)
    reason_codes: list[dict] = field(default_factory=list)
    cases: list[CandidateCase] = field(default_factory=list)


def _record(person: Person) -> match.MatchRecord:
    return match.MatchRecord(
        key=person.pk,
        full_name=person.full_name or "",
        sex=person.sex,
        date_of_birth=person.date_of_birth,
        birth_year=keys.birth_year_of(person),
        origin_area_code=person.origin_area_id or "",
        nik_hash=person.nik_hash,
    )


def _pool(query: MatchQuery, *, today: datetime.date) -> list[int]:
    """Ids of persons sharing keys with the query (most shared keys first), plus the NIK."""
    lookups = keys.query_keys(
        full_name=query.full_name,
        date_of_birth=query.date_of_birth,
        estimated_age=query.estimated_age,
        area_code=query.origin_area_code,
        today=today,
    )
    ids: list[int] = []
    if query.nik:
        ids += list(
            Person.objects.filter(nik_hash=crypto.nik_hash(query.nik))
            .exclude(pk__in=PersonMerge.objects.filter(undone_at__isnull=True).values("merged"))
            .order_by("-pk")
            .values_list("pk", flat=True)[: match.MAX_CANDIDATES]
        )
    if lookups:
        ids += [
            row["person_id"]
            for row in PersonKey.objects.filter(key__in=lookups)
            .values("person_id")
            .annotate(n=Count("id"))
            .order_by("-n", "-person_id")[:POOL]
        ]
    return list(dict.fromkeys(ids))


def find_candidates(user, query: MatchQuery) -> list[Candidate]:
    """At most ``match.MAX_CANDIDATES`` ranked candidates for ``query`` as ``user`` may see
    them (see module docstring). ``[]`` for a user without a membership or an empty name and
    no NIK. Each identity shown is noted for the request's ``case.view`` audit row
    (``identity_visible``). Queries: the key index, the pool's persons, then the visible
    participations of at most 10 persons."""
    if membership_of(user) is None or not (query.full_name.strip() or query.nik):
        return []
    today = user_today(user)
    ids = _pool(query, today=today)
    if not ids:
        return []
    persons = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    q = match.MatchRecord(
        key=None,
        full_name=query.full_name,
        sex=query.sex,
        date_of_birth=query.date_of_birth,
        birth_year=(today.year - query.estimated_age)
        if query.estimated_age is not None and not query.date_of_birth
        else None,
        origin_area_code=query.origin_area_code,
        nik_hash=crypto.nik_hash(query.nik) if query.nik else "",
    )
    ranked = match.rank(q, [_record(persons[i]) for i in ids if i in persons])
    top = [r.key for r in ranked]
    participations: dict[int, list[Participant]] = {}
    visible = Participant.objects.filter(
        person_id__in=top, case__in=Case.objects.visible_to(user)
    ).select_related("case", "person", "person__origin_area")
    for p in visible.order_by("-case__reported_on", "-pk"):
        rows = participations.setdefault(p.person_id, [])
        if len(rows) < CASES_SHOWN:  # the most recent ones: bounded work per candidate
            rows.append(p)
    out = []
    for rank, scored in enumerate(ranked, start=1):
        seen = participations.get(scored.key, [])
        shown = [p for p in seen if identity_visible(user, p)]
        out.append(_candidate(rank, scored, persons[scored.key], seen, shown, today))
    return out


def _candidate(rank, scored, person, seen, shown, today) -> Candidate:
    if not shown:
        notice = reasons.notice_hidden(seen[0].case.number) if seen else None
        return Candidate(
            rank=rank,
            score=scored.score,
            identity_shown=False,
            notice=notice or reasons.notice_other_agency(),
        )
    area = shown[0].person.origin_area
    return Candidate(
        rank=rank,
        score=scored.score,
        identity_shown=True,
        person_public_id=person.public_id,
        full_name=person.full_name,
        sex=person.sex,
        sex_label=str(Sex(person.sex).label) if person.sex in Sex.values else "",
        date_of_birth=person.date_of_birth,
        age=person_age(person, today=today),
        origin_area=area.name if area else "",
        reasons=[reasons.reason_label(r) for r in scored.reasons],
        reason_codes=[{"code": r.code, "params": dict(r.params)} for r in scored.reasons],
        cases=[CandidateCase(p.case.public_id, p.case.number, p.role) for p in shown],
    )


def query_from_data(data) -> MatchQuery:
    """A :class:`MatchQuery` from a ``sigap.cases.services.PersonData``."""
    return MatchQuery(
        full_name=data.full_name or "",
        sex=data.sex or "",
        date_of_birth=data.date_of_birth,
        estimated_age=data.estimated_age,
        origin_area_code=data.origin_area.code if data.origin_area else "",
        nik=data.nik or "",
    )


def person_linkable_get(user, public_id) -> Person | None:
    """The person with ``public_id`` when ``user`` sees their identity in at least one visible
    case (so may record them again instead of a new person), else None. Malformed ids: None."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    rows = Participant.objects.filter(
        person__public_id=public_id, case__in=Case.objects.visible_to(user)
    ).select_related("case", "person")
    for p in rows:
        if identity_visible(user, p):
            return p.person
    return None


def person_summary(user, person: Person) -> Candidate | None:
    """What ``user`` may see of ``person`` for the merge page, in the shape of a duplicate-check
    candidate (rank 0, score 0, no reasons): name, sex, birth date or age, origin and the
    visible cases (at most ``CASES_SHOWN``) — or None when no visible participation lets the
    user see the identity (the one identity rule, ``identity_visible``)."""
    return person_summaries(user, [person]).get(person.pk)


def person_summaries(user, persons, *, breakglass: bool = True) -> dict[int, Candidate | None]:
    """:func:`person_summary` of each of ``persons`` (``{person id: Candidate or None}``) in
    one query for the participations (a list page's rows): per person its ``CASES_SHOWN``
    most recent visible participations, the identity shown where one of them allows it
    (``identity_visible``, the one identity rule, asked of every one).

    ``breakglass=False``: the user's break-glass grants count neither for the cases
    (``Case.objects.visible_to``) nor for the identities (the linkage review: emergency access
    opens one case page, not the register-wide review). Then a referral receiver's (police,
    Kejari, LPSK, service provider) participations are read from the open referrals to their
    agency (``Referral.objects.visible_to(...).open()``, the one referral rule) instead of every
    case they may see: without a grant the identity rule shows them a victim only through such
    a referral. This only narrows the candidates, never widens them: each is still asked of
    ``identity_visible``, with its referral, which answers without a query (so a page of
    police rows costs the same queries however many rows it has)."""
    today = user_today(user)
    by_id = {p.pk: p for p in persons}
    seen: dict[int, list] = {pk: [] for pk in by_id}
    referral_of: dict[int, object] = {}
    membership = membership_of(user)
    if not breakglass and membership is not None and membership.role in REFERRAL_RECEIVER_ROLES:
        Referral = apps.get_model("referrals", "Referral")  # noqa: N806 - referrals is rightward
        referrals = (
            Referral.objects.visible_to(user)
            .open()
            .filter(victim__person_id__in=list(by_id))
            .select_related("case", "victim__case", "victim__person__origin_area")
            .order_by("victim__person_id", "-case__reported_on", "-victim_id", "-pk")
        )
        rows = []
        for referral in referrals:
            if referral.victim_id not in referral_of:
                referral_of[referral.victim_id] = referral
                rows.append(referral.victim)
    else:
        rows = (
            Participant.objects.filter(
                person_id__in=list(by_id),
                case__in=Case.objects.visible_to(user, breakglass=breakglass),
            )
            .select_related("case", "person", "person__origin_area")
            .order_by("person_id", "-case__reported_on", "-pk")
        )
    for p in rows:
        if len(seen[p.person_id]) < CASES_SHOWN:
            seen[p.person_id].append(p)
    out: dict[int, Candidate | None] = {}
    for pk, person in by_id.items():
        shown = [
            p
            for p in seen[pk]
            if identity_visible(user, p, referral=referral_of.get(p.pk), breakglass=breakglass)
        ]
        if not shown:
            out[pk] = None
            continue
        scored = match.Scored(key=pk, score=0, reasons=())
        out[pk] = _candidate(0, scored, person, seen[pk], shown, today)
    return out


def person_merges(user) -> QuerySet:
    """Merges ``user`` may look at on the merge pages: those they made or undid, whatever their
    role. Newest first (``PersonMerge`` ordering); paged by the caller. Another user's merge
    opens only where ``user`` may name its surviving record (``person_linkable_get``, the one
    identity rule; ``views_merge._merge_get``): the secretariat does not read the reasons of
    merges of another agency's records, whose cases it cannot open."""
    if membership_of(user) is None:
        return PersonMerge.objects.none()
    qs = PersonMerge.objects.select_related("merged_by", "undone_by", "survivor", "merged")
    return qs.filter(Q(merged_by=user) | Q(undone_by=user))
