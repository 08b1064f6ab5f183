"""A paginator whose count stops at a cap, so no page view counts a whole table (issue 8 §4).

Django's ``Paginator`` runs ``SELECT COUNT(*)`` over every matching row before it shows page
one: at a million cases that count, not the page, is most of the time. ``CappedPaginator``
counts at most ``cap + 1`` rows (``SELECT COUNT(*) FROM (... LIMIT cap + 1)``), which an
index serves in bounded time, and reports whether the true number is larger. Pages past the
cap are not offered: a person narrows the list with filters or search instead (a list of more
than ``cap`` rows is read through exports, not by paging).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """``Paginator`` with ``count`` at most ``cap`` (default ``COUNT_CAP``, rows).

    ``count_capped`` is True when more rows match than ``cap``; ``count`` is then ``cap`` and
    ``num_pages`` is ``ceil(cap / per_page)``. Accepts a QuerySet or a list like Paginator.
    """

    def __init__(self, object_list, per_page, *args, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _bounded_count(self) -> int:
        objects = self.object_list
        if hasattr(objects, "count") and hasattr(objects, "query"):
            # Count ids only, unordered: no sort and no joined columns of the page query.
            return objects.order_by().values("pk")[: self.cap + 1].count()
        return len(objects[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        """Matching rows, at most ``cap``."""
        return min(self._bounded_count, self.cap)

    @cached_property
    def source_truncated(self) -> bool:
        """True when the list was drawn from a bounded set of candidates (a queryset with
        ``source_truncated``, e.g. a name search of more than ``COUNT_CAP`` matches narrowed
        by a filter): its count is a lower bound even under the cap."""
        return bool(getattr(self.object_list, "source_truncated", False))

    @cached_property
    def count_capped(self) -> bool:
        """True when more than ``cap`` rows match, or the list's source was truncated: the
        count shown is a lower bound ("more than")."""
        return self._bounded_count > self.cap or self.source_truncated


# --- Keyset (seek) pagination ------------------------------------------------------------------

KEYSET_FROM_PAGE = 10  # pages 1-10 by number (OFFSET ≤ 9 pages); later pages by cursor
CURSOR_SALT = "sigap.core.pagination.keyset"


@dataclass
class KeysetPage:
    """One page of a list ordered by a unique key, reached by page number or by cursor.

    ``object_list``: the rows of the page, in list order. ``number``: the page number when known
    (None after jumping to the last page of a list longer than the cap). ``next_query`` /
    ``previous_query``: the query parameter that leads to the neighbouring page (``page=N`` for
    the first ``KEYSET_FROM_PAGE`` pages, else ``cursor=…``), or "" when there is none.
    ``paginator``: the :class:`CappedPaginator` of the list (``count``, ``count_capped``,
    ``num_pages``). ``is_last``: the page was reached through "last".
    """

    object_list: list
    number: int | None
    paginator: CappedPaginator
    has_next: bool
    has_previous: bool
    next_query: str = ""
    previous_query: str = ""
    is_last: bool = False

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _fields(order: list[str]) -> list[tuple[str, bool]]:
    return [(name.lstrip("-"), name.startswith("-")) for name in order]


def _key_of(obj, fields) -> list:
    return [getattr(obj, "pk" if name == "id" else name) for name, _ in fields]


def encode_cursor(values: list, *, forward: bool, number: int | None, scope: str) -> str:
    """An opaque, signed cursor: the order key of the boundary row (dates, numbers and the
    row id: nothing personal), the direction and the page number it leads to. ``scope`` names
    the list, so a cursor of one list is refused by another."""
    payload = {
        "v": [v.isoformat() if hasattr(v, "isoformat") else v for v in values],
        "f": 1 if forward else 0,
        "n": number,
    }
    return signing.dumps(payload, salt=f"{CURSOR_SALT}:{scope}", compress=True)


def decode_cursor(cursor: str, *, model, order: list[str], scope: str):
    """``(values, forward, number)`` from :func:`encode_cursor`, or None when the cursor is
    malformed, tampered with or made for another list (the caller then shows page one)."""
    try:
        payload = signing.loads(cursor, salt=f"{CURSOR_SALT}:{scope}")
        fields = _fields(order)
        raw = payload["v"]
        if len(raw) != len(fields):
            return None
        values = [
            model._meta.get_field(name).to_python(value)
            for (name, _), value in zip(fields, raw, strict=True)
        ]
        number = payload.get("n")
        return values, bool(payload["f"]), number if isinstance(number, int) else None
    except (signing.BadSignature, KeyError, TypeError, ValueError, ValidationError, LookupError):
        return None


def seek(queryset, *, order: list[str], after: list | None, forward: bool, limit: int) -> list:
    """Up to ``limit`` rows of ``queryset`` that come after (``forward``) or before the row
    whose order key is ``after``, in list order (backward rows are returned reversed to list
    order by the caller). ``order``: field names with ``-`` for descending, ending with a
    unique field (``id``); no field may be NULL.

    The lexicographic "after" is split into one query per key column: rows equal on the first
    ``i`` columns and beyond on column ``i + 1``, deepest first. Each is an equality prefix and
    one range on an index in the same column order, so each is an index seek (no OR that the
    planner cannot bound, no OFFSET): at most ``len(order)`` queries of at most ``limit`` rows.
    """
    fields = _fields(order)
    ordering = order if forward else [n[1:] if n.startswith("-") else f"-{n}" for n in order]
    if after is None:
        return list(queryset.order_by(*ordering)[:limit])
    rows: list = []
    for i in range(len(fields) - 1, -1, -1):
        prefix = {name: after[j] for j, (name, _) in enumerate(fields[:i])}
        name, desc = fields[i]
        lookup = "lt" if desc == forward else "gt"
        part = queryset.filter(**prefix, **{f"{name}__{lookup}": after[i]}).order_by(*ordering)
        rows.extend(part[: limit - len(rows)])
        if len(rows) >= limit:
            break
    return rows


def keyset_page(
    queryset,
    *,
    per_page: int,
    order: list[str],
    scope: str,
    page: str | int | None = None,
    cursor: str | None = None,
    last: bool = False,
    keyset_from: int = KEYSET_FROM_PAGE,
) -> KeysetPage:
    """The page asked for by ``page`` (a number, served by OFFSET: bookmarks and the first
    pages), ``cursor`` (a seek from a boundary row, any depth, bounded cost) or ``last`` (the
    end of the list, a seek in reverse order). Links of pages past ``keyset_from`` are cursors,
    so walking deep into a list never grows an OFFSET. The count stays capped
    (:class:`CappedPaginator`).

    ``order`` must be the queryset's order (ending with ``id``); ``scope`` names the list for
    the cursor signature. A bad cursor or page number gives page one.
    """
    paginator = CappedPaginator(queryset.order_by(*order), per_page)
    fields = _fields(order)
    decoded = (
        decode_cursor(cursor, model=queryset.model, order=order, scope=scope) if cursor else None
    )

    def _link(obj, *, forward: bool, number: int | None) -> str:
        if number is not None and number <= keyset_from:
            return f"page={number}"
        token = encode_cursor(_key_of(obj, fields), forward=forward, number=number, scope=scope)
        return f"cursor={token}"

    if decoded is None and not last:
        django_page = paginator.get_page(page)
        rows = list(django_page.object_list)
        number = django_page.number
        has_next = django_page.has_next()
        if not has_next and paginator.count_capped and not paginator.source_truncated and rows:
            has_next = True  # the list goes on past the cap: continue by cursor
        has_previous = django_page.has_previous()
        return KeysetPage(
            object_list=rows,
            number=number,
            paginator=paginator,
            has_next=has_next,
            has_previous=has_previous,
            next_query=_link(rows[-1], forward=True, number=number + 1) if has_next else "",
            previous_query=f"page={number - 1}" if has_previous else "",
        )

    if last:
        values, forward, number = None, False, None
        if not paginator.count_capped:
            number = paginator.num_pages
    else:
        values, forward, number = decoded
    rows = seek(queryset, order=order, after=values, forward=forward, limit=per_page + 1)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()
    if last and number is not None:
        # the last page holds the remainder, so its boundary is the page boundary of page one
        remainder = paginator.count - (number - 1) * per_page
        rows = rows[len(rows) - remainder :] if 0 < remainder < len(rows) else rows
        more = number > 1
    has_next = more if forward else values is not None
    has_previous = True if forward else more
    if last:
        has_next = False
    if number is not None and number < 1:
        number = None
    if not rows:
        return keyset_page(queryset, per_page=per_page, order=order, scope=scope)
    return KeysetPage(
        object_list=rows,
        number=number,
        paginator=paginator,
        has_next=has_next,
        has_previous=has_previous,
        next_query=_link(rows[-1], forward=True, number=number + 1 if number else None)
        if has_next
        else "",
        previous_query=_link(rows[0], forward=False, number=number - 1 if number else None)
        if has_previous
        else "",
        is_last=last,
    )
