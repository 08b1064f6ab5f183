"""The data-protection officer's part of "My work" (sigap.casework), shown without casework
importing privacy (as sigap.rights does for overdue restitution)."""

from django import template
from django.utils import timezone

from sigap.privacy.clock import breach_clock
from sigap.privacy.selectors import breach_clock_open, subject_actions_waiting

register = template.Library()

ACTIONS_LIMIT = 100


@register.inclusion_tag("privacy/_my_work.html", takes_context=True)
def privacy_my_work(context):
    """Breaches whose 3 × 24-hour notice is not yet sent, as (incident, clock) pairs, and
    data-subject actions prepared by someone else waiting for the user's approval. Shown only
    to the auditor / data-protection officer role (``breach_clock_open`` applies the rule)."""
    user = context["request"].user
    from sigap.agencies.choices import Role
    from sigap.cases.access import membership_of

    membership = membership_of(user)
    if membership is None or membership.role != Role.AUDITOR:
        return {"show": False}
    now = timezone.now()
    return {
        "show": True,
        "breaches": [(b, breach_clock(b, now=now)) for b in breach_clock_open(user=user)],
        "actions": list(subject_actions_waiting(user=user)[:ACTIONS_LIMIT]),
    }
