"""The case timeline merged from every app (issue 13 §2), newest first, in keyset pages.

Apps to the right of ``cases`` (referrals, casework, justice, rights, documents) must not be
imported here, so each registers a *source* in its ``AppConfig.ready()`` with
:func:`timeline_source_register` (the pattern of ``casework.selectors.DIGEST_CONTRIBUTORS``).

A source is a callable ``(*, user, case, view, until, limit) -> list[TimelineEntry]``:

- it applies its own app's access rule (``view`` is the user's ``CaseView``);
- it returns at most ``limit`` entries *per kind* with ``when <= until`` (``until`` None: no
  bound), each kind read newest first (``-created_at, -id``, or its own date and id), so the
  union of all sources holds the global top ``limit``;
- its entries carry no identity: agency, service, kind and status labels only (a victim's
  name is never in a timeline line, so the identity rule holds for every reader);
- its number of queries does not depend on the number of events (each kind is one query with
  ``LIMIT``).

Order: ``when`` descending, then ``kind``, then ``key`` (the row id) descending. The cursor is
``(until, skip)``: the next page holds the entries at or before ``until`` minus the ``skip``
first ones at exactly ``until`` (those already shown), so ties across a page break are neither
lost nor repeated. Nothing personal is in the cursor (a timestamp and a count).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from sigap.cases.access import case_view_for
from sigap.cases.selectors import TimelineEntry

#: Entries per timeline page.
TIMELINE_PAGE_SIZE = 25
#: The largest ``skip`` a cursor may carry (more entries than this at one instant: cut).
MAX_SKIP = 200

#: ``(source, kinds)``: each source and the entry kinds it yields (to skip it for a page of
#: other kinds, e.g. the justice section).
TIMELINE_SOURCES: list[tuple] = []


def timeline_source_register(fn, *, kinds: tuple[str, ...]):
    """Add ``fn`` (yielding entries of ``kinds``) to :data:`TIMELINE_SOURCES` once
    (idempotent); returns ``fn``."""
    if all(f is not fn for f, _k in TIMELINE_SOURCES):
        TIMELINE_SOURCES.append((fn, frozenset(kinds)))
    return fn


@dataclass(frozen=True)
class TimelineCursor:
    """Where a timeline page starts: entries at or before ``until``, minus ``skip`` at it."""

    until: datetime | None = None
    skip: int = 0

    @classmethod
    def parse(cls, until: str | None, skip: str | None) -> TimelineCursor:
        """The cursor from the query string (``before``, ``skip``); a bad value: first page."""
        when = None
        if until:
            try:
                when = parse_datetime(until)
            except ValueError:
                when = None
        try:
            n = int(skip or 0)
        except ValueError:
            n = 0
        if when is None:
            return cls()
        return cls(until=when, skip=min(max(n, 0), MAX_SKIP))

    def query(self) -> str:
        """``before=…&skip=…`` for a link to the page this cursor starts (URL-encoded)."""
        from urllib.parse import urlencode

        return urlencode({"before": self.until.isoformat(), "skip": self.skip})


@dataclass(frozen=True)
class TimelinePage:
    """One page: ``entries`` newest first and the ``next`` cursor (None on the last page)."""

    entries: list[TimelineEntry]
    next: TimelineCursor | None


def _order(entry: TimelineEntry):
    return (-entry.when.timestamp(), entry.kind, -entry.key)


def case_timeline_page(
    *,
    user,
    case,
    cursor: TimelineCursor | None = None,
    limit: int = TIMELINE_PAGE_SIZE,
    kinds: set[str] | None = None,
) -> TimelinePage:
    """One page of the merged timeline of ``case`` (known visible to ``user``).

    Reporters (status only) get the case's own dates alone. Queries: the sum of the sources'
    fixed counts, whatever the number of events (tested in test_workspace.py). ``kinds``
    keeps only entries of those kinds (e.g. ``{"justice"}`` for the justice section).
    """
    cursor = cursor or TimelineCursor()
    view = case_view_for(user, case)
    want = limit + cursor.skip + 1
    sources = [
        fn
        for fn, yields in TIMELINE_SOURCES
        if (kinds is None or yields & kinds) and (not view.status_only or fn is case_row_entries)
    ]
    entries: list[TimelineEntry] = []
    for source in sources:
        entries.extend(source(user=user, case=case, view=view, until=cursor.until, limit=want))
    if kinds is not None:
        entries = [e for e in entries if e.kind in kinds]
    if cursor.until is not None:
        entries = [e for e in entries if e.when <= cursor.until]
    entries.sort(key=_order)
    if cursor.skip:
        # Sorted newest first, so the entries at exactly ``until`` lead the list.
        at = sum(1 for e in entries if e.when == cursor.until)
        entries = entries[min(cursor.skip, at) :]
    page, rest = entries[:limit], entries[limit:]
    nxt = None
    if rest and page:
        last = page[-1].when
        same = sum(1 for e in page if e.when == last)
        if cursor.until is not None and last == cursor.until:
            same += cursor.skip
        nxt = TimelineCursor(until=last, skip=same)
    return TimelinePage(entries=page, next=nxt)


# --- The sources of the cases app ------------------------------------------------------------


def case_row_entries(*, user, case, view, until, limit) -> list[TimelineEntry]:
    """The case's own dates (reported, taken on, closed): no query, every reader."""
    rows = [TimelineEntry(case.created_at, "report", _("Case reported"), key=case.pk)]
    if case.opened_at:
        rows.append(
            TimelineEntry(
                case.opened_at,
                "open",
                _("Case taken on by %(agency)s") % {"agency": case.handling_agency},
                key=case.pk,
            )
        )
    if case.closed_at:
        rows.append(
            TimelineEntry(
                case.closed_at,
                "close",
                _("Case closed: %(reason)s") % {"reason": case.get_closure_reason_display()},
                key=case.pk,
            )
        )
    return rows


def timeline_rows(qs, *, until, limit: int, kind: str, text, field: str = "created_at") -> list:
    """Entries of one kind from ``qs`` (one query): rows with ``field`` <= ``until``, newest
    first, at most ``limit``; ``text(row)`` is the line (no identity in it)."""
    qs = qs.filter(**{f"{field}__isnull": False})
    if until is not None:
        qs = qs.filter(**{f"{field}__lte": until})
    rows = qs.order_by(f"-{field}", "-id")[:limit]
    return [TimelineEntry(getattr(r, field), kind, text(r), key=r.pk) for r in rows]


def case_detail_entries(*, user, case, view, until, limit) -> list[TimelineEntry]:
    """Identifications, notes and journey steps recorded: the full view only (3 queries)."""
    from sigap.cases.models import CaseNote, Identification, JourneyEvent

    if not view.full:
        return []
    n = {"until": until, "limit": limit}
    return [
        *timeline_rows(
            Identification.objects.filter(participant__case=case),
            kind="identification",
            text=lambda i: (
                _("Identification recorded: %(result)s") % {"result": i.get_result_display()}
            ),
            **n,
        ),
        *timeline_rows(
            CaseNote.objects.filter(case=case), kind="note", text=lambda _n: _("Note added"), **n
        ),
        *timeline_rows(
            JourneyEvent.objects.filter(case=case),
            kind="journey",
            text=lambda j: _("Journey step recorded: %(stage)s") % {"stage": j.get_stage_display()},
            **n,
        ),
    ]


timeline_source_register(case_row_entries, kinds=("report", "open", "close"))
timeline_source_register(case_detail_entries, kinds=("identification", "note", "journey"))
