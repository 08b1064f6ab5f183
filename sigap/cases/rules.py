"""Pure rules of UU 21/2007 used by the case services (no database access).

- A child is a person under 18 years of age (UU 21/2007 Pasal 1 angka 5).
- A trafficking offence needs three elements: process, means and purpose (Pasal 1 angka 1).
  For a child victim the means element is not required (Pasal 1 angka 1 read with Pasal 5–6
  and the UN Palermo Protocol art. 3(c), which Indonesia ratified by UU 14/2009).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

CHILD_AGE_LIMIT = 18

INDICATED = "indicated"
NOT_INDICATED = "not_indicated"
NEEDS_INFORMATION = "needs_information"


def age_on(*, born: date, on: date) -> int:
    """Full years between ``born`` and ``on`` (29 February birthdays count on 1 March).

    Raises ValueError when ``on`` is before ``born``.
    """
    if on < born:
        raise ValueError("date is before birth")
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def age_at(
    *, date_of_birth: date | None, estimated_age: int | None, reported_on: date, at: date
) -> int | None:
    """Age in full years on ``at`` (usually the date exploitation began).

    Uses ``date_of_birth`` when known; otherwise ``estimated_age`` (years on ``reported_on``)
    shifted by the whole years between ``at`` and ``reported_on``. None when neither is known.
    """
    if date_of_birth is not None:
        return age_on(born=date_of_birth, on=at) if at >= date_of_birth else 0
    if estimated_age is None:
        return None
    shift = (
        age_on(born=at, on=reported_on) if reported_on >= at else -age_on(born=reported_on, on=at)
    )
    return max(estimated_age - shift, 0)


def is_child(age: int | None) -> bool | None:
    """True under 18 (UU 21/2007 Pasal 1 angka 5), None when the age is unknown."""
    if age is None:
        return None
    return age < CHILD_AGE_LIMIT


@dataclass(frozen=True)
class Assessment:
    """Outcome of :func:`assess_identification`: result code, missing elements, reason text."""

    result: str
    missing: list[str] = field(default_factory=list)
    reason: str = ""


def assess_identification(
    *, process: list[str], means: list[str], purpose: list[str], child: bool | None
) -> Assessment:
    """Apply UU 21/2007 Pasal 1 angka 1 to the coded elements found for one victim.

    Returns ``indicated`` when process, means and purpose are all present, or when the victim
    is a child and process and purpose are present (means not required); ``not_indicated``
    when no element at all was found; otherwise ``needs_information`` naming the missing
    element(s). An unknown age is treated as adult (means required) and said in the reason.
    """
    names = {"process": _("process"), "means": _("means"), "purpose": _("exploitative purpose")}
    missing = [k for k, v in (("process", process), ("purpose", purpose)) if not v]
    means_required = child is not True
    if means_required and not means:
        missing.insert(1 if "process" in missing else 0, "means")
    if not process and not means and not purpose:
        return Assessment(
            NOT_INDICATED,
            ["process", "means", "purpose"],
            _("None of the TPPO elements (process, means, purpose) was found."),
        )
    if not missing:
        if child:
            reason = _(
                "Child victim: the process and exploitative purpose elements are met; the "
                "means element is not required for a child (UU 21/2007 Article 1 points 1 "
                "and 5)."
            )
        else:
            reason = _(
                "All three elements are met: process, means and exploitative purpose "
                "(UU 21/2007 Article 1 point 1)."
            )
        return Assessment(INDICATED, [], reason)
    missing_text = ", ".join(str(names[m]) for m in missing)
    reason = _("Elements not yet met: %(missing)s.") % {"missing": missing_text}
    if child is None and "means" in missing:
        reason += " " + _("The victim's age is unknown, so the means element is still required.")
    return Assessment(NEEDS_INFORMATION, missing, reason)
