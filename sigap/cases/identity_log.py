"""Every identity shown is recorded (issue 7 finding 6; docs/data-protection.md).

The one identity rule (``access.identity_visible``) notes each participant whose identity it
lets a user see during a request; ``IdentityViewAuditMiddleware`` then writes one
``case.view`` audit row per case shown (route name and number of people, never a name) unless
the view already recorded that case itself. Outside a request (background exports, commands)
nothing is collected: those write their own audit rows.
"""

from __future__ import annotations

from contextvars import ContextVar

_seen: ContextVar[dict | None] = ContextVar("sigap_identities_seen", default=None)


def begin():
    """Start collecting for one request; returns the token for :func:`end`."""
    return _seen.set({})


def end(token) -> dict[int, set[int]]:
    """Stop collecting; returns ``{case_id: {participant_id, ...}}``."""
    seen = _seen.get() or {}
    _seen.reset(token)
    return seen


def note(participant, case_id: int | None = None) -> None:
    """Record that ``participant``'s identity is being shown (no-op outside a request)."""
    seen = _seen.get()
    if seen is None:
        return
    cid = case_id if case_id is not None else participant.case_id
    seen.setdefault(cid, set()).add(participant.pk)
