"""The main menu is rendered once per (language, role, permissions) and reused (issue 8:
~1 ms of every page); a change of permissions, role or language gives the right menu at
once, never another user's."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.urls import reverse

from sigap.core.context_processors import nav_key

pytestmark = pytest.mark.django_db


def _menu(client) -> str:
    html = client.get(reverse("reports:dashboard")).content.decode()
    start = html.index('<ul class="nav">')
    return html[start : html.index("</ul>", start)]


def test_same_role_and_permissions_share_one_key(caseworker_a, caseworker_b, supervisor_a):
    assert nav_key(caseworker_a, caseworker_a.membership) == nav_key(
        caseworker_b, caseworker_b.membership
    )
    assert nav_key(caseworker_a, caseworker_a.membership) != nav_key(
        supervisor_a, supervisor_a.membership
    )


def test_a_granted_permission_shows_at_once(client, health_provider):
    cache.clear()
    client.force_login(health_provider)
    audit_link = reverse("audit:event-list")
    assert audit_link not in _menu(client)
    health_provider.user_permissions.add(
        Permission.objects.get(content_type__app_label="audit", codename="view_auditevent")
    )
    assert audit_link in _menu(client)  # a new key, not the cached menu


def test_menus_differ_by_role_and_language(client, caseworker_a, leadership_user):
    cache.clear()
    client.force_login(caseworker_a)
    case_manager_menu = _menu(client)
    assert reverse("cases:case-list") in case_manager_menu
    assert "Kasus" in case_manager_menu
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Cases" in _menu(client)
    client.force_login(leadership_user)
    leader_menu = _menu(client)
    assert reverse("cases:case-create") not in leader_menu  # not the case manager's menu
