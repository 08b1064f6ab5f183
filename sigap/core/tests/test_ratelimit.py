"""The one rate limiter of the public pages (sigap.core.ratelimit)."""

from django.core.cache import cache
from django.test import RequestFactory

from sigap.core.ratelimit import over_limit


def _request(addr):
    return RequestFactory().get("/", REMOTE_ADDR=addr)


def test_limit_counts_per_scope_and_client():
    cache.clear()
    a, b = _request("10.0.0.1"), _request("10.0.0.2")
    hits = [over_limit("t", a, limit=3, window=60) for _ in range(5)]
    assert hits == [False, False, False, True, True]
    # another client and another scope have their own windows
    assert over_limit("t", b, limit=3, window=60) is False
    assert over_limit("other", a, limit=3, window=60) is False
