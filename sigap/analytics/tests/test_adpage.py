"""The ad clustering page (issue 10 §6): role gate, clustering, slot linking within scope."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import TEST_PASSWORD
from sigap.analytics import adpage
from sigap.people import identifiers
from sigap.people.models import SharedIdentifier
from sigap.people.tests.test_network import PHONE_1, two_cases  # noqa: F401 (fixture)

URL = reverse("analytics:ad-clusters")
TEMPLATE = (
    "Lowongan kerja pabrik di Malaysia, gaji {pay} per bulan, berangkat gratis tanpa biaya, "
    "mess dan makan ditanggung, hubungi {phone} atau DM {handle} segera kuota terbatas"
)


def _ads():
    ads = [
        TEMPLATE.format(pay=f"Rp {5 + i} juta", phone=f"0812-{i:04d}-77{i:02d}", handle="@kerja_my")
        for i in range(4)
    ]
    ads.append(TEMPLATE.format(pay="Rp 9 juta", phone=PHONE_1, handle="@kerja_my"))
    ads.append("Dijual motor bekas mulus, pajak hidup, hubungi pemilik langsung sore hari")
    return ads


def test_parse_pasted_blocks_and_csv():
    text = "iklan satu\nbaris dua\n\n\n iklan dua \n"
    assert adpage.parse_ads(text) == ["iklan satu\nbaris dua", "iklan dua"]
    data = b"id,text\n1,iklan tiga\n2,\n3,iklan empat\n"
    assert adpage.parse_ads("", data) == ["iklan tiga", "iklan empat"]
    assert adpage.parse_ads("", b"hanya satu kolom\n") == ["hanya satu kolom"]
    with pytest.raises(ValidationError):
        adpage.parse_ads("\n\n".join(["x"] * (adpage.MAX_ADS + 1)))
    with pytest.raises(ValidationError):
        adpage.parse_ads("", b"\xff\xfe\xfa")


def _company_phone(cases, actor):
    """The recruiting company's phone (the recruiters' number, typed a third way) recorded on
    each case as the case's own identifier, which police on a referred case see."""
    for case in cases:
        identifiers.identifier_add(
            actor=actor, case=case, participant=None, kind="phone", value="+6281022334455"
        )


def test_clusters_and_police_link_the_phone_to_both_cases(
    two_cases,  # noqa: F811
    police_officer,
    caseworker_a,
):
    case1, case2 = two_cases
    _company_phone(two_cases, caseworker_a)
    clusters = adpage.clusters_for(police_officer, _ads())
    assert [c.size for c in clusters] == [5, 1]
    big = clusters[0]
    assert "{phone}" in big.template and "{amount}" in big.template
    assert "malaysia" in big.template and "0812" not in big.template
    phones = {s.value: s for s in big.slots if s.kind == "phone"}
    assert len(phones) == 5
    hit = phones["+6281022334455"]
    # both cases record this phone as their own; police see both cases
    assert {n for n, _ in hit.cases} == {case1.number, case2.number}
    assert hit.elsewhere  # and as the recruiters' phones: not police's to see (identity rule)
    assert all(not s.cases and not s.elsewhere for v, s in phones.items() if v != hit.value)
    assert {s.value for s in big.slots if s.kind == "amount"} >= {"rp 5 juta", "rp 9 juta"}


def test_a_match_outside_scope_is_only_another_agencys_case(two_cases, secretariat_user):  # noqa: F811
    case1, case2 = two_cases
    # case 2 (seen by status only: its identifiers are not the secretariat's to see) and
    # case 1 (not visible) record this phone
    [link, other] = adpage.slot_links(
        secretariat_user, [("phone", PHONE_1), ("phone", "+62 899 1111 2222")]
    )
    assert link.cases == []
    assert link.elsewhere  # a bare flag, no number, no id
    assert other.cases == [] and not other.elsewhere
    # once marked public or shared, the phone links nothing
    shared = identifiers.Identifier.objects.filter(case=case2).first()
    SharedIdentifier.objects.create(
        value_hash=shared.value_hash, kind="phone", marked_by=secretariat_user
    )
    [link] = adpage.slot_links(secretariat_user, [("phone", PHONE_1)])
    assert link.cases == [] and not link.elsewhere


def test_handle_slots_link_through_the_platform_qualifier(two_cases, caseworker_a, police_officer):  # noqa: F811
    case1, _case2 = two_cases
    identifiers.identifier_add(
        actor=caseworker_a,
        case=case1,
        participant=None,
        kind="social_handle",
        qualifier="Instagram",
        value="@Kerja_MY",
    )
    [link] = adpage.slot_links(police_officer, [("handle", "@kerja_my")])
    assert link.cases == [(case1.number, str(case1.public_id))]


def test_the_page_is_for_police_and_secretariat_only(client, two_cases, caseworker_a):  # noqa: F811
    assert client.login(username=caseworker_a.username, password=TEST_PASSWORD)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"ads": "x"}).status_code == 403


def test_the_page_shows_clusters_and_hides_other_agencies_cases(
    client,
    two_cases,  # noqa: F811
    secretariat_user,
):
    case1, case2 = two_cases
    assert client.login(username=secretariat_user.username, password=TEST_PASSWORD)
    assert client.get(URL).status_code == 200
    page = client.post(URL, {"ads": "\n\n".join(_ads())})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Klaster 1: 5 iklan" in body and "+6281022334455" in body
    assert case2.number not in body and case1.number not in body
    assert "ada di kasus lembaga lain" in body
    assert str(case1.public_id) not in body
    upload = SimpleUploadedFile("iklan.csv", ("text\n" + _ads()[0] + "\n").encode())
    page = client.post(URL, {"ads": "", "csv_file": upload})
    assert page.status_code == 200 and "Klaster 1: 1 iklan" in page.content.decode()
    assert client.post(URL, {"ads": ""}).status_code == 400


def _many_ads(n):
    base = _ads()[0]
    return [base.replace("Malaysia", f"Malaysia kota {i}") for i in range(n - 1)] + [_ads()[4]]


def test_many_ads_run_in_the_background_encrypted_and_private(
    client,
    two_cases,  # noqa: F811
    police_officer,
    secretariat_user,
    caseworker_a,
    django_capture_on_commit_callbacks,
):
    from django.db import connection

    from sigap.people.models import AdClusterRun

    case1, case2 = two_cases
    _company_phone(two_cases, caseworker_a)
    ads = _many_ads(adpage.INLINE_MAX + 10)
    assert client.login(username=police_officer.username, password=TEST_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(URL, {"ads": "\n\n".join(ads)})
    run = AdClusterRun.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("analytics:ad-cluster-run", args=[run.public_id])
    assert run.owner == police_officer and run.status == "done" and run.progress == 100
    assert run.ads_total == len(ads) and run.ads == ""  # input dropped once done
    with connection.cursor() as cur:
        cur.execute("select result from people_adclusterrun where id = %s", [run.pk])
        raw = cur.fetchone()[0]
    assert "6281022334455" not in raw and "malaysia" not in raw  # encrypted at rest
    body = client.get(page["Location"]).content.decode()
    assert f"Klaster 1: {len(ads)} iklan" in body
    assert case1.number in body and case2.number in body  # linked for the viewer now
    assert "hx-trigger" not in body  # done: no more polling
    assert str(run.public_id) in client.get(URL).content.decode()  # listed for the owner
    # private to its owner, even for another analyst
    client.logout()
    assert client.login(username=secretariat_user.username, password=TEST_PASSWORD)
    assert client.get(page["Location"]).status_code == 404
    assert str(run.public_id) not in client.get(URL).content.decode()


def test_a_queued_run_shows_progress_and_polls(client, police_officer):
    from sigap.people.models import AdClusterRun

    run = adpage.ad_run_start(actor=police_officer, ads=["iklan satu", "iklan dua"])
    AdClusterRun.objects.filter(pk=run.pk).update(status="running", progress=40)
    assert client.login(username=police_officer.username, password=TEST_PASSWORD)
    body = client.get(reverse("analytics:ad-cluster-run", args=[run.public_id])).content.decode()
    assert 'value="40"' in body and "hx-trigger" in body and "Klaster 1" not in body
    adpage.ad_run_execute(run_id=run.pk)  # the task; a second call is a no-op
    adpage.ad_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "done" and len(adpage.ad_run_clusters(police_officer, run)) == 2


def test_cluster_progress_is_reported():
    from sigap.analytics.adclusters import cluster_ads

    seen = []
    cluster_ads(
        [(i, f"iklan nomor {i} kerja") for i in range(250)],
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(100, 500), (200, 500), (350, 500), (450, 500)]


def test_police_do_not_look_up_a_child_victims_phone_to_its_case(
    open_case, caseworker_a, police_officer
):
    """A case referred to the police (one adult victim) also has a child victim with a phone
    recorded. Police may not see the child's identity (``identity_visible``), so pasting the
    child's number does not answer with the case: only the bare "elsewhere" flag."""
    from datetime import date

    from sigap.cases.services import PersonData, participant_add
    from sigap.people.tests.test_network import _refer_to_police

    _refer_to_police(open_case, caseworker_a)
    child = participant_add(
        case=open_case,
        actor=caseworker_a,
        role="victim",
        data=PersonData("Anak Sintetis", sex="F", date_of_birth=date(2013, 4, 4)),
    )
    identifiers.identifier_add(
        actor=caseworker_a, case=open_case, participant=child, kind="phone", value="0813-5555-0101"
    )
    [link] = adpage.slot_links(police_officer, [("phone", "+6281355550101")])
    assert link.cases == []
    assert link.elsewhere
    # the handling team, who see the child, do get the case
    [link] = adpage.slot_links(caseworker_a, [("phone", "+6281355550101")])
    assert link.cases == [(open_case.number, str(open_case.public_id))]
