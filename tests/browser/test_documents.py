"""Case documents in a real browser (issue 13 §8): the case team attaches a photo with GPS
EXIF to a victim (stored without it), an executable renamed ``.pdf`` is refused with an
Indonesian message and nothing stored; the health provider with an open referral downloads
the victim's document from the case page, and loses it once the referral is completed.
Every page visited is checked with axe-core and saved under test-artifacts/."""

import io

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD
from tests.browser.conftest import login


def _jpeg_with_gps(path):
    from PIL import Image

    img = Image.new("RGB", (64, 48), (30, 120, 200))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0), 3: "E", 4: (106.0, 50.0, 0.0)}
    img.save(path, format="JPEG", exif=exif)


@pytest.mark.django_db(transaction=True)
def test_documents_on_the_case_page(
    new_page, checkpoint, open_case, caseworker_a, health_provider, tmp_path
):
    from PIL import Image

    from sigap.agencies.models import Agency, Service
    from sigap.documents.models import CaseDocument
    from sigap.referrals.services import referral_accept, referral_complete, referral_send

    victim = open_case.participants.filter(role="victim").order_by("id").first()
    referral = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victim,
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    photo, fake = tmp_path / "foto.jpg", tmp_path / "laporan.pdf"
    _jpeg_with_gps(photo)
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 400)

    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)
    case_url = f"/cases/{open_case.public_id}/"
    page.goto(page.base_url + case_url)
    checkpoint(page, "case-page-no-documents")
    page.click(f"a[href='/documents/cases/{open_case.public_id}/new/']")
    checkpoint(page, "upload-form")
    page.select_option("#id_kind", "bap")
    page.fill("#id_title", "BAP palsu")
    page.set_input_files("#id_file", str(fake))
    page.click("form.stacked button[type=submit]")
    checkpoint(page, "upload-refused")
    assert "bukan foto" in page.content()
    assert not CaseDocument.objects.exists()

    page.select_option("#id_kind", "photo")
    page.fill("#id_title", "Foto bukti")
    page.select_option("#id_participant", str(victim.public_id))
    page.set_input_files("#id_file", str(photo))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**" + case_url + "*")
    checkpoint(page, "case-page-with-document")
    doc = CaseDocument.objects.get()
    assert page.locator("#h-documents ~ div table").inner_text().count("Foto bukti") == 1

    provider = new_page()
    login(provider, health_provider.username, TEST_PASSWORD)
    provider.goto(provider.base_url + case_url)
    checkpoint(provider, "provider-case-page")
    with provider.expect_download() as info:
        provider.click(f"a[href='/documents/{doc.public_id}/download/']")
    with Image.open(io.BytesIO(open(info.value.path(), "rb").read())) as img:
        assert img.size == (64, 48) and not img.getexif()

    referral = referral_accept(referral=referral, actor=health_provider)
    referral_complete(
        referral=referral,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Layanan diberikan.",
    )
    response = provider.request.get(provider.base_url + f"/documents/{doc.public_id}/download/")
    assert response.status == 404
