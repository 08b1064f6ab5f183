"""Reason codes of the duplicate scorer (``sigap.analytics.linkage.match``) in the user's
language. The msgids are English; ``locale/id`` gives the Indonesian words ("NIK sama",
"nama mirip: Nurhaliza ~ Nurhalizah", ...), the same as ``match.REASON_TEXT_ID``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.analytics.linkage.match import Reason

REASON_TEXT = {
    "nik_same": gettext_lazy("same NIK"),
    "nik_different": gettext_lazy("different NIK"),
    "name_same": gettext_lazy("same name"),
    "name_similar": gettext_lazy("similar name: %(query)s ~ %(candidate)s"),
    "name_swapped": gettext_lazy("names in another order"),
    "name_partial": gettext_lazy("part of the name is the same (a name is left out)"),
    "name_different": gettext_lazy("different name"),
    "sex_same": gettext_lazy("same sex"),
    "sex_different": gettext_lazy("different sex"),
    "dob_same": gettext_lazy("same date of birth"),
    "dob_swapped": gettext_lazy("date of birth with day and month swapped"),
    "year_same": gettext_lazy("same year of birth"),
    "year_near": gettext_lazy("year of birth ±1"),
    "year_far": gettext_lazy("years of birth far apart"),
    "area_same": gettext_lazy("same area of origin"),
    "kecamatan_same": gettext_lazy("same kecamatan of origin"),
    "kabupaten_same": gettext_lazy("same kabupaten/kota of origin"),
}


def reason_label(reason: Reason) -> str:
    """The reason in the active language, with its parameters filled in."""
    return str(REASON_TEXT[reason.code]) % reason.params


def notice_other_agency() -> str:
    """What a candidate outside the user's scope shows instead of an identity."""
    return _("Possible match in another agency's case; ask the secretariat.")


def notice_hidden(number: str) -> str:
    """What a candidate in a visible case whose identity the user may not see shows."""
    return _(
        "Possible match in case %(number)s; the identity is not shown to you; ask the secretariat."
    ) % {"number": number}
