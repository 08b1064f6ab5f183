"""Issue 11 §2–3: the secretariat authors the RAD in the app (programmes, activities,
indicators with targets, deactivation with history), removes an attendance row, and focal
points get reminders of their agency's action items."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.casework.selectors import digest_items
from sigap.core.dates import WIB
from sigap.taskforce import services
from sigap.taskforce.models import (
    ActionItemReminder,
    Activity,
    Attendance,
    Indicator,
    IndicatorTarget,
    Programme,
    Realisation,
)
from sigap.taskforce.reminders import action_item_reminders_run
from sigap.taskforce.tests.conftest import agency

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


def _make_plan(c, task_force):
    subgroup = task_force.subgroups.get(kind="prevention")
    r = c.post(
        reverse("taskforce:programme-create"),
        {"subgroup": subgroup.pk, "name": "Edukasi sekolah", "first_year": 2025, "last_year": 2027},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    programme = Programme.objects.get(name="Edukasi sekolah")
    r = c.post(
        reverse("taskforce:activity-create", args=[programme.public_id]),
        {"name": "Sosialisasi di SMP", "agency": agency("sudin-kesehatan-jakpus").pk},
    )
    assert r.status_code == 302
    activity = Activity.objects.get(programme=programme)
    r = c.post(
        reverse("taskforce:indicator-create", args=[activity.public_id]),
        {
            "name": "Siswa terpapar edukasi",
            "unit": "orang",
            "baseline": "100",
            "baseline_year": "2024",
            "computed": "",
            "target_2025": "500",
            "target_2027": "900",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    return programme, activity, Indicator.objects.get(activity=activity)


def test_secretariat_authors_programme_activity_indicator(client, secretariat_user, task_force):
    c = _as(client, secretariat_user)
    assert c.get(reverse("taskforce:programme-create")).status_code == 200
    programme, activity, indicator = _make_plan(c, task_force)
    assert programme.subgroup.kind == "prevention" and programme.is_active
    assert activity.agency.code == "sudin-kesehatan-jakpus"
    targets = dict(
        IndicatorTarget.objects.filter(indicator=indicator).values_list("year", "target")
    )
    assert targets == {2025: Decimal("500"), 2027: Decimal("900")}
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"rad.programme_create", "rad.activity_create", "rad.indicator_create"} <= actions
    page = c.get(reverse("taskforce:rad-overview") + "?year=2025").content.decode()
    assert "Siswa terpapar edukasi" in page and "500" in page


def test_bad_forms_are_refused_in_indonesian_and_store_nothing(
    client, secretariat_user, task_force
):
    c = _as(client, secretariat_user)
    subgroup = task_force.subgroups.get(kind="prevention")
    r = c.post(
        reverse("taskforce:programme-create"),
        {"subgroup": subgroup.pk, "name": "X", "first_year": 2027, "last_year": 2025},
    )
    assert r.status_code == 400
    assert "tahun terakhir" in r.content.decode().lower()
    assert not Programme.objects.exists()
    programme, activity, _indicator = _make_plan(c, task_force)
    r = c.post(
        reverse("taskforce:indicator-create", args=[activity.public_id]),
        {"name": "", "unit": "orang", "target_2026": "-5"},
    )
    assert r.status_code == 400
    assert Indicator.objects.filter(activity=activity).count() == 1
    # a target year outside the programme: the form has no such field, the service refuses it
    with pytest.raises(Exception):  # noqa: B017 - ValidationError from the service
        services.indicator_create(
            actor=secretariat_user, activity=activity, name="y", unit="y", targets={2030: 1}
        )


def test_edit_and_deactivate_keeps_history_and_hides_from_the_plan(
    client, secretariat_user, task_force, health_provider
):
    c = _as(client, secretariat_user)
    programme, activity, indicator = _make_plan(c, task_force)
    services.realisation_report(
        actor=health_provider,
        indicator=indicator,
        year=2025,
        quarter=1,
        value=50,
        evidence="Daftar",
    )
    r = c.post(
        reverse("taskforce:indicator-edit", args=[indicator.public_id]),
        {
            "name": "Siswa SMP terpapar edukasi",
            "unit": "orang",
            "baseline": "100",
            "baseline_year": "2024",
            "computed": "",
            "target_2025": "600",
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Siswa SMP terpapar edukasi"
    assert list(indicator.targets.values_list("year", "target")) == [(2025, Decimal("600"))]
    update = AuditEvent.objects.get(action="rad.indicator_update")
    assert update.changes["name"] == ["Siswa terpapar edukasi", "Siswa SMP terpapar edukasi"]
    targets = AuditEvent.objects.get(action="rad.targets_update")
    assert targets.changes["targets"] == [{"2025": "500", "2027": "900"}, {"2025": "600"}]
    # a reported indicator with realisations cannot turn into a computed one
    r = c.post(
        reverse("taskforce:indicator-edit", args=[indicator.public_id]),
        {"name": indicator.name, "unit": "orang", "computed": "cases_reported", "is_active": "on"},
    )
    assert r.status_code == 400
    # deactivate the programme: gone from the plan, kept in the database and the audit log
    r = c.post(
        reverse("taskforce:programme-edit", args=[programme.public_id]),
        {"name": programme.name, "first_year": 2025, "last_year": 2027},
    )
    assert r.status_code == 302
    programme.refresh_from_db()
    assert programme.is_active is False
    assert AuditEvent.objects.get(action="rad.programme_update").changes["is_active"] == [
        True,
        False,
    ]
    plain = c.get(reverse("taskforce:rad-overview")).content.decode()
    assert "Siswa SMP terpapar edukasi" not in plain
    shown = c.get(reverse("taskforce:rad-overview") + "?inactive=1").content.decode()
    assert "Siswa SMP terpapar edukasi" in shown
    assert indicator.realisations.count() == 1
    # the programme's years can no longer exclude the targets already set
    r = c.post(
        reverse("taskforce:programme-edit", args=[programme.public_id]),
        {"name": programme.name, "first_year": 2026, "last_year": 2027, "is_active": "on"},
    )
    assert r.status_code == 400


def test_only_the_secretariat_authors(client, secretariat_user, task_force, health_provider):
    programme, activity, indicator = _make_plan(_as(client, secretariat_user), task_force)
    c = _as(client, health_provider)
    for url in (
        reverse("taskforce:programme-create"),
        reverse("taskforce:programme-edit", args=[programme.public_id]),
        reverse("taskforce:activity-create", args=[programme.public_id]),
        reverse("taskforce:indicator-edit", args=[indicator.public_id]),
    ):
        assert c.get(url).status_code == 403
        assert c.post(url, {"name": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.activity_update(
            actor=health_provider,
            activity=activity,
            name="x",
            agency=activity.agency,
            is_active=True,
        )
    # the responsible agency still reports its realisation on the indicator page
    r = c.post(
        reverse("taskforce:indicator-detail", args=[indicator.public_id]),
        {"year": 2025, "quarter": 2, "value": "12", "evidence": "Daftar hadir"},
    )
    assert r.status_code == 302


def test_secretariat_removes_an_attendance_row(client, secretariat_user, meeting, health_provider):
    row = services.attendance_record(
        actor=secretariat_user,
        meeting=meeting,
        agency=agency("sudin-kesehatan-jakpus"),
        person_name="dr. Salah Ketik",
        position="Kepala",
        present=True,
    )
    url = reverse("taskforce:attendance-remove", args=[meeting.public_id, row.public_id])
    assert _as(client, health_provider).post(url).status_code == 403
    c = _as(client, secretariat_user)
    assert (
        "attendance-remove"
        in c.get(reverse("taskforce:meeting-detail", args=[meeting.public_id])).content.decode()
    )
    r = c.post(url)
    assert r.status_code == 302
    assert not Attendance.objects.filter(pk=row.pk).exists()
    event = AuditEvent.objects.get(action="meeting.attendance_remove")
    assert "Salah Ketik" not in str(event.changes)
    assert c.post(url).status_code == 404  # already gone


@pytest.fixture
def focal_item(task_force, meeting, secretariat_user, health_provider):
    health_provider.email = "fokal@kesehatan.example"
    health_provider.save(update_fields=["email"])
    services.member_set(
        actor=secretariat_user,
        task_force=task_force,
        agency=agency("sudin-kesehatan-jakpus"),
        focal_point=health_provider,
    )
    return services.action_item_create(
        actor=secretariat_user,
        meeting=meeting,
        owner_agency=agency("sudin-kesehatan-jakpus"),
        description="Skrining kesehatan Ibu Rahasiafokal",
        due_on=date(2024, 9, 30),
    )


def test_reminders_once_per_stage_to_the_focal_point_without_item_text(
    focal_item, mailoutbox, django_capture_on_commit_callbacks
):
    too_early = action_item_reminders_run(now=datetime(2024, 9, 20, 8, 0, tzinfo=WIB))
    assert (too_early.due_soon, too_early.overdue) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        soon = action_item_reminders_run(now=datetime(2024, 9, 27, 8, 0, tzinfo=WIB))
    assert (soon.due_soon, soon.overdue) == (1, 0)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["fokal@kesehatan.example"]
    assert "30-09-2024" in mailoutbox[0].subject
    assert "Rahasiafokal" not in mailoutbox[0].body + mailoutbox[0].subject
    assert str(focal_item.public_id) in mailoutbox[0].body
    again = action_item_reminders_run(now=datetime(2024, 9, 28, 8, 0, tzinfo=WIB))
    assert (again.due_soon, again.overdue) == (0, 0) and len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        late = action_item_reminders_run(now=datetime(2024, 10, 1, 8, 0, tzinfo=WIB))
    assert (late.due_soon, late.overdue) == (0, 1) and len(mail.outbox) == 2
    assert action_item_reminders_run(now=datetime(2024, 10, 5, 8, 0, tzinfo=WIB)).overdue == 0
    assert ActionItemReminder.objects.filter(action_item=focal_item).count() == 2
    assert AuditEvent.objects.filter(action="action_item.remind").count() == 2


def test_done_items_and_agencies_without_focal_point_get_no_mail(
    meeting, secretariat_user, mailoutbox
):
    services.action_item_create(
        actor=secretariat_user,
        meeting=meeting,
        owner_agency=agency("polres-jakpus-ppa"),  # member without a focal point
        description="Patroli",
        due_on=date(2024, 9, 1),
    )
    run = action_item_reminders_run(now=datetime(2024, 9, 27, 8, 0, tzinfo=WIB))
    assert (run.due_soon, run.overdue, run.no_recipient) == (0, 0, 1)
    assert mailoutbox == [] and not ActionItemReminder.objects.exists()


def test_digest_lists_the_focal_points_overdue_items(focal_item, health_provider, police_officer):
    items = digest_items(user=health_provider, today=date(2024, 10, 1))
    labels = [label for label, _what in items.overdue]
    assert "Rapat 03-07-2024" in labels
    assert not [
        label
        for label, _w in digest_items(user=police_officer, today=date(2024, 10, 1)).overdue
        if label.startswith("Rapat")
    ]


def test_other_agencies_cannot_report_or_author_on_an_indicator_not_theirs(
    client, secretariat_user, task_force, health_provider, police_officer, caseworker_b
):
    _programme, _activity, indicator = _make_plan(_as(client, secretariat_user), task_force)
    url = reverse("taskforce:indicator-detail", args=[indicator.public_id])
    form = {"year": 2025, "quarter": 1, "value": "9", "evidence": "Daftar hadir"}
    # a member agency that is not responsible reads the plan but may not report on it
    c = _as(client, police_officer)
    assert c.get(url).status_code == 200
    assert c.post(url, form).status_code == 403
    assert c.get(reverse("taskforce:indicator-edit", args=[indicator.public_id])).status_code == 403
    # an agency outside the task force does not see the indicator at all
    c = _as(client, caseworker_b)
    assert c.get(url).status_code == 404
    assert c.post(url, form).status_code == 404
    assert not Realisation.objects.filter(indicator=indicator).exists()
    # the responsible agency's report is stored under its own agency
    assert _as(client, health_provider).post(url, form).status_code == 302
    row = Realisation.objects.get(indicator=indicator)
    assert row.agency.code == "sudin-kesehatan-jakpus" and row.value == Decimal("9")


def test_reminder_task_sends_once_per_stage_when_run_twice(
    focal_item, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import timezone

    from sigap.taskforce.tasks import action_item_reminders_task

    monkeypatch.setattr(timezone, "now", lambda: datetime(2024, 9, 28, 8, 0, tzinfo=WIB))
    with django_capture_on_commit_callbacks(execute=True):
        first = action_item_reminders_task.enqueue()
    assert first.return_value == {
        "today": "2024-09-28",
        "due_soon": 1,
        "overdue": 0,
        "no_recipient": 0,
    }
    with django_capture_on_commit_callbacks(execute=True):
        again = action_item_reminders_task.enqueue()
    assert again.return_value["due_soon"] == 0 and len(mailoutbox) == 1
    monkeypatch.setattr(timezone, "now", lambda: datetime(2024, 10, 2, 8, 0, tzinfo=WIB))
    with django_capture_on_commit_callbacks(execute=True):
        late = action_item_reminders_task.enqueue()
        late_again = action_item_reminders_task.enqueue()
    assert (late.return_value["overdue"], late_again.return_value["overdue"]) == (1, 0)
    assert len(mailoutbox) == 2 and "Rahasiafokal" not in mailoutbox[1].body
