"""The network view's link on the case page, without ``cases`` importing ``people``."""

from django import template

from sigap.people.network import can_use

register = template.Library()


@register.inclusion_tag("people/_network_link.html", takes_context=True)
def network_case_link(context, case):
    """A link to the network around ``case`` (already visible) for police and secretariat."""
    return {"show": can_use(context["request"].user), "case": case}
