"""One fixed-window rate limiter for anonymous public pages (no third-party service).

Used by the public job-offer check (``/cek-lowongan/``) and the public reporting pages
(``/lapor/``): abuse protection required by issue 9 §1 without an external captcha service.
"""

from __future__ import annotations

from django.core.cache import cache


def client_address(request) -> str:
    """The client's address as the server saw it (``REMOTE_ADDR``; the proxy sets it).

    Returns ``"unknown"`` when absent. The address is used only as a cache key, never logged.
    """
    return request.META.get("REMOTE_ADDR") or "unknown"


def over_limit(scope: str, request, *, limit: int, window: int) -> bool:
    """Count one hit for ``scope`` from this client and say whether it exceeds ``limit``.

    ``scope``: a short name of what is limited (e.g. ``"jobcheck"``, ``"prevention:submit"``);
    ``limit``: hits allowed per window; ``window``: window length in seconds (fixed window,
    starting at the first hit). Returns True from hit ``limit + 1`` on until the window ends.
    Works on any Django cache backend (``add`` then ``incr``; a key evicted between the two
    starts a new window).
    """
    key = f"ratelimit:{scope}:{client_address(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count > limit
