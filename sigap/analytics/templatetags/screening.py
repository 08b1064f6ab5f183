"""Words for screening results on any page: risk level and flag labels (no raw keys)."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sigap.analytics.selectors import flag_labels

register = template.Library()


@register.filter
def risk_label(level: str) -> str:
    """``"high"``/``"medium"``/``"low"`` → "Risiko tinggi"/"Risiko sedang"/"Risiko rendah"
    (translated); anything else → "—"."""
    return {
        "high": _("High risk"),
        "medium": _("Medium risk"),
        "low": _("Low risk"),
    }.get(level or "", "—")


@register.simple_tag
def screening_flag_labels(codes, version) -> str:
    """Comma-separated labels of stored flag codes in the page's language (see
    ``sigap.analytics.selectors.flag_labels``)."""
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    return ", ".join(flag_labels(list(codes or []), version or "", lang))
