"""A small task force: Sudin PPAPP runs it; UPT PPA, Sudin Kesehatan and Polres are members.
Sudin Sosial is not a member (the outsider)."""

from datetime import date, datetime

import pytest

from sigap.agencies.models import Agency
from sigap.core.dates import WIB
from sigap.taskforce import services
from sigap.taskforce.choices import MeetingKind, TaskForceLevel


def agency(code):
    return Agency.objects.get(code=code)


@pytest.fixture
def task_force(secretariat_user, areas):
    tf = services.task_force_save(
        actor=secretariat_user,
        name="Gugus Tugas PP-TPPO Kota Administrasi Jakarta Pusat",
        level=TaskForceLevel.KOTA,
        area=areas["31.71"],
        decree_reference="Kepwalkot 1/2024",
        period_start=date(2024, 1, 1),
        period_end=date(2026, 12, 31),
        chair="Wali Kota",
        daily_chair="Wakil Wali Kota",
        secretariat_agency=agency("sudin-ppapp-jakpus"),
    )
    for code in (
        "sudin-ppapp-jakpus",
        "upt-ppa-dki",
        "sudin-kesehatan-jakpus",
        "polres-jakpus-ppa",
    ):
        services.member_set(actor=secretariat_user, task_force=tf, agency=agency(code))
    return tf


def meeting_data(when=datetime(2024, 7, 3, 9, 0, tzinfo=WIB), **kw):
    values = {
        "kind": MeetingKind.COORDINATION,
        "title": "Rapat koordinasi",
        "starts_at": when,
        "place": "Ruang Serbaguna Utama",
        "chair": "Wakil Wali Kota",
        "agenda": "1. Pembukaan",
    }
    values.update(kw)
    return services.MeetingData(**values)


@pytest.fixture
def meeting(task_force, secretariat_user):
    return services.meeting_schedule(
        actor=secretariat_user, task_force=task_force, data=meeting_data()
    )


@pytest.fixture
def auditor_user(make_user):
    from sigap.agencies.choices import Role

    return make_user(Role.AUDITOR, "pemkot-jakpus", "auditor")
