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
    row = ScreeningRuleset.objects.filter(version=version).only("rules").first()
    if row is not None:
        return row.rules
    return DEFAULT_RULESET if version == DEFAULT_RULESET["version"] else None


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


def flag_labels(codes: list[str], version: str, language: str = "id") -> list[str]:
    """The people's words for stored flag codes, in ``language`` ("id" or "en").

    ``codes``: flag codes as stored on a screening or community report; ``version``: the
    ruleset version they were produced by (an old result is explained by its own ruleset).
    A code the ruleset does not know (a version since deleted) is shown as the label of the
    current ruleset if it has one, else as "(tanda tidak dikenal)" — never as a raw key.
    """
    rulesets = [r for r in (ruleset_by_version(version), ruleset_active()) if r]
    labels = {}
    for rs in reversed(rulesets):  # the result's own ruleset wins
        for rule in rs.get("rules", []):
            label = rule.get("label") or {}
            labels[rule["code"]] = label.get(language) or label.get("id")
    from django.utils.translation import gettext

    return [labels.get(code) or gettext("(unknown flag)") for code in codes]
