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


@pytest.mark.django_db
def test_a_truncated_source_is_capped_whatever_its_count(open_case):
    """A case list drawn from a bounded set of candidates (``mark_truncated``, which every
    clone keeps) reports a lower bound, and its last page offers no cursor into nothing."""
    from sigap.cases.models import Case
    from sigap.core.pagination import keyset_page

    plain = Case.objects.all()
    truncated = plain.mark_truncated().filter(pk=open_case.pk).order_by("-id")
    assert not CappedPaginator(plain, 10).count_capped
    paginator = CappedPaginator(truncated.values("pk"), 10)
    assert (paginator.count, paginator.count_capped, paginator.source_truncated) == (1, True, True)
    page = keyset_page(truncated, per_page=10, order=["-reported_on", "-id"], scope="t")
    assert page.paginator.count_capped and not page.has_next
