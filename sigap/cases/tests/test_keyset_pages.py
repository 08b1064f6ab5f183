"""Keyset (seek) pagination of the case list, the referral inbox and the API case list
(issue 8 §4): cursors round-trip, never skip or repeat a row at page boundaries with ties on
the order key, carry nothing personal, and every page stays inside the one scope rule."""

import re
from datetime import date, timedelta

import pytest
from django.core import signing
from django.urls import reverse

from sigap.agencies.models import Agency
from sigap.cases.models import Case
from sigap.cases.selectors import CASE_LIST_ORDER, case_list
from sigap.core.pagination import CURSOR_SALT, decode_cursor, keyset_page

pytestmark = pytest.mark.django_db

URL = reverse("cases:case-list")


@pytest.fixture
def many_cases(reporter_kemayoran, areas):
    """70 cases handled by UPT PPA on only 4 report dates (heavy ties on ``reported_on``), and
    20 of another agency (out of scope for UPT PPA's case team)."""
    upt = Agency.objects.get(code="upt-ppa-dki")
    other = Agency.objects.get(code="sudin-sosial-jakpus")
    kel = reporter_kemayoran.membership.agency
    rows = []
    for i in range(90):
        rows.append(
            Case(
                number=f"TPPO-3171-2026-{i + 1:05d}",
                status="open",
                intake_channel="hotline",
                reported_on=date(2026, 1, 1) + timedelta(days=i % 4),
                reporting_agency=other if i >= 70 else kel,
                report_area=areas["31.71.03.1001"],
                handling_agency=other if i >= 70 else upt,
                summary="Ringkasan sintetis.",
                created_by=reporter_kemayoran,
            )
        )
    Case.objects.bulk_create(rows)
    return upt


def _walk(qs, *, per_page, scope="test", keyset_from=2):
    """Follow next links from page one to the end; returns the pages' ids."""
    pages = []
    page = keyset_page(
        qs, per_page=per_page, order=CASE_LIST_ORDER, scope=scope, keyset_from=keyset_from
    )
    while True:
        pages.append([c.pk for c in page.object_list])
        if not page.has_next:
            return pages, page
        key, _sep, value = page.next_query.partition("=")
        page = keyset_page(
            qs,
            per_page=per_page,
            order=CASE_LIST_ORDER,
            scope=scope,
            keyset_from=keyset_from,
            **{key: value},
        )


def test_cursor_walk_gives_every_visible_row_once_in_order(many_cases, caseworker_a):
    qs = case_list(user=caseworker_a)
    expected = list(qs.values_list("pk", flat=True))
    assert len(expected) == 70
    for per_page in (7, 10, 25):  # boundaries fall inside runs of equal reported_on
        pages, last = _walk(qs, per_page=per_page)
        flat = [pk for page in pages for pk in page]
        assert flat == expected, per_page
        assert last.number == len(pages)


def test_previous_cursor_returns_the_same_page(many_cases, caseworker_a):
    qs = case_list(user=caseworker_a)
    kw = {"per_page": 10, "order": CASE_LIST_ORDER, "scope": "t", "keyset_from": 1}
    first = keyset_page(qs, **kw)
    second = keyset_page(qs, cursor=first.next_query.split("=", 1)[1], **kw)
    third = keyset_page(qs, cursor=second.next_query.split("=", 1)[1], **kw)
    assert third.number == 3
    back = keyset_page(qs, cursor=third.previous_query.split("=", 1)[1], **kw)
    assert [c.pk for c in back.object_list] == [c.pk for c in second.object_list]
    assert back.number == 2


def test_last_page_holds_the_remainder_and_walks_back(many_cases, caseworker_a):
    qs = case_list(user=caseworker_a)
    expected = list(qs.values_list("pk", flat=True))
    kw = {"per_page": 25, "order": CASE_LIST_ORDER, "scope": "t", "keyset_from": 1}
    last = keyset_page(qs, last=True, **kw)
    assert last.number == 3 and not last.has_next
    assert [c.pk for c in last.object_list] == expected[50:]
    before = keyset_page(qs, cursor=last.previous_query.split("=", 1)[1], **kw)
    assert [c.pk for c in before.object_list] == expected[25:50]


def test_cursor_is_opaque_signed_and_bound_to_its_list(many_cases, caseworker_a):
    qs = case_list(user=caseworker_a)
    page = keyset_page(qs, per_page=10, order=CASE_LIST_ORDER, scope="cases", keyset_from=0)
    token = page.next_query.split("=", 1)[1]
    payload = signing.loads(token, salt=f"{CURSOR_SALT}:cases")
    last_row = page.object_list[-1]
    assert payload["v"] == [last_row.reported_on.isoformat(), last_row.pk]  # key only
    assert last_row.number not in token and "Ringkasan" not in token
    assert decode_cursor(token, model=Case, order=CASE_LIST_ORDER, scope="referrals") is None
    assert (
        decode_cursor(token[:-2] + "xx", model=Case, order=CASE_LIST_ORDER, scope="cases") is None
    )
    # a forged or foreign cursor gives page one, not an error
    assert keyset_page(qs, per_page=10, order=CASE_LIST_ORDER, scope="x", cursor=token).number == 1


def test_case_list_page_walks_by_cursor_within_scope(
    client, many_cases, caseworker_a, caseworker_b
):
    client.force_login(caseworker_a)
    seen, url, pages = [], URL, 0
    while url and pages < 10:
        response = client.get(url)
        seen += [c.pk for c in response.context["cases"]]
        link = re.search(r'href="([^"]*)" rel="next"', response.content.decode())
        url = URL + link.group(1).replace("&amp;", "&") if link else None
        pages += 1
    visible = list(case_list(user=caseworker_a).values_list("pk", flat=True))
    assert seen == visible and len(seen) == 70
    last = client.get(URL, {"last": "1"})
    assert [c.pk for c in last.context["cases"]] == visible[50:]
    # the other agency's case manager walks only their own 20 cases, even with our cursor
    client.force_login(caseworker_b)
    mine = set(case_list(user=caseworker_b).values_list("pk", flat=True))
    assert len(mine) == 20
    page = keyset_page(
        case_list(user=caseworker_a),
        per_page=25,
        order=CASE_LIST_ORDER,
        scope="cases",
        keyset_from=0,
    )
    cursor = page.next_query.split("=", 1)[1]
    theirs = client.get(URL, {"cursor": cursor})
    assert {c.pk for c in theirs.context["cases"]} <= mine


def test_api_case_list_next_links_become_cursors(client, many_cases, caseworker_a):
    client.force_login(caseworker_a)
    url = "/api/v1/cases/?page_size=5"
    seen, pages = [], 0
    while url:
        body = client.get(url).json()
        seen += [item["number"] for item in body["results"]]
        url = body["next"]
        pages += 1
        if pages == 11:
            assert "cursor=" in url and "page=" not in url  # past page 10: a seek
    expected = list(case_list(user=caseworker_a).values_list("number", flat=True))
    assert seen == expected and pages == 14


def test_case_detail_queries_do_not_grow_with_its_referrals(
    client, open_case, caseworker_a, django_assert_max_num_queries
):
    """The identity rule reads each referral victim's case: the loaded one, not a query per
    referral (issue 8 §4, case detail trimmed)."""
    from sigap.referrals.tests.conftest import send

    client.force_login(caseworker_a)
    url = reverse("cases:case-detail", args=[open_case.public_id])
    send(open_case, caseworker_a)
    client.get(url)  # warm the first-request costs
    with django_assert_max_num_queries(60) as one:
        assert client.get(url).status_code == 200
    for agency, service in (
        ("sudin-sosial-jakpus", "social_rehab"),
        ("sudin-sosial-jakpus", "shelter"),
        ("sudin-sosial-jakpus", "repatriation"),
    ):
        send(open_case, caseworker_a, agency_code=agency, service_code=service)
    with django_assert_max_num_queries(len(one.captured_queries)) as four:
        response = client.get(url)
    assert len(response.context["referrals"]) == 4
    assert len(four.captured_queries) == len(one.captured_queries)
