"""Template context shared by every page."""

import hashlib

from django.http import HttpRequest


def nav_key(user, membership) -> str:
    """What the main menu of ``base.html`` depends on, as a short key: the membership's role
    (or ``-``) and a digest of the user's permissions. Users with the same key see the same
    menu, so its rendered HTML is cached under it (with the language; ``{% cache %}``): the
    menu's 14 permission checks, 14 reversed URLs and translations cost ~1 ms per page
    (issue 8). A change of role or permissions changes the key, so no menu is ever stale."""
    perms = sorted(user.get_all_permissions())
    digest = hashlib.blake2b("\n".join(perms).encode(), digest_size=8).hexdigest()
    return f"{membership.role if membership else '-'}:{digest}"


def sigap(request: HttpRequest) -> dict:
    """Return ``{"membership": Membership | None, "nav_key": callable}`` for the logged-in
    user (None and an empty key if anonymous); ``nav_key`` is computed only where a template
    reads it (see :func:`nav_key`)."""
    user = getattr(request, "user", None)
    membership = None
    if user is not None and user.is_authenticated:
        membership = getattr(user, "membership", None)
        return {"membership": membership, "nav_key": lambda: nav_key(user, membership)}
    return {"membership": membership, "nav_key": ""}
