"""Validated environment helpers for ``config/settings.py`` (after healthchecks).

Every helper raises :class:`django.core.exceptions.ImproperlyConfigured` with the variable's
name (never its value) when the value cannot be parsed, so a typo fails at start-up, not later.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """Return env var ``name`` as a string, or ``default`` when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return env var ``name`` parsed as a boolean (1/0, true/false, yes/no, on/off).

    Raises ImproperlyConfigured for any other value.
    """
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false)")


def env_int(name: str, default: int) -> int:
    """Return env var ``name`` parsed as an integer; raises ImproperlyConfigured if not one."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return env var ``name`` split on commas, blanks dropped; ``default`` (or []) when unset."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Return a secret from ``name`` or from the file named by ``name + '_FILE'``.

    The ``_FILE`` form suits Docker/systemd credentials. Raises ImproperlyConfigured when the
    file cannot be read.
    """
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read") from exc
    return os.environ.get(name, default)
