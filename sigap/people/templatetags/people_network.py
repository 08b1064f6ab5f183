"""The network view's link on the case page, without ``cases`` importing ``people``."""

from django import template

from sigap.people.network import can_use, cases_in_view

register = template.Library()


@register.inclusion_tag("people/_network_link.html", takes_context=True)
def network_case_link(context, case):
    """A link to the network around ``case`` (already visible) for police and secretariat,
    where the network shows its people (``cases_in_view``; not a case seen by status only)."""
    user = context["request"].user
    show = can_use(user) and cases_in_view(user).filter(pk=case.pk).exists()
    return {"show": show, "case": case}


@register.inclusion_tag("people/_merge_link.html", takes_context=True)
def person_merge_link(context, person):
    """A "merge duplicate" link next to a victim whose identity the page shows, for the roles
    that may merge (case teams and the secretariat; ``people.merge.MERGE_ROLES``)."""
    from sigap.cases.access import membership_of
    from sigap.people.merge import MERGE_ROLES

    membership = membership_of(context["request"].user)
    return {"show": membership is not None and membership.role in MERGE_ROLES, "person": person}
