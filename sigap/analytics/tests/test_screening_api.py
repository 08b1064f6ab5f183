"""``POST /api/v1/screenings/``, the public ``/cek-lowongan/`` page, rulesets and P3MI import."""

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.agencies.choices import Role
from sigap.analytics.models import LicensedAgency, Screening, ScreeningRuleset
from sigap.analytics.screening.default_rules import DEFAULT_RULESET
from sigap.audit.models import AuditEvent

URL = "/api/v1/screenings/"
SCAM = (
    "Lowongan admin ke Kamboja gaji 15jt, paspor dipegang perusahaan, bayar biaya proses 5 juta "
    "transfer ke rekening pribadi Budi, hub WA 0812 1111 2222"
)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_for():
    def _for(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return _for


def test_anonymous_gets_401_json(reference):
    response = APIClient().post(URL, {"text": SCAM}, format="json")
    assert response.status_code == 401
    assert "message" in response.json()


def test_user_without_membership_gets_403(db, client_for):
    from sigap.accounts.services import user_create

    user = user_create(username="nomember", password="x" * 20, first_name="No")
    response = client_for(user).post(URL, {"text": SCAM}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "agency"),
    [
        (Role.SECRETARIAT, "sudin-ppapp-jakpus"),
        (Role.REPORTER, "kelurahan-31-71-03-1001"),
        (Role.CASE_MANAGER, "upt-ppa-dki"),
        (Role.POLICE, "polres-jakpus-ppa"),
        (Role.LEADERSHIP, "pemkot-jakpus"),
    ],
)
def test_any_member_agency_user_gets_the_result_shape(make_user, client_for, role, agency):
    user = make_user(role, agency)
    response = client_for(user).post(URL, {"text": SCAM}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["risk_level"] == "high"
    assert body["ruleset_version"] == DEFAULT_RULESET["version"]
    assert isinstance(body["score"], float)
    codes = {f["code"] for f in body["flags"]}
    assert {"RISKY_DESTINATION", "PASSPORT_HELD", "FEE_PERSONAL_ACCOUNT"} <= codes
    for flag in body["flags"]:
        assert set(flag) >= {"code", "label", "evidence", "source"}
        assert flag["evidence"] and all(isinstance(e, str) for e in flag["evidence"])


def test_screening_is_stored_encrypted_with_its_version_and_audited(secretariat_user, client_for):
    response = client_for(secretariat_user).post(URL, {"text": SCAM}, format="json")
    screening = Screening.objects.get(public_id=response.json()["public_id"])
    assert screening.ruleset_version == DEFAULT_RULESET["version"]
    assert screening.text == SCAM
    assert "RISKY_DESTINATION" in screening.flag_codes
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM analytics_screening WHERE id = %s", [screening.pk])
        raw = cursor.fetchone()[0]
    assert "Kamboja" not in raw
    event = AuditEvent.objects.filter(action="screening.create").latest("id")
    assert "Kamboja" not in json.dumps(event.changes)
    assert event.changes["risk_level"] == "high"


def test_legitimate_offer_is_low(secretariat_user, client_for):
    text = (
        "PT Maju Jaya Sentosa (P3MI terdaftar di SISKOP2MI) membuka lowongan operator pabrik ke "
        "Taiwan dengan visa kerja, tanpa biaya penempatan, gaji NT$ 27.470."
    )
    response = client_for(secretariat_user).post(URL, {"text": text}, format="json")
    assert response.json()["risk_level"] == "low"


@pytest.mark.parametrize(
    "payload",
    [{}, {"text": "   "}, {"text": "x" * 20001}, {"answers": {"nope": True}}, {"answers": "yes"}],
)
def test_bad_input_is_400_json_and_stores_nothing(secretariat_user, client_for, payload):
    response = client_for(secretariat_user).post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["message"]
    assert not Screening.objects.exists()


def test_checklist_answers_through_the_api(secretariat_user, client_for):
    response = client_for(secretariat_user).post(
        URL, {"answers": {"under_18": True}}, format="json"
    )
    assert response.status_code == 200
    assert [f["code"] for f in response.json()["flags"]] == ["MINOR_RECRUIT"]


def test_published_ruleset_is_used_and_old_results_keep_their_version(secretariat_user, client_for):
    from sigap.analytics.services import ruleset_publish

    first = client_for(secretariat_user).post(URL, {"text": SCAM}, format="json").json()
    edited = json.loads(json.dumps(DEFAULT_RULESET))
    edited["version"] = "2099.1-test"
    ruleset_publish(user=None, rules=edited, notes="test")
    second = client_for(secretariat_user).post(URL, {"text": SCAM}, format="json").json()
    assert first["ruleset_version"] == DEFAULT_RULESET["version"]
    assert second["ruleset_version"] == "2099.1-test"
    assert (
        Screening.objects.get(public_id=first["public_id"]).ruleset_version
        == first["ruleset_version"]
    )
    assert ScreeningRuleset.objects.filter(is_active=True).count() == 1


def test_publishing_an_invalid_ruleset_is_refused(db):
    from sigap.analytics.services import ruleset_publish
    from sigap.core.exceptions import ApplicationError

    broken = json.loads(json.dumps(DEFAULT_RULESET))
    broken["version"] = "broken"
    broken["rules"][0]["patterns"] = ["(unclosed"]
    with pytest.raises(ApplicationError):
        ruleset_publish(user=None, rules=broken)
    assert not ScreeningRuleset.objects.exists()


def test_import_p3mi_command_feeds_the_matcher(secretariat_user, client_for, tmp_path):
    path = tmp_path / "p3mi.csv"
    path.write_text(
        "name,license_number,valid_until\nPT Sumber Rejeki Abadi,KEP-1/2024,31-12-2030\n"
    )
    call_command("import_p3mi", str(path))
    assert LicensedAgency.objects.get().license_number == "KEP-1/2024"
    text = "PT Sumber Rejeki Abadi membuka lowongan kerja ke Taiwan dengan visa kerja."
    body = client_for(secretariat_user).post(URL, {"text": text}, format="json").json()
    assert "LICENSED_P3MI" in {m["code"] for m in body["mitigations"]}
    assert "UNLICENSED_AGENCY" not in {f["code"] for f in body["flags"]}


def test_import_p3mi_refuses_a_bad_row_and_keeps_nothing(db, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "p3mi.csv"
    path.write_text("name,valid_until\nPT Satu,2030-01-01\nPT Dua,bukan-tanggal\n")
    with pytest.raises(CommandError, match="3"):
        call_command("import_p3mi", str(path))
    assert not LicensedAgency.objects.exists()


# --- public page -------------------------------------------------------------------------------


def test_public_page_shows_flags_and_stores_nothing(client, reference):
    before_audit = AuditEvent.objects.count()
    page = client.get(reverse("analytics:job-check"))
    assert page.status_code == 200
    response = client.post(reverse("analytics:job-check"), {"text": SCAM, "q_chat_only": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kamboja" in html  # the evidence is quoted back to the citizen
    assert "UU 18/2017" in html
    assert not Screening.objects.exists()
    assert AuditEvent.objects.count() == before_audit


def test_public_page_empty_form_gets_a_clear_message(client, reference):
    response = client.post(reverse("analytics:job-check"), {"text": ""})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_public_page_is_throttled(client, reference):
    url = reverse("analytics:job-check")
    codes = [client.post(url, {"text": "lowongan kerja"}).status_code for _ in range(25)]
    assert codes[:20] == [200] * 20
    assert codes[-1] == 429


def test_a_screening_under_the_shipped_rules_stays_explainable_after_they_change(
    secretariat_user, client_for, monkeypatch
):
    """A release that ships new default rules must still explain screenings stored under the
    old default: its rules are kept as an inactive row the first time they are used."""
    from sigap.analytics.screening import default_rules
    from sigap.analytics.selectors import ruleset_by_version

    old_version = DEFAULT_RULESET["version"]
    first = client_for(secretariat_user).post(URL, {"text": SCAM}, format="json").json()
    kept = ScreeningRuleset.objects.get(version=old_version)
    assert kept.is_active is False and kept.rules["version"] == old_version
    newer = json.loads(json.dumps(DEFAULT_RULESET))
    newer["version"] = "2099.2-next-release"
    newer["rules"][0]["weight"] = 99
    monkeypatch.setattr(default_rules, "DEFAULT_RULESET", newer)
    monkeypatch.setattr("sigap.analytics.selectors.DEFAULT_RULESET", newer)
    monkeypatch.setattr("sigap.analytics.services.DEFAULT_RULESET", newer)
    explained = ruleset_by_version(first["ruleset_version"])
    assert explained is not None
    assert explained["rules"][0]["weight"] == DEFAULT_RULESET["rules"][0]["weight"] != 99
    second = client_for(secretariat_user).post(URL, {"text": SCAM}, format="json")
    assert second.json()["ruleset_version"] == "2099.2-next-release"
    assert ScreeningRuleset.objects.filter(is_active=True).count() == 0
    assert ScreeningRuleset.objects.count() == 2
