import io

import pytest
from pypdf import PdfReader

from sigap.agencies.models import Agency
from sigap.audit.models import AuditEvent
from sigap.taskforce.choices import MeetingStatus
from sigap.taskforce.demo import SEED_MEETING_AT, taskforce_demo_load
from sigap.taskforce.models import ActionItem, Meeting, TaskForce
from sigap.taskforce.notulen import notulen_pdf

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_meeting_once(reference, secretariat_user):
    first = taskforce_demo_load()
    second = taskforce_demo_load()
    assert first["meetings"] == 1 and second == {
        "task_forces": 0,
        "meetings": 0,
        "action_items": 0,
        "indicators": 0,
    }
    assert TaskForce.objects.count() == 1 and Meeting.objects.count() == 1
    meeting = Meeting.objects.get()
    assert meeting.starts_at == SEED_MEETING_AT
    assert meeting.status == MeetingStatus.HELD
    assert "Ruang Serbaguna Utama" in meeting.place
    assert "Wakil Wali Kota" in meeting.chair
    owners = set(ActionItem.objects.values_list("owner_agency__code", flat=True))
    kecamatan = set(
        Agency.objects.filter(code__startswith="kecamatan-31-71-").values_list("code", flat=True)
    )
    assert kecamatan and kecamatan <= owners  # supervision and early detection: camat, lurah
    assert {"sudin-pendidikan-1", "sudin-ppapp-jakpus", "polres-jakpus-ppa"} <= owners
    assert ActionItem.objects.count() == first["action_items"] == len(kecamatan) + 4
    assert AuditEvent.objects.filter(action="meeting.schedule").count() == 1
    pdf = notulen_pdf(
        meeting=meeting,
        attendance=list(meeting.attendance.all()),
        items=list(meeting.action_items.all()),
        carried=[],
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Rabu, 3 Juli 2024" in text
    assert "09.00 WIB" in text
