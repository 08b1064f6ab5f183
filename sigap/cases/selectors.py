"""Reads of cases. Every query starts from ``Case.objects.visible_to(user)`` (STYLE B2/B3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from sigap.cases.access import case_view_for
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import Case, Participant

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

    ``search`` matches the case number; for users with full access to a case it also matches
    a victim's name (the search runs inside the visible set, so it reveals nothing new).
    ``kecamatan`` is a Kemendagri code (``31.71.03``).
    """
    qs = (
        Case.objects.visible_to(user)
        .select_related(*LIST_RELATED)
        .prefetch_related("exploitations")
    )
    if search:
        term = search.strip()
        q = Q(number__icontains=term)
        from sigap.cases.access import CASE_TEAM_ROLES, membership_of

        membership = membership_of(user)
        if membership is not None and membership.role in CASE_TEAM_ROLES:
            q |= Q(
                pk__in=Participant.objects.filter(
                    role=ParticipantRole.VICTIM,
                    person__full_name__icontains=term,
                    case__handling_agency=membership.agency,
                ).values("case_id")
            )
        qs = qs.filter(q)
    if status:
        qs = qs.filter(status=status)
    if kecamatan:
        qs = qs.filter(report_area__parent_id=kecamatan)
    if exploitation_form:
        qs = qs.filter(exploitations__form=exploitation_form)  # unique per case: no duplicates
    if modus:
        qs = qs.filter(modus=modus)
    return qs.order_by("-reported_on", "-id")


def case_get(*, user, public_id) -> Case:
    """The visible case with ``public_id``, ancestors and agencies selected; else Http404.

    Out-of-scope and non-existent cases give the same 404 (healthchecks; never 403).
    """
    case = (
        Case.objects.visible_to(user)
        .select_related(*LIST_RELATED, "destination_area", "created_by")
        .prefetch_related(
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
    """One dated line of a case's timeline: ``when``, ``kind`` (e.g. "referral"), ``text``."""

    when: datetime
    kind: str
    text: str
    detail: str = ""


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
