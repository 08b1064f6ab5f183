"""Reads for screening: the active ruleset and the licensed-company names."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from sigap.analytics.models import LicensedAgency, ScreeningRuleset
from sigap.analytics.screening.default_rules import DEFAULT_RULESET

_P3MI_CACHE_KEY = "analytics:p3mi-names"


def ruleset_active() -> dict:
    """The active ruleset's data (``default_rules`` shape); the shipped default when no
    version has been published."""
    row = ScreeningRuleset.objects.filter(is_active=True).only("rules").first()
    return row.rules if row is not None else DEFAULT_RULESET


def ruleset_by_version(version: str) -> dict | None:
    """The ruleset data of ``version`` (to explain an old screening), or None if unknown."""
    if version == DEFAULT_RULESET["version"]:
        return DEFAULT_RULESET
    row = ScreeningRuleset.objects.filter(version=version).only("rules").first()
    return row.rules if row is not None else None


def licensed_agency_names() -> list[str]:
    """Names of licensed P3MI valid today, cached for five minutes (a few thousand rows)."""
    names = cache.get(_P3MI_CACHE_KEY)
    if names is None:
        today = timezone.localdate()
        qs = LicensedAgency.objects.filter(is_active=True).exclude(valid_until__lt=today)
        names = list(qs.values_list("name", flat=True))
        cache.set(_P3MI_CACHE_KEY, names, 300)
    return names


def licensed_agency_cache_clear() -> None:
    """Forget the cached P3MI names (after an import)."""
    cache.delete(_P3MI_CACHE_KEY)
