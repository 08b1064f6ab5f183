"""Writes of the people app. ``person_match`` stores nothing but the audit row of a duplicate
check (STYLE B4: a read of sensitive records logs a view event; counts only, never a value)."""

from __future__ import annotations

from sigap.audit.services import audit_record
from sigap.people.selectors import Candidate, MatchQuery, find_candidates, query_from_data


def person_match(*, user, query: MatchQuery, via: str) -> list[Candidate]:
    """:func:`sigap.people.selectors.find_candidates` plus one ``person.match`` audit row
    (``via``: ``api``, ``form`` or ``intake``; numbers of candidates and identities shown,
    whether a NIK was given). Identities shown are also recorded per case by the request's
    ``case.view`` row (``identity_visible``)."""
    candidates = find_candidates(user, query)
    audit_record(
        actor=user,
        action="person.match",
        changes={
            "via": via,
            "candidates": len(candidates),
            "identities_shown": sum(1 for c in candidates if c.identity_shown),
            "nik_given": bool(query.nik),
        },
    )
    return candidates


def person_match_data(user, data) -> list[Candidate]:
    """:func:`person_match` for a ``sigap.cases.services.PersonData`` submitted on an intake
    form (the ``sigap.cases.person_hooks.candidates`` hook)."""
    return person_match(user=user, query=query_from_data(data), via="intake")
