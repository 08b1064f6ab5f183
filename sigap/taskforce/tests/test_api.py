from datetime import date

import pytest
from rest_framework.test import APIClient

from sigap.taskforce import services
from sigap.taskforce.tests.conftest import agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(meeting, secretariat_user):
    return {
        code: services.action_item_create(
            actor=secretariat_user,
            meeting=meeting,
            owner_agency=agency(code),
            description=f"Item {code}",
            due_on=date(2024, 9, 30),
        )
        for code in ("sudin-kesehatan-jakpus", "polres-jakpus-ppa")
    }


def _api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_agency_lists_only_its_items(items, health_provider):
    r = _api(health_provider).get("/api/v1/action-items/")
    assert r.status_code == 200
    ids = [row["public_id"] for row in r.json()["results"]]
    assert ids == [str(items["sudin-kesehatan-jakpus"].public_id)]


def test_agency_completes_own_item_not_others(items, health_provider):
    own = items["sudin-kesehatan-jakpus"].public_id
    other = items["polres-jakpus-ppa"].public_id
    c = _api(health_provider)
    assert c.post(f"/api/v1/action-items/{other}/complete/", {"evidence": "x"}).status_code == 404
    assert c.post(f"/api/v1/action-items/{own}/complete/", {}, format="json").status_code == 400
    r = c.post(f"/api/v1/action-items/{own}/complete/", {"evidence": "Selesai"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "done"


def test_leadership_reads_meetings_not_items(items, meeting, leadership_user):
    c = _api(leadership_user)
    r = c.get("/api/v1/meetings/")
    assert [m["public_id"] for m in r.json()["results"]] == [str(meeting.public_id)]
    assert r.json()["results"][0]["starts_at"].endswith("+07:00")
    assert c.get("/api/v1/action-items/").json()["results"] == []
    item = items["polres-jakpus-ppa"].public_id
    assert c.post(f"/api/v1/action-items/{item}/complete/", {"evidence": "x"}).status_code == 403


def test_outsider_gets_404_on_meeting(meeting, caseworker_b):
    assert _api(caseworker_b).get(f"/api/v1/meetings/{meeting.public_id}/").status_code == 404


def test_schema_lists_the_routes(client):
    body = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/action-items/{public_id}/complete/" in body
    assert "/api/v1/meetings/" in body
