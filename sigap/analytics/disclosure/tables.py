"""Small-cell suppression of aggregate count tables, with complementary suppression.

A table is ``R × C`` non-negative integer counts, optionally published with its row totals,
column totals and grand total. Two steps (the usual practice of statistical offices, e.g.
Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, §4.3 and §5.2):

1. **Primary suppression**: every entry (cell or total) from 1 to ``threshold - 1`` is hidden
   (default threshold 5: the counts 1–4 never appear). Zeros are published: "nobody" singles
   nobody out.
2. **Complementary (secondary) suppression**: a published total is a linear equation
   (``cells of the row = row total``). A line (row or column, with its total) holding exactly
   one hidden entry gives that entry away, so the next smallest published entry of the line is
   hidden as well (non-zero entries first, cells before totals), repeated to a fixed point.
   Lines alone are not enough: hidden entries can still be pinned by *combining* equations
   (in a two-way table, a hidden cell that is a "bridge" between two groups of hidden cells).
   So after the fixed point, the published equations are solved exactly over the rationals
   (:func:`determined_entries`); while any hidden entry is determined, the smallest published
   entry of one of its lines is hidden too and the line rule runs again. The loop only adds
   suppressions, so it ends.

Guarantee: no hidden entry can be computed exactly from the published entries and the table's
additive structure. Not covered (documented in docs/data-protection.md): bounds from
non-negativity on very small hidden sums, and differencing between several published tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

DEFAULT_THRESHOLD = 5

# An entry of the published table: ("cell", row, col), ("row", row) for a row total,
# ("col", col) for a column total, ("all",) for the grand total.
Entry = tuple


@dataclass(frozen=True)
class SuppressionReport:
    """What was hidden and why. ``primary``: entries from 1 to ``threshold - 1``;
    ``complementary``: entries hidden so that totals cannot reveal a primary one. Entries are
    tuples as described at :data:`Entry`, in the order they were hidden."""

    threshold: int
    primary: tuple[Entry, ...]
    complementary: tuple[Entry, ...]
    entries_total: int

    @property
    def hidden(self) -> int:
        """Number of entries hidden (primary + complementary)."""
        return len(self.primary) + len(self.complementary)

    def as_dict(self) -> dict:
        """A JSON-ready summary (counts and positions only, never a value)."""
        return {
            "threshold": self.threshold,
            "entries": self.entries_total,
            "primary": [list(e) for e in self.primary],
            "complementary": [list(e) for e in self.complementary],
        }


@dataclass(frozen=True)
class SuppressedTable:
    """A table ready to publish: ``None`` marks a hidden entry.

    ``cells`` is ``R × C``; ``row_totals`` (length R) and ``col_totals`` (length C) are None
    when the table is published without them; ``grand_total`` is None when hidden or not
    published (``has_grand_total`` tells which).
    """

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...] | None
    col_totals: tuple[int | None, ...] | None
    grand_total: int | None
    has_grand_total: bool
    report: SuppressionReport = field(compare=False)

    def published_values(self) -> list[int]:
        """Every number the table shows (cells and totals), hidden ones left out."""
        values = [v for row in self.cells for v in row]
        values += list(self.row_totals or ()) + list(self.col_totals or ())
        if self.has_grand_total:
            values.append(self.grand_total)
        return [v for v in values if v is not None]


def _lines(rows: int, cols: int, row_totals: bool, col_totals: bool):
    """The published equations, each a list of ``(entry, sign)`` whose signed sum is 0."""
    lines = []
    if row_totals:
        for i in range(rows):
            lines.append([(("cell", i, j), 1) for j in range(cols)] + [(("row", i), -1)])
        lines.append([(("row", i), 1) for i in range(rows)] + [(("all",), -1)])
    if col_totals:
        for j in range(cols):
            lines.append([(("cell", i, j), 1) for i in range(rows)] + [(("col", j), -1)])
        lines.append([(("col", j), 1) for j in range(cols)] + [(("all",), -1)])
    return lines


def _determined(hidden: list[Entry], lines) -> list[Entry]:
    """Hidden entries whose value follows from the published equations (exact arithmetic).

    Builds the system restricted to the hidden unknowns, brings it to reduced row echelon form
    over the rationals and returns every unknown whose pivot row has no free unknown in it.
    """
    index = {e: k for k, e in enumerate(hidden)}
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(hidden)
        for entry, sign in line:
            if entry in index:
                row[index[entry]] += sign
        if any(row):
            matrix.append(row)
    pivots: list[int] = []
    r = 0
    for c in range(len(hidden)):
        pivot = next((k for k in range(r, len(matrix)) if matrix[k][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [v / lead for v in matrix[r]]
        for k in range(len(matrix)):
            if k != r and matrix[k][c] != 0:
                factor = matrix[k][c]
                matrix[k] = [a - factor * b for a, b in zip(matrix[k], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
        if r == len(matrix):
            break
    pivot_set = set(pivots)
    found = []
    for row_no, c in enumerate(pivots):
        if all(matrix[row_no][f] == 0 for f in range(len(hidden)) if f not in pivot_set):
            found.append(hidden[c])
    return found


def determined_entries(table: SuppressedTable) -> list[Entry]:
    """Hidden entries of ``table`` that a reader could compute exactly from what it shows
    (an empty list for a safe table). Used by the tests and by :func:`suppress_table`."""
    rows, cols = len(table.cells), len(table.cells[0]) if table.cells else 0
    hidden = [("cell", i, j) for i in range(rows) for j in range(cols) if table.cells[i][j] is None]
    if table.row_totals is not None:
        hidden += [("row", i) for i, v in enumerate(table.row_totals) if v is None]
    if table.col_totals is not None:
        hidden += [("col", j) for j, v in enumerate(table.col_totals) if v is None]
    if table.has_grand_total and table.grand_total is None:
        hidden.append(("all",))
    lines = _lines(rows, cols, table.row_totals is not None, table.col_totals is not None)
    return _determined(hidden, lines)


def suppress_table(
    cells: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    col_totals: bool = True,
    threshold: int = DEFAULT_THRESHOLD,
) -> SuppressedTable:
    """Suppress small counts in ``cells`` (a non-empty ``R × C`` grid of ints ≥ 0) and the
    totals published with it, then add complementary suppressions until no hidden entry can
    be worked out (see the module docstring). The grand total is published whenever row or
    column totals are. Raises ``ValueError`` for a ragged or empty grid, a negative count or
    a threshold below 2.
    """
    if threshold < 2:
        raise ValueError("threshold must be at least 2")
    rows = len(cells)
    cols = len(cells[0]) if rows else 0
    if rows == 0 or cols == 0 or any(len(r) != cols for r in cells):
        raise ValueError("cells must be a non-empty rectangular grid")
    values: dict[Entry, int] = {}
    order: list[Entry] = []
    for i in range(rows):
        for j in range(cols):
            v = int(cells[i][j])
            if v < 0:
                raise ValueError("counts cannot be negative")
            values[("cell", i, j)] = v
            order.append(("cell", i, j))
    if row_totals:
        for i in range(rows):
            values[("row", i)] = sum(values[("cell", i, j)] for j in range(cols))
            order.append(("row", i))
    if col_totals:
        for j in range(cols):
            values[("col", j)] = sum(values[("cell", i, j)] for i in range(rows))
            order.append(("col", j))
    has_grand = row_totals or col_totals
    if has_grand:
        values[("all",)] = sum(values[("cell", i, j)] for i in range(rows) for j in range(cols))
        order.append(("all",))
    rank = {e: k for k, e in enumerate(order)}
    lines = _lines(rows, cols, row_totals, col_totals)

    primary = [e for e in order if 0 < values[e] < threshold]
    hidden: set[Entry] = set(primary)
    complementary: list[Entry] = []

    def candidate(entries) -> Entry | None:
        """The published entry to hide next: non-zero before zero, cells before totals,
        smallest value first, then table order (deterministic)."""
        free = [e for e in entries if e not in hidden]
        if not free:
            return None
        return min(free, key=lambda e: (values[e] == 0, e[0] != "cell", values[e], rank[e]))

    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                entries = [e for e, _sign in line]
                if sum(1 for e in entries if e in hidden) == 1:
                    extra = candidate(entries)
                    if extra is not None:
                        hidden.add(extra)
                        complementary.append(extra)
                        changed = True
        exposed = _determined(sorted(hidden, key=rank.__getitem__), lines)
        if not exposed:
            break
        target = exposed[0]
        around = [e for line in lines if any(t == target for t, _s in line) for e, _s in line]
        extra = candidate(around) or candidate(order)
        if extra is None:  # everything is hidden already
            break
        hidden.add(extra)
        complementary.append(extra)

    def shown(entry: Entry) -> int | None:
        return None if entry in hidden else values[entry]

    report = SuppressionReport(
        threshold=threshold,
        primary=tuple(primary),
        complementary=tuple(complementary),
        entries_total=len(order),
    )
    return SuppressedTable(
        cells=tuple(tuple(shown(("cell", i, j)) for j in range(cols)) for i in range(rows)),
        row_totals=tuple(shown(("row", i)) for i in range(rows)) if row_totals else None,
        col_totals=tuple(shown(("col", j)) for j in range(cols)) if col_totals else None,
        grand_total=shown(("all",)) if has_grand else None,
        has_grand_total=has_grand,
        report=report,
    )


def suppress_counts(
    counts: Sequence[int], *, total: bool = True, threshold: int = DEFAULT_THRESHOLD
) -> SuppressedTable:
    """A one-way breakdown (e.g. referrals by outcome) as a one-row table, with its total
    when ``total`` is true; see :func:`suppress_table`. The total is ``row_totals[0]``."""
    return suppress_table([list(counts)], row_totals=total, col_totals=False, threshold=threshold)


COMPLEMENTARY_MARK = "*"


def published_line(
    counts: Sequence[int], *, total: bool = True, threshold: int = DEFAULT_THRESHOLD
) -> tuple[list[int | str], int | str | None]:
    """One line of counts and its total as written on a page or in a file, through
    :func:`suppress_counts`. A hidden entry reads ``"<threshold"`` (e.g. "<5") where only
    small counts were hidden; on a line where complementary suppression hid another entry
    too, every hidden entry of that line reads :data:`COMPLEMENTARY_MARK` ("*"), so the marks
    do not tell the small one from the other. ``total=True`` also when the total is not
    printed but can be read elsewhere (another breakdown of the same cases, a kecamatan row
    above its kelurahan). Returns ``(cells, total)``; ``total`` is None when ``total=False``.
    Raises ``ValueError`` as :func:`suppress_table` (negative count, threshold below 2).
    """
    if not counts:
        return [], (0 if total else None)
    table = suppress_counts(counts, total=total, threshold=threshold)
    mark = COMPLEMENTARY_MARK if table.report.complementary else f"<{threshold}"
    cells: list[int | str] = [mark if v is None else v for v in table.cells[0]]
    if not total:
        return cells, None
    shown_total = table.row_totals[0]
    return cells, (mark if shown_total is None else shown_total)
