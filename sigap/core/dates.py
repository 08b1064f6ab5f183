"""The one rule for dates a person types in (issue 7, finding 8).

Two parts, used by every form, serializer and service that takes a past date:

1. **Whose "today".** Indonesia has three time zones (Keppres 41/1987): WIB (UTC+7,
   ``Asia/Jakarta``), WITA (UTC+8, ``Asia/Makassar``) and WIT (UTC+9, ``Asia/Jayapura``). A user's
   zone is the zone of their agency's area, read from the Kemendagri province code (the first
   two digits of the area code); a user without an agency or area gets ``settings.TIME_ZONE``
   (Asia/Jakarta). :func:`user_today` is the user's calendar date; at 00:30 WIT in Jayapura it is
   already the new day although the server (UTC) is still on the previous one.
   ``UserTimeZoneMiddleware`` records the request's user, so ``DateInputField(kind=...)`` in a
   form uses the same :func:`user_today` as the services.

2. **Plausible range.** :func:`date_problems` refuses a date after the user's today and a date
   before the kind's floor:

   - ``BIRTH``: not more than :data:`MAX_AGE_YEARS` (110) years ago;
   - ``HISTORY`` (when something happened to a person, e.g. a journey step): same floor;
   - ``RECORD`` (an act recorded under the TPPO law: report, referral, consent, assessment,
     LPSK application, court stage, payment, ...): not before :data:`RECORD_FLOOR`, the day
     UU 21/2007 (Pemberantasan Tindak Pidana Perdagangan Orang) was enacted, 19 April 2007.

Deadline arithmetic (due dates, overdue) is a different rule: it counts task-force calendar days
in Asia/Jakarta (``referrals.services.jakarta_today``, ``justice.rules``), not the user's zone.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")

# Kemendagri province codes by zone (Keppres 41/1987; Papua provinces split in 2022 keep 9x).
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCE_PREFIXES = ("8", "9")  # Maluku 81, Maluku Utara 82, Papua 91-96

MAX_AGE_YEARS = 110
RECORD_FLOOR = date(2007, 4, 19)  # UU 21/2007 enacted (Lembaran Negara 2007 No. 58)


class DateKind(StrEnum):
    """Which lower bound a date has (see the module docstring)."""

    BIRTH = "birth"
    HISTORY = "history"
    RECORD = "record"


def zone_for_area_code(code: str | None) -> ZoneInfo:
    """The time zone of a Kemendagri area code (``"91.71"`` → Asia/Jayapura); the default zone
    (``settings.TIME_ZONE``) for an empty code."""
    province = (code or "")[:2]
    if not province:
        return ZoneInfo(settings.TIME_ZONE)
    if province.startswith(WIT_PROVINCE_PREFIXES):
        return WIT
    if province in WITA_PROVINCES:
        return WITA
    return WIB


def user_zone(user) -> ZoneInfo:
    """The zone of ``user``'s agency's area; ``settings.TIME_ZONE`` for anonymous users and users
    without an agency or area. Reads ``user.membership.agency`` (cached on the instance)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ZoneInfo(settings.TIME_ZONE)
    try:
        agency = user.membership.agency
    except Exception:  # noqa: BLE001 - no membership (Membership.DoesNotExist) → default zone
        return ZoneInfo(settings.TIME_ZONE)
    return zone_for_area_code(agency.area_id)


def user_today(user=None, *, now: datetime | None = None) -> date:
    """``user``'s calendar date at ``now`` (default: ``timezone.now()``)."""
    return timezone.localtime(now or timezone.now(), user_zone(user)).date()


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def date_floor(kind: DateKind, *, today: date) -> date:
    """The earliest plausible date of ``kind`` seen from ``today``."""
    if kind == DateKind.RECORD:
        return RECORD_FLOOR
    return _years_before(today, MAX_AGE_YEARS)


def date_problems(value: date | None, *, kind: DateKind, today: date) -> list[str]:
    """Messages (in the active language) for ``value``; empty when it is plausible or None."""
    if value is None:
        return []
    if value > today:
        return [_("This date cannot be in the future.")]
    floor = date_floor(kind, today=today)
    if value < floor:
        if kind == DateKind.BIRTH:
            return [
                _("A date of birth more than %(years)d years ago is not plausible; check the year.")
                % {"years": MAX_AGE_YEARS}
            ]
        if kind == DateKind.RECORD:
            return [
                _("This date is before %(floor)s, when UU 21/2007 took effect; check the year.")
                % {"floor": floor.strftime("%d-%m-%Y")}
            ]
        return [
            _("A date more than %(years)d years ago is not plausible; check the year.")
            % {"years": MAX_AGE_YEARS}
        ]
    return []


def date_collect(errors: dict, field: str, value: date | None, *, kind: DateKind, today: date):
    """Append ``field``'s problems to ``errors`` (a ``{field: [messages]}`` dict)."""
    problems = date_problems(value, kind=kind, today=today)
    if problems:
        errors.setdefault(field, []).extend(problems)


def date_check(value: date | None, *, field: str, kind: DateKind, user) -> None:
    """Raise ``ValidationError({field: [...]})`` unless ``value`` is plausible for ``user``."""
    errors: dict[str, list[str]] = {}
    date_collect(errors, field, value, kind=kind, today=user_today(user))
    if errors:
        raise ValidationError(errors)


_request_user: ContextVar = ContextVar("sigap_request_user", default=None)


def request_user():
    """The signed-in user of the request being handled (set by ``UserTimeZoneMiddleware``),
    or None outside a request. Read by ``DateInputField`` to find the user's today."""
    return _request_user.get()


class UserTimeZoneMiddleware:
    """Make the request's user known to the date rule (after AuthenticationMiddleware), so a
    form field computes "today" with :func:`user_today` in that user's zone. No query here:
    the user's agency is read only when a date is validated."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _request_user.reset(token)


INDONESIAN_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
INDONESIAN_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def indonesian_long_date(value: date | datetime, *, weekday: bool = True) -> str:
    """The date written out in Indonesian as in official letters and minutes (PUEBI/EYD):
    ``date(2024, 7, 3)`` → ``"Rabu, 3 Juli 2024"`` (``weekday=False``: ``"3 Juli 2024"``).

    An aware datetime is first converted to ``settings.TIME_ZONE`` (Asia/Jakarta, WIB), so a
    meeting at 09:00 WIB keeps its calendar date. Independent of the active language: used in
    Indonesian documents (notulen) whatever the reader's interface language.
    """
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))
        value = value.date()
    text = f"{value.day} {INDONESIAN_MONTHS[value.month - 1]} {value.year}"
    return f"{INDONESIAN_DAYS[value.weekday()]}, {text}" if weekday else text
