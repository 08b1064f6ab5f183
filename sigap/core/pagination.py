"""A paginator whose count stops at a cap, so no page view counts a whole table (issue 8 §4).

Django's ``Paginator`` runs ``SELECT COUNT(*)`` over every matching row before it shows page
one: at a million cases that count, not the page, is most of the time. ``CappedPaginator``
counts at most ``cap + 1`` rows (``SELECT COUNT(*) FROM (... LIMIT cap + 1)``), which an
index serves in bounded time, and reports whether the true number is larger. Pages past the
cap are not offered: a person narrows the list with filters or search instead (a list of more
than ``cap`` rows is read through exports, not by paging).
"""

from __future__ import annotations

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
            return objects[: self.cap + 1].count()
        return len(objects[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        """Matching rows, at most ``cap``."""
        return min(self._bounded_count, self.cap)

    @cached_property
    def count_capped(self) -> bool:
        """True when more than ``cap`` rows match (the count shown is a lower bound)."""
        return self._bounded_count > self.cap
