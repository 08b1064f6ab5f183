"""Standard formats (issue 12 §3): SIMFONI-PPA, CTDC and HTCDS v2 through the background export
job. One test per field of each format (expected values written by hand from the case below),
the documented columns equal the code's, the seed data's export validates, and the rows are
those the requester sees in full, without identities."""

import csv
import io
import json
import re
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.cases.models import Identification, JourneyEvent, Participant
from sigap.cases.services import JourneyData, PersonData, case_open, case_report
from sigap.core.exceptions import ApplicationError
from sigap.referrals.models import Referral
from sigap.reports import standards
from sigap.reports.exports import export_job_create, export_job_file
from sigap.reports.models import ExportJob

pytestmark = pytest.mark.django_db

DOCS = Path(settings.BASE_DIR) / "docs" / "standard-formats.md"
SECRET_NAME = "Siti Rahayu Standar"


def _export(user, dataset, fmt="csv") -> tuple[list[str], list]:
    """Run ``dataset`` as a job for ``user``; return (header, rows) read back from the file
    (csv module, openpyxl or json)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = export_job_create(user=user, dataset=dataset, fmt=fmt)
    job.refresh_from_db()
    assert job.status == "done", job.error
    content = export_job_file(user=user, job=job).read_bytes()
    assert SECRET_NAME.encode() not in content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        return rows[0], rows[1:]
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
        rows = [["" if v is None else v for v in r] for r in sheet.iter_rows(values_only=True)]
        return rows[0], rows[1:]
    records = json.loads(content)
    return (list(records[0]) if records else []), records


@pytest.fixture
def full_case(reporter_kemayoran, caseworker_a, areas, upt_ppa):
    """A case seen in full by UPT PPA: one girl of 16 (Jawa Tengah), forced labour and sexual
    exploitation on a fishing vessel, recruited on Facebook in Indonesia, exploited in Taiwan;
    identified (threat, debt bondage, abduction); health rehabilitation given, shelter
    declined."""
    case = case_report(
        actor=reporter_kemayoran,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic standards case.",
        reported_on=date(2026, 3, 10),
        modus="fishing_crew",
        exploitation_forms=["forced_labour", "sexual"],
        destination_country="MY",
        recruitment_channel="facebook",
        victims=[PersonData(full_name=SECRET_NAME, sex="F", origin_area=areas["33.01.01.2001"])],
        journey=[
            JourneyData(stage="recruitment", area=areas["33.01.01.2001"]),
            JourneyData(stage="exploitation", country="TW"),
        ],
    )
    case_open(case=case, actor=caseworker_a)
    case.simfoni_number = "3171/2026/000123"
    case.save(update_fields=["simfoni_number"])
    victim = Participant.objects.get(case=case, role="victim")
    Participant.objects.filter(pk=victim.pk).update(is_child=True, age_at_exploitation=16)
    Identification.objects.create(
        participant=victim,
        process=["recruitment"],
        means=["threat", "debt_bondage", "abduction"],
        purpose=["forced_labour"],
        is_child=True,
        result="indicated",
        reason="x",
        identified_by=caseworker_a,
    )
    sent = timezone.make_aware(timezone.datetime(2026, 3, 12, 9, 0))
    for code, agency, status in (
        ("health_rehab", "sudin-kesehatan-jakpus", "completed"),
        ("shelter", "sudin-sosial-jakpus", "declined"),
    ):
        Referral.objects.create(
            case=case,
            victim=victim,
            from_agency=upt_ppa,
            to_agency=Agency.objects.get(code=agency),
            service=Service.objects.get(code=code),
            status=status,
            sent_at=sent,
            due_on=date(2026, 3, 19),
            sent_by=caseworker_a,
        )
        sent += timedelta(days=1)
    assert JourneyEvent.objects.filter(case=case).count() == 2
    return case


SIMFONI_EXPECTED = {
    "no_registrasi_simfoni": "3171/2026/000123",
    "nomor_kasus_sigap": "TPPO-3171-2026-0001",
    "tanggal_pengaduan": "2026-03-10",
    "provinsi": "DKI Jakarta",
    "kabupaten_kota": "Kota Administrasi Jakarta Pusat",
    "kecamatan": "Kemayoran",
    "kelurahan": "Kemayoran",
    "jenis_kelamin": "Perempuan",
    "kelompok_umur": "13-17",
    "status_usia": "Anak",
    "kewarganegaraan": "ID",
    "provinsi_asal": "Jawa Tengah",
    "bentuk_kekerasan": "Psikis;Seksual;Eksploitasi;Trafiking",
    "layanan": "Pengaduan;Kesehatan",  # the declined shelter referral is no service received
}

CTDC_EXPECTED = {
    "yearOfRegistration": "2026",
    "Datasource": "Case Management",
    "gender": "Female",
    "ageBroad": "9--17",
    "majorityStatus": "-99",  # no age at report is known for her
    "majorityStatusAtExploit": "Minor",
    "majorityEntry": "-99",
    "citizenship": "ID",
    "meansOfControlDebtBondage": "1",
    "meansOfControlThreats": "1",
    "meansOfControlOther": "1",  # abduction
    "meansOfControlFalsePromises": "0",
    "meansOfControlNotSpecified": "0",
    "meansOfControlConcatenated": "DebtBondage;Threats;Other",
    "isForcedLabour": "1",
    "isSexualExploit": "1",
    "isSexAndLabour": "1",
    "isOtherExploit": "0",
    "isOrganRemoval": "0",
    "typeOfExploitConcatenated": "Forced labour;Sexual exploitation;SexAndLabour",
    "typeOfLabourAquafarming": "1",
    "typeOfLabourNotSpecified": "0",
    "typeOfLabourConcatenated": "Aquafarming",
    "typeOfSexProstitution": "0",
    "typeOfSexConcatenated": "",
    "isAbduction": "1",
    "RecruiterRelationship": "-99",
    "CountryOfExploitation": "TW",
    "recruiterRelationUnknown": "1",
    "recruiterRelationOther": "0",
}

HTCDS_EXPECTED = {
    "sigap_CaseNumber": "TPPO-3171-2026-0001",
    "cas_Status": "Active",
    "cas_ReasonForCaseClosure": "",
    "cas_ReferringOrganisation": "Kantor Kelurahan Kemayoran",
    "cas_IncomingReferralDate": "2026-03-10",
    "cas_ReferredOrganisation": "Suku Dinas Kesehatan Kota Administrasi Jakarta Pusat",
    "cas_OutgoingReferralDate": "2026-03-12",
    "prs_Gender": "Feminine",
    "prs_Citizenship": "ID",
    "vic_AgeWhenTrafficked": "16",
    "vic_TraffickingStatus": "ActualVictimOfTrafficking",
    "vic_TraffickingStatusDecisionMakingOrg": "NonPoliceGovernmentalOrganization",
    "vic_MethodOfRecruitment": "ThroughOnlineSocialNetworks",
    "vic_RecruitmentWebsitesAndApps": "Facebook",
    "vic_MethodsOfControl": "DebtBondage;Other;PhysicalThreats",
    "vic_TypeOfExploitation": "ForcedLabour;SexualExploitation",
    "vic_LocationOfRecruitment": "ID",
    "vic_LocationOfExploitation": "TW",
}


def _one_row(user, dataset, fmt="csv") -> dict:
    header, rows = _export(user, dataset, fmt)
    assert len(rows) == 1
    if isinstance(rows[0], dict):
        return rows[0]
    return dict(zip(header, rows[0], strict=True))


@pytest.mark.parametrize("column", sorted(SIMFONI_EXPECTED))
def test_simfoni_field(column, supervisor_a, full_case):
    row = _one_row(supervisor_a, "simfoni")
    assert row[column] == SIMFONI_EXPECTED[column]


@pytest.mark.parametrize("column", sorted(CTDC_EXPECTED))
def test_ctdc_field(column, supervisor_a, full_case):
    row = _one_row(supervisor_a, "ctdc")
    assert row[column] == CTDC_EXPECTED[column]


@pytest.mark.parametrize("column", sorted(HTCDS_EXPECTED))
def test_htcds_field(column, supervisor_a, full_case):
    row = _one_row(supervisor_a, "htcds")
    assert row[column] == HTCDS_EXPECTED[column]


def test_htcds_victim_ref_is_the_participant_uuid(supervisor_a, full_case):
    victim = Participant.objects.get(case=full_case, role="victim")
    assert _one_row(supervisor_a, "htcds")["sigap_VictimRef"] == str(victim.public_id)


def test_htcds_json_has_lists_and_numbers(supervisor_a, full_case):
    record = _one_row(supervisor_a, "htcds", fmt="json")
    assert record["vic_MethodsOfControl"] == ["DebtBondage", "Other", "PhysicalThreats"]
    assert record["vic_AgeWhenTrafficked"] == 16
    assert standards.validate_rows(standards.HTCDS_COLUMNS, list(record), [record]) == []


def test_ctdc_xlsx_writes_unknown_as_the_number_minus_99(supervisor_a, full_case):
    row = _one_row(supervisor_a, "ctdc", fmt="xlsx")
    assert row["majorityEntry"] == -99 and row["isForcedLabour"] == 1


def test_closed_transferred_case_is_closed_referred():
    assert standards.htcds_status("closed", "transferred") == "ClosedReferred"
    assert standards.htcds_status("closed", "services_completed") == "Closed"
    assert standards.htcds_status("reported", "") == "Active"


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-5"),
        (5, "0-5"),
        (6, "6-12"),
        (12, "6-12"),
        (13, "13-17"),
        (17, "13-17"),
        (18, "18-24"),
        (24, "18-24"),
        (25, "25-44"),
        (44, "25-44"),
        (45, "45-59"),
        (59, "45-59"),
        (60, "60+"),
        (97, "60+"),
        (None, "Tidak diketahui"),
    ],
)
def test_simfoni_age_bands(age, band):
    assert standards.simfoni_age_band(age) == band


@pytest.mark.parametrize(
    ("age", "band"),
    [(8, "0--8"), (9, "9--17"), (17, "9--17"), (18, "18--20"), (47, "39--47"), (48, "48+")],
)
def test_ctdc_age_broad(age, band):
    assert standards.ctdc_age_broad(age) == band


def test_formats_are_per_dataset(supervisor_a):
    with pytest.raises(ApplicationError):
        export_job_create(user=supervisor_a, dataset="simfoni", fmt="json")
    with pytest.raises(ApplicationError):
        export_job_create(user=supervisor_a, dataset="htcds", fmt="xlsx")
    assert not ExportJob.objects.exists()


def test_only_victims_of_cases_seen_in_full_and_never_identities(
    supervisor_a, reporter_kemayoran, caseworker_b, full_case
):
    # The reporting kelurahan sees the case's status only: no victim rows for it.
    for user in (reporter_kemayoran, caseworker_b):
        for dataset in ("simfoni", "ctdc", "htcds"):
            assert _export(user, dataset)[1] == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = export_job_create(
            user=supervisor_a,
            dataset="htcds",
            fmt="csv",
            include_identities=True,
            purpose="Asking for identities that the format never carries.",
        )
    job.refresh_from_db()
    assert job.include_identities is False and job.rows_written == 1


def _documented_columns() -> dict[str, list[str]]:
    """Column names per format from the tables of docs/standard-formats.md (first cell in
    backticks, under the headings "## SIMFONI-PPA", "## CTDC" and "## HTCDS")."""
    found: dict[str, list[str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (SIMFONI|CTDC|HTCDS)", line)
        if heading:
            current = heading.group(1).lower()
            found[current] = []
        elif line.startswith("## "):
            current = None
        elif current:
            cell = re.match(r"^\| `([A-Za-z_]+)`", line)
            if cell:
                found[current].append(cell.group(1))
    return found


def test_documented_columns_equal_the_code():
    documented = _documented_columns()
    for name, columns in standards.COLUMNS.items():
        assert documented[name] == [c.name for c in columns], name


def test_seed_data_exports_validate_against_the_documented_columns(reference, tmp_path):
    from sigap.accounts.models import User
    from sigap.cases.demo import demo_users_create

    demo_users_create(logins_file=tmp_path / "logins.txt")
    call_command("seed_demo", cases=12, seed=7, stdout=StringIO())
    supervisor = User.objects.get(username="spv.uptppa")
    documented = _documented_columns()
    for dataset, fmt in (("simfoni", "csv"), ("ctdc", "csv"), ("htcds", "csv"), ("htcds", "json")):
        header, rows = _export(supervisor, dataset, fmt)
        assert rows, dataset  # the seed has victims of cases UPT PPA handles
        columns = standards.COLUMNS[dataset]
        assert header == documented[dataset]
        assert standards.validate_rows(columns, header, rows) == [], dataset


def test_validator_names_the_bad_row():
    columns = standards.SIMFONI_COLUMNS
    good = ["", "TPPO-3171-2026-0001", "2026-01-02", "", "", "", "K"]
    good += ["Perempuan", "18-24", "Dewasa", "ID", "", "Trafiking", "Pengaduan"]
    bad = list(good)
    bad[8] = "18-25"
    errors = standards.validate_rows(columns, [c.name for c in columns], [good, bad])
    assert errors == ["row 2: kelompok_umur: '18-25' not in the code list"]


def test_api_exports_htcds_as_json_and_refuses_a_wrong_format(client, supervisor_a, full_case):
    client.force_login(supervisor_a)
    bad = client.post(
        "/api/v1/exports/",
        {"dataset": "simfoni", "format": "json"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "Set data ini tidak tersedia dalam format tersebut." in bad.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            "/api/v1/exports/",
            {"dataset": "htcds", "format": "json"},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    body = client.get(f"/api/v1/exports/{response.json()['public_id']}/").json()
    download = client.get(body["download_url"])
    assert download["Content-Type"] == "application/json"
    records = json.loads(b"".join(download.streaming_content))
    assert [r["sigap_CaseNumber"] for r in records] == [full_case.number]


def test_simfoni_number_is_recorded_once_by_the_handling_team(
    client, caseworker_a, reporter_kemayoran, full_case, report_case, areas
):
    from sigap.audit.models import AuditEvent

    url = reverse("cases:simfoni-number", args=[full_case.public_id])
    client.force_login(reporter_kemayoran)
    assert client.post(url, {"simfoni_number": "X-1"}).status_code == 403
    client.force_login(caseworker_a)
    other = report_case(reporter_kemayoran, "31.71.03.1001")
    case_open(case=other, actor=caseworker_a)
    other_url = reverse("cases:simfoni-number", args=[other.public_id])
    duplicate = client.post(other_url, {"simfoni_number": "3171/2026/000123"})
    assert duplicate.status_code == 200
    assert "Nomor SIMFONI-PPA ini sudah tercatat pada kasus lain." in duplicate.content.decode()
    bad = client.post(other_url, {"simfoni_number": "=HYPERLINK(1)"})
    assert "Gunakan hanya huruf, angka" in bad.content.decode()
    assert client.post(other_url, {"simfoni_number": "3171/2026/000124"}).status_code == 302
    other.refresh_from_db()
    assert other.simfoni_number == "3171/2026/000124"
    event = AuditEvent.objects.get(action="case.simfoni_number")
    assert event.changes == {"simfoni_number": ["", "3171/2026/000124"]}
