"""Pieces of the rights tracker shown on pages of other apps (the case page, my work),
without those apps importing ``rights``."""

from django import template

from sigap.cases.access import CASE_TEAM_ROLES, membership_of
from sigap.rights.access import rights_view_for
from sigap.rights.choices import ProtectionForm
from sigap.rights.selectors import overdue_restitution

register = template.Library()


@register.inclusion_tag("rights/_case_link.html", takes_context=True)
def rights_case_link(context, case):
    """A link to the case's rights tracker, for users who may read it."""
    return {"show": rights_view_for(context["request"].user, case).read, "case": case}


@register.inclusion_tag("rights/_overdue_restitution.html", takes_context=True)
def rights_overdue_restitution(context):
    """Restitution unpaid after its deadline on cases the user's agency handles (case team)."""
    user = context["request"].user
    membership = membership_of(user)
    if membership is None or membership.role not in CASE_TEAM_ROLES:
        return {"show": False}
    return {"show": True, "orders": overdue_restitution(user=user)}


@register.filter
def protection_forms(codes) -> str:
    """Labels of LPSK protection form codes, comma-separated."""
    labels = dict(ProtectionForm.choices)
    return ", ".join(str(labels.get(c, c)) for c in codes or [])
