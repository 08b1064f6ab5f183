from django import template

from sigap.audit.labels import action_label, model_label

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    """Template filter: readable label of an audit action code."""
    return action_label(code)


@register.filter
def audit_model(label_lower: str) -> str:
    """Template filter: translated name of an audited record's model (``accounts.user``)."""
    return model_label(label_lower)
