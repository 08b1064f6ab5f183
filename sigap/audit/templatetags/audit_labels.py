from django import template

from sigap.audit.labels import action_label

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    """Template filter: readable label of an audit action code."""
    return action_label(code)
