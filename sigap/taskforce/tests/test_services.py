from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sigap.audit.models import AuditEvent
from sigap.core.dates import WIB, indonesian_long_date
from sigap.taskforce import services
from sigap.taskforce.choices import ActionItemStatus, MeetingStatus
from sigap.taskforce.models import ActionItem, CarriedItem, SubTaskForce
from sigap.taskforce.tests.conftest import agency, meeting_data

pytestmark = pytest.mark.django_db


def _events(action, target):
    return AuditEvent.objects.filter(action=action, target_public_id=target.public_id)


def test_long_date_is_written_out_in_indonesian():
    assert indonesian_long_date(date(2024, 7, 3)) == "Rabu, 3 Juli 2024"
    assert indonesian_long_date(date(2026, 12, 6)) == "Minggu, 6 Desember 2026"
    # 23:30 UTC on 2 July is already 3 July in Jakarta (WIB, UTC+7)
    from datetime import UTC

    assert indonesian_long_date(datetime(2024, 7, 2, 23, 30, tzinfo=UTC)) == "Rabu, 3 Juli 2024"
    assert indonesian_long_date(date(2024, 2, 29), weekday=False) == "29 Februari 2024"


def test_task_force_gets_six_subgroups_and_is_audited(task_force):
    assert SubTaskForce.objects.filter(task_force=task_force).count() == 6
    assert _events("taskforce.create", task_force).count() == 1


def test_task_force_update_audits_old_and_new(task_force, secretariat_user):
    services.task_force_save(actor=secretariat_user, task_force=task_force, chair="Pj Wali Kota")
    event = _events("taskforce.update", task_force).get()
    assert event.changes == {"chair": ["Wali Kota", "Pj Wali Kota"]}


def test_period_must_not_end_before_start(task_force, secretariat_user):
    with pytest.raises(ValidationError):
        services.task_force_save(
            actor=secretariat_user, task_force=task_force, period_end=date(2023, 1, 1)
        )


def test_only_secretariat_manages(task_force, health_provider, leadership_user):
    for user in (health_provider, leadership_user):
        with pytest.raises(PermissionDenied):
            services.meeting_schedule(actor=user, task_force=task_force, data=meeting_data())


def test_focal_point_must_belong_to_the_agency(task_force, secretariat_user, health_provider):
    with pytest.raises(ValidationError):
        services.member_set(
            actor=secretariat_user,
            task_force=task_force,
            agency=agency("polres-jakpus-ppa"),
            focal_point=health_provider,
        )
    member = services.member_set(
        actor=secretariat_user,
        task_force=task_force,
        agency=agency("sudin-kesehatan-jakpus"),
        focal_point=health_provider,
    )
    assert member.focal_point == health_provider
    assert _events("taskforce.member_update", member).count() == 1


def test_meeting_schedule_is_audited_and_needs_aware_time(task_force, secretariat_user, meeting):
    assert _events("meeting.schedule", meeting).count() == 1
    with pytest.raises(ValidationError):
        services.meeting_schedule(
            actor=secretariat_user,
            task_force=task_force,
            data=meeting_data(when=datetime(2024, 7, 3, 9, 0)),  # noqa: DTZ001 - naive on purpose
        )


def test_action_item_due_before_meeting_is_refused(meeting, secretariat_user):
    with pytest.raises(ValidationError) as exc:
        services.action_item_create(
            actor=secretariat_user,
            meeting=meeting,
            owner_agency=agency("polres-jakpus-ppa"),
            description="Patroli",
            due_on=date(2024, 7, 2),
        )
    assert "due_on" in exc.value.error_dict
    assert not ActionItem.objects.exists()


def _item(meeting, actor, code, text="Tindak lanjut"):
    return services.action_item_create(
        actor=actor,
        meeting=meeting,
        owner_agency=agency(code),
        description=text,
        due_on=date(2024, 9, 30),
    )


def test_owner_completes_with_evidence_others_cannot(
    meeting, secretariat_user, health_provider, police_officer
):
    item = _item(meeting, secretariat_user, "sudin-kesehatan-jakpus")
    with pytest.raises(PermissionDenied):
        services.action_item_complete(actor=police_officer, item=item, evidence="x")
    with pytest.raises(ValidationError):
        services.action_item_complete(actor=health_provider, item=item, evidence="  ")
    item = services.action_item_complete(
        actor=health_provider, item=item, evidence="Skrining di 3 puskesmas"
    )
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE and item.done_by == health_provider
    event = _events("action_item.complete", item).get()
    assert event.changes["status"] == ["open", "done"]
    assert "Skrining" not in str(event.changes)  # the evidence text is not copied to the log
    with pytest.raises(ValidationError):
        services.action_item_complete(actor=health_provider, item=item, evidence="lagi")


def test_open_items_carry_over_to_next_meeting(
    meeting, task_force, secretariat_user, health_provider
):
    done = _item(meeting, secretariat_user, "sudin-kesehatan-jakpus", "A")
    open_a = _item(meeting, secretariat_user, "polres-jakpus-ppa", "B")
    open_b = _item(meeting, secretariat_user, "upt-ppa-dki", "C")
    services.action_item_complete(actor=health_provider, item=done, evidence="Selesai")
    # the meeting is not marked held yet: a later meeting takes nothing
    second = services.meeting_schedule(
        actor=secretariat_user,
        task_force=task_force,
        data=meeting_data(when=datetime(2024, 8, 7, 9, 0, tzinfo=WIB)),
    )
    assert not CarriedItem.objects.exists()
    services.meeting_update(
        actor=secretariat_user,
        meeting=meeting,
        data=meeting_data(),
        minutes="Notulen",
        status=MeetingStatus.HELD,
    )
    carried = set(CarriedItem.objects.filter(meeting=second).values_list("action_item", flat=True))
    assert carried == {open_a.pk, open_b.pk}
    open_a.refresh_from_db()
    assert open_a.status == ActionItemStatus.CARRIED
    assert _events("action_item.carry", open_a).count() == 1
    # second meeting held, third scheduled: carried again, the first carry stays as history
    services.meeting_update(
        actor=secretariat_user,
        meeting=second,
        data=meeting_data(when=datetime(2024, 8, 7, 9, 0, tzinfo=WIB)),
        minutes="",
        status=MeetingStatus.HELD,
    )
    third = services.meeting_schedule(
        actor=secretariat_user,
        task_force=task_force,
        data=meeting_data(when=datetime(2024, 9, 4, 9, 0, tzinfo=WIB)),
    )
    assert CarriedItem.objects.filter(meeting=third).count() == 2
    assert CarriedItem.objects.filter(action_item=open_a).count() == 2


def test_held_meeting_cannot_be_rescheduled(meeting, secretariat_user):
    services.meeting_update(
        actor=secretariat_user, meeting=meeting, data=meeting_data(), minutes="", status="held"
    )
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=secretariat_user,
            meeting=meeting,
            data=meeting_data(),
            minutes="",
            status="scheduled",
        )


def test_attendance_is_recorded_and_audited(meeting, secretariat_user):
    row = services.attendance_record(
        actor=secretariat_user,
        meeting=meeting,
        agency=agency("polres-jakpus-ppa"),
        person_name="Iptu Contoh",
        position="Kanit PPA",
        present=True,
    )
    event = _events("meeting.attendance", meeting).get()
    assert event.changes["agency"] == row.agency_id
    assert "Contoh" not in str(event.changes)


def test_reopen_needs_reason_and_secretariat(meeting, secretariat_user, health_provider):
    item = _item(meeting, secretariat_user, "sudin-kesehatan-jakpus")
    services.action_item_complete(actor=health_provider, item=item, evidence="ok")
    with pytest.raises(PermissionDenied):
        services.action_item_reopen(actor=health_provider, item=item, reason="salah")
    with pytest.raises(ValidationError):
        services.action_item_reopen(actor=secretariat_user, item=item, reason="")
    item = services.action_item_reopen(actor=secretariat_user, item=item, reason="Bukti kurang")
    assert item.status == ActionItemStatus.OPEN
