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
_recorded: ContextVar[set | None] = ContextVar("sigap_identities_recorded", default=None)


def begin():
    """Start collecting for one request; returns the token for :func:`end`."""
    return _seen.set({}), _recorded.set(set())


def end(token) -> dict[int, set[int]]:
    """Stop collecting; returns ``{case_id: {participant_id, ...}}`` of the cases shown whose
    ``case.view`` row the view did not write itself (see :func:`recorded`)."""
    seen_token, recorded_token = token
    seen = _seen.get() or {}
    done = _recorded.get() or set()
    _seen.reset(seen_token)
    _recorded.reset(recorded_token)
    return {case_id: people for case_id, people in seen.items() if case_id not in done}


def recorded(case_id: int) -> None:
    """Note that the view wrote the ``case.view`` audit row of case ``case_id`` itself during
    this request (no-op outside a request): the middleware then neither writes a second nor
    queries the audit table to find the view's."""
    done = _recorded.get()
    if done is not None:
        done.add(case_id)


def note(participant, case_id: int | None = None) -> None:
    """Record that ``participant``'s identity is being shown (no-op outside a request)."""
    seen = _seen.get()
    if seen is None:
        return
    cid = case_id if case_id is not None else participant.case_id
    seen.setdefault(cid, set()).add(participant.pk)
