"""Case documents (issue 13 §8): refusals, EXIF removal, encryption at rest, scope of
downloads (handling team; service provider only while its referral is open; children), audit
rows, and nothing half-stored on refusal."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.core.exceptions import ApplicationError
from sigap.documents.models import CaseDocument
from sigap.documents.services import document_upload
from sigap.referrals.tests.conftest import send

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200  # a PE header


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0), 3: "E", 4: (106.0, 50.0, 0.0)}
    exif[0x010F] = "KameraSintetis"  # Make
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _post(client, case, name, data, content_type="application/pdf", **extra):
    payload = {"kind": "bap", "title": "BAP korban", "file": _upload(name, data, content_type)}
    payload.update(extra)
    return client.post(reverse("documents:document-upload", args=[case.public_id]), payload)


@pytest.fixture
def victim(open_case):
    return open_case.participants.order_by("id").first()


def test_upload_and_download_by_the_handling_team(client, open_case, caseworker_a, victim):
    client.force_login(caseworker_a)
    response = _post(client, open_case, "bap.pdf", PDF, participant=str(victim.public_id))
    assert response.status_code == 302
    doc = CaseDocument.objects.get()
    assert (doc.kind, doc.participant, doc.size) == ("bap", victim, len(PDF))
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
    # Encrypted at rest: neither the bytes nor the title appear in the stored columns.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT data, title FROM documents_casedocument")
        data, title = cursor.fetchone()
    assert "%PDF" not in data and "BAP korban" not in title
    assert AuditEvent.objects.filter(action="document.upload", target_public_id=open_case.public_id)
    page = client.get(reverse("cases:case-detail", args=[open_case.public_id]))
    assert "BAP korban" in page.content.decode()
    response = client.get(reverse("documents:document-download", args=[doc.public_id]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "korban" not in response["Content-Disposition"].lower()
    rows = AuditEvent.objects.filter(action="document.download", actor=caseworker_a)
    assert rows.count() == 1 and rows.get().changes["document"] == str(doc.public_id)


def test_thirty_megabytes_refused_in_indonesian(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    big = PDF + b"0" * (30 * 1024 * 1024)
    response = _post(client, open_case, "besar.pdf", big, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode()
    assert "20 MB" in response.content.decode()
    assert not CaseDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="document.upload").exists()


def test_executable_renamed_pdf_refused(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = _post(client, open_case, "laporan.pdf", EXE)
    assert response.status_code == 400
    body = response.content.decode()
    assert "laporan.pdf" in body and "bukan foto" in body
    assert not CaseDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="document.upload").exists()


def test_jpeg_stored_without_exif(client, open_case, caseworker_a):
    from PIL import Image

    original = _jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as img:  # the test image really carries GPS
        assert img.getexif().get(0x8825) or img.getexif().get_ifd(0x8825)
    client.force_login(caseworker_a)
    response = _post(client, open_case, "foto.jpg", original, "image/jpeg", kind="photo")
    assert response.status_code == 302
    doc = CaseDocument.objects.get()
    assert doc.content_type == "image/jpeg"
    stored = client.get(reverse("documents:document-download", args=[doc.public_id])).content
    assert stored != original and b"KameraSintetis" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.size == (40, 30)
        assert not img.getexif()  # no EXIF at all, so no GPS
        assert not img.getexif().get_ifd(0x8825)


def test_provider_downloads_only_while_the_referral_is_open(
    client, open_case, caseworker_a, health_provider, victim
):
    from sigap.referrals.services import referral_accept, referral_complete

    referral = send(open_case, caseworker_a, victim=victim)
    doc = document_upload(
        actor=caseworker_a,
        case=open_case,
        kind="medical",
        title="Surat medis",
        upload=_upload("medis.pdf", PDF),
        participant=victim,
    )
    whole_case = document_upload(
        actor=caseworker_a,
        case=open_case,
        kind="police_report",
        title="Laporan polisi",
        upload=_upload("lp.pdf", PDF),
    )
    url = reverse("documents:document-download", args=[doc.public_id])
    client.force_login(health_provider)
    assert client.get(url).status_code == 200  # sent: open
    assert (
        client.get(reverse("documents:document-download", args=[whole_case.public_id])).status_code
        == 404
    )
    page = client.get(reverse("cases:case-detail", args=[open_case.public_id])).content.decode()
    assert "Surat medis" in page and "Laporan polisi" not in page
    referral = referral_accept(referral=referral, actor=health_provider)
    assert client.get(url).status_code == 200
    referral_complete(
        referral=referral,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Layanan diberikan.",
    )
    assert client.get(url).status_code == 404  # closed: gone, like a document that never was
    downloads = AuditEvent.objects.filter(action="document.download", actor=health_provider)
    assert downloads.count() == 2


def test_child_documents_stay_with_the_handling_team(
    client, open_case, caseworker_a, health_provider, victim
):
    victim.is_child = True
    victim.save(update_fields=["is_child"])
    send(open_case, caseworker_a, victim=victim)  # an open referral of the child
    doc = document_upload(
        actor=caseworker_a,
        case=open_case,
        kind="consent",
        title="Persetujuan wali",
        upload=_upload("p.pdf", PDF),
        participant=victim,
    )
    client.force_login(health_provider)
    assert (
        client.get(reverse("documents:document-download", args=[doc.public_id])).status_code == 404
    )
    client.force_login(caseworker_a)
    assert (
        client.get(reverse("documents:document-download", args=[doc.public_id])).status_code == 200
    )


def test_nobody_reads_the_documents_of_a_restricted_person(
    client, open_case, caseworker_a, health_provider, victim
):
    """While a person's processing is restricted (UU 27/2022 PDP Pasal 41) their identity is
    masked for everyone, the handling team included; so are the documents about them (a KTP
    scan, a medical letter). The case's own documents stay with the team."""
    send(open_case, caseworker_a, victim=victim)  # the provider would see an adult's document
    about = _doc(caseworker_a, open_case, "Surat medis korban", participant=victim)
    whole_case = _doc(caseworker_a, open_case, "Laporan polisi")
    assert _sees(client, caseworker_a, about) and _sees(client, health_provider, about)
    victim.person.identity_restricted = True
    victim.person.save(update_fields=["identity_restricted"])
    assert not _sees(client, caseworker_a, about)
    assert not _sees(client, health_provider, about)
    assert _sees(client, caseworker_a, whole_case)
    client.force_login(caseworker_a)
    page = client.get(reverse("cases:case-detail", args=[open_case.public_id])).content.decode()
    assert "Laporan polisi" in page and "Surat medis korban" not in page


@pytest.mark.parametrize(
    "persona", ["reporter_kemayoran", "caseworker_b", "secretariat_user", "leadership_user"]
)
def test_others_get_404_or_403(client, open_case, caseworker_a, persona, request):
    doc = document_upload(
        actor=caseworker_a,
        case=open_case,
        kind="bap",
        title="BAP",
        upload=_upload("b.pdf", PDF),
    )
    user = request.getfixturevalue(persona)
    client.force_login(user)
    status = client.get(reverse("documents:document-download", args=[doc.public_id])).status_code
    assert status == (404 if user.has_perm("cases.view_case") else 403)
    upload = client.get(reverse("documents:document-upload", args=[open_case.public_id]))
    assert upload.status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="document.download", actor=user).exists()


def test_service_refuses_non_team_and_foreign_participant(
    open_case, caseworker_a, health_provider, reporter_gambir
):
    with pytest.raises(ApplicationError):
        document_upload(
            actor=health_provider,
            case=open_case,
            kind="bap",
            title="x",
            upload=_upload("b.pdf", PDF),
        )
    from sigap.cases.models import Participant

    stranger = Participant(case_id=open_case.pk + 1000)
    with pytest.raises(ApplicationError):
        document_upload(
            actor=caseworker_a,
            case=open_case,
            kind="bap",
            title="x",
            upload=_upload("b.pdf", PDF),
            participant=stranger,
        )
    assert not CaseDocument.objects.exists()


def test_api_lists_and_downloads_in_scope(open_case, caseworker_a, health_provider, victim):
    from rest_framework.test import APIClient

    send(open_case, caseworker_a, victim=victim)
    mine = document_upload(
        actor=caseworker_a,
        case=open_case,
        kind="medical",
        title="Surat medis",
        upload=_upload("m.pdf", PDF),
        participant=victim,
    )
    document_upload(
        actor=caseworker_a,
        case=open_case,
        kind="bap",
        title="BAP",
        upload=_upload("b.pdf", PDF),
    )
    api = APIClient()
    list_url = reverse("api:case-document-list", args=[open_case.public_id])
    api.force_authenticate(caseworker_a)
    body = api.get(list_url).json()
    assert body["count"] == 2 and {r["kind"] for r in body["results"]} == {"medical", "bap"}
    api.force_authenticate(health_provider)
    body = api.get(list_url).json()
    assert [r["public_id"] for r in body["results"]] == [str(mine.public_id)]
    assert body["results"][0]["about"] == str(victim.public_id)
    response = api.get(reverse("api:document-download", args=[mine.public_id]))
    assert response.status_code == 200 and response.content == PDF
    row = AuditEvent.objects.get(action="document.download", actor=health_provider)
    assert row.changes["via"] == "api"


def test_anonymising_a_case_deletes_its_documents(open_case, caseworker_a):
    from sigap.cases.models import Case
    from sigap.cases.services import case_anonymise

    document_upload(
        actor=caseworker_a,
        case=open_case,
        kind="identity",
        title="KTP",
        upload=_upload("k.pdf", PDF),
    )
    Case.objects.filter(pk=open_case.pk).update(status="closed", closed_at=timezone.now())
    case_anonymise(case=open_case)
    assert not CaseDocument.objects.filter(case=open_case).exists()
    row = AuditEvent.objects.get(action="case.anonymise")
    assert row.changes["documents_deleted"] == 1


def test_rotate_keys_reencrypts_document_files(open_case, caseworker_a):
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    from sigap.core.uploads import blob_bytes

    old, new = list(settings.SIGAP_FIELD_KEYS), Fernet.generate_key().decode()
    doc = document_upload(
        actor=caseworker_a,
        case=open_case,
        kind="bap",
        title="BAP",
        upload=_upload("b.pdf", PDF),
    )
    before = CaseDocument.objects.get(pk=doc.pk).data
    with override_settings(SIGAP_FIELD_KEYS=[new, *old]):
        call_command("rotate_keys", stdout=io.StringIO())
    with override_settings(SIGAP_FIELD_KEYS=[new]):  # the old keys can go
        after = CaseDocument.objects.get(pk=doc.pk)
        assert after.data != before and blob_bytes(after.data) == PDF
        assert after.title == "BAP"


# --- Documents of referrals, justice stages and rights (issue 13 §8) --------------------------


def _doc(actor, case, title, **record):
    return document_upload(
        actor=actor,
        case=case,
        kind="other",
        title=title,
        upload=_upload("d.pdf", PDF),
        **record,
    )


def _sees(client, user, doc) -> bool:
    client.force_login(user)
    url = reverse("documents:document-download", args=[doc.public_id])
    return client.get(url).status_code == 200


def test_documents_follow_the_rule_of_the_record_they_belong_to(
    client,
    open_case,
    caseworker_a,
    health_provider,
    police_officer,
    prosecutor_user,
    lpsk_user,
    victim,
):
    """A referral's document reaches its receiving agency only; a justice stage's and the
    restitution's reach police, Kejari and LPSK of the referred case, not the health service;
    another right's stays with the handling team."""
    from sigap.justice.services import police_report_add

    def refer(agency, service):
        return send(open_case, caseworker_a, agency, service, victim=victim)

    health = refer("sudin-kesehatan-jakpus", "health_rehab")
    refer("polres-jakpus-ppa", "law_enforcement")
    refer("kejari-jakpus", "prosecution")
    refer("lpsk", "protection")
    police_report_add(
        case=open_case,
        actor=police_officer,
        number="LP/B/1/XII/2026",
        unit="Unit PPA",
        reported_on=timezone.localdate(),
    )
    stage = open_case.justice_stages.get()
    on_referral = _doc(caseworker_a, open_case, "Hasil layanan", referral=health)
    assert on_referral.participant == victim  # a referral's document is about its victim
    on_stage = _doc(caseworker_a, open_case, "Laporan polisi", justice_stage=stage)
    on_restitution = _doc(
        caseworker_a, open_case, "Penilaian restitusi", right="restitution", participant=victim
    )
    on_health_right = _doc(
        caseworker_a, open_case, "Bukti rehabilitasi", right="health_rehab", participant=victim
    )
    expected = {
        health_provider: {on_referral},
        police_officer: {on_stage, on_restitution},
        prosecutor_user: {on_stage, on_restitution},
        lpsk_user: {on_stage, on_restitution},
        caseworker_a: {on_referral, on_stage, on_restitution, on_health_right},
    }
    for user, docs in expected.items():
        for doc in (on_referral, on_stage, on_restitution, on_health_right):
            assert _sees(client, user, doc) is (doc in docs), (user.username, doc.title)
    # The case page's documents section lists the same set, with the record each belongs to.
    client.force_login(prosecutor_user)
    page = client.get(reverse("cases:case-detail", args=[open_case.public_id])).content.decode()
    assert "Laporan polisi" in page and "Hasil layanan" not in page
    assert "Proses hukum" in page


def test_a_document_belongs_to_one_record_of_its_own_case(open_case, caseworker_a, victim):
    referral = send(open_case, caseworker_a, victim=victim)
    with pytest.raises(ApplicationError):
        _doc(caseworker_a, open_case, "Dua", referral=referral, right="restitution")
    with pytest.raises(ApplicationError):
        _doc(caseworker_a, open_case, "Tanpa korban", right="restitution")
    other = open_case.participants.exclude(pk=victim.pk).first()
    with pytest.raises(ApplicationError):
        _doc(caseworker_a, open_case, "Lain", referral=referral, participant=other)
    assert not CaseDocument.objects.exists()


def test_upload_page_offers_the_records_and_stores_the_choice(
    client, open_case, caseworker_a, victim
):
    referral = send(open_case, caseworker_a, victim=victim)
    client.force_login(caseworker_a)
    page = client.get(reverse("documents:document-upload", args=[open_case.public_id]))
    html = page.content.decode()
    assert f"referral:{referral.public_id}" in html and "right:restitution" in html
    response = _post(
        client, open_case, "hasil.pdf", PDF, attach_to=f"referral:{referral.public_id}"
    )
    assert response.status_code == 302
    assert CaseDocument.objects.get().referral == referral
    bogus = _post(client, open_case, "x.pdf", PDF, attach_to="stage:not-an-id")
    assert bogus.status_code == 400
    assert CaseDocument.objects.count() == 1
