"""One check for list filters with a fixed set of values (issue 7 #11): an unknown value is a
400 naming the filter, never a silently empty or unfiltered list."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def enum_params(request, allowed: dict[str, list[str]]) -> dict[str, str]:
    """``{name: value}`` of the query parameters in ``allowed`` ("" when absent).

    Raises ValidationError ``{name: [message]}`` for every value not in its list.
    """
    values = {name: request.query_params.get(name, "").strip() for name in allowed}
    errors = {
        name: [_("Unknown value. Use one of: %(values)s.") % {"values": ", ".join(choices)}]
        for name, choices in allowed.items()
        if values[name] and values[name] not in choices
    }
    if errors:
        raise ValidationError(errors)
    return values
