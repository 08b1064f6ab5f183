"""The authentication backend: Django's ``ModelBackend`` with fewer queries per request.

Every authenticated page reads the user, their membership and agency (``membership_of``, the
scope of every list) and their permissions (menus, ``permission_required``). Django's
``ModelBackend`` makes four queries of that on each request: the user, then the membership
and the agency when first touched, and the permissions in two queries (the user's own and
their groups'). :class:`SigapModelBackend` makes two: the user with the membership and agency
joined, and the permissions in one ``UNION`` (issue 8 §4: pages that do not grow with
their fixed costs either). Which permissions a user has and who may log in are unchanged:
the same rows are read, only fewer times.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class SigapModelBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` joins ``membership`` and ``membership.agency`` and
    whose ``get_all_permissions`` reads the user's and their groups' permissions in one query.

    ``get_user(user_id) -> User | None``: None for an unknown id or a user who may not log in
    (``is_active`` false), as ``ModelBackend``. ``get_all_permissions(user, obj=None) ->
    set[str]`` of ``"app_label.codename"``: empty for inactive or anonymous users and for
    object permissions (``obj`` given), every permission for superusers; cached on the user
    object for the request (``_perm_cache``, Django's own attribute)."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("membership__agency").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                rows = Permission.objects.values_list(*fields).order_by()
            else:
                own = Permission.objects.filter(user=user_obj).values_list(*fields).order_by()
                groups = Permission.objects.filter(group__user=user_obj)
                rows = own.union(groups.values_list(*fields).order_by())
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
