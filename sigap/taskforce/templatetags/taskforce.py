"""Pieces of the task-force app shown on other apps' pages (My work), without those apps
importing ``taskforce``; and the Jakarta "today" used to mark overdue items."""

from datetime import timedelta

from django import template
from django.utils import timezone

from sigap.taskforce.access import ITEM_CHANGE_PERM, is_secretariat
from sigap.taskforce.choices import ActionItemStatus
from sigap.taskforce.selectors import action_item_list

register = template.Library()

DUE_SOON_DAYS = 14


@register.simple_tag
def jakarta_today():
    """Today in Asia/Jakarta (deadlines count task-force calendar days there)."""
    return timezone.localdate()


@register.inclusion_tag("taskforce/_my_items.html", takes_context=True)
def taskforce_my_items(context):
    """Open action items of the user's agency (the secretariat: of every agency) that are
    overdue or due within 14 days: at most 10 rows and the total."""
    user = context["request"].user
    if not user.has_perm(ITEM_CHANGE_PERM):
        return {"show": False}
    today = timezone.localdate()
    qs = action_item_list(user=user, status=ActionItemStatus.OPEN).filter(
        due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    )
    return {
        "show": True,
        "secretariat": is_secretariat(user),
        "rows": list(qs[:10]),
        "total": qs.count(),
        "today": today,
    }
