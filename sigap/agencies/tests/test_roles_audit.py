"""Changes of role permissions are audited (issue 3 §5); roles are code-defined, so the Group
admin is read-only."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory

from sigap.agencies.choices import Role
from sigap.agencies.roles import ROLE_PERMISSIONS, roles_sync
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ACTION = "role.permissions_sync"


def test_first_sync_records_each_role_created(reference):
    events = AuditEvent.objects.filter(action=ACTION)
    assert {e.changes["role"] for e in events} == set(Role.values)
    leadership = next(e for e in events if e.changes["role"] == Role.LEADERSHIP)
    assert leadership.changes["created"] is True
    assert leadership.changes["added"] == sorted(ROLE_PERMISSIONS[Role.LEADERSHIP])
    assert leadership.changes["removed"] == []


def test_sync_without_changes_records_nothing(reference):
    before = AuditEvent.objects.filter(action=ACTION).count()
    roles_sync()
    assert AuditEvent.objects.filter(action=ACTION).count() == before


def test_sync_records_added_and_removed_permissions(reference):
    group = Group.objects.get(name=Role.LEADERSHIP)
    group.permissions.add(Permission.objects.get(codename="view_case"))
    group.permissions.remove(Permission.objects.get(codename="view_aggregates"))
    before = set(AuditEvent.objects.filter(action=ACTION).values_list("pk", flat=True))
    roles_sync()
    (event,) = AuditEvent.objects.filter(action=ACTION).exclude(pk__in=before)
    assert event.changes == {
        "role": Role.LEADERSHIP,
        "created": False,
        "added": ["cases.view_aggregates"],
        "removed": ["cases.view_case"],
    }
    assert event.actor_id is None


def test_export_identities_is_created_and_given_to_supervisors_only(reference):
    assert Permission.objects.filter(
        content_type__app_label="cases", codename="export_identities"
    ).exists()
    holders = {
        role for role, perms in ROLE_PERMISSIONS.items() if "cases.export_identities" in perms
    }
    assert holders == {Role.SUPERVISOR}


def test_group_admin_is_read_only(reference, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x" * 20)
    request = RequestFactory().get("/")
    request.user = root
    model_admin = admin.site._registry[Group]
    group = Group.objects.get(name=Role.CASE_MANAGER)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, group)
    assert not model_admin.has_delete_permission(request, group)
    assert model_admin.has_view_permission(request, group)
