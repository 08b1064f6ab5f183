"""Outreach register, plan vs realised, early-warning view and the digest (issue 9 §4-5)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.choices import AgencyKind, Role
from sigap.agencies.models import Agency
from sigap.core.exceptions import ApplicationError
from sigap.prevention.models import AreaPopulation, OutreachActivity, OutreachPhoto
from sigap.prevention.selectors import (
    early_warning,
    hotspot_score,
    is_hotspot,
    plan_vs_realised,
)
from sigap.prevention.services import (
    attachment_bytes,
    outreach_plan_set,
    outreach_record,
    report_submit,
)


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (40, 30), (10, 200, 10))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0), 3: "E", 4: (106.0, 50.0, 0.0)}
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def school(reference):
    return Agency.objects.create(
        code="sdn-kemayoran-01",
        name="SD Negeri Kemayoran 01",
        kind=AgencyKind.SCHOOL,
        area_id="31.71.03.1001",
    )


@pytest.fixture
def counsellor(make_user, school):
    return make_user(Role.REPORTER, school.code, username="counsellor")


def _record(actor, organiser, area="31.71.03.1001", days_ago=3, **extra):
    from sigap.areas.models import Area

    kwargs = {
        "actor": actor,
        "organiser": organiser,
        "kind": "sosialisasi",
        "topic": "Waspada lowongan kerja palsu",
        "place_kind": "school",
        "area": Area.objects.get(code=area) if area else None,
        "place_name": "SDN Kemayoran 01",
        "held_on": timezone.localdate() - datetime.timedelta(days=days_ago),
        "girls": 20,
        "boys": 18,
        "women": 3,
        "men": 2,
    }
    kwargs.update(extra)
    return outreach_record(**kwargs)


def test_counsellor_records_with_photo_stripped_and_encrypted(client, counsellor, school):
    client.force_login(counsellor)
    photo = SimpleUploadedFile("foto.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(
        reverse("prevention:outreach-create"),
        {
            "organiser": school.pk,
            "kind": "edukasi",
            "topic": "Kenali modus perekrutan",
            "place_kind": "school",
            "area": "31.71.03.1001",
            "place_name": "SDN Kemayoran 01",
            "held_on": timezone.localdate().isoformat(),
            "girls": "15",
            "boys": "12",
            "women": "1",
            "men": "0",
            "photos": [photo],
        },
    )
    assert response.status_code == 302, response.content[:500]
    activity = OutreachActivity.objects.get()
    assert activity.organiser == school
    assert activity.participants == 28
    stored = OutreachPhoto.objects.get(activity=activity)
    assert "Kemayoran" not in stored.data  # ciphertext
    data = attachment_bytes(stored)
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        assert not img.getexif().get(0x8825)
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "28" in detail.content.decode()
    download = client.get(
        reverse(
            "prevention:outreach-photo",
            kwargs={"public_id": activity.public_id, "photo_id": stored.public_id},
        )
    )
    assert download.status_code == 200 and download.content == data


def test_executable_photo_refused_nothing_stored(client, counsellor, school):
    client.force_login(counsellor)
    bad = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/jpeg")
    response = client.post(
        reverse("prevention:outreach-create"),
        {
            "organiser": school.pk,
            "kind": "edukasi",
            "topic": "x",
            "place_kind": "school",
            "area": "31.71.03.1001",
            "held_on": timezone.localdate().isoformat(),
            "girls": "1",
            "boys": "0",
            "women": "0",
            "men": "0",
            "photos": [bad],
        },
    )
    assert response.status_code == 400
    assert OutreachActivity.objects.count() == 0


def test_reporter_cannot_record_for_another_agency(reporter_kemayoran, school):
    with pytest.raises(ApplicationError):
        _record(reporter_kemayoran, school)
    assert OutreachActivity.objects.count() == 0


def test_no_participants_or_no_place_refused(counsellor, school):
    with pytest.raises(ApplicationError):
        _record(counsellor, school, girls=0, boys=0, women=0, men=0)
    with pytest.raises(ApplicationError):
        _record(counsellor, school, area=None)
    online = _record(counsellor, school, area=None, place_kind="online")
    assert online.area is None


def test_scope_own_agency_and_secretariat_all(
    client,
    counsellor,
    school,
    reporter_kemayoran,
    kelurahan_kemayoran,
    secretariat_user,
    leadership_user,
    caseworker_a,
):
    mine = _record(counsellor, school, topic="Sesi sekolah")
    theirs = _record(reporter_kemayoran, kelurahan_kemayoran, topic="Sesi kelurahan")
    client.force_login(counsellor)
    body = client.get(reverse("prevention:outreach-list")).content.decode()
    assert "Sesi sekolah" in body and "Sesi kelurahan" not in body
    url = reverse("prevention:outreach-detail", kwargs={"public_id": theirs.public_id})
    assert client.get(url).status_code == 404
    client.force_login(secretariat_user)
    body = client.get(reverse("prevention:outreach-list")).content.decode()
    assert "Sesi sekolah" in body and "Sesi kelurahan" in body
    assert client.get(url).status_code == 200
    for outsider in (leadership_user, caseworker_a):
        client.force_login(outsider)
        assert client.get(reverse("prevention:outreach-list")).status_code == 403
    assert mine.pk != theirs.pk


def test_plan_vs_realised_groups_and_quarters(
    counsellor, school, reporter_kemayoran, kelurahan_kemayoran, secretariat_user
):
    year = timezone.localdate().year
    sudin1 = Agency.objects.get(code="sudin-pendidikan-1")
    outreach_plan_set(
        actor=counsellor,
        agency=school,
        year=year,
        quarter=1,
        planned_sessions=2,
        planned_participants=80,
    )
    outreach_plan_set(
        actor=secretariat_user,
        agency=sudin1,
        year=year,
        quarter=2,
        planned_sessions=3,
        planned_participants=90,
    )
    with pytest.raises(ApplicationError):
        outreach_plan_set(
            actor=counsellor,
            agency=kelurahan_kemayoran,
            year=year,
            quarter=1,
            planned_sessions=1,
            planned_participants=1,
        )
    _record(counsellor, school, held_on=datetime.date(year, 2, 10))  # 43 people, Q1
    _record(counsellor, school, held_on=datetime.date(year, 3, 1), girls=7, boys=0, women=0, men=0)
    _record(reporter_kemayoran, kelurahan_kemayoran, held_on=datetime.date(year, 1, 5))
    with CaptureQueriesContext(connection) as ctx:
        groups = plan_vs_realised(user=secretariat_user, year=year)
    assert len(ctx.captured_queries) <= 4
    by_label = {key: (total, rows) for key, _label, total, rows in groups}
    # Kemayoran schools fall under Sudin Pendidikan II (reference.EDUCATION_OFFICE_BY_KECAMATAN).
    total2, rows2 = by_label["sudin-pendidikan-2"]
    assert [r.label for r in rows2] == [str(school)]
    assert rows2[0].quarters[0] == {
        "planned_sessions": 2,
        "planned_participants": 80,
        "sessions": 2,
        "participants": 50,
    }
    total1, _rows1 = by_label["sudin-pendidikan-1"]
    assert total1.quarters[1]["planned_sessions"] == 3 and total1.quarters[1]["sessions"] == 0
    assert by_label["kelurahan"][0].year_total["sessions"] == 1
    mine = plan_vs_realised(user=counsellor, year=year)
    assert [key for key, _l, _t, _r in mine] == ["sudin-pendidikan-2"]


def test_plan_page_post_and_refusals(client, counsellor, school, leadership_user):
    client.force_login(counsellor)
    year = timezone.localdate().year
    url = reverse("prevention:outreach-plans")
    response = client.post(
        url,
        {
            "agency": school.pk,
            "year": year,
            "quarter": 3,
            "planned_sessions": 4,
            "planned_participants": 120,
        },
    )
    assert response.status_code == 302
    page = client.get(f"{url}?year={year}").content.decode()
    assert "4 / 0" in page and "120 / 0" in page
    bad = client.post(url, {"agency": school.pk, "year": year, "quarter": 9})
    assert bad.status_code == 400
    client.force_login(leadership_user)
    assert client.get(url).status_code == 403


# --- Early warning -----------------------------------------------------------------------------


def test_score_formula_and_masking():
    assert hotspot_score(recent=4, previous=1, high_risk=2, sessions=0) == 12.0
    assert hotspot_score(recent=4, previous=1, high_risk=2, sessions=3) == 3.0
    assert hotspot_score(recent=1, previous=5, high_risk=0, sessions=0) == 1.0
    assert is_hotspot(recent=3, previous=1, sessions=1)
    assert not is_hotspot(recent=3, previous=1, sessions=2)
    assert not is_hotspot(recent=2, previous=2, sessions=0)


def test_kecamatan_totals_cannot_give_a_hidden_case_count_away():
    from sigap.prevention.selectors import AreaWarning, _suppress_case_counts

    def kel(code, cases):
        return AreaWarning(code, code, cases=cases)

    # Senen: 2 + 7 + 0 = 9. With only the 2 hidden, 9 - 7 - 0 would give it away.
    # Gambir: 3 + 0 = 3: the 3 and the total are both small, nothing else to hide.
    # Tanah Abang: 6 + 8: nothing small.
    kels = [
        kel("31.71.03.1001", 2),
        kel("31.71.03.1002", 7),
        kel("31.71.03.1003", 0),
        kel("31.71.01.1001", 3),
        kel("31.71.01.1002", 0),
        kel("31.71.02.1001", 6),
        kel("31.71.02.1002", 8),
    ]
    kecs = {code: AreaWarning(code, code) for code in ("31.71.01", "31.71.02", "31.71.03")}
    for w in kels:
        kecs[w.code[:8]].cases += w.cases
    _suppress_case_counts({w.code: w for w in kels}, kecs)
    shown = {w.code: w.cases_display for w in [*kels, *kecs.values()]}
    assert [shown[c] for c in ("31.71.03.1001", "31.71.03.1002", "31.71.03.1003")] == [
        "*",
        "*",
        "0",
    ]
    assert shown["31.71.03"] == "9"
    assert [shown[c] for c in ("31.71.01.1001", "31.71.01.1002", "31.71.01")] == [
        "<5",
        "0",
        "<5",
    ]
    assert [shown[c] for c in ("31.71.02.1001", "31.71.02.1002", "31.71.02")] == ["6", "8", "14"]
    # The property itself: where a kecamatan total is shown, never exactly one hidden kelurahan.
    for code, k in kecs.items():
        hidden = [w for w in kels if w.code[:8] == code and w.cases_hidden]
        assert not (k.cases_hidden == "" and len(hidden) == 1), code


def _report(area_code, days_ago=0, category="job_offer"):
    from sigap.areas.models import Area
    from sigap.prevention.models import CommunityReport

    report = report_submit(
        channel="public_web",
        category=category,
        what_happened="Lowongan kerja di luar negeri.",
        area=Area.objects.get(code=area_code),
    )
    if days_ago:
        CommunityReport.objects.filter(pk=report.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    return report


def test_early_warning_ranks_and_scopes(
    client,
    counsellor,
    school,
    reported_case,
    secretariat_user,
    leadership_user,
    reporter_gambir,
    caseworker_a,
):
    # Kebon Kosong: 3 new reports (1 holding house = high), none before, no outreach.
    for category in ("holding_house", "job_offer", "job_offer"):
        _report("31.71.03.1002", category=category)
    # Kemayoran: 1 now, 2 before, one school session; Gambir: nothing.
    _report("31.71.03.1001")
    _report("31.71.03.1001", days_ago=120)
    _report("31.71.03.1001", days_ago=150)
    _record(counsellor, school)
    AreaPopulation.objects.create(
        area_id="31.71.03.1001", population=43000, year=2024, source="test"
    )
    with CaptureQueriesContext(connection) as ctx:
        data = early_warning(user=secretariat_user)
    assert len(ctx.captured_queries) <= 8  # one per source, not one per kelurahan
    ranked = [(w.name, w.score) for w in data.kelurahan]
    assert ranked[0] == ("Kebon Kosong", (3 + 1 + 2 * 3) / 1)
    kemayoran = next(w for w in data.kelurahan if w.code == "31.71.03.1001")
    assert (kemayoran.reports_recent, kemayoran.reports_previous) == (1, 2)
    assert kemayoran.sessions_recent == 1 and kemayoran.schools == 1
    assert kemayoran.per_thousand == round(43 * 1000 / 43000, 1)
    assert kemayoran.cases == 1 and kemayoran.cases_display == "<5"
    assert data.kelurahan[0].hotspot and not kemayoran.hotspot
    gambir = next(w for w in data.kelurahan if w.code == "31.71.01.1001")
    assert gambir.per_thousand is None
    kec = {k.code: k for k in data.kecamatan}
    assert kec["31.71.03"].reports_recent == 4 and kec["31.71.03"].population is None

    client.force_login(leadership_user)
    page = client.get(reverse("prevention:early-warning"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in body
    assert body.index("Kebon Kosong") < body.index("Gambir</th>")
    assert "&lt;5" in body and "tidak diketahui" in body
    assert reported_case.number not in body
    # A kelurahan reporter sees its own kelurahan only; a school its kelurahan.
    client.force_login(reporter_gambir)
    body = client.get(reverse("prevention:early-warning")).content.decode()
    assert "Gambir" in body and "Kebon Kosong" not in body
    assert [w.code for w in early_warning(user=counsellor).kelurahan] == ["31.71.03.1001"]
    client.force_login(caseworker_a)
    assert client.get(reverse("prevention:early-warning")).status_code == 403


def test_overdue_reports_in_digest(secretariat_user, reporter_gambir):
    from sigap.casework.selectors import digest_items

    report = _report("31.71.03.1001")
    later = report.follow_up_due + datetime.timedelta(days=1)
    items = digest_items(user=secretariat_user, today=later)
    assert (report.receipt_code, str(report.get_category_display())) in items.overdue
    assert digest_items(user=secretariat_user, today=report.follow_up_due).overdue == []
    assert digest_items(user=reporter_gambir, today=later).overdue == []


def test_population_import_all_or_nothing(reference):
    from sigap.prevention.services import population_import

    good = "code,population,year,source\n31.71.03.1001,43000,2024,Dukcapil uji\n"
    assert population_import(actor=None, csv_text=good) == 1
    assert AreaPopulation.objects.get(area_id="31.71.03.1001").population == 43000
    bad = "code,population,year,source\n31.71.03.1002,1000,2024,x\n31.71.03,5,2024,kecamatan\n"
    with pytest.raises(ApplicationError, match="3"):
        population_import(actor=None, csv_text=bad)
    assert not AreaPopulation.objects.filter(area_id="31.71.03.1002").exists()
