"""Open data (issue 12 §6): ``open_data_release`` writes a k-anonymous victim release or
refuses; ``verify_release`` passes on it and names a planted unique row."""

import csv
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from sigap.audit.models import AuditEvent
from sigap.cases.services import PersonData
from sigap.cases.tests.factories import PersonDataFactory, report_case

QUASI = "year,sex,age_band,citizenship,origin_province,destination_country"


@pytest.fixture
def twelve_alike_and_one_apart(reporter_kemayoran, areas):
    """A case with 12 adult women from Kabupaten Cilacap (Jawa Tengah) born 15 Jun 1999,
    recruited 10 Jan 2026 (age 26: band 25-44) for Malaysia; and a case with one man of an
    estimated 50 years and no known origin."""
    alike = report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[PersonDataFactory(origin_area=areas["33.01.01.2001"]) for _ in range(12)],
    )
    apart = report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[PersonData(full_name="Korban Lelaki Sintetis", sex="M", estimated_age=50)],
        modus="fishing_crew",
        exploitation_forms=["forced_labour", "slavery"],
        destination_country="TW",
    )
    return alike, apart


def _read(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_release_is_refused_when_k_cannot_be_met(twelve_alike_and_one_apart, tmp_path):
    out = tmp_path / "release.csv"
    # 13 victims: the lone man would have to go, and 5 % of 13 allows no row at all.
    with pytest.raises(CommandError, match="DITOLAK.*REFUSED.*1 of 13"):
        call_command("open_data_release", "--output", str(out), "--k", "11")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no partial file left either


def test_release_passes_verification_and_a_planted_row_is_named(
    twelve_alike_and_one_apart, tmp_path, capsys
):
    alike, _apart = twelve_alike_and_one_apart
    out = tmp_path / "release.csv"
    call_command("open_data_release", "--output", str(out), "--k", "11", "--max-suppression", "0.1")
    rows = _read(out)
    assert len(rows) == 12
    expected = {
        "year": str(alike.reported_on.year),
        "sex": "F",
        "age_band": "25-44",
        "citizenship": "ID",
        "origin_province": "Jawa Tengah",
        "destination_country": "MY",
        "modus": "migrant_worker",
        "exploitation_forms": "forced_labour",
    }
    assert all(row == expected for row in rows)
    text = out.read_text(encoding="utf-8-sig")
    for participant in alike.participants.select_related("person"):
        assert participant.person.full_name not in text
    assert alike.number not in text
    assert "Korban" not in text
    event = AuditEvent.objects.filter(action="report.open_data_release").get()
    assert event.changes["rows_out"] == 12 and event.changes["rows_suppressed"] == 1
    assert "Korban" not in json.dumps(event.changes)

    call_command("verify_release", str(out), "--k", "11", "--quasi", QUASI)
    assert "OK: 12" in capsys.readouterr().out

    planted = out.with_name("planted.csv")
    rows.insert(5, dict(rows[0], age_band="60+"))
    with planted.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_release", str(planted), "--k", "11", "--quasi", QUASI)
    message = str(excinfo.value)
    assert "baris data: 6." in message and "data rows: 6." in message
    assert "GAGAL: 1 baris" in message and "FAILED: 1 rows" in message
    # The same file passes when the planted column is not declared as a quasi-identifier.
    call_command("verify_release", str(planted), "--k", "11", "--quasi", "year,sex")


def test_verify_release_exit_status(twelve_alike_and_one_apart, tmp_path):
    """Run as a process would: exit status 1 with the message on stderr."""
    out = tmp_path / "r.csv"
    out.write_text("year,sex\n2026,F\n2026,F\n2025,M\n", encoding="utf-8")
    with pytest.raises(SystemExit) as excinfo:
        from django.core.management import ManagementUtility

        ManagementUtility(
            ["manage.py", "verify_release", str(out), "--k", "2", "--quasi", "year,sex"]
        ).execute()
    assert excinfo.value.code == 1
    with pytest.raises(CommandError, match="sexx"):
        call_command("verify_release", str(out), "--k", "2", "--quasi", "year,sexx")


def test_victims_without_a_known_age_or_origin_are_grouped_as_unknown(
    reporter_kemayoran, areas, tmp_path
):
    report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[PersonData(full_name=f"Korban {i}", sex="", estimated_age=None) for i in range(3)],
        journey=[],
        reported_on=date(2025, 5, 1),
        destination_country="",
    )
    out = tmp_path / "u.csv"
    call_command("open_data_release", "--output", str(out), "--k", "3")
    rows = _read(out)
    assert [(r["sex"], r["age_band"], r["origin_province"], r["year"]) for r in rows] == [
        ("unknown", "unknown", "unknown", "2025")
    ] * 3
