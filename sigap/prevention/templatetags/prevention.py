"""Pieces of the prevention app shown on other apps' pages (My work), without those apps
importing ``prevention``."""

from django import template

from sigap.prevention.access import is_triage
from sigap.prevention.selectors import report_list

register = template.Library()


@register.inclusion_tag("prevention/_overdue_reports.html", takes_context=True)
def prevention_overdue_reports(context):
    """Open community reports past their follow-up date, for triage users (at most 10 rows and
    the total)."""
    user = context["request"].user
    if not is_triage(user):
        return {"show": False}
    qs = report_list(user=user, overdue=True)
    return {"show": True, "rows": list(qs[:10]), "total": qs.count()}
