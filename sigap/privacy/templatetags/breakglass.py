"""``{% load breakglass %}{% may_break_glass as can %}``: whether the user's role may ask for
emergency access (the 404 page offers the link; issue 3 §4)."""

from django import template

from sigap.privacy.services import breakglass_allowed

register = template.Library()


@register.simple_tag(takes_context=True)
def may_break_glass(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and breakglass_allowed(user))
