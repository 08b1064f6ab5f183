"""CappedPaginator: counts at most cap + 1 rows, whatever the table size (issue 8 §4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.areas.models import Area
from sigap.core.pagination import CappedPaginator


def test_list_below_and_above_the_cap():
    below = CappedPaginator(list(range(7)), 3, cap=10)
    assert (below.count, below.count_capped, below.num_pages) == (7, False, 3)
    above = CappedPaginator(list(range(50)), 3, cap=10)
    assert (above.count, above.count_capped, above.num_pages) == (10, True, 4)
    assert list(above.page(4).object_list) == [9]


@pytest.mark.django_db
def test_queryset_count_is_bounded_by_a_limit(reference):
    qs = Area.objects.order_by("code")
    total = qs.count()
    assert total > 5
    paginator = CappedPaginator(qs, 2, cap=5)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 5 and paginator.count_capped
    assert len(queries) == 1
    assert "LIMIT 6" in queries[0]["sql"]  # never a count of the whole table
    exact = CappedPaginator(qs, 2, cap=total)
    assert exact.count == total and not exact.count_capped
