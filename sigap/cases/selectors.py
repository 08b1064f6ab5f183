"""Reads of cases. Every query starts from ``Case.objects.visible_to(user)`` (STYLE B2/B3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from sigap.cases.access import (
    CASE_TEAM_ROLES,
    case_view_for,
    identity_searchable_q,
    identity_visible,
    in_full_view,
    membership_of,
)
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import Case, CaseNameToken, Participant, Person
from sigap.cases.search import IdIn, identity_search_q, name_word_hashes
from sigap.core import crypto
from sigap.core.pagination import COUNT_CAP

# The case list order; ``case_reported_idx`` and the per-scope-branch indexes serve it, and
# keyset pages seek on it (sigap.core.pagination.keyset_page).
CASE_LIST_ORDER = ["-reported_on", "-id"]
LIST_RELATED = ("report_area", "report_area__parent", "handling_agency", "reporting_agency")


def case_list(
    *,
    user,
    search: str = "",
    status: str = "",
    kecamatan: str = "",
    exploitation_form: str = "",
    modus: str = "",
) -> QuerySet[Case]:
    """Visible cases, newest first, filtered; a bounded number of queries whatever the size.

    ``search`` matches the case number. For the handling agency's case team it also finds
    their cases by a victim's exact NIK (16 digits) or by whole words of a victim's name
    (every word given must occur; case and accents ignored). Names and NIKs are encrypted at
    rest, so both go through keyed hashes (``Person.nik_hash``, ``Person.name_index``;
    docs/data-protection.md); substrings of names cannot be searched. The search runs inside
    the visible set, so it reveals nothing new. ``kecamatan`` is a Kemendagri code
    (``31.71.03``). ``exploitation_form`` and ``modus`` filter a case's content: they answer
    only over the cases ``user`` sees in full (``cases.access.in_full_view``), for every
    caller (the list page, the API, the export).
    """
    qs = (
        Case.objects.visible_to(user)
        .select_related(*LIST_RELATED)
        .prefetch_related(Prefetch("exploitations", to_attr="listed_exploitations"))
    )
    if search:
        q, truncated = _search_q(search.strip(), user)
        qs = qs.filter(q)
        if truncated:
            # More name matches than the first COUNT_CAP + 1 read: counts under the other
            # filters are lower bounds, and the list says "more than" (issue 8 §4).
            qs = qs.mark_truncated()
    if status:
        qs = qs.filter(status=status)
    if kecamatan:
        qs = qs.filter(report_area__parent_id=kecamatan)
    if exploitation_form:
        qs = qs.filter(exploitations__form=exploitation_form)  # unique per case: no duplicates
    if modus:
        qs = qs.filter(modus=modus)
    if exploitation_form or modus:
        # A filter on a case's content answers only over cases whose content the user sees
        # (``in_full_view``, the one view rule): else a reporter (status only) or a receiving
        # agency reads a case's modus or form back from a count, an API ``count`` or the
        # rows of an export.
        qs = in_full_view(user, qs)
    return qs.order_by(*CASE_LIST_ORDER)


def _search_q(term: str, user) -> tuple[Q, bool]:
    """The search filter of the case list, shaped so that each part is an index lookup, and
    whether it holds only the first ``COUNT_CAP + 1`` name matches (then more exist).

    A term with a digit (or starting ``TPPO``) is matched against the case number (a scan of
    the visible cases only, capped by the paginator); a NIK or name words go through the keyed
    hashes (``sigap.cases.search``: the GIN index on PostgreSQL), only for the case team and
    only within the cases their agency handles. A term of plain words is never compared with
    case numbers (no ``LIKE`` over every case for a name search).
    """
    by_number = any(ch.isdigit() for ch in term) or term.upper().startswith("TPPO")
    q = Q(number__icontains=term) if by_number else Q(pk__in=[])
    identity_q = identity_search_q(term)
    membership = membership_of(user)
    truncated = False
    if identity_q is not None and membership and membership.role in CASE_TEAM_ROLES:
        words = name_word_hashes(term)
        if words:
            matches = _name_matches(membership.agency_id, words)
            truncated = len(matches) > COUNT_CAP
            by_identity = Q(IdIn("pk", matches))
        else:
            by_identity = Q(
                pk__in=Participant.objects.filter(
                    identity_q,
                    identity_searchable_q(),
                    role=ParticipantRole.VICTIM,
                    case__handling_agency=membership.agency,
                ).values("case_id")
            )
        if not by_number:
            # Only cases the agency handles can match: say so, so that the page walks the
            # agency's own index (``case_handling_reported_idx``), not every visible case.
            return Q(handling_agency=membership.agency) & by_identity, truncated
        q |= by_identity
    return q, truncated


def _name_matches(agency_id: int, words: list[str]) -> list[int]:
    """Ids of the cases that agency ``agency_id`` handles with a victim bearing every name word
    of ``words`` (keyed hashes), newest first, at most ``COUNT_CAP + 1``: one index-only range
    read of the name-search table (``CaseNameToken``, kept by triggers from the victims'
    name indexes, restricted persons left out as by ``identity_searchable_q``), the other
    words as filters on it. The page and its capped count then read only these cases, so a
    common word costs what its first ``COUNT_CAP`` matches cost, whatever the table size;
    the list says "more than" and asks to narrow the search beyond that."""
    first, *others = words
    qs = CaseNameToken.objects.filter(agency_id=agency_id, token=first)
    for word in others:
        qs = qs.filter(
            case_id__in=CaseNameToken.objects.filter(agency_id=agency_id, token=word).values(
                "case_id"
            )
        )
    return list(
        qs.order_by("-reported_on", "-case_id").values_list("case_id", flat=True)[: COUNT_CAP + 1]
    )


def person_find_by_nik(*, user, nik: str) -> QuerySet[Person]:
    """People with this exact NIK whose identity ``user`` may see, through visible cases.

    Matches on the keyed hash (``Person.nik_hash``), never on the encrypted NIK. A person
    counts only where :func:`sigap.cases.access.identity_visible` allows it, so a service
    provider cannot confirm a child's NIK and an outsider gets nothing. Blank or malformed
    input gives an empty QuerySet.
    """
    digits = (nik or "").strip().replace(" ", "")
    if len(digits) != 16 or not digits.isdigit():
        return Person.objects.none()
    candidates = Participant.objects.filter(
        person__nik_hash=crypto.nik_hash(digits),
        case__in=Case.objects.visible_to(user),
    ).select_related("case", "person")
    ids = {p.person_id for p in candidates if identity_visible(user, p)}
    return Person.objects.filter(pk__in=ids).select_related("origin_area")


def case_get(*, user, public_id) -> Case:
    """The visible case with ``public_id``, ancestors and agencies selected; else Http404.

    The reporting user and the case manager come without their password hash.

    Out-of-scope and non-existent cases give the same 404 (healthchecks; never 403).
    """
    from django.contrib.auth import get_user_model

    # The page names these users; their password hashes have no business in it (issue 8).
    # They come by their own primary-key query: joined too, the query had eight relations,
    # and PostgreSQL's planner spent ~8 ms planning it (0.3 ms to run it) at any table size;
    # with six, ~1.5-3 ms (measured 2026-12-06).
    users = get_user_model().objects.defer("password")
    case = (
        Case.objects.visible_to(user)
        .select_related(*LIST_RELATED, "destination_area")
        .prefetch_related(
            Prefetch("created_by", queryset=users),
            Prefetch("case_manager", queryset=users),
            "exploitations",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related(
                    "person",
                    "person__origin_area",
                    "person__origin_area__parent",
                    "person__origin_area__parent__parent",
                    "person__origin_area__parent__parent__parent",
                ).prefetch_related("identifications"),
            ),
            "journey__area",
        )
        .filter(public_id=public_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line of a case's timeline: ``when``, ``kind`` (e.g. "referral"), ``text``;
    ``key`` (the source row's id) orders entries of one kind at the same instant."""

    when: datetime
    kind: str
    text: str
    detail: str = ""
    key: int = 0


def case_timeline(*, user, case: Case) -> list[TimelineEntry]:
    """Dated events of ``case`` the user may see, oldest first (report, opening,
    identification, referrals, notes, closure). Notes and identities only with full access.
    """
    from django.utils.translation import gettext as _

    view = case_view_for(user, case)
    entries = [TimelineEntry(case.created_at, "report", _("Case reported"))]
    if case.opened_at:
        entries.append(
            TimelineEntry(
                case.opened_at,
                "open",
                _("Case taken on by %(agency)s") % {"agency": case.handling_agency},
            )
        )
    if view.full:
        for participant in case.participants.all():
            for ident in participant.identifications.all():
                entries.append(
                    TimelineEntry(
                        ident.created_at,
                        "identification",
                        _("Identification recorded: %(result)s")
                        % {"result": ident.get_result_display()},
                    )
                )
        for note in case.notes.select_related("author").all():
            entries.append(TimelineEntry(note.created_at, "note", _("Note added"), note.body))
    referrals = case.referrals.select_related("to_agency", "service")
    if not view.full:
        from sigap.cases.access import membership_of

        membership = membership_of(user)
        referrals = referrals.filter(to_agency=membership.agency) if membership else []
    for ref in referrals:
        entries.append(
            TimelineEntry(
                ref.sent_at,
                "referral",
                _("Referral to %(agency)s for %(service)s: %(status)s")
                % {
                    "agency": ref.to_agency,
                    "service": ref.service,
                    "status": ref.get_status_display(),
                },
            )
        )
        if ref.completed_at:
            entries.append(
                TimelineEntry(
                    ref.completed_at,
                    "referral",
                    _("Service completed by %(agency)s") % {"agency": ref.to_agency},
                )
            )
    if case.closed_at:
        entries.append(
            TimelineEntry(
                case.closed_at,
                "close",
                _("Case closed: %(reason)s") % {"reason": case.get_closure_reason_display()},
            )
        )
    return sorted(entries, key=lambda e: e.when)


def case_referrals(*, user, case: Case) -> QuerySet:
    """Referrals of ``case`` the user may see on the case page, newest first.

    Starts from ``Referral.objects.visible_to(user)``. Reporters (status only) see none;
    service providers and police only those addressed to their agency.
    """
    from django.apps import apps

    from sigap.cases.access import membership_of

    Referral = apps.get_model("referrals", "Referral")  # noqa: N806 - lazy: no import rightward
    view = case_view_for(user, case)
    if view.status_only and not view.full:
        return Referral.objects.none()
    qs = Referral.objects.visible_to(user).filter(case=case)
    if not view.full:
        membership = membership_of(user)
        qs = qs.filter(to_agency=membership.agency) if membership else qs.none()
    return qs.select_related(
        "victim", "victim__person", "from_agency", "to_agency", "service"
    ).order_by("-sent_at", "-id")
