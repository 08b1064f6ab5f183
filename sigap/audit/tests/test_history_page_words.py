"""The change history page reads as words (tester's finding on the demo): a status change
reads its Indonesian labels, no raw field name, code or participant id is shown, and identity
values stay masked."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from sigap.audit.history import MASK
from sigap.audit.services import audit_record

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _history(client, user, case):
    client.force_login(user)
    with translation.override("id"):
        response = client.get(
            reverse("audit:case-history", args=[case.public_id]), HTTP_ACCEPT_LANGUAGE="id"
        )
    assert response.status_code == 200
    return response.content.decode()


def _cells(body):
    """The text of the "changes" cells (the list items), tags removed."""
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    items = re.findall(r"<li>(.*?)</li>", table, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", i)).strip() for i in items]


def test_status_change_reads_indonesian_labels(client, open_case, caseworker_a):
    cells = _cells(_history(client, caseworker_a, open_case))
    assert "Status: Dilaporkan → Ditangani" in cells, cells


def test_no_raw_key_code_or_id_in_the_history(client, open_case, caseworker_a):
    victim = open_case.participants.filter(role="victim").first()
    audit_record(
        actor=caseworker_a,
        action="identification.record",
        target=open_case,
        changes={"participant": str(victim.public_id), "result": "indicated"},
    )
    body = _history(client, caseworker_a, open_case)
    cells = _cells(body)
    text = " | ".join(cells)
    for raw in (
        "participant",
        "result",
        "indicated",
        "reported",
        "intake_channel",
        "report_area",
        "exploitation_forms",
        "victims_added",
        "victims_linked",
        "full_name",
        "date_of_birth",
    ):
        assert not re.search(rf"\b{raw}\b", text), (raw, cells)
    assert not UUID.search(text), cells
    assert "Hasil: Terindikasi TPPO" in text, cells
    assert "Saluran pelaporan: Laporan kelurahan/kecamatan" in text, cells
    assert "Pihak dalam kasus: Korban" in text, cells
    assert "Korban ditambahkan: 3" in text, cells


def test_identity_values_stay_masked(client, open_case, caseworker_a):
    from sigap.cases.services import person_correct

    person = open_case.participants.filter(role="victim").first().person
    old_name = person.full_name
    person_correct(person=person, actor=caseworker_a, values={"full_name": "Nama Baru Sintetis"})
    body = _history(client, caseworker_a, open_case)
    cells = _cells(body)
    assert f"Nama lengkap: {MASK} → {MASK}" in cells, cells
    assert "Nama Baru Sintetis" not in body and old_name not in body
