"""The trust layer in a real browser (issue 3, "Must show").

- A service provider sees the referred victim's name while the referral is open and not after
  it is completed (case page and referral inbox).
- The leadership dashboard shows counts and no victim name or case number anywhere in its HTML.
- With two-factor required, a case manager without a TOTP device is sent to enrolment after the
  password step, enrols with a code computed from the key shown on the page, and then reaches
  the case list.

Every page visited is checked with axe-core and saved as a screenshot under test-artifacts/.
"""

import re
from base64 import b32decode

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD
from tests.browser.conftest import dashboard_count, login

KECAMATAN_KEMAYORAN = "31.71.03"


def _victims(case):
    """The case's victims by name (names are encrypted at rest: compared in Python)."""
    return {
        p.person.full_name: p
        for p in case.participants.select_related("person").filter(role="victim")
    }


def _refer_for_health(case, actor, victim):
    from sigap.agencies.models import Agency, Service
    from sigap.referrals.services import referral_send

    return referral_send(
        case=case,
        actor=actor,
        victim=victim,
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
        sharing_basis="victim_consent",
        consent_given_by="korban",
        consent_recorded_on=timezone.localdate(),
    )


@pytest.mark.django_db(transaction=True)
def test_provider_sees_victim_name_only_while_referral_is_open(
    new_page, checkpoint, open_case, caseworker_a, health_provider
):
    victims = _victims(open_case)
    referred_name = "Korban Sintetis 0"
    other_names = sorted(set(victims) - {referred_name})
    assert len(other_names) == 2
    referral = _refer_for_health(open_case, caseworker_a, victims[referred_name])
    case_url = f"/cases/{open_case.public_id}/"
    referral_url = f"/referrals/{referral.public_id}/"

    page = new_page()
    login(page, health_provider.username, TEST_PASSWORD)
    checkpoint(page, "provider-dashboard")

    # Open referral: the inbox row and the case page name the referred victim, only her.
    page.goto(page.base_url + "/referrals/")
    checkpoint(page, "inbox-open")
    row = page.locator("tbody tr", has=page.locator(f"a[href$='{referral_url}']"))
    assert referred_name in row.inner_text()
    response = page.goto(page.base_url + case_url)
    assert response.status == 200
    checkpoint(page, "case-page-open")
    victims_section = page.locator("section[aria-labelledby=h-victims]")
    assert referred_name in victims_section.inner_text()
    html = page.content()
    assert all(name not in html for name in other_names)

    # Accept and complete the referral through the pages.
    page.goto(page.base_url + referral_url)
    checkpoint(page, "referral-sent")
    assert referred_name in page.content()
    page.click(f"form[action$='{referral_url}accept/'] button")
    page.wait_for_url(re.compile(re.escape(referral_url) + "$"))
    checkpoint(page, "referral-accepted")
    page.fill("#id_complete-description", "Pemeriksaan kesehatan umum.")
    page.click(f"form[action$='{referral_url}complete/'] button")
    page.wait_for_url(re.compile(re.escape(referral_url) + "$"))
    checkpoint(page, "referral-completed")
    referral.refresh_from_db()
    assert referral.status == "completed"
    assert referred_name not in page.content()

    # Completed: the inbox still lists the referral, without the name; the case page is gone.
    page.goto(page.base_url + "/referrals/")
    checkpoint(page, "inbox-completed")
    row = page.locator("tbody tr", has=page.locator(f"a[href$='{referral_url}']"))
    assert row.count() == 1
    assert open_case.number in row.inner_text()
    assert referred_name not in page.content()
    response = page.goto(page.base_url + case_url)
    checkpoint(page, "case-page-completed")
    assert response.status == 404  # out of scope once no referral is open (404, not 403)
    assert all(name not in page.content() for name in victims)


@pytest.mark.django_db(transaction=True)
def test_leadership_dashboard_shows_counts_without_identities(
    new_page, checkpoint, open_case, caseworker_a, leadership_user
):
    victims = _victims(open_case)
    _refer_for_health(open_case, caseworker_a, victims["Korban Sintetis 0"])

    page = new_page()
    login(page, leadership_user.username, TEST_PASSWORD)
    assert page.url.endswith("/dashboard/")
    checkpoint(page, "leadership-dashboard")
    assert dashboard_count(page, KECAMATAN_KEMAYORAN) == 1
    assert page.locator("#stat-open .num").inner_text().strip() == "1"
    html = page.content()
    assert victims and all(name not in html for name in victims)
    assert open_case.number not in html
    assert str(open_case.public_id) not in html

    # Leadership has no case list: out of scope, and the error page names nobody either.
    response = page.goto(page.base_url + "/cases/")
    checkpoint(page, "leadership-case-list")
    assert response.status in (403, 404)
    assert open_case.number not in page.content()


@pytest.mark.django_db(transaction=True)
def test_case_manager_without_device_enrols_in_two_factor(
    new_page, checkpoint, settings, caseworker_a
):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.SIGAP_REQUIRE_2FA = True  # read per request by the middleware (same process)
    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)
    assert "/accounts/2fa/setup/" in page.url
    checkpoint(page, "enrolment")

    # Nothing behind the password alone: the case list sends back to enrolment.
    page.goto(page.base_url + "/cases/")
    assert "/accounts/2fa/setup/" in page.url

    secret = page.locator("#totp-secret").inner_text()
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    code = totp(key)
    page.fill("#id_token", f"{code:06d}")
    page.click("#twofactor-form button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/$"))
    checkpoint(page, "case-list-after-enrolment")
    assert TOTPDevice.objects.get(user=caseworker_a).confirmed
    assert page.locator("form.filters #id_q").count() == 1  # the case list's search box
