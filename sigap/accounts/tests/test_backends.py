"""The authentication backend (``sigap.accounts.backends``): same answers as Django's
``ModelBackend``, fewer queries per request (issue 8 §4)."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.accounts.backends import SigapModelBackend
from sigap.accounts.models import User
from sigap.agencies.choices import Role

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no permission cache on the instance


def test_permissions_equal_model_backend_for_every_role(make_user):
    ours, django = SigapModelBackend(), ModelBackend()
    users = [
        make_user(Role.CASE_MANAGER, "upt-ppa-dki"),
        make_user(Role.SECRETARIAT, "sudin-ppapp-jakpus"),
        make_user(Role.SERVICE_PROVIDER, "sudin-kesehatan-jakpus"),
        make_user(Role.REPORTER, "kelurahan-31-71-03-1001"),
    ]
    for user in users:
        expected = django.get_all_permissions(_fresh(user))
        assert expected, "every role has some permission"
        assert ours.get_all_permissions(_fresh(user)) == expected


def test_own_and_group_permissions_are_both_counted(make_user):
    user = make_user(Role.REPORTER, "kelurahan-31-71-03-1001")
    extra = Permission.objects.get(codename="view_aggregates", content_type__app_label="cases")
    group = Group.objects.create(name="extra-group")
    group_perm = Permission.objects.get(codename="view_auditevent")
    group.permissions.add(group_perm)
    assert "cases.view_aggregates" not in SigapModelBackend().get_all_permissions(_fresh(user))

    user.user_permissions.add(extra)
    user.groups.add(group)
    perms = SigapModelBackend().get_all_permissions(_fresh(user))
    assert "cases.view_aggregates" in perms
    assert f"{group_perm.content_type.app_label}.view_auditevent" in perms
    assert perms == ModelBackend().get_all_permissions(_fresh(user))


def test_superuser_has_all_and_inactive_none(make_user):
    user = make_user(Role.REPORTER, "kelurahan-31-71-03-1001")
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert len(SigapModelBackend().get_all_permissions(_fresh(user))) == Permission.objects.count()
    User.objects.filter(pk=user.pk).update(is_active=False)
    inactive = _fresh(user)
    assert SigapModelBackend().get_all_permissions(inactive) == set()
    assert not SigapModelBackend().has_perm(inactive, "cases.view_case")
    assert SigapModelBackend().get_user(user.pk) is None  # may not log in


def test_object_permissions_are_not_given(make_user):
    user = make_user(Role.CASE_MANAGER, "upt-ppa-dki")
    assert SigapModelBackend().get_all_permissions(_fresh(user), obj=user) == set()


def test_get_user_joins_membership_and_agency(make_user):
    user = make_user(Role.CASE_MANAGER, "upt-ppa-dki")
    loaded = SigapModelBackend().get_user(user.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert loaded.membership.agency.code == "upt-ppa-dki"
        assert loaded.membership.role == Role.CASE_MANAGER
    assert len(ctx.captured_queries) == 0
    assert SigapModelBackend().get_user(10**9) is None


def test_user_without_membership_loads(reference):
    from sigap.accounts.services import user_create
    from sigap.cases.access import membership_of

    user = user_create(username="no-agency", password="x" * 16, first_name="No")
    loaded = SigapModelBackend().get_user(user.pk)
    assert loaded.pk == user.pk
    with CaptureQueriesContext(connection) as ctx:
        assert membership_of(loaded) is None
    assert len(ctx.captured_queries) == 0


def test_a_page_reads_user_membership_and_permissions_in_two_queries(client, make_user):
    user = make_user(Role.CASE_MANAGER, "upt-ppa-dki")
    client.force_login(user)
    assert client.session["_auth_user_backend"] == "sigap.accounts.backends.SigapModelBackend"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    agency_load = (
        f'FROM "agencies_agency" WHERE "agencies_agency"."id" = {user.membership.agency_id}'
    )
    assert not [sql for sql in sqls if 'FROM "agencies_membership"' in sql]
    assert not [sql for sql in sqls if agency_load in sql]
    assert len([sql for sql in sqls if 'FROM "auth_permission"' in sql]) == 1
