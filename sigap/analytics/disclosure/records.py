"""Record-level release with generalisation and k-anonymity (issue 12 §6).

A *record-level* (microdata) release has one row per victim. Some columns are
*quasi-identifiers*: attributes a neighbour, an employer or a journalist may know (year, sex,
age, place of origin, nationality, destination). A release is **k-anonymous** on them when
every combination of their values that appears is shared by at least ``k`` rows (Sweeney,
"k-anonymity: a model for protecting privacy", 2002), so a row can never be narrowed down to
fewer than ``k`` people. CTDC (IOM) publishes its global victim microdata with k = 11, the
default here.

Steps: the caller *generalises* each record first (:func:`age_band`: SIMFONI-PPA's age bands;
a date to its year; an area code to its province with :func:`province_code`), then
:func:`k_anonymise` drops the rows of every equivalence class smaller than ``k``, provided
that removes at most ``max_suppression`` (default 5 %) of the rows; otherwise it refuses with
:class:`KAnonymityError` rather than publish a release that is either unsafe or too mutilated
to be honest. :func:`verify_release` checks any table independently and names the offending
rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_K = 11  # CTDC's global k-anonymised dataset
DEFAULT_MAX_SUPPRESSION = 0.05

# SIMFONI-PPA (KemenPPPA) victim age bands: (label, lowest age, highest age or None).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-5", 0, 5),
    ("6-12", 6, 12),
    ("13-17", 13, 17),
    ("18-24", 18, 24),
    ("25-44", 25, 44),
    ("45-59", 45, 59),
    ("60+", 60, None),
)
UNKNOWN = "unknown"


def age_band(age: int | None) -> str:
    """The SIMFONI-PPA age band of ``age`` in whole years ("0-5" … "60+"), or ``"unknown"``
    for None. Raises ValueError for a negative age."""
    if age is None:
        return UNKNOWN
    if age < 0:
        raise ValueError("age cannot be negative")
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    raise AssertionError("unreachable: the last band is open-ended")


def province_code(area_code: str | None) -> str:
    """The province part of a Kemendagri area code ("33.01.01.2001" → "33"), or
    ``"unknown"`` for an empty code."""
    if not area_code:
        return UNKNOWN
    return area_code.split(".", 1)[0]


class KAnonymityError(ValueError):
    """k-anonymity cannot be met within the allowed suppression: the release is refused.
    ``needed`` rows would have to go out of ``rows`` (more than ``allowed``)."""

    def __init__(self, *, k: int, rows: int, needed: int, allowed: int):
        self.k, self.rows, self.needed, self.allowed = k, rows, needed, allowed
        super().__init__(
            f"k-anonymity with k={k} would suppress {needed} of {rows} rows; "
            f"at most {allowed} may be suppressed"
        )


@dataclass(frozen=True)
class ReleaseReport:
    """What :func:`k_anonymise` did: rows in and out, the smallest class kept, and how many
    classes and rows were suppressed (counts only, never the rows themselves)."""

    k: int
    quasi_identifiers: tuple[str, ...]
    rows_in: int
    rows_out: int
    rows_suppressed: int
    classes_kept: int
    classes_suppressed: int
    smallest_class: int | None
    max_suppression: float

    def as_dict(self) -> dict:
        return {
            "k": self.k,
            "quasi_identifiers": list(self.quasi_identifiers),
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "rows_suppressed": self.rows_suppressed,
            "classes_kept": self.classes_kept,
            "classes_suppressed": self.classes_suppressed,
            "smallest_class": self.smallest_class,
            "max_suppression": self.max_suppression,
        }


@dataclass(frozen=True)
class Release:
    """The rows to publish (input order kept among the survivors) and the report."""

    rows: list[dict]
    report: ReleaseReport


def _key(row: Mapping, quasi: Sequence[str]) -> tuple[str, ...]:
    """The row's equivalence class: its quasi-identifier values as trimmed text."""
    return tuple(("" if row[q] is None else str(row[q])).strip() for q in quasi)


def _check_columns(rows: Sequence[Mapping], quasi: Sequence[str]) -> None:
    if not quasi:
        raise ValueError("declare at least one quasi-identifier")
    if rows:
        missing = [q for q in quasi if q not in rows[0]]
        if missing:
            raise ValueError(f"unknown quasi-identifier column(s): {', '.join(missing)}")


def k_anonymise(
    rows: Sequence[Mapping],
    *,
    quasi: Sequence[str],
    k: int = DEFAULT_K,
    max_suppression: float = DEFAULT_MAX_SUPPRESSION,
) -> Release:
    """Keep the rows whose quasi-identifier values (``quasi``, column names; values compared
    as trimmed text, None as "") are shared by at least ``k`` rows; drop the others.

    Refuses with :class:`KAnonymityError` when more than ``floor(max_suppression × rows)``
    rows would be dropped. ``rows`` must already be generalised (age bands, years, provinces).
    An empty input gives an empty release. ValueError for k < 2, a share outside 0–1, no
    quasi-identifier or a column that is not in the rows.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    if not 0 <= max_suppression <= 1:
        raise ValueError("max_suppression is a share between 0 and 1")
    _check_columns(rows, quasi)
    sizes = Counter(_key(row, quasi) for row in rows)
    small = {key for key, n in sizes.items() if n < k}
    needed = sum(sizes[key] for key in small)
    allowed = int(max_suppression * len(rows) + 1e-9)
    if needed > allowed:
        raise KAnonymityError(k=k, rows=len(rows), needed=needed, allowed=allowed)
    kept = [dict(row) for row in rows if _key(row, quasi) not in small]
    kept_sizes = [n for key, n in sizes.items() if key not in small]
    report = ReleaseReport(
        k=k,
        quasi_identifiers=tuple(quasi),
        rows_in=len(rows),
        rows_out=len(kept),
        rows_suppressed=needed,
        classes_kept=len(kept_sizes),
        classes_suppressed=len(small),
        smallest_class=min(kept_sizes) if kept_sizes else None,
        max_suppression=max_suppression,
    )
    return Release(rows=kept, report=report)


def verify_release(rows: Sequence[Mapping], k: int, quasi: Sequence[str]) -> list[int]:
    """The 1-based numbers of the rows (first data row = 1) whose combination of ``quasi``
    values occurs fewer than ``k`` times: an empty list means the table is k-anonymous.
    Values are compared as text after trimming spaces (a CSV read back gives text).
    ValueError for k < 1, no quasi-identifier or an unknown column."""
    if k < 1:
        raise ValueError("k must be at least 1")
    _check_columns(rows, quasi)
    sizes = Counter(_key(row, quasi) for row in rows)
    return [n for n, row in enumerate(rows, start=1) if sizes[_key(row, quasi)] < k]
