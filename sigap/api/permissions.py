"""Base permission classes for the API (STYLE B3/B8).

Two questions, two places:

- *Which actions* a user may take: Django model permissions granted through the role's Group.
  :class:`ActionPermission` maps each viewset action to the permissions it needs and answers
  403 when the role lacks one.
- *Which records* a user sees: the viewset's ``get_queryset()`` (or ``get_object()``) starts
  from ``visible_to(user)`` through the domain selectors, so a record outside the user's scope
  answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission


class ActionPermission(BasePermission):
    """Require the Django permissions listed for the current action.

    The view declares ``action_permissions = {"list": ["cases.view_case"], ...}``; the key
    ``"*"`` applies to actions not listed. An action with no entry at all is refused (a new
    endpoint must state its rule). Anonymous users are left to ``IsAuthenticated`` (401).
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        table: dict[str, list[str]] = getattr(view, "action_permissions", {})
        action = getattr(view, "action", None) or request.method.lower()
        if action in table:
            required = table[action]
        elif "*" in table:
            required = table["*"]
        else:
            return False
        return user.has_perms(required)
