"""The minimal view of a referred victim (issue 3 §1, data minimisation, UU 27/2022 PDP Pasal 16).

A service provider or police unit with a referral (``CaseView.referral_only``) sees only what
the service needs: the victim's name (or the child mask), age in whole years, sex, the child
flag, and the referral with its note. Never the date of birth, the modus, destination,
recruitment channel, summary, journey, suspects or the other victims of the case. The case
page (``cases.views``) and the API (``cases.api``) both build on :func:`person_age`.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def person_age(person, *, today: date | None = None) -> int | None:
    """Age in whole years today: from the date of birth when known, else the estimated age
    (years at the time of report), else None. Reveals no more than the years."""
    dob = person.date_of_birth
    if dob:
        today = today or timezone.localdate()
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return person.estimated_age
