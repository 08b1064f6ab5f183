"""Cases through the API: create, detail by access level, scoping, bad input, query bounds."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, Participant, Person

CASES_URL = "/api/v1/cases/"


def _report(**overrides):
    body = {
        "intake_channel": "kelurahan_report",
        "report_area": "31.71.03.1001",
        "summary": "Tiga perempuan ditampung di sebuah rumah penampungan.",
        "modus": "migrant_worker",
        "exploitation_forms": ["forced_labour"],
        "destination_country": "MY",
        "recruitment_channel": "facebook",
        "victims": [
            {
                "full_name": "Korban Sintetis Satu",
                "sex": "F",
                "date_of_birth": "2005-08-17",
                "origin_area": "33.01.01.2001",
            },
            {"full_name": "Korban Sintetis Dua", "sex": "F", "estimated_age": 24},
            {"full_name": "Korban Sintetis Tiga", "sex": "F", "date_of_birth": "1999-01-31"},
        ],
        "journey": [
            {"stage": "recruitment", "occurred_on": "2026-01-10"},
            {
                "stage": "transit",
                "area": "31.71.03.1001",
                "place_note": "penampungan",
                "occurred_on": "2026-02-01",
            },
        ],
    }
    body.update(overrides)
    return body


def _has_key(data, key):
    if isinstance(data, dict):
        return key in data or any(_has_key(v, key) for v in data.values())
    if isinstance(data, list):
        return any(_has_key(v, key) for v in data)
    return False


@pytest.mark.django_db
def test_case_manager_reports_case_with_three_victims(as_user, caseworker_a):
    client = as_user(caseworker_a)
    response = client.post(CASES_URL, _report(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["access"] == "full"
    assert data["number"].startswith("TPPO-3171-")
    assert data["exploitation_forms"] == ["forced_labour"]
    assert [v["full_name"] for v in data["victims"]] == [
        "Korban Sintetis Satu",
        "Korban Sintetis Dua",
        "Korban Sintetis Tiga",
    ]
    first = data["victims"][0]
    assert first["date_of_birth"] == "2005-08-17"
    assert first["origin_area"] == "33.01.01.2001"
    assert first["identification"] is None
    assert isinstance(first["is_child"], bool)
    assert not _has_key(data, "id")

    case = Case.objects.get(public_id=data["public_id"])
    assert case.participants.filter(role="victim").count() == 3
    people = {p.full_name: p for p in Person.objects.all()}  # names are encrypted: no filter
    assert people["Korban Sintetis Satu"].date_of_birth == date(2005, 8, 17)
    assert AuditEvent.objects.filter(action="case.report", target_public_id=case.public_id).exists()

    detail = client.get(f"{CASES_URL}{case.public_id}/").json()
    assert detail["victims"][0]["date_of_birth"] == "2005-08-17"
    assert [j["stage"] for j in detail["journey"]] == ["recruitment", "transit"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {
                "victims": [
                    {
                        "full_name": "Korban Sintetis",
                        "date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat(),
                    }
                ]
            },
            "date_of_birth",
        ),
        ({"report_area": "99.99.99.9999"}, "report_area"),
        ({"victims": [{"full_name": "Korban Sintetis", "origin_area": "99.99"}]}, "victims"),
        ({"summary": "   "}, "summary"),
        ({"summary": ""}, "summary"),
        ({"report_area": "31.71.03"}, "report_area"),  # a kecamatan, not a kelurahan
        ({"victims": [{"full_name": "Korban Sintetis", "date_of_birth": "17-08-2005"}]}, "victims"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(as_user, caseworker_a, overrides, field):
    response = as_user(caseworker_a).post(CASES_URL, _report(**overrides), format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert field in body["extra"]["fields"]
    assert not Case.objects.exists()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="case.report").exists()


@pytest.mark.django_db
def test_reporter_creates_case_but_sees_only_its_status(as_user, reporter_kemayoran):
    response = as_user(reporter_kemayoran).post(CASES_URL, _report(), format="json")

    assert response.status_code == 201
    data = response.json()
    assert data["access"] == "status_only"
    assert set(data) == {
        "public_id",
        "access",
        "number",
        "status",
        "reported_on",
        "reporting_agency",
        "report_area",
        "report_area_name",
    }
    assert "Korban" not in response.content.decode()
    assert Participant.objects.count() == 3


@pytest.mark.django_db
def test_reporter_sees_no_victim_names(as_user, reporter_kemayoran, open_case):
    client = as_user(reporter_kemayoran)
    detail = client.get(f"{CASES_URL}{open_case.public_id}/")
    listing = client.get(CASES_URL)

    assert detail.status_code == 200
    assert detail.json()["access"] == "status_only"
    assert detail.json()["number"] == open_case.number
    assert "victims" not in detail.json()
    assert "summary" not in detail.json()
    assert [row["public_id"] for row in listing.json()["results"]] == [str(open_case.public_id)]
    for response in (detail, listing):
        assert "Korban Sintetis" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="case.view").exists()


@pytest.mark.django_db
def test_outsider_gets_404_on_case_detail(as_user, caseworker_b, open_case):
    client = as_user(caseworker_b)
    assert client.get(f"{CASES_URL}{open_case.public_id}/").status_code == 404
    assert client.get(CASES_URL).json()["count"] == 0


@pytest.mark.django_db
def test_unknown_case_gets_404(as_user, caseworker_a, open_case):
    response = as_user(caseworker_a).get(f"{CASES_URL}00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "extra"}


@pytest.mark.django_db
def test_handling_case_manager_sees_identities_and_view_is_audited(
    as_user, caseworker_a, open_case
):
    response = as_user(caseworker_a).get(f"{CASES_URL}{open_case.public_id}/")

    assert response.status_code == 200
    data = response.json()
    assert data["access"] == "full"
    assert len(data["victims"]) == 3
    assert data["victims"][0]["full_name"].startswith("Korban Sintetis")
    assert data["summary"]
    event = AuditEvent.objects.get(action="case.view")
    assert event.actor == caseworker_a
    assert event.target_public_id == open_case.public_id
    assert "Korban" not in str(event.changes)


@pytest.mark.django_db
def test_service_provider_sees_only_the_referred_victim(
    as_user, health_provider, open_case, health_referral
):
    response = as_user(health_provider).get(f"{CASES_URL}{open_case.public_id}/")

    assert response.status_code == 200
    data = response.json()
    assert data["access"] == "referral_only"
    assert [v["public_id"] for v in data["victims"]] == [str(health_referral.victim.public_id)]
    assert "summary" not in data and "journey" not in data
    assert "origin_area" not in data["victims"][0]
    assert AuditEvent.objects.filter(action="case.view", actor=health_provider).exists()


@pytest.mark.django_db
def test_service_provider_loses_the_case_once_the_referral_is_completed(
    as_user, health_provider, open_case, health_referral
):
    from sigap.referrals.services import referral_accept, referral_complete

    referral_accept(referral=health_referral, actor=health_provider)
    referral_complete(
        referral=health_referral,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Pemeriksaan kesehatan.",
    )
    client = as_user(health_provider)
    assert client.get(f"{CASES_URL}{open_case.public_id}/").status_code == 404
    assert client.get(CASES_URL).json()["count"] == 0


@pytest.mark.django_db
def test_police_sees_referred_victim_only_while_referral_is_open(
    as_user, police_officer, caseworker_a, open_case
):
    from sigap.agencies.models import Agency, Service
    from sigap.referrals.services import referral_accept, referral_complete, referral_send

    victim = open_case.participants.order_by("id").last()
    referral = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victim,
        to_agency=Agency.objects.get(code="polres-jakpus-ppa"),
        service=Service.objects.get(code="law_enforcement"),
    )
    client = as_user(police_officer)
    data = client.get(f"{CASES_URL}{open_case.public_id}/").json()
    assert [v["public_id"] for v in data["victims"]] == [str(victim.public_id)]

    referral_accept(referral=referral, actor=police_officer)
    referral_complete(
        referral=referral,
        actor=police_officer,
        delivered_on=timezone.localdate(),
        description="Laporan polisi dibuat.",
    )
    data = client.get(f"{CASES_URL}{open_case.public_id}/").json()
    assert data["access"] == "referral_only"
    assert data["victims"] == []


@pytest.mark.django_db
def test_list_filters(as_user, caseworker_a, open_case):
    client = as_user(caseworker_a)
    assert client.get(CASES_URL, {"status": "open"}).json()["count"] == 1
    assert client.get(CASES_URL, {"status": "closed"}).json()["count"] == 0
    assert client.get(CASES_URL, {"kecamatan": "31.71.03"}).json()["count"] == 1
    assert client.get(CASES_URL, {"kecamatan": "31.71.01"}).json()["count"] == 0
    assert client.get(CASES_URL, {"search": open_case.number}).json()["count"] == 1
    assert client.get(CASES_URL, {"exploitation_form": "sexual"}).json()["count"] == 0
    assert client.get(CASES_URL, {"modus": "migrant_worker"}).json()["count"] == 1
    row = client.get(CASES_URL).json()["results"][0]
    assert row["access"] == "header"
    assert "victims" not in row and "summary" not in row


@pytest.mark.django_db
def test_wrong_role_gets_403(as_user, leadership_user, health_provider):
    assert as_user(leadership_user).get(CASES_URL).status_code == 403
    response = as_user(leadership_user).post(CASES_URL, _report(), format="json")
    assert response.status_code == 403
    assert set(response.json()) == {"message", "extra"}
    # A service provider may view referred cases but not report new ones.
    assert as_user(health_provider).post(CASES_URL, _report(), format="json").status_code == 403
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_case_list_runs_bounded_queries(api, caseworker_a, areas, django_assert_max_num_queries):
    from sigap.cases.services import PersonData, case_report

    for i in range(7):
        case_report(
            actor=caseworker_a,
            intake_channel="hotline",
            report_area=areas["31.71.03.100" + str(1 + i % 2)],
            summary=f"Laporan sintetis {i}",
            exploitation_forms=["forced_labour", "sexual"],
            victims=[PersonData(full_name=f"Korban Sintetis {i}")],
        )
    from sigap.api.tokens import api_token_issue

    _row, key = api_token_issue(user=caseworker_a, two_factor_verified=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api.get(CASES_URL)  # the token's first use records last_used_at (one UPDATE, then 5 min)
    counts = {}
    for size in (5, 100):
        with django_assert_max_num_queries(10) as captured:
            response = api.get(CASES_URL, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, 7)
        counts[size] = len(captured)
    assert counts[5] == counts[100], counts


@pytest.mark.django_db
def test_case_list_builds_serializer_fields_once_per_shape(api, caseworker_a, areas, monkeypatch):
    """A page of items of one shape builds the serializer's fields once, not once per item
    (issue 8: per-item serializers spent most of the API list's time in DRF's field
    introspection). The items keep the list's order and their shape."""
    from rest_framework import serializers

    from sigap.api.tokens import api_token_issue
    from sigap.cases.services import PersonData, case_report

    made = [
        case_report(
            actor=caseworker_a,
            intake_channel="hotline",
            report_area=areas["31.71.03.1001"],
            summary=f"Laporan sintetis {i}",
            victims=[PersonData(full_name=f"Korban Sintetis {i}")],
        )
        for i in range(6)
    ]
    _row, key = api_token_issue(user=caseworker_a, two_factor_verified=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api.get(CASES_URL)
    builds = []
    original = serializers.ModelSerializer.get_fields

    def counting(self):
        builds.append(type(self).__name__)
        return original(self)

    monkeypatch.setattr(serializers.ModelSerializer, "get_fields", counting)
    response = api.get(CASES_URL)
    results = response.json()["results"]
    assert [r["number"] for r in results] == [
        c.number for c in sorted(made, key=lambda c: (c.reported_on, c.pk), reverse=True)
    ]
    assert {r["access"] for r in results} == {"header"}
    # One CaseHeaderSerializer and its two nested agency serializers; per item it was 18.
    assert len(builds) <= 3, builds


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"modus": "migrant_worker"}, {"exploitation_form": "forced_labour"}]
)
def test_content_filters_count_no_case_seen_by_status_only(
    as_user, reporter_kemayoran, health_provider, health_referral, params
):
    """A reporter (status only) or a receiving agency (minimal view) does not read a case's
    modus or exploitation form back from the list's ``count`` under a content filter, as on
    the case list page (``in_full_view``)."""
    for user in (reporter_kemayoran, health_provider):
        client = as_user(user)
        assert client.get(CASES_URL).json()["count"] == 1
        response = client.get(CASES_URL, params)
        assert response.status_code == 200
        assert response.json()["count"] == 0
        assert response.json()["results"] == []
