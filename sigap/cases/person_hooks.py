"""Extension points for the ``people`` app, which sits right of ``cases`` (docs/architecture.md).

``cases`` creates persons but may not import ``people``; ``people`` registers its functions
here in ``AppConfig.ready`` (dependency inversion, explicit calls rather than signals, so the
services call them inside their transaction and bulk inserts are covered too):

- ``keys_refresh(persons)``: rewrite the blocking keys of these saved persons;
- ``keys_writer(persons)``: the keys of persons created in bulk, computed now; returns the
  function that writes them (bulk seeding prepares the next rows meanwhile);
- ``candidates(user, data)``: the duplicate candidates of a ``PersonData`` for ``user``
  (``sigap.people.selectors.Candidate`` list, best first, at most 10);
- ``linkable(user, public_id)``: the Person ``user`` may link a new participation to, or None.

Without the app installed every call is a no-op (no keys, no candidates, nothing linkable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

_hooks: dict[str, Callable[..., Any]] = {}


def register(**hooks: Callable[..., Any]) -> None:
    """Register the people app's functions by name (``keys_refresh``, ``candidates``,
    ``linkable``)."""
    _hooks.update(hooks)


def keys_refresh(persons: Iterable) -> None:
    """Rewrite the blocking keys of ``persons`` (saved ``cases.Person`` rows)."""
    hook = _hooks.get("keys_refresh")
    if hook is not None:
        hook(list(persons))


def keys_writer(persons: Iterable) -> Callable[[], None]:
    """Keys of persons just created in bulk, computed now; the returned function writes them
    (a no-op without the people app)."""
    hook = _hooks.get("keys_writer")
    return hook(list(persons)) if hook is not None else (lambda: None)


def candidates(user, data) -> list:
    """Duplicate candidates of ``data`` (a ``PersonData``) that ``user`` is shown."""
    hook = _hooks.get("candidates")
    return hook(user, data) if hook is not None else []


def linkable(user, public_id):
    """The person with ``public_id`` if ``user`` may link to them (sees their identity)."""
    hook = _hooks.get("linkable")
    return hook(user, public_id) if hook is not None else None
