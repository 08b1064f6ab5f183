"""Case-work pieces shown on pages of other apps, without those apps importing casework:
the panel on the case page, the stage column of the case list and the bell in the header.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from sigap.casework.selectors import (
    case_list_stages,
    case_work,
    notification_unread_count,
)

register = template.Library()


UNREAD_BADGE_CAP = 99


@register.inclusion_tag("casework/_case_panel.html", takes_context=True)
def casework_panel(context, case, view):
    """Stage, pending closure and counts on the case page (full access only; else nothing)."""
    user = context["request"].user
    if not view.full:
        return {"show": False}
    from sigap.casework.access import can_approve, can_reopen, can_work

    # The page header's stage badge ({% case_stages %}) has read this case's stage already.
    known = getattr(context["request"], "_case_stages", {}).get(case.pk)
    work = case_work(user=user, case=case, stage=known)
    return {
        "show": True,
        "case": case,
        "work": work,
        "open_tasks": sum(1 for t in work.tasks if t.status == "open"),
        "can_work": can_work(user, case),
        "can_decide_closure": can_approve(user, case, "casework.approve_closure"),
        "can_reopen": can_reopen(user, case),
    }


@register.simple_tag(takes_context=True)
def casework_next_actions(context, case, view) -> list[tuple[str, str]]:
    """``{% casework_next_actions case view as actions %}``: (url, label) of the case-work
    steps the user may take now, from the same rules as the case-work panel's buttons
    (``casework.access.can_work``, ``can_approve``, ``can_reopen``); empty without the full
    view. A query or two (the pending closure request) for the case team only."""
    if not view.full:
        return []
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from sigap.casework.access import can_approve, can_reopen, can_work
    from sigap.casework.models import ClosureRequest

    user = context["request"].user
    args = [case.public_id]
    out = []
    if can_work(user, case):
        out.append((reverse("casework:case-work", args=args), _("Assessments, plans and tasks")))
    if (
        can_approve(user, case, "casework.approve_closure")
        and ClosureRequest.objects.filter(case=case).pending().exists()
    ):
        out.append((reverse("casework:closure-decide", args=args), _("Approve closure")))
    if can_reopen(user, case):
        out.append((reverse("casework:case-reopen", args=args), _("Reopen the case")))
    return out


@register.simple_tag(takes_context=True)
def case_stages(context, cases):
    """``{% case_stages cases as stages %}``: {pk: stage} for the rows of a case-list page
    whose handling team the user is on (one query for the page). Kept on the request for the
    case page's panel further down the same render (nothing is written in between)."""
    request = context["request"]
    stages = case_list_stages(user=request.user, cases=cases)
    request._case_stages = stages
    return stages


@register.filter
def stage_for(stages, case):
    """``{{ stages|stage_for:case }}``: the case's WorkflowStage, or None when not shown."""
    return stages.get(case.pk) if stages else None


@register.simple_tag
def stage_cell(stages, case):
    """``{% stage_cell stages case %}``: the case list's stage cell, ``<td data-stage="...">``
    with the stage's label, or ``<td>–</td>`` when the user sees no stage for the case
    (``stages`` as from ``{% case_stages %}``). One tag per row instead of a ``with``, a
    filter and three lookups: the list renders 25 of them (issue 8, per-page CPU)."""
    stage = stage_for(stages, case)
    if stage is None:
        return mark_safe("<td>–</td>")
    return format_html('<td data-stage="{}">{}</td>', stage.value, stage.label)


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    if request is None:
        return 0
    # "99+" past 99: the badge on every page counts at most 100 rows (issue 8 §4).
    count = notification_unread_count(user=request.user, cap=UNREAD_BADGE_CAP + 1)
    return f"{UNREAD_BADGE_CAP}+" if count > UNREAD_BADGE_CAP else count


@register.inclusion_tag("casework/_case_manager.html", takes_context=True)
def case_manager_line(context, case):
    """The named case manager as a ``<dt>``/``<dd>`` pair for the case page's facts, with a
    link to assign (supervisor) or take (case manager) it (issue 13 §7)."""
    from sigap.casework.assignment import can_assign, can_take

    user = context["request"].user
    return {
        "case": case,
        "can_assign": can_assign(user, case),
        "can_take": can_take(user, case),
    }
