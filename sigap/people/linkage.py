"""Batch linkage of the person register inside SIGAP, and the analysts' review of its
suggestions (issue 10 §4).

A run (:class:`~sigap.people.models.LinkRun`, started by an analyst or by
``manage.py link_persons``) reads every person record the register may still process, decrypts
the fields the linkage compares in the worker's memory only, and hands them to the pure-Python
engine (:func:`sigap.analytics.linkage.engine.link_records`, Splink on DuckDB; the same engine
as the ``link_records`` command and the benchmarks). Each pair the engine links becomes a
:class:`~sigap.people.models.LinkSuggestion` holding only the two record ids and the match
weights that explain it. A suggestion never merges or joins anything by itself: an analyst
confirms ("same person") or rejects it, audited; a confirmed pair joins the two records in the
network view (:mod:`sigap.people.network`), and a user with the authority to merge
(:mod:`sigap.people.merge`, the one merge rule) may then merge them.

Left out of a run: records merged into another (the survivor stands for both), records whose
identity was erased, and records under a restriction of processing (UU 27/2022 PDP Pasal 11:
no profiling while restricted). Phones marked public/shared (``SharedIdentifier``) are dropped
before the engine sees them, and the engine itself ignores numbers used in many cases or by
unrelated victims (its ``public_identifiers_of``).

Scope: reviewers are police, secretariat and the case team (``ANALYST_ROLES``). A user sees
a suggestion when the identity of at least one of its two records is visible to them in a case
they may see (``person_summary``: the one case rule and the one identity rule); the other record
then shows only "possible match in another agency's case; ask the secretariat", or "identity
hidden for your role" when it is in a case of the user's own agency (``hidden_notices``).
Deciding needs both identities visible.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.audit.services import audit_record
from sigap.cases.access import CASE_TEAM_ROLES, REFERRAL_RECEIVER_ROLES, membership_of
from sigap.cases.models import Case, Participant, Person
from sigap.people.identifiers import normalise, value_hash
from sigap.people.models import (
    IdentifierKind,
    LinkRun,
    LinkRunStatus,
    LinkStatus,
    LinkSuggestion,
    PersonMerge,
    SharedIdentifier,
)
from sigap.people.network import NETWORK_ROLES
from sigap.people.reasons import notice_other_agency
from sigap.people.selectors import Candidate, person_summaries

logger = logging.getLogger(__name__)

#: Who reviews suggestions: the analysts of issue 10 §4-5 (police and secretariat) and the
#: case team (case managers and supervisors). The identity rule lets police see a victim only
#: while a referral to them is open, and the secretariat only its own agency's cases, so
#: without the case team most victims' duplicates would have nobody who may look at both
#: records; the case team is also who merges them (sigap.people.merge).
ANALYST_ROLES = (*NETWORK_ROLES, *CASE_TEAM_ROLES)
#: Match probability at which a pair becomes a suggestion. Lower than the 0.95 of the
#: ``link_records`` command: a suggestion is reviewed by a person, so a borderline pair is
#: worth a look rather than lost.
SUGGEST_THRESHOLD = 0.9
#: Rows read and written per database round trip.
CHUNK = 2000
#: The engine's per-comparison match weights (columns ``mw_<key>``) and their labels.
COMPARISONS = {
    "name": gettext_lazy("Name"),
    "dob": gettext_lazy("Date of birth"),
    "birth_year": gettext_lazy("Year of birth or age"),
    "sex": gettext_lazy("Sex"),
    "origin": gettext_lazy("Area of origin"),
    "nik": gettext_lazy("NIK"),
    "phone": gettext_lazy("Phone number"),
    "passport": gettext_lazy("Passport"),
    "birth_place": gettext_lazy("Place of birth"),
}


def can_review_links(user) -> bool:
    """Police investigators, the secretariat (issue 10 §4: "an analyst (secretariat or
    police role) confirms or rejects") and the case team (``ANALYST_ROLES``)."""
    membership = membership_of(user)
    return membership is not None and membership.role in ANALYST_ROLES


# --- runs -------------------------------------------------------------------------------


#: A run queued or running longer than this is taken as dead (a worker killed mid-run), so
#: it no longer blocks new runs. A 1M-person run takes minutes here (docs/benchmarks.md).
STALE_AFTER = timedelta(hours=6)


def runs_expire_stale() -> int:
    """Mark runs queued or running for longer than ``STALE_AFTER`` as failed (a fixed
    sentence); returns how many."""
    return LinkRun.objects.filter(
        status__in=[LinkRunStatus.QUEUED, LinkRunStatus.RUNNING],
        created_at__lt=timezone.now() - STALE_AFTER,
    ).update(
        status=LinkRunStatus.FAILED,
        error="The run stopped without finishing.",
        finished_at=timezone.now(),
    )


#: Key of the PostgreSQL transaction-level advisory lock that serialises run starts (any
#: fixed 64-bit number no other lock in SIGAP uses; "SIGAPLNK" in ASCII).
RUN_START_LOCK = 0x53494741504C4E4B


def _lock_run_start() -> None:
    """Serialise run starts until the end of the current transaction. On PostgreSQL an
    advisory transaction lock: the row lock of ``link_run_start`` has nothing to lock while no
    run is queued or running, so two starts at once would both see none. SQLite needs none:
    its transactions take the single write lock at BEGIN (``transaction_mode="IMMEDIATE"``)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_START_LOCK])


@transaction.atomic
def link_run_claim(*, actor) -> tuple[LinkRun, bool]:
    """``(run, True)``: a new queued run recorded as started by ``actor``, audited
    ``person.link_run`` (no names); ``(run, False)``: the run already queued or running, left
    as it is (runs older than ``STALE_AFTER`` no longer count: ``runs_expire_stale``). One run
    at a time also when two start at once: the check and the insert hold one lock
    (``_lock_run_start``). No permission check: ``link_run_start`` checks the page's users;
    ``manage.py link_persons`` runs as the operator on the server."""
    _lock_run_start()
    runs_expire_stale()
    active = (
        LinkRun.objects.select_for_update()
        .filter(status__in=[LinkRunStatus.QUEUED, LinkRunStatus.RUNNING])
        .first()
    )
    if active is not None:
        return active, False
    run = LinkRun.objects.create(started_by=actor)
    audit_record(actor=actor, action="person.link_run", target=run, changes={})
    return run, True


def link_run_start(*, actor) -> LinkRun:
    """Queue a run by ``actor`` (after commit; the task gets the run id only) and audit
    ``person.link_run``; while a run is queued or running, that run is returned instead of a
    second one (:func:`link_run_claim`). PermissionDenied unless a reviewer
    (``can_review_links``)."""
    if not can_review_links(actor):
        raise PermissionDenied
    from sigap.people.tasks import person_link_run

    with transaction.atomic():
        run, created = link_run_claim(actor=actor)
        if created:
            run_id = run.pk
            transaction.on_commit(lambda: person_link_run.enqueue(run_id=run_id))
    return run


def _public_phone_hashes() -> set[str]:
    return set(
        SharedIdentifier.objects.filter(kind=IdentifierKind.PHONE).values_list(
            "value_hash", flat=True
        )
    )


def _phone_or_blank(raw: str, public: set[str]) -> str:
    """``raw`` unless it is unusable or marked public/shared (then ``""``)."""
    if not raw:
        return ""
    try:
        if value_hash(IdentifierKind.PHONE, normalise(IdentifierKind.PHONE, raw)) in public:
            return ""
    except ValidationError:
        return ""
    return raw


def linkable_persons() -> QuerySet:
    """The person records a run reads (see the module docstring), by id."""
    merged_away = PersonMerge.objects.filter(undone_at__isnull=True).values("merged")
    return (
        Person.objects.filter(erased_at__isnull=True, identity_restricted=False)
        .exclude(pk__in=merged_away)
        .order_by("pk")
    )


def person_records() -> Iterator[dict]:
    """One engine record per linkable person (the ``link_records`` columns; ``record_id`` is
    the person's database id as str), in id order, read ``CHUNK`` rows at a time. The case
    and role are those of the person's first participation (the engine uses them for the
    syndicate networks and to spot numbers shared by unrelated victims; the case's report
    date turns an estimated age, "years at the time of report", into a birth year)."""
    public = _public_phone_hashes()
    last = 0
    fields = (
        "pk",
        "full_name",
        "nik",
        "sex",
        "date_of_birth",
        "estimated_age",
        "origin_area_id",
        "phone",
    )
    while True:
        rows = list(linkable_persons().filter(pk__gt=last).only(*fields)[:CHUNK])
        if not rows:
            return
        last = rows[-1].pk
        first: dict[int, tuple] = {}
        for person_id, case_id, role, reported in (
            Participant.objects.filter(person_id__in=[p.pk for p in rows])
            .order_by("person_id", "pk")
            .values_list("person_id", "case_id", "role", "case__reported_on")
        ):
            first.setdefault(person_id, (case_id, role, reported))
        for p in rows:
            case_id, role, reported = first.get(p.pk, (None, "", None))
            yield {
                "record_id": str(p.pk),
                "case_ref": str(case_id) if case_id else "",
                "report_date": reported.isoformat() if reported else "",
                "role": role,
                "full_name": p.full_name or "",
                "sex": p.sex or "",
                "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else "",
                "age": str(p.estimated_age) if p.estimated_age is not None else "",
                "origin_area_code": p.origin_area_id or "",
                "nik": p.nik or "",
                "phone": _phone_or_blank(p.phone or "", public),
            }


def _weights(row) -> dict:
    out = {}
    for key in COMPARISONS:
        value = row.get(f"mw_{key}")
        if value is not None and value == value:  # not NaN
            out[key] = round(float(value), 2)
    return out


def link_run_execute(*, run_id: int, progress: Callable[[int], None] | None = None) -> None:
    """Run ``run_id`` (the task body; idempotent: a run already done or failed is left
    alone). Progress in percent is saved as the steps pass; on success the open suggestions
    are replaced by this run's (decided pairs are kept and never suggested again); on any
    error the run is ``failed`` with a fixed sentence (nothing from the exception, which could
    quote a name). ``progress(percent)`` is also called, for the command's progress bar."""
    from sigap.analytics.linkage.engine import link_records

    run = LinkRun.objects.filter(pk=run_id).first()
    if run is None or run.status in (LinkRunStatus.DONE, LinkRunStatus.FAILED):
        return
    LinkRun.objects.filter(pk=run.pk).update(
        status=LinkRunStatus.RUNNING, started_at=timezone.now(), progress=0
    )

    def say(percent: int) -> None:
        LinkRun.objects.filter(pk=run.pk).update(progress=percent)
        if progress:
            progress(percent)

    try:
        records = list(person_records())
        say(20)
        spill = settings.VAR_DIR / "linkage-tmp"
        spill.mkdir(parents=True, exist_ok=True)
        result = link_records(
            records,
            memory_limit=settings.SIGAP_LINKAGE_MEMORY_LIMIT,
            temp_directory=str(spill),
            threshold=SUGGEST_THRESHOLD,
            progress=lambda _step, frac: say(20 + int(frac * 60)),
        )
        del records
        found = {}
        for row in result.pairs.to_dict("records"):
            a, b = sorted((int(row["unique_id_l"]), int(row["unique_id_r"])))
            found[(a, b)] = row
        suggested = _store(run, found)
    except Exception as exc:  # noqa: BLE001 - any failure ends the run with a fixed message
        logger.error("link run %s failed: %s", run.pk, type(exc).__name__)
        LinkRun.objects.filter(pk=run.pk).update(
            status=LinkRunStatus.FAILED,
            error="The linkage failed; see the worker's log.",
            finished_at=timezone.now(),
        )
        return
    LinkRun.objects.filter(pk=run.pk).update(
        status=LinkRunStatus.DONE,
        progress=100,
        persons=len(result.clusters),
        suggested=suggested,
        finished_at=timezone.now(),
    )
    if progress:
        progress(100)


@transaction.atomic
def _store(run: LinkRun, found: dict) -> int:
    """Write ``found`` (``{(a, b): engine row}``) as this run's suggestions; return how many
    are open after it. Decided pairs stay as decided; open pairs not found again are
    withdrawn."""
    existing = {
        (a, b): (status, pk)
        for a, b, status, pk in LinkSuggestion.objects.select_for_update().values_list(
            "person_a_id", "person_b_id", "status", "pk"
        )
    }
    stale = [
        pk
        for key, (status, pk) in existing.items()
        if status == LinkStatus.OPEN and key not in found
    ]
    for i in range(0, len(stale), CHUNK):
        LinkSuggestion.objects.filter(pk__in=stale[i : i + CHUNK]).delete()
    new, update = [], []
    for (a, b), row in found.items():
        fields = {
            "match_weight": round(float(row["match_weight"]), 3),
            "match_probability": round(float(row["match_probability"]), 5),
            "weights": _weights(row),
        }
        if (a, b) not in existing:
            new.append(LinkSuggestion(person_a_id=a, person_b_id=b, run=run, **fields))
        elif existing[(a, b)][0] == LinkStatus.OPEN:
            update.append(LinkSuggestion(pk=existing[(a, b)][1], run=run, **fields))
    LinkSuggestion.objects.bulk_create(new, batch_size=CHUNK)
    LinkSuggestion.objects.bulk_update(
        update, ["match_weight", "match_probability", "weights", "run"], batch_size=CHUNK
    )
    return len(new) + len(update)


# --- review -----------------------------------------------------------------------------


def suggestions_for(user, *, status: str = LinkStatus.OPEN) -> QuerySet:
    """Suggestions of ``status`` that ``user`` may see listed: analysts only, and only pairs
    with at least one record taking part in a case visible to them (``Case.visible_to``
    without break-glass grants: emergency access opens one case page, not this register-wide
    review; docs/access-model.md); the identity rule is applied per row by
    :func:`suggestion_sides`. Referral receivers (police): only pairs with a record of an open
    referral to their agency (``Referral.visible_to(...).open()``), the only records whose
    identity the rule shows them, instead of every case they may see; a pre-filter, the
    identity rule still decides what a row shows. Open pairs only while both records are
    still linkable (:func:`_not_linkable`). Ordered best first (``-match_weight``, ``-id``;
    index ``link_status_weight_idx``)."""
    membership = membership_of(user)
    if not can_review_links(user):
        return LinkSuggestion.objects.none()
    if membership.role in REFERRAL_RECEIVER_ROLES:
        Referral = apps.get_model("referrals", "Referral")  # noqa: N806 - rightward app
        persons = Referral.objects.visible_to(user).open().values("victim__person_id")
        listed = Q(person_a_id__in=persons) | Q(person_b_id__in=persons)
    else:
        visible = Case.objects.visible_to(user, breakglass=False)

        # One EXISTS per side, correlated on the participant's person index: walking the
        # list index best first, each row costs two index probes, instead of first collecting
        # every person of every visible case (millions at a million cases) for an IN list.
        def seen(side: str) -> Exists:
            return Exists(
                Participant.objects.filter(person_id=OuterRef(side), case__in=visible).values("pk")
            )

        listed = seen("person_a_id") | seen("person_b_id")
    qs = LinkSuggestion.objects.filter(listed, status=status)
    if status == LinkStatus.OPEN:
        qs = qs.exclude(_not_linkable("person_a") | _not_linkable("person_b"))
    return qs.order_by("-match_weight", "-id")


def _not_linkable(side: str) -> Q:
    """The ``side`` record of a suggestion is one a run leaves out (``linkable_persons``):
    merged into another, erased or restricted since the run. Its open pairs leave the review
    until the next run withdraws them (or come back when the merge is undone or the
    restriction lifted): a restricted record is not processed (UU 27/2022 PDP Pasal 11), and
    a merged-away record has no cases left, so it would read as "another agency's"."""
    merged_away = PersonMerge.objects.filter(undone_at__isnull=True).values("merged")
    return (
        Q(**{f"{side}__identity_restricted": True})
        | Q(**{f"{side}__erased_at__isnull": False})
        | Q(**{f"{side}__in": merged_away})
    )


@dataclass
class SuggestionView:
    """One suggestion as ``user`` may see it: ``a``/``b`` are the two records
    (:class:`~sigap.people.selectors.Candidate` summaries) or None where the identity is not
    visible; ``weights`` a list of ``(label, weight)`` best evidence first, empty unless both
    sides are shown (as in the duplicate check, a hidden record gives no reasons: which
    comparisons agree would tell its birth date, NIK or area from the visible record);
    ``decidable`` when both sides are shown, the user is an analyst and the pair is still
    open; ``undoable`` on the same terms for a decided pair whose records are not erased
    (:func:`link_undo`); ``a_notice``/``b_notice`` what a hidden side shows instead
    (:func:`hidden_notices`), ``""`` for a side shown."""

    suggestion: LinkSuggestion
    a: Candidate | None
    b: Candidate | None
    weights: list[tuple[str, float]]
    decidable: bool
    undoable: bool = False
    a_notice: str = ""
    b_notice: str = ""


def hidden_notices(user, person_ids) -> dict[int, str]:
    """What each of ``person_ids`` (records whose identity ``user`` may not see) shows in the
    review instead of an identity: "Identity hidden for your role." when the record takes part
    in a case the user may see (``Case.visible_to``, without break-glass grants) that the
    user's own agency handles or reported (a child hidden from the secretariat, a victim of
    the agency's report handled elsewhere): "another agency's case" would be untrue there;
    else "Possible match in another agency's case; ask the secretariat." Neither names a case
    or gives a reason. One query, none for an empty ``person_ids``."""
    ids = list(person_ids)
    membership = membership_of(user)
    own: set[int] = set()
    if ids and membership is not None:
        agency = membership.agency_id
        own = set(
            Participant.objects.filter(
                person_id__in=ids, case__in=Case.objects.visible_to(user, breakglass=False)
            )
            .filter(Q(case__handling_agency_id=agency) | Q(case__reporting_agency_id=agency))
            .values_list("person_id", flat=True)
        )
    return {
        pk: _("Identity hidden for your role.") if pk in own else notice_other_agency()
        for pk in ids
    }


def suggestion_sides(
    user, suggestion: LinkSuggestion, summaries=None, notices=None
) -> SuggestionView:
    """The view of ``suggestion`` for ``user`` (see :class:`SuggestionView`). ``summaries``
    and ``notices``: ``person_summaries`` and :func:`hidden_notices` of the page's persons
    when a list computes them at once; else at most two queries here."""
    if summaries is None:
        summaries = person_summaries(
            user, [suggestion.person_a, suggestion.person_b], breakglass=False
        )
    a = summaries.get(suggestion.person_a_id)
    b = summaries.get(suggestion.person_b_id)
    if notices is None:
        notices = hidden_notices(user, [pk for pk, v in summaries.items() if v is None])
    weights = []
    if a is not None and b is not None:
        weights = sorted(
            ((str(COMPARISONS.get(k, k)), w) for k, w in (suggestion.weights or {}).items()),
            key=lambda kw: -kw[1],
        )
    both = a is not None and b is not None and can_review_links(user)
    decidable = both and suggestion.status == LinkStatus.OPEN
    undoable = (
        both
        and suggestion.status != LinkStatus.OPEN
        and suggestion.person_a.erased_at is None
        and suggestion.person_b.erased_at is None
    )
    return SuggestionView(
        suggestion,
        a,
        b,
        weights,
        decidable,
        undoable=undoable,
        a_notice="" if a is not None else notices.get(suggestion.person_a_id, ""),
        b_notice="" if b is not None else notices.get(suggestion.person_b_id, ""),
    )


def suggestion_page_sides(user, suggestions) -> list[SuggestionView]:
    """:func:`suggestion_sides` of each of ``suggestions`` (one page), the persons summarised
    in one query."""
    persons = {}
    for s in suggestions:
        persons[s.person_a_id] = s.person_a
        persons[s.person_b_id] = s.person_b
    summaries = person_summaries(user, list(persons.values()), breakglass=False)
    notices = hidden_notices(user, [pk for pk, v in summaries.items() if v is None])
    return [suggestion_sides(user, s, summaries, notices) for s in suggestions]


def suggestion_get(user, public_id) -> LinkSuggestion | None:
    """The suggestion with ``public_id`` if ``user`` may see it listed (any status) and sees
    at least one of its two identities, else None (the caller answers 404): a row whose
    identities are both hidden is only counted in the list, so its page tells nothing
    either (status, decider, probability)."""
    qs = LinkSuggestion.objects.select_related("person_a", "person_b", "decided_by")
    for status in LinkStatus.values:
        found = suggestions_for(user, status=status).filter(public_id=public_id)
        if found.exists():
            suggestion = qs.get(public_id=public_id)
            view = suggestion_sides(user, suggestion)
            return suggestion if view.a is not None or view.b is not None else None
    return None


@transaction.atomic
def link_decide(*, actor, suggestion: LinkSuggestion, confirm: bool) -> LinkSuggestion:
    """Confirm (``confirm`` True: the two records are one person) or reject an open
    suggestion. PermissionDenied unless ``actor`` is an analyst who sees both identities
    (:func:`suggestion_sides`) of a pair still under review (:func:`suggestions_for`);
    ValidationError (Indonesian) when already decided. Audit
    ``person.link_confirm`` / ``person.link_reject`` on both records (ids and the weight only;
    no names). Confirming merges nothing: the merge is its own step (``person_merge``)."""
    suggestion = LinkSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != LinkStatus.OPEN:
        raise ValidationError({"status": [_("This suggestion has already been decided.")]})
    if not suggestions_for(actor).filter(pk=suggestion.pk).exists():
        raise PermissionDenied  # out of the review: a record merged, erased or restricted
    view = suggestion_sides(actor, suggestion)
    if not view.decidable:
        raise PermissionDenied
    suggestion.status = LinkStatus.CONFIRMED if confirm else LinkStatus.REJECTED
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    action = "person.link_confirm" if confirm else "person.link_reject"
    _audit_pair(actor=actor, action=action, suggestion=suggestion)
    return suggestion


def _audit_pair(*, actor, action: str, suggestion: LinkSuggestion, **extra) -> None:
    """One ``action`` audit row on each record of ``suggestion``: the suggestion's and the
    other record's ids, the weight and ``extra`` (ids and codes only, never names)."""
    for target, other in (
        (suggestion.person_a, suggestion.person_b),
        (suggestion.person_b, suggestion.person_a),
    ):
        audit_record(
            actor=actor,
            action=action,
            target=target,
            changes={
                "suggestion": str(suggestion.public_id),
                "other_person": str(other.public_id),
                **extra,
                "match_weight": suggestion.match_weight,
            },
        )


@transaction.atomic
def link_undo(*, actor, suggestion: LinkSuggestion) -> LinkSuggestion:
    """Undo the decision (confirmed or rejected) on ``suggestion``: the pair is open again,
    under review like any other (the next run refreshes it, or withdraws it if it no longer
    finds it), and a confirmed pair no longer joins the records in the network view. The same
    authority as deciding (:func:`link_decide`), asked again now: an analyst who sees the pair
    listed and both its identities (``identity_visible``, without break-glass grants), both
    records still linkable (not merged away, erased or restricted: UU 27/2022 PDP Pasal 11,
    no processing while restricted). PermissionDenied otherwise; ValidationError
    (Indonesian) for an open pair (nothing to undo). Audit ``person.link_undo`` on both
    records (the suggestion's and the other record's ids, the decision undone and the weight;
    no names)."""
    suggestion = (
        LinkSuggestion.objects.select_for_update()
        .select_related("person_a", "person_b")
        .get(pk=suggestion.pk)
    )
    if suggestion.status == LinkStatus.OPEN:
        raise ValidationError({"status": [_("This suggestion has not been decided yet.")]})
    listed = (
        suggestions_for(actor, status=suggestion.status)
        .filter(pk=suggestion.pk)
        .exclude(_not_linkable("person_a") | _not_linkable("person_b"))
    )
    if not listed.exists() or not suggestion_sides(actor, suggestion).undoable:
        raise PermissionDenied
    undone = suggestion.status
    suggestion.status = LinkStatus.OPEN
    suggestion.decided_by = None
    suggestion.decided_at = None
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _audit_pair(actor=actor, action="person.link_undo", suggestion=suggestion, undone=undone)
    return suggestion


def confirmed_partners(person_ids) -> dict[int, set[int]]:
    """``{person id: ids of records confirmed as the same person}`` for ``person_ids``
    (both directions; used by the network view to join confirmed records). A confirmed pair
    joins nothing while one of its records is one a run leaves out (:func:`_not_linkable`):
    under a restriction of processing (UU 27/2022 PDP Pasal 11: no profiling while
    restricted), erased, or merged into another (the survivor stands for both); it joins again
    when the restriction is lifted or the merge undone."""
    out: dict[int, set[int]] = {}
    ids = list(person_ids)
    rows = (
        LinkSuggestion.objects.filter(
            Q(person_a_id__in=ids) | Q(person_b_id__in=ids), status=LinkStatus.CONFIRMED
        )
        .exclude(_not_linkable("person_a") | _not_linkable("person_b"))
        .values_list("person_a_id", "person_b_id")
    )
    for a, b in rows:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out
