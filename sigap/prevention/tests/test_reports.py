"""Community reports (issue 9 §1-2): public form, abuse protection, uploads, receipt and status,
the triage queue and its scope."""

import datetime
import io
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sigap.agencies.choices import Role
from sigap.prevention.calendar import add_working_days
from sigap.prevention.forms import CHALLENGE_SALT, challenge_token
from sigap.prevention.models import CommunityReport, ReportAttachment, ReportStatus
from sigap.prevention.services import attachment_bytes

NARRATIVE = "Ada penampungan calon TKW di gang belakang pasar, sekitar 12 perempuan dikunci."


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _token(answer=7, age=10):
    return challenge_token(answer, time.time() - age)


def _payload(**extra):
    data = {
        "category": "holding_house",
        "what_happened": NARRATIVE,
        "area": "31.71.03.1001",
        "children_involved": "unknown",
        "anonymous": "on",
        "challenge": "7",
        "challenge_token": _token(),
        "website": "",
    }
    data.update(extra)
    return data


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "S", 2: (6.0, 10.0, 0.0), 3: "E", 4: (106.0, 50.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_working_days_skip_the_weekend():
    friday = datetime.date(2026, 12, 4)
    assert add_working_days(friday, 3) == datetime.date(2026, 12, 9)


def test_public_report_with_a_photo_gets_a_receipt_and_is_stored_encrypted(client, reference):
    photo = SimpleUploadedFile("foto.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(reverse("prevention:report-public"), {**_payload(), "files": [photo]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("prevention:report-received")
    receipt_page = client.get(response["Location"])
    report = CommunityReport.objects.get()
    assert report.receipt_code in receipt_page.content.decode()
    assert report.receipt_code not in response["Location"]
    assert report.channel == "public_web"
    assert report.created_by is None
    assert report.what_happened == NARRATIVE
    assert report.follow_up_due > timezone.localdate() - datetime.timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT what_happened FROM prevention_communityreport WHERE id = %s", [report.pk]
        )
        assert "penampungan" not in cursor.fetchone()[0]
    attachment = ReportAttachment.objects.get(report=report)
    stored = attachment_bytes(attachment)
    from PIL import Image

    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif()  # no EXIF at all, so no GPS
    assert b"PhoneMaker" not in stored
    # The receipt is shown once.
    again = client.get(reverse("prevention:report-received"))
    assert again.status_code == 302


def test_status_page_shows_the_status_and_nothing_else(client, reference):
    client.post(reverse("prevention:report-public"), _payload())
    report = CommunityReport.objects.get()
    response = client.post(
        reverse("prevention:report-status"), {"code": report.receipt_code.lower()}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diterima" in html or "Received" in html
    assert "penampungan" not in html
    assert "Kemayoran" not in html
    unknown = client.post(reverse("prevention:report-status"), {"code": "LPR-XXXX-XXXX"})
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"challenge": "8"}, "challenge"),
        ({"website": "http://spam.example"}, None),
        ({"challenge_token": "tampered"}, None),
        ({"challenge_token": "FAST"}, None),  # sent faster than a person can
        ({"category": ""}, "category"),
        ({"what_happened": ""}, "what_happened"),
        ({"area": "99.99"}, "area"),
        ({"anonymous": "", "contact": ""}, "contact"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
    ],
)
def test_bad_or_robotic_submissions_are_refused_and_store_nothing(client, reference, change, field):
    if change.get("challenge_token") == "FAST":
        change = {"challenge_token": _token(age=0)}
    response = client.post(reverse("prevention:report-public"), _payload(**change))
    assert response.status_code == 400
    if field:
        assert response.context["form"].errors.get(field)
    else:
        assert response.context["form"].non_field_errors()
    assert not CommunityReport.objects.exists()


def test_fifty_megabytes_and_a_renamed_executable_are_refused(client, reference):
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"0" * (50 * 1024 * 1024))
    response = client.post(reverse("prevention:report-public"), {**_payload(), "files": [big]})
    assert response.status_code == 400
    assert "5 MB" in response.content.decode()
    exe = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 2000, content_type="image/jpeg")
    response = client.post(
        reverse("prevention:report-public"), {**_payload(challenge_token=_token()), "files": [exe]}
    )
    assert response.status_code == 400
    assert "foto.jpg" in response.content.decode()
    assert not CommunityReport.objects.exists()
    assert not ReportAttachment.objects.exists()


def test_rapid_anonymous_submissions_are_throttled(client, reference):
    codes = [
        client.post(
            reverse("prevention:report-public"), _payload(challenge_token=_token())
        ).status_code
        for _ in range(100)
    ]
    assert codes[:10] == [302] * 10
    assert set(codes[10:]) == {429}
    assert CommunityReport.objects.count() == 10


def test_public_area_suggestions_need_no_login(client, reference):
    response = client.get(reverse("prevention:area-autocomplete"), {"q": "Kemay"})
    assert response.status_code == 200
    assert "31.71.03.1001" in response.content.decode()


# --- triage ----------------------------------------------------------------------------------


@pytest.fixture
def report(client, reference):
    client.post(reverse("prevention:report-public"), _payload())
    return CommunityReport.objects.get()


def test_secretariat_triages_and_converts_to_a_case_then_the_citizen_sees_progress(
    client, report, secretariat_user
):
    from sigap.cases.models import Case

    client.force_login(secretariat_user)
    queue = client.get(reverse("prevention:report-list"))
    assert report.receipt_code in queue.content.decode()
    detail = client.get(reverse("prevention:report-detail", args=[report.public_id]))
    assert NARRATIVE in detail.content.decode()
    act = reverse("prevention:report-act", args=[report.public_id])
    client.post(act, {"action": "assign_me"})
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert report.assigned_to == secretariat_user
    response = client.post(act, {"action": "convert"})
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:case-detail", args=[case.public_id])
    assert NARRATIVE in case.summary
    assert report.receipt_code in case.summary
    assert case.report_area_id == "31.71.03.1001"
    report.refresh_from_db()
    assert report.status == ReportStatus.CONVERTED and report.case == case
    client.logout()
    status = client.post(reverse("prevention:report-status"), {"code": report.receipt_code})
    html = status.content.decode()
    assert "kasus" in html.lower() or "case" in html.lower()
    assert case.number not in html


def test_forward_to_police_makes_it_visible_to_that_unit_only(
    client, report, secretariat_user, police_officer, caseworker_b, leadership_user
):
    from sigap.agencies.models import Agency

    client.force_login(secretariat_user)
    police = Agency.objects.get(code="polres-jakpus-ppa")
    client.post(
        reverse("prevention:report-act", args=[report.public_id]),
        {"action": "forward", "police_agency": police.pk},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.FORWARDED
    url = reverse("prevention:report-detail", args=[report.public_id])
    client.force_login(police_officer)
    assert client.get(url).status_code == 200
    client.force_login(caseworker_b)  # a case manager outside the UPT PPA
    assert client.get(url).status_code == 404
    assert report.receipt_code not in client.get(reverse("prevention:report-list")).content.decode()
    client.force_login(leadership_user)
    assert client.get(url).status_code == 403


def test_close_as_duplicate_needs_the_other_code(client, reference, secretariat_user):
    client.post(reverse("prevention:report-public"), _payload())
    client.post(reverse("prevention:report-public"), _payload(challenge_token=_token()))
    first, second = CommunityReport.objects.order_by("id")
    client.force_login(secretariat_user)
    act = reverse("prevention:report-act", args=[second.public_id])
    client.post(act, {"action": "close", "reason": "duplicate"})
    second.refresh_from_db()
    assert second.status == ReportStatus.RECEIVED
    client.post(
        act, {"action": "close", "reason": "duplicate", "duplicate_code": first.receipt_code}
    )
    second.refresh_from_db()
    assert second.status == ReportStatus.CLOSED and second.duplicate_of == first


def test_school_counsellor_enters_a_report_in_the_app_with_its_channel(client, make_user):
    user = make_user(Role.REPORTER, "kelurahan-31-71-03-1001")
    client.force_login(user)
    response = client.post(
        reverse("prevention:report-create"),
        {
            "channel": "kelurahan",
            "category": "job_offer",
            "what_happened": NARRATIVE,
            "children_involved": "no",
            "anonymous": "on",
        },
    )
    report = CommunityReport.objects.get()
    assert response.status_code == 302
    assert report.channel == "kelurahan" and report.created_by == user
    other = make_user(Role.REPORTER, "kelurahan-31-71-01-1001")
    client.force_login(other)
    assert (
        client.get(reverse("prevention:report-detail", args=[report.public_id])).status_code == 404
    )


def test_viewing_a_report_is_audited(client, report, secretariat_user):
    from sigap.audit.models import AuditEvent

    client.force_login(secretariat_user)
    client.get(reverse("prevention:report-detail", args=[report.public_id]))
    assert AuditEvent.objects.filter(action="community_report.view").count() == 1


def test_overdue_reports_show_on_my_work_for_triage(client, report, secretariat_user):
    CommunityReport.objects.filter(pk=report.pk).update(
        follow_up_due=timezone.localdate() - datetime.timedelta(days=2)
    )
    client.force_login(secretariat_user)
    html = client.get(reverse("casework:my-work")).content.decode()
    assert report.receipt_code in html
    CommunityReport.objects.filter(pk=report.pk).update(status=ReportStatus.CLOSED)
    html = client.get(reverse("casework:my-work")).content.decode()
    assert report.receipt_code not in html


def test_the_challenge_answer_is_not_readable_in_the_page(client, reference):
    page = client.get(reverse("prevention:report-public"))
    token = page.context["form"].initial["challenge_token"]
    payload = signing.loads(token, salt=CHALLENGE_SALT)
    assert "s" not in payload and set(payload) == {"h", "n", "t"}


def test_a_holding_house_report_is_high_priority_whatever_the_text(client, reference):
    client.post(
        reverse("prevention:report-public"),
        _payload(what_happened="Ada rumah, banyak perempuan di dalam, pintunya dikunci."),
    )
    report = CommunityReport.objects.get()
    assert report.risk_level == "high"
    assert "CONTROL_ISOLATION" in report.flag_codes


def test_triage_page_shows_flag_labels_not_codes(client, secretariat_user, reference):
    from sigap.analytics.screening.default_rules import DEFAULT_RULESET

    client.post(
        reverse("prevention:report-public"),
        _payload(what_happened="Ada rumah, banyak perempuan di dalam, pintunya dikunci."),
    )
    report = CommunityReport.objects.get()
    client.force_login(secretariat_user)
    html = client.get(reverse("prevention:report-detail", args=[report.public_id])).content
    html = html.decode()
    labels = {r["code"]: r["label"]["id"] for r in DEFAULT_RULESET["rules"]}
    assert report.flag_codes
    for code in report.flag_codes:
        assert code not in html
        assert escape(labels[code]) in html


def test_rotate_keys_reencrypts_report_attachments(client, reference):
    """Attachments are personal data encrypted with the field keys: ``rotate_keys`` must
    re-encrypt them, or removing the old key after a rotation would make them unreadable."""
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    photo = SimpleUploadedFile("foto.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    client.post(reverse("prevention:report-public"), {**_payload(), "files": [photo]})
    attachment = ReportAttachment.objects.get()
    before_token, before_bytes = attachment.data, attachment_bytes(attachment)
    old, new = list(settings.SIGAP_FIELD_KEYS), Fernet.generate_key().decode()
    with override_settings(SIGAP_FIELD_KEYS=[new, *old]):
        out = io.StringIO()
        call_command("rotate_keys", stdout=out)
        assert "prevention.ReportAttachment: 1 rows, 1 values re-encrypted" in out.getvalue()
        assert "prevention.OutreachPhoto" in out.getvalue()
    with override_settings(SIGAP_FIELD_KEYS=[new]):  # the old key can go
        after = ReportAttachment.objects.get()
        assert after.data != before_token
        assert attachment_bytes(after) == before_bytes
