"""My work grouped by kind, sorted by due date and paged; role homes (issue 13 §9)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.casework import services
from sigap.casework.views import MY_WORK_PER_PAGE

pytestmark = pytest.mark.django_db


def _tasks(case, actor, assignee, n):
    today = timezone.localdate()
    # Created in reverse due order: the page must sort them.
    for i in reversed(range(n)):
        services.task_create(
            case=case,
            actor=actor,
            title=f"Tugas {i:02d}",
            kind="other",
            due_on=today + timedelta(days=i - 2),  # the first two are overdue
            assignee_user=assignee,
        )


def test_my_tasks_are_sorted_by_due_date_and_paged(client, open_case, caseworker_a):
    n = MY_WORK_PER_PAGE + 3
    _tasks(open_case, caseworker_a, caseworker_a, n)
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:my-work"))
    groups = {g.key: g for g in response.context["groups"]}
    tasks = groups["tasks"]
    assert tasks.total == n
    assert tasks.overdue == 2
    titles = [t.title for t in tasks.page.object_list]
    assert titles == [f"Tugas {i:02d}" for i in range(MY_WORK_PER_PAGE)]
    body = response.content.decode()
    assert "tasks_page=2" in body
    second = client.get(reverse("casework:my-work") + "?tasks_page=2")
    page2 = {g.key: g for g in second.context["groups"]}["tasks"].page
    assert [t.title for t in page2.object_list] == [
        f"Tugas {i:02d}" for i in range(MY_WORK_PER_PAGE, n)
    ]
    assert "{#" not in body and "``param``" not in body  # no template comment leaks
    # The summary lists every kind with its count and overdue badge.
    assert 'href="#h-my-tasks"' in body and "2 lewat tenggat" in body


def test_groups_follow_the_role(client, caseworker_a, supervisor_a):
    client.force_login(caseworker_a)
    keys = [g.key for g in client.get(reverse("casework:my-work")).context["groups"]]
    assert keys == ["tasks", "followups", "received", "sent"]
    client.force_login(supervisor_a)
    keys = [g.key for g in client.get(reverse("casework:my-work")).context["groups"]]
    assert keys == ["plans", "closures", "tasks", "followups", "received", "sent"]


def test_admin_home_links_to_administration(client, platform_admin):
    client.force_login(platform_admin)
    body = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="administration"' in body
    for name in (
        "admin:accounts_user_changelist",
        "admin:agencies_agency_changelist",
        "admin:agencies_service_changelist",
        "admin:areas_area_changelist",
    ):
        assert reverse(name) in body
    assert 'id="h-referrals"' not in body


def test_leadership_home_has_no_referral_panel(client, leadership_user, caseworker_a):
    client.force_login(leadership_user)
    body = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="h-referrals"' not in body
    assert 'id="administration"' not in body
    client.force_login(caseworker_a)
    body = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="h-referrals"' in body
    assert 'id="administration"' not in body


def test_every_section_heading_writes_its_count_the_same_way(
    client, caseworker_a, secretariat_user
):
    """QA 2026-12-04: "Tugas terbuka saya (0)" beside "Laporan masyarakat yang terlambat
    ditindaklanjuti 0": the community-report and task-force sections wrote the count bare."""
    import re

    for user in (caseworker_a, secretariat_user):
        client.force_login(user)
        body = client.get(reverse("casework:my-work")).content.decode()
        counts = re.findall(r'<h2 id="([\w-]+)">[^<]*<span class="count">([^<]*)</span>', body)
        ids = [anchor for anchor, _count in counts]
        assert "h-my-tasks" in ids
        if user is secretariat_user:
            assert "h-overdue-reports" in ids and "h-tf-items" in ids
        for anchor, count in counts:
            assert re.fullmatch(r"\(\d+\)", count), (anchor, count)
