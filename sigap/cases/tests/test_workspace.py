"""The case workspace (issue 13 §2): header and next actions, sections that load on their own
(scoped like the case page, identity rule respected, views audited) and the timeline merged
from every app, newest first, in bounded keyset pages.

Personas come from the root conftest; names are synthetic.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseNote
from sigap.cases.services import case_note_add as note_add
from sigap.cases.timeline import TimelineCursor, case_timeline_page
from sigap.cases.views import SECTIONS
from sigap.justice.models import StageEvent
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

SLUGS = [slug for slug, _label in SECTIONS]
FULL_ONLY = {"journey", "identification", "notes"}


def _section(case, slug):
    return reverse(f"cases:case-section-{slug}", kwargs={"public_id": case.public_id})


def _refer(case, actor, victim, code="sudin-kesehatan-jakpus", service="health_rehab"):
    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=case,
        actor=actor,
        victim=victim,
        to_agency=Agency.objects.get(code=code),
        service=Service.objects.get(code=service),
    )


def _victims(case):
    return list(case.participants.filter(role="victim").order_by("id"))


# --- scoping ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_section_is_404_outside_the_users_scope(client, open_case, caseworker_b, slug):
    client.force_login(caseworker_b)  # Sudin Sosial: case A is not theirs
    assert client.get(_section(open_case, slug)).status_code == 404


def test_unknown_section_does_not_resolve(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    url = f"/cases/{open_case.public_id}/section/secret/"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("slug", SLUGS)
def test_the_reporter_opens_the_summary_only_and_sees_no_name(
    client, reported_case, reporter_kemayoran, slug
):
    client.force_login(reporter_kemayoran)
    response = client.get(_section(reported_case, slug))
    if slug != "summary":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert "Korban Sintetis" not in response.content.decode()


@pytest.mark.parametrize("slug", SLUGS)
def test_a_provider_sees_only_the_referred_victim_in_every_section(
    client, open_case, caseworker_a, health_provider, slug
):
    victims = _victims(open_case)
    _refer(open_case, caseworker_a, victims[1])
    client.force_login(health_provider)
    response = client.get(_section(open_case, slug))
    if slug in FULL_ONLY or slug == "access-log":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    for other in (victims[0], victims[2]):
        assert other.person.full_name not in html
    if slug in ("victims", "referrals"):
        assert victims[1].person.full_name in html


def test_the_handling_team_opens_every_section(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    for slug in SLUGS:
        assert client.get(_section(open_case, slug)).status_code == 200, slug


def test_a_people_section_is_audited_like_the_case_page(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    before = AuditEvent.objects.filter(action="case.view").count()
    client.get(_section(open_case, "victims"))
    event = AuditEvent.objects.filter(action="case.view").latest("id")
    assert AuditEvent.objects.filter(action="case.view").count() == before + 1
    assert event.changes["section"] == "victims"
    assert event.changes["people"] == 3
    # A section without people (the journey) records no identity view.
    client.get(_section(open_case, "journey"))
    assert AuditEvent.objects.filter(action="case.view").count() == before + 1


def test_htmx_gets_the_section_alone_and_a_plain_request_the_whole_page(
    client, open_case, caseworker_a
):
    client.force_login(caseworker_a)
    url = _section(open_case, "journey")
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    page = client.get(url).content.decode()
    assert "<html" not in partial and 'id="h-journey"' in partial
    assert 'id="h-summary"' not in partial
    assert "<html" in page and 'id="h-next"' in page and 'id="h-journey"' in page
    assert 'id="h-summary"' not in page
    # The index links every section by its own URL (works without JavaScript).
    for slug in SLUGS:
        assert f'href="{_section(open_case, slug)}"' in page


def test_history_restore_gets_the_whole_page(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get(_section(open_case, "journey"), headers=headers).content.decode()
    assert "<html" in html and 'id="h-journey"' in html


def test_the_whole_page_loads_the_merged_lines_on_their_own(client, open_case, caseworker_a):
    """Timeline, rights and justice are placeholders on the whole page (htmx ``revealed``,
    with a plain link), so the page does not run every app's timeline queries."""
    client.force_login(caseworker_a)
    response = client.get(reverse("cases:case-detail", args=[open_case.public_id]))
    html = response.content.decode()
    assert "timeline" not in response.context
    for slug in ("timeline", "rights", "justice"):
        assert f'hx-get="{_section(open_case, slug)}"' in html
        assert 'hx-trigger="revealed"' in html


def test_header_names_the_handling_agency_and_next_actions(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    html = client.get(reverse("cases:case-detail", args=[open_case.public_id])).content.decode()
    assert open_case.handling_agency.name in html
    assert reverse("cases:note-create", args=[open_case.public_id]) in html
    assert reverse("referrals:referral-create", args=[open_case.public_id]) in html
    assert reverse("casework:case-work", args=[open_case.public_id]) in html


def test_next_actions_follow_the_case_rule(client, open_case, supervisor_a):
    """Closed case: no note, referral or closure buttons (CaseView.can_*), reopen offered
    where the case-work rule allows it."""
    from sigap.cases.services import case_close

    closed = case_close(case=open_case, actor=supervisor_a, reason="services_completed")
    client.force_login(supervisor_a)
    html = client.get(reverse("cases:case-detail", args=[closed.public_id])).content.decode()
    assert reverse("cases:note-create", args=[closed.public_id]) not in html
    assert reverse("referrals:referral-create", args=[closed.public_id]) not in html
    assert reverse("casework:case-reopen", args=[closed.public_id]) in html


# --- the timeline -------------------------------------------------------------------------


def _at(model, pk, when):
    model.objects.filter(pk=pk).update(created_at=when)


def test_timeline_merges_apps_newest_first(open_case, caseworker_a):
    t0 = timezone.now() - timedelta(days=10)
    note = note_add(case=open_case, actor=caseworker_a, body="Catatan sintetis")
    _at(CaseNote, note.pk, t0 + timedelta(days=3))
    ref = _refer(open_case, caseworker_a, _victims(open_case)[0])
    type(ref).objects.filter(pk=ref.pk).update(sent_at=t0 + timedelta(days=1))
    stage = StageEvent.objects.create(
        case=open_case,
        stage="investigation",
        occurred_on=date(2026, 1, 5),
        recorded_by=caseworker_a,
    )
    _at(StageEvent, stage.pk, t0 + timedelta(days=2))
    entries = case_timeline_page(user=caseworker_a, case=open_case).entries
    kinds = [e.kind for e in entries]
    whens = [e.when for e in entries]
    assert whens == sorted(whens, reverse=True)
    for kind in ("note", "justice", "referral", "report", "open"):
        assert kind in kinds, kind
    assert kinds.index("note") < kinds.index("justice") < kinds.index("referral")
    # No identity in any line, for anyone.
    names = [v.person.full_name for v in _victims(open_case)]
    assert not any(n in e.text for e in entries for n in names)


def test_timeline_pages_lose_and_repeat_nothing_at_a_tie(open_case, caseworker_a):
    when = timezone.now() - timedelta(days=1)
    for i in range(30):
        note = note_add(case=open_case, actor=caseworker_a, body=f"Catatan {i}")
        _at(CaseNote, note.pk, when)
    seen, cursor, pages = [], None, 0
    while True:
        page = case_timeline_page(user=caseworker_a, case=open_case, cursor=cursor, limit=7)
        assert len(page.entries) <= 7
        seen += [(e.kind, e.key, e.when) for e in page.entries]
        pages += 1
        if page.next is None:
            break
        # The cursor survives the round trip through the query string.
        q = dict(p.split("=", 1) for p in page.next.query().split("&"))
        from urllib.parse import unquote

        cursor = TimelineCursor.parse(unquote(q["before"]), q["skip"])
        assert pages < 20
    full = case_timeline_page(user=caseworker_a, case=open_case, limit=500).entries
    assert len(seen) == len(set(seen)) == len(full)
    assert sum(1 for k in seen if k[0] == "note") == 30


def _timeline_queries(user, case) -> int:
    with CaptureQueriesContext(connection) as ctx:
        case_timeline_page(user=user, case=case)
    return len(ctx.captured_queries)


def test_timeline_queries_do_not_grow_with_events(open_case, caseworker_a):
    victims = _victims(open_case)
    note_add(case=open_case, actor=caseworker_a, body="Satu")
    _refer(open_case, caseworker_a, victims[0])
    _timeline_queries(caseworker_a, open_case)  # warm the per-request caches (membership)
    few = _timeline_queries(caseworker_a, open_case)
    for i in range(40):
        note_add(case=open_case, actor=caseworker_a, body=f"Catatan {i}")
    _refer(open_case, caseworker_a, victims[1])
    many = _timeline_queries(caseworker_a, open_case)
    assert many == few
    assert len(case_timeline_page(user=caseworker_a, case=open_case).entries) == 25


def test_timeline_section_pages_with_a_link(client, open_case, caseworker_a):
    for i in range(30):
        note_add(case=open_case, actor=caseworker_a, body=f"Catatan {i}")
    client.force_login(caseworker_a)
    html = client.get(_section(open_case, "timeline")).content.decode()
    assert html.count('class="tl-') == 25
    assert "?before=" in html and "skip=" in html


def test_a_provider_reads_that_nothing_is_shown_for_its_role_not_that_nothing_exists(
    client, open_case, caseworker_a, health_provider
):
    """A police report is recorded; the provider, who does not read the justice process,
    must not be told "Nothing recorded yet" (false) nor that a record exists: the justice
    tab says nothing is recorded that its role may see, and the documents tab is not blank."""
    from sigap.justice.services import police_report_add

    _refer(open_case, caseworker_a, _victims(open_case)[0])
    police_report_add(
        case=open_case,
        actor=caseworker_a,
        number="LP/1/2026",
        unit="Polres Jakarta Pusat",
        reported_on=timezone.localdate(),
    )
    client.force_login(caseworker_a)
    team = client.get(_section(open_case, "justice")).content.decode()
    assert "Belum ada yang dicatat" not in team  # the team reads the report
    client.force_login(health_provider)
    justice = client.get(_section(open_case, "justice")).content.decode()
    assert "Belum ada yang dicatat" not in justice and "LP/1/2026" not in justice
    assert "Tidak ada catatan yang dapat dilihat peran Anda." in justice
    documents = client.get(_section(open_case, "documents")).content.decode()
    assert "Tidak ada dokumen yang dapat dilihat peran Anda." in documents
