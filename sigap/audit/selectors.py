"""Reads of the audit log: the auditor's event list and "who accessed this record" for a case.

Who may read what:

- the auditor / data-protection officer (role ``auditor`` with ``audit.view_auditevent``):
  every event, and the access log of any case, but never case content;
- the case managers and supervisors of the case's *handling* agency: the access log of that
  case (on the case page);
- everybody else (including superusers without the auditor role): nothing.

Departure from "audit depends only on core" (STYLE B1): these reads need the caller's
membership and the case's referrals and people, so they import ``cases``/``agencies`` inside
the functions (as ``Case.objects.visible_to`` does) and reach other models through
``apps.get_model``; nothing at import time points rightward.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from sigap.audit.history import READ_SUFFIXES
from sigap.audit.models import AuditEvent

ACCESS_LOG_PAGE_SIZE = 50
EVENT_LIST_PAGE_SIZE = 50


def _membership(user):
    from sigap.cases.access import membership_of

    return membership_of(user)


def audit_is_auditor(user) -> bool:
    """True for an active user with the auditor (data-protection officer) role."""
    from sigap.agencies.choices import Role

    membership = _membership(user)
    return (
        membership is not None
        and membership.role == Role.AUDITOR
        and user.has_perm("audit.view_auditevent")
    )


def access_log_visible(*, user, case) -> bool:
    """Whether ``user`` may read who accessed ``case``: the handling agency's case managers
    and supervisors, and auditors. Not the reporting agency, service providers, police, a
    break-glass holder, leadership or platform admins.
    """
    from sigap.cases.access import CASE_TEAM_ROLES

    if audit_is_auditor(user):
        return True
    membership = _membership(user)
    return (
        membership is not None
        and membership.role in CASE_TEAM_ROLES
        and case.handling_agency_id is not None
        and case.handling_agency_id == membership.agency_id
    )


def _with_actor(qs: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Actor joined (without the password hash) and the actor's agency name annotated: one
    query for any page size."""
    Agency = apps.get_model("agencies", "Agency")  # noqa: N806 - lazy: no import rightward
    agency_name = Agency.objects.filter(public_id=OuterRef("actor_agency_public_id")).values(
        "name"
    )[:1]
    return (
        qs.select_related("actor")
        .defer("actor__password")
        .annotate(actor_agency_name=Subquery(agency_name))
    )


def target_access_log(*, user, case) -> QuerySet[AuditEvent]:
    """Audit events whose target is ``case``, one of its referrals, participants or people
    (views, changes, exports, break-glass), newest first, with the actor and their agency.

    Empty for a user who may not read the log (:func:`access_log_visible`). Paginate it with
    ``ACCESS_LOG_PAGE_SIZE`` (50). The targets' ids are read first (:func:`_case_targets`: one
    query each for participants and referrals), then one indexed query per page.
    """
    if not access_log_visible(user=user, case=case):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.filter(_case_targets(case))
    return _with_actor(_without_other_cases_person_rows(qs, user=user, case=case)).order_by("-id")


def _without_other_cases_person_rows(qs, *, user, case):
    """``qs`` (rows about ``case``) without the rows on one of its persons whose actor may
    not see ``case`` (``Case.objects.visible_to(actor)``, the one case rule), unless ``user``
    is the auditor.

    A person can take part in cases of several agencies (a merge across agencies, a record
    linked at intake); a row on the person (``network.view``, a link decision, a merge) made
    by someone outside ``case`` belongs to their case, not this one: listed here it named,
    for the case team of this case, the other agency (or the police it referred its case
    to), its staff and when they worked on the victim, for a case the team may not open.
    Rows without an actor (system) and rows by the auditor (data-subject actions on the
    person) stay. One query for the actors of the person rows, then one per such actor."""
    if audit_is_auditor(user):
        return qs
    person_rows = qs.filter(target_type="cases.person").exclude(actor__isnull=True)
    actor_ids = set(person_rows.order_by().values_list("actor_id", flat=True).distinct())
    if not actor_ids:
        return qs
    Case = apps.get_model("cases", "Case")  # noqa: N806
    User = AuditEvent._meta.get_field("actor").related_model  # noqa: N806
    outside = [
        actor.pk
        for actor in User.objects.filter(pk__in=actor_ids).select_related("membership__agency")
        if not audit_is_auditor(actor)
        and not Case.objects.visible_to(actor).filter(pk=case.pk).exists()
    ]
    if not outside:
        return qs
    return qs.exclude(target_type="cases.person", actor_id__in=outside)


def _case_targets(case, *, plans: bool = False) -> Q:
    """Audit rows about ``case``, its referrals, participants and their persons (and its case
    plans with ``plans``), as ``(target_type, target_public_id IN ids)`` pairs.

    The ids are read first (a few rows per case), so each pair is an index condition on
    ``(target_type, target_public_id, -id)``: an OR of subqueries made PostgreSQL walk the
    whole audit table backwards (1.3 s at 1M rows; issue 8 §4, case detail).
    """
    Referral = apps.get_model("referrals", "Referral")  # noqa: N806
    Participant = apps.get_model("cases", "Participant")  # noqa: N806
    people = list(
        Participant.objects.filter(case_id=case.pk).values_list("public_id", "person__public_id")
    )
    ids = {
        "cases.case": [case.public_id],
        "referrals.referral": list(
            Referral.objects.filter(case_id=case.pk).values_list("public_id", flat=True)
        ),
        "cases.participant": [p for p, _person in people],
        "cases.person": sorted({person for _p, person in people}),
    }
    if plans:
        CasePlan = apps.get_model("casework", "CasePlan")  # noqa: N806
        ids["casework.caseplan"] = list(
            CasePlan.objects.filter(case_id=case.pk).values_list("public_id", flat=True)
        )
    q = Q()
    for target_type, public_ids in ids.items():
        if public_ids:
            q |= Q(target_type=target_type, target_public_id__in=public_ids)
    return q


def audit_case_ref(*, user, public_id):
    """The case with ``public_id`` for the auditor's access-log page: only its id, public_id,
    number and handling agency are loaded, and no case content is read.

    Deliberately does not go through ``Case.objects.visible_to`` (auditors see no case);
    raises Http404 for anyone but an auditor and for an unknown id.
    """
    if not audit_is_auditor(user):
        raise Http404
    Case = apps.get_model("cases", "Case")  # noqa: N806
    case = (
        Case.objects.filter(public_id=public_id)
        .only("id", "public_id", "number", "handling_agency_id")
        .first()
    )
    if case is None:
        raise Http404
    return case


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_list(
    *, user, action: str = "", date_from: date | None = None, date_to: date | None = None
) -> QuerySet[AuditEvent]:
    """Audit events for the auditor, newest first, filtered by exact ``action`` and by local
    dates (inclusive). Empty for anyone but an auditor. Paginate with EVENT_LIST_PAGE_SIZE.
    """
    if not audit_is_auditor(user):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.all()
    if action:
        qs = qs.filter(action=action)
    if date_from is not None:
        qs = qs.filter(occurred_at__gte=_local_midnight(date_from))
    if date_to is not None:
        qs = qs.filter(occurred_at__lt=_local_midnight(date_to + timedelta(days=1)))
    return _with_actor(qs).order_by("-id")


def audit_action_choices(*, user) -> list[str]:
    """The distinct actions recorded so far (for the filter), sorted, or none for a
    non-auditor.

    Read as a skip scan of the ``(action, id)`` index: one index probe per distinct action
    (a recursive query asking each time for the smallest action after the last one), so the
    cost follows the number of actions (tens), not the rows (tens of millions after a large
    seed; a ``SELECT DISTINCT`` read them all on every view of the log, issue 8 §4).
    """
    if not audit_is_auditor(user):
        return []
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE a(action) AS ("  # noqa: S608 - the model's own table name
            f" SELECT MIN(action) FROM {table}"
            f" UNION ALL SELECT (SELECT MIN(action) FROM {table} t WHERE t.action > a.action)"
            " FROM a WHERE a.action IS NOT NULL"
            ") SELECT action FROM a WHERE action IS NOT NULL"
        )
        return [row[0] for row in cursor.fetchall()]


HISTORY_PAGE_SIZE = 50


def case_change_history(*, user, case) -> QuerySet[AuditEvent]:
    """Changes made to ``case``, its participants, people, referrals and plans, newest first.

    For the case team: empty unless ``case_view_for(user, case).full`` (the one case rule,
    sigap.cases.access; the caller fetched ``case`` through ``Case.objects.visible_to``).
    Reads (views, downloads, exports, prints: ``sigap.audit.history.READ_SUFFIXES``) are left
    out. Each row's ``changes`` reads through :func:`sigap.audit.history.describe_events`
    (labels in the reader's language, identity values masked). Paginate with
    ``HISTORY_PAGE_SIZE``; one query per page.
    """
    from sigap.cases.access import case_view_for  # noqa: PLC0415 - audit must not import cases early

    if not case_view_for(user, case).full:
        return AuditEvent.objects.none()
    targets = _case_targets(case, plans=True)
    reads = Q()
    for suffix in READ_SUFFIXES:
        reads |= Q(action__endswith=suffix)
    qs = AuditEvent.objects.filter(targets).exclude(reads)
    return _with_actor(_without_other_cases_person_rows(qs, user=user, case=case)).order_by("-id")
