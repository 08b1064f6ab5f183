"""Template context shared by every page."""

from django.http import HttpRequest


def sigap(request: HttpRequest) -> dict:
    """Return ``{"membership": Membership | None}`` for the logged-in user (None if anonymous)."""
    user = getattr(request, "user", None)
    membership = None
    if user is not None and user.is_authenticated:
        membership = getattr(user, "membership", None)
    return {"membership": membership}
