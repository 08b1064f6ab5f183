# ruff: noqa: F811 - fixtures imported from test_subject_actions are used by name
"""``/api/v1/privacy/actions/``: the DPO's four-eyes actions through the API (issue 7 #12)."""

import pytest
from rest_framework.test import APIClient

from sigap.audit.models import AuditEvent
from sigap.privacy.choices import ActionStatus
from sigap.privacy.models import SubjectAction
from sigap.privacy.tests.test_subject_actions import (  # noqa: F401 - fixtures
    MARKER,
    _person,
    _request,
    case,
    dpo,
    dpo2,
    participant,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/privacy/actions/"


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_prepare_list_and_approve_with_four_eyes(dpo, dpo2, case, participant):
    dsr = _request(dpo, case, participant, "correction")
    made = _api(dpo).post(
        URL,
        {"request": str(dsr.public_id), "kind": "correct", "values": {"full_name": "Seruni Benar"}},
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["status"] == "pending" and body["kind_label"]
    assert "Seruni" not in str(body) and MARKER not in str(body)
    listing = _api(dpo2).get(URL, {"status": "pending"}).json()
    assert [row["public_id"] for row in listing["results"]] == [body["public_id"]]
    own = _api(dpo).post(f"{URL}{body['public_id']}/approve/", {}, format="json")
    assert own.status_code == 400  # the preparer cannot approve
    assert "message" in own.json()
    assert _person(participant).full_name == f"Seruni {MARKER}"
    done = _api(dpo2).post(f"{URL}{body['public_id']}/approve/", {}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "applied"
    assert _person(participant).full_name == "Seruni Benar"
    assert AuditEvent.objects.filter(action="privacy.action_approve").count() == 1


def test_reject_needs_a_comment_and_changes_nothing(dpo, dpo2, case, participant):
    dsr = _request(dpo, case, participant, "restriction")
    made = _api(dpo).post(URL, {"request": str(dsr.public_id), "kind": "restrict"}, format="json")
    assert made.status_code == 201
    url = f"{URL}{made.json()['public_id']}/reject/"
    assert _api(dpo2).post(url, {}, format="json").status_code == 400
    ok = _api(dpo2).post(url, {"comment": "Belum ada dasar."}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "rejected"
    assert not _person(participant).identity_restricted


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"request": "not-a-uuid", "kind": "correct"},
        {"request": "00000000-0000-4000-8000-000000000000", "kind": "correct"},
        {"kind": "fly"},
        {"kind": "correct", "values": {"nik": "123"}},
        {"kind": "correct", "values": {"date_of_birth": "31-02-2020"}},
        {"kind": "correct", "values": {}},
        {"kind": "erase"},  # the case is open: refused
        {"kind": "refuse"},  # no legal basis
        {"kind": "correct", "values": {"full_name": "x" * 500}},
    ],
)
def test_bad_input_is_a_4xx_json_and_stores_nothing(dpo, case, participant, payload):
    dsr = _request(dpo, case, participant, "correction")
    if "request" not in payload and payload:
        payload = {"request": str(dsr.public_id), **payload}
    response = _api(dpo).post(URL, payload, format="json")
    assert response.status_code in (400, 404), response.content
    assert response["Content-Type"].startswith("application/json")
    assert not SubjectAction.objects.exists()


def test_only_the_dpo_role(
    dpo, case, participant, caseworker_a, secretariat_user, django_user_model
):
    dsr = _request(dpo, case, participant, "correction")
    for user in (caseworker_a, secretariat_user):
        assert _api(user).get(URL).status_code == 403
        assert (
            _api(user)
            .post(URL, {"request": str(dsr.public_id), "kind": "restrict"}, format="json")
            .status_code
            == 403
        )
    root = django_user_model.objects.create_superuser("root-api", "r@example.org", "x")
    assert _api(root).get(URL).status_code == 403
    assert APIClient().get(URL).status_code == 401
    assert not SubjectAction.objects.filter(status=ActionStatus.PENDING).exists()
