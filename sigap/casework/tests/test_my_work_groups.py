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


def test_my_work_leaves_out_ordinary_tasks_of_closed_cases_and_links_case_numbers(
    client, open_case, caseworker_a
):
    """A task left open on a closed case (closed before closure cancelled tasks) is no work:
    My work and the digest leave it out; a reintegration follow-up of that case stays. Each
    case number links to the case page."""
    from sigap.cases.models import Case
    from sigap.casework.selectors import digest_items

    _tasks(open_case, caseworker_a, caseworker_a, 2)  # both overdue
    victim = open_case.participants.filter(role="victim").first()
    services.followups_schedule(
        case=open_case,
        participant=victim,
        start_on=timezone.localdate() - timedelta(days=40),
        actor=caseworker_a,
    )
    Case.objects.filter(pk=open_case.pk).update(status="closed", closed_at=timezone.now())

    client.force_login(caseworker_a)
    response = client.get(reverse("casework:my-work"))
    groups = {g.key: g for g in response.context["groups"]}
    assert [t.kind for t in groups["tasks"].page.object_list] == ["follow_up"] * 4
    assert [t.followup_month for t in groups["followups"].page.object_list] == [1]
    body = response.content.decode()
    assert "Tugas 00" not in body
    link = reverse("cases:case-detail", args=[open_case.public_id])
    assert f'<a href="{link}">{open_case.number}</a>' in body
    assert client.get(link).status_code == 200

    items = digest_items(user=caseworker_a, today=timezone.localdate())
    assert [number for number, _what in items.overdue] == [open_case.number]  # the follow-up


def test_closure_pages_name_the_tasks_the_closure_cancels(
    client, open_case, caseworker_a, supervisor_a
):
    _tasks(open_case, caseworker_a, caseworker_a, 1)
    victim = open_case.participants.filter(role="victim").first()
    services.followups_schedule(
        case=open_case, participant=victim, start_on=timezone.localdate(), actor=caseworker_a
    )
    services.closure_request(case=open_case, actor=caseworker_a, reason="other", note="x")
    client.force_login(supervisor_a)
    body = client.get(reverse("casework:closure-decide", args=[open_case.public_id])).content
    notice = body.decode().split('id="closure-tasks-cancelled"')[1].split("</div>")[0]
    assert "Tugas 00" in notice
    assert "Pemantauan" not in notice.split("</p>")[1]  # the follow-ups are not listed


def test_my_work_says_when_a_group_holds_more_than_it_shows(
    client, open_case, caseworker_a, monkeypatch
):
    """Each group reads at most ``MY_WORK_LIMIT`` rows; with more, the page must say "more
    than N" and that it shows the most urgent first, not a count that reads as the total."""
    from sigap.casework import selectors

    monkeypatch.setattr(selectors, "MY_WORK_LIMIT", 3)
    _tasks(open_case, caseworker_a, caseworker_a, 4)
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:my-work"))
    tasks = {g.key: g for g in response.context["groups"]}["tasks"]
    assert tasks.more and tasks.total == 3
    assert [t.title for t in tasks.page.object_list] == ["Tugas 00", "Tugas 01", "Tugas 02"]
    body = response.content.decode()
    assert "lebih dari 3" in body
    assert "Ditampilkan 3 yang pertama, yang paling mendesak lebih dulu." in body
    monkeypatch.setattr(selectors, "MY_WORK_LIMIT", 4)
    exact = client.get(reverse("casework:my-work"))
    tasks = {g.key: g for g in exact.context["groups"]}["tasks"]
    assert not tasks.more and tasks.total == 4
    assert "lebih dari" not in exact.content.decode().split('id="h-my-tasks"', 1)[1][:200]
