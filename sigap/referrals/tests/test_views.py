"""Referral pages: send from a case, inbox, detail, accept / decline / complete."""

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.services import JourneyData, PersonData, case_open, case_report
from sigap.referrals.models import Referral, ServiceDelivery
from sigap.referrals.services import referral_accept, referral_send

pytestmark = pytest.mark.django_db

INBOX = reverse("referrals:referral-inbox")


def _agency(code):
    return Agency.objects.get(code=code)


def _url(name, referral):
    return reverse(f"referrals:referral-{name}", kwargs={"public_id": referral.public_id})


def _create_url(case):
    return reverse("referrals:referral-create", kwargs={"case_id": case.public_id})


@pytest.fixture
def referral(open_case, caseworker_a):
    """Victim 0 of the open case referred to Sudin Kesehatan for health rehabilitation."""
    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.order_by("id").first(),
        to_agency=_agency("sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )


# --- sending -----------------------------------------------------------------------------


def test_referral_form_offers_victims_and_leaves_out_own_agency(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(_create_url(open_case))
    assert response.status_code == 200
    form = response.context["form"]
    offered = [str(v) for v, _label in form.fields["to_agency"].widget.choices]
    assert str(_agency("upt-ppa-dki").public_id) not in offered
    assert str(_agency("sudin-kesehatan-jakpus").public_id) in offered
    assert len(form.fields["victim"].choices) == 3  # three victims, ticked as checkboxes


def test_referral_is_sent(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    victim = open_case.participants.order_by("id").last()
    response = client.post(
        _create_url(open_case),
        {
            "victim": str(victim.public_id),
            "service": "health_rehab",
            "to_agency": str(_agency("sudin-kesehatan-jakpus").public_id),
            "note": "",
            "sharing_basis": "public_task",
            "legal_reference": "UU 21/2007 Pasal 51",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.victim == victim
    assert referral.to_agency.code == "sudin-kesehatan-jakpus"
    assert referral.status == "sent"


def test_referral_to_the_case_own_agency_is_refused(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        _create_url(open_case),
        {
            "victim": str(open_case.participants.first().public_id),
            "service": "shelter",
            "to_agency": str(_agency("upt-ppa-dki").public_id),
            "sharing_basis": "public_task",
            "legal_reference": "UU 21/2007 Pasal 51",
        },
    )
    assert response.status_code == 200
    assert "to_agency" in response.context["form"].errors
    assert Referral.objects.count() == 0


def test_outsider_cannot_refer_from_a_case_it_cannot_see(client, open_case, caseworker_b):
    client.force_login(caseworker_b)
    assert client.get(_create_url(open_case)).status_code == 404


def test_wrong_role_cannot_refer(client, open_case, health_provider):
    client.force_login(health_provider)
    assert client.get(_create_url(open_case)).status_code == 403


# --- detail and access -------------------------------------------------------------------


def test_outsider_gets_404_on_referral_detail(client, referral, caseworker_b, social_provider):
    for outsider in (caseworker_b, social_provider):
        client.force_login(outsider)
        assert client.get(_url("detail", referral)).status_code == 404
    # A provider of another agency has the role to respond, but not to this referral.
    response = client.post(_url("accept", referral), {"accept-expected_version": 1})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_reporter_gets_403_on_referrals(client, referral, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    assert client.get(INBOX).status_code == 403
    assert client.get(_url("detail", referral)).status_code == 403


def test_case_manager_cannot_respond(client, referral, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(_url("accept", referral), {"accept-expected_version": 1})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_receiver_sees_victim_name_while_open(client, referral, health_provider):
    client.force_login(health_provider)
    response = client.get(_url("detail", referral))
    assert response.status_code == 200
    assert response.context["show_name"] is True
    assert referral.victim.person.full_name in response.content.decode()


# --- accept / decline / complete ---------------------------------------------------------


def test_accept_then_complete_then_name_is_hidden(client, referral, health_provider, open_case):
    client.force_login(health_provider)
    response = client.post(_url("accept", referral), {"accept-expected_version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"

    response = client.post(
        _url("complete", referral),
        {
            "complete-expected_version": referral.version,
            "complete-delivered_on": timezone.localdate().strftime("%d-%m-%Y"),
            "complete-description": "Health check done.",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "completed"
    delivery = ServiceDelivery.objects.get(referral=referral)
    assert delivery.delivered_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="referral.complete").count() == 1

    response = client.get(_url("detail", referral))
    assert response.status_code == 200
    assert response.context["show_name"] is False
    assert referral.victim.person.full_name not in response.content.decode()
    case_url = reverse("cases:case-detail", kwargs={"public_id": open_case.public_id})
    assert client.get(case_url).status_code == 404


def test_accept_with_stale_version_is_refused(client, referral, health_provider):
    client.force_login(health_provider)
    response = client.post(_url("accept", referral), {"accept-expected_version": 99})
    assert response.status_code == 200
    assert response.context["accept_form"].non_field_errors()
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_decline_without_reason_is_refused(client, referral, health_provider):
    client.force_login(health_provider)
    response = client.post(
        _url("decline", referral), {"decline-expected_version": 1, "decline-reason": "  "}
    )
    assert response.status_code == 200
    assert "reason" in response.context["decline_form"].errors
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_decline_with_reason(client, referral, health_provider):
    client.force_login(health_provider)
    response = client.post(
        _url("decline", referral),
        {"decline-expected_version": 1, "decline-reason": "No capacity this week."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert referral.decline_reason == "No capacity this week."


def test_complete_before_accept_is_refused(client, referral, health_provider):
    client.force_login(health_provider)
    response = client.post(
        _url("complete", referral),
        {
            "complete-expected_version": 1,
            "complete-delivered_on": timezone.localdate().strftime("%d-%m-%Y"),
            "complete-description": "Done.",
        },
    )
    assert response.status_code == 200
    assert response.context["complete_form"].non_field_errors()
    assert ServiceDelivery.objects.count() == 0


def test_complete_with_future_date_is_refused(client, referral, health_provider):
    referral_accept(referral=referral, actor=health_provider)
    client.force_login(health_provider)
    response = client.post(
        _url("complete", referral),
        {
            "complete-expected_version": 2,
            "complete-delivered_on": "01-01-2999",
            "complete-description": "Done.",
        },
    )
    assert response.status_code == 200
    assert "delivered_on" in response.context["complete_form"].errors
    assert ServiceDelivery.objects.count() == 0


# --- inbox -------------------------------------------------------------------------------


def _more_cases(n, *, reporter, caseworker, areas):
    """``n`` open cases with one referral each to Sudin Kesehatan (synthetic names)."""
    for i in range(n):
        case = case_report(
            actor=reporter,
            intake_channel="kelurahan_report",
            report_area=areas["31.71.03.1001"],
            summary="Synthetic case.",
            victims=[PersonData(full_name=f"Inbox Sintetis {i}", sex="F", estimated_age=20)],
            journey=[JourneyData(stage="recruitment")],
        )
        case = case_open(case=case, actor=caseworker)
        referral_send(
            sharing_basis="public_task",
            legal_reference="UU 21/2007 Pasal 51",
            case=case,
            actor=caseworker,
            victim=case.participants.get(),
            to_agency=_agency("sudin-kesehatan-jakpus"),
            service=Service.objects.get(code="health_rehab"),
        )


def test_inbox_lists_received_open_first_with_names(
    client, referral, health_provider, reporter_kemayoran, caseworker_a, areas
):
    _more_cases(2, reporter=reporter_kemayoran, caseworker=caseworker_a, areas=areas)
    Referral.objects.filter(pk=referral.pk).update(status="completed")
    client.force_login(health_provider)
    response = client.get(INBOX)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["ref"].status for row in rows] == ["sent", "sent", "completed"]
    assert [row["show_name"] for row in rows] == [True, True, False]
    html = response.content.decode()
    assert "Inbox Sintetis 0" in html
    assert referral.victim.person.full_name not in html


def test_inbox_status_filter_and_sent_box(client, referral, caseworker_a, health_provider):
    client.force_login(health_provider)
    assert list(client.get(INBOX, {"status": "accepted"}).context["rows"]) == []
    assert len(client.get(INBOX, {"status": "sent"}).context["rows"]) == 1
    client.force_login(caseworker_a)
    assert client.get(INBOX).context["rows"] == []  # nothing received by UPT PPA
    rows = client.get(INBOX, {"box": "sent"}).context["rows"]
    assert [row["ref"].pk for row in rows] == [referral.pk]
    assert rows[0]["show_name"] is True


def test_inbox_query_count_is_bounded(
    client,
    referral,
    health_provider,
    reporter_kemayoran,
    caseworker_a,
    areas,
    django_assert_max_num_queries,
):
    client.force_login(health_provider)
    client.get(INBOX)  # warm the session and permission caches' first-request costs
    # 12 for the page, plus the access rows of the names it shows (issue 7 #6): one query for
    # the cases, one for rows the view wrote itself, one bulk append; constant per page.
    with django_assert_max_num_queries(20) as few:
        client.get(INBOX)
    _more_cases(8, reporter=reporter_kemayoran, caseworker=caseworker_a, areas=areas)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(INBOX)
    assert len(response.context["rows"]) == 9
    assert len(many.captured_queries) == len(few.captured_queries)


# --- issue 7 finding 1: one identity rule for referrals ---------------------------------------


@pytest.fixture
def social_referral(open_case, caseworker_a):
    """An open (sent) referral to Sudin Sosial, whose agency also has a case team."""
    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.order_by("id").first(),
        to_agency=_agency("sudin-sosial-jakpus"),
        service=Service.objects.get(code="social_rehab"),
    )


def test_case_manager_at_the_receiving_agency_sees_neither_name_nor_case_number(
    client, social_referral, caseworker_b, social_provider
):
    """Severity 1 (issue 7 #1): the referral page showed the victim's name and the case number
    to a case manager of the receiving agency while the case was 404 for them; lists and My
    work showed the case number. Only the receiving agency's service providers answer it."""
    name = social_referral.victim.person.full_name
    number = social_referral.case.number
    client.force_login(caseworker_b)
    case_url = reverse("cases:case-detail", kwargs={"public_id": social_referral.case.public_id})
    assert client.get(case_url).status_code == 404
    detail = client.get(_url("detail", social_referral))
    assert detail.status_code == 404
    assert name not in detail.content.decode()
    for box in ("", "?box=sent"):
        body = client.get(INBOX + box).content.decode()
        assert number not in body and name not in body
    body = client.get(reverse("casework:my-work")).content.decode()
    assert number not in body and name not in body
    # The service provider of that agency still sees and answers it.
    client.force_login(social_provider)
    assert name in client.get(_url("detail", social_referral)).content.decode()


def test_referral_api_follows_the_same_rule(social_referral, caseworker_b):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(caseworker_b)
    url = reverse("api:referral-detail", kwargs={"public_id": social_referral.public_id})
    assert api.get(url).status_code == 404
    listing = api.get(reverse("api:referral-list")).json()
    assert str(social_referral.public_id) not in str(listing)


def test_inbox_cursor_walk_never_skips_or_repeats_within_scope(
    referral, health_provider, social_provider, reporter_kemayoran, caseworker_a, areas
):
    """Keyset pages of the received inbox (issue 8 §4): a mixed-direction order (open first,
    then newest) walked by cursor one row a page gives every row once, with ties on
    ``sent_at``; another agency's cursor walk sees none of these rows."""
    from django.utils import timezone

    from sigap.core.pagination import keyset_page
    from sigap.referrals.models import Referral
    from sigap.referrals.selectors import inbox_order
    from sigap.referrals.selectors import referral_inbox as inbox_select

    _more_cases(5, reporter=reporter_kemayoran, caseworker=caseworker_a, areas=areas)
    mine = Referral.objects.filter(to_agency=health_provider.membership.agency)
    tie = timezone.now()
    mine.update(sent_at=tie)  # every row ties on sent_at: only open_rank and id order them
    first = mine.order_by("id").first()
    Referral.objects.filter(pk=first.pk).update(status="completed")  # open_rank 1: last
    order = inbox_order("received")

    def walk(user):
        qs = inbox_select(user=user)
        kw = {"per_page": 1, "order": order, "scope": "referrals.received", "keyset_from": 1}
        page, seen = keyset_page(qs, **kw), []
        while True:
            seen += [r.pk for r in page.object_list]
            if not page.has_next:
                return seen
            page = keyset_page(qs, cursor=page.next_query.split("=", 1)[1], **kw)

    expected = list(inbox_select(user=health_provider).values_list("pk", flat=True))
    assert len(expected) == 6 and expected[-1] == first.pk
    assert walk(health_provider) == expected
    assert set(walk(social_provider)).isdisjoint(expected)


@pytest.mark.parametrize(
    ("language", "text"),
    [("id", "lebih dari 10.000 rujukan"), ("en", "more than 10,000 referrals")],
)
def test_capped_inbox_count_is_grouped_as_the_language_writes_numbers(
    client, referral, health_provider, count_over_cap, settings, language, text
):
    client.force_login(health_provider)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert text in client.get(INBOX).content.decode()
