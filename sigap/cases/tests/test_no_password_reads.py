"""Issue 8: the case page loads the users it names (who reported, the case manager, who
planned or asked to close, who accessed) without their password hash, in no more queries
than before. Personas come from the root conftest; names are synthetic.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.agencies.models import Agency, Service
from sigap.cases.services import case_note_add
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

# Queries of each page in this scenario, measured before issue 8 (SQLite and PostgreSQL
# alike): leaving the hash unread must not cost a query.
QUERIES_BEFORE = {
    None: 33,
    "summary": 28,
    "victims": 18,
    "referrals": 18,
    "notes": 16,
    "access-log": 18,
    "timeline": 34,
}


@pytest.fixture
def busy_case(open_case, caseworker_a):
    """The open case with a referral and a note: every user join of the page has rows."""
    victim = open_case.participants.filter(role="victim").order_by("id").first()
    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victim,
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    case_note_add(case=open_case, actor=caseworker_a, body="Catatan sintetis.")
    return open_case


def _url(case, section):
    if section is None:
        return reverse("cases:case-detail", args=[case.public_id])
    return reverse(f"cases:case-section-{section}", kwargs={"public_id": case.public_id})


@pytest.mark.parametrize("section", list(QUERIES_BEFORE))
def test_case_page_reads_no_password_hash(client, busy_case, caseworker_a, password_reads, section):
    client.force_login(caseworker_a)
    url = _url(busy_case, section)
    client.get(url)  # first-request work (sessions, caches) out of the count
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert password_reads(ctx.captured_queries, caseworker_a) == []
    assert len(ctx.captured_queries) <= QUERIES_BEFORE[section]
