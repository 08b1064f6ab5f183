"""The case list page: scoping, filters, pagination and a bounded number of queries."""

import re
from datetime import date

import pytest
from django.urls import reverse

from sigap.agencies.models import Agency, Service
from sigap.areas.models import Area, normalize_name
from sigap.cases.services import case_open, case_report
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

URL = reverse("cases:case-list")


def _report(actor, area, *, forms=("forced_labour",), modus="migrant_worker", reported_on=None):
    return case_report(
        actor=actor,
        intake_channel="kelurahan_report",
        report_area=area,
        summary="Synthetic test case.",
        reported_on=reported_on,
        modus=modus,
        exploitation_forms=list(forms),
    )


def _numbers(response):
    return [case.number for case in response.context["cases"]]


def _search(client, term, **filters):
    """POST a search as the page's form does, then follow the redirect (GET, no term)."""
    return client.post(URL, {"q": term, **filters}, follow=True)


def test_case_list_requires_login(client, reference):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_role_without_view_case_is_refused(client, leadership_user):
    client.force_login(leadership_user)
    assert client.get(URL).status_code == 403


def test_case_manager_sees_handled_case_with_its_columns(client, caseworker_a, open_case):
    client.force_login(caseworker_a)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert _numbers(response) == [open_case.number]
    detail = reverse("cases:case-detail", kwargs={"public_id": open_case.public_id})
    assert f'href="{detail}"' in html
    assert "Kemayoran / Kemayoran" in html  # kecamatan / kelurahan of report
    assert str(open_case.handling_agency) in html


def test_outsider_sees_nothing_of_agency_a(client, caseworker_b, open_case, reporter_kemayoran):
    _report(reporter_kemayoran, open_case.report_area)  # a second, unhandled case
    open_case.refresh_from_db()
    client.force_login(caseworker_b)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    assert "TPPO-" not in html
    assert str(open_case.public_id) not in html
    # searching for the exact number finds nothing either (the term is only echoed back)
    by_number = _search(client, open_case.number)
    assert by_number.context["page_obj"].paginator.count == 0
    assert str(open_case.public_id) not in by_number.content.decode()


def test_outsider_cannot_find_a_case_by_victim_name(client, caseworker_b, open_case):
    client.force_login(caseworker_b)
    response = _search(client, "Korban Sintetis")
    assert response.context["searching"] is True
    assert response.context["page_obj"].paginator.count == 0


def test_service_provider_sees_only_the_referred_case(
    client, open_case, caseworker_a, health_provider, reporter_kemayoran
):
    other = case_open(case=_report(reporter_kemayoran, open_case.report_area), actor=caseworker_a)
    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    client.force_login(health_provider)
    numbers = _numbers(client.get(URL))
    assert numbers == [open_case.number]
    assert other.number not in numbers


@pytest.fixture
def mixed_cases(reporter_kemayoran, reporter_gambir, caseworker_a, areas):
    """Three cases that differ in area, status, form, modus and date."""
    kemayoran = _report(reporter_kemayoran, areas["31.71.03.1001"], reported_on=date(2026, 1, 5))
    handled = case_open(
        case=_report(
            reporter_kemayoran,
            areas["31.71.03.1002"],
            forms=["sexual"],
            modus="online_scam",
            reported_on=date(2026, 2, 1),
        ),
        actor=caseworker_a,
    )
    gambir = _report(reporter_gambir, areas["31.71.01.1001"], forms=["forced_begging"])
    return {"kemayoran": kemayoran, "handled": handled, "gambir": gambir}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"kemayoran", "handled", "gambir"}),
        ({"status": "open"}, {"handled"}),
        ({"status": "reported"}, {"kemayoran", "gambir"}),
        ({"kecamatan": "31.71.03"}, {"kemayoran", "handled"}),
        ({"kecamatan": "31.71.01"}, {"gambir"}),
        ({"exploitation_form": "sexual"}, {"handled"}),
        ({"modus": "online_scam"}, {"handled"}),
        ({"reported_from": "2026-02-01"}, {"handled", "gambir"}),
        ({"status": "reported", "kecamatan": "31.71.03"}, {"kemayoran"}),
        ({"status": "not-a-status"}, {"kemayoran", "handled", "gambir"}),  # ignored
    ],
)
def test_filters(client, caseworker_a, mixed_cases, params, expected):
    client.force_login(caseworker_a)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert set(_numbers(response)) == {mixed_cases[key].number for key in expected}


def test_invalid_filter_is_reported_on_the_form(client, caseworker_a, mixed_cases):
    client.force_login(caseworker_a)
    response = client.get(URL, {"status": "not-a-status"})
    assert "status" in response.context["form"].errors


def test_search_by_case_number(client, caseworker_a, mixed_cases):
    client.force_login(caseworker_a)
    number = mixed_cases["gambir"].number
    assert _numbers(_search(client, number)) == [number]


def test_kecamatan_choices_are_those_of_jakarta_pusat(client, caseworker_a, areas):
    client.force_login(caseworker_a)
    choices = dict(client.get(URL).context["form"].fields["kecamatan"].choices)
    assert set(choices) == {"", "31.71.01", "31.71.03"}  # not Dayeuhluhur (Cilacap)


@pytest.fixture
def thirty_cases(reporter_kemayoran, areas):
    for i in range(30):
        _report(
            reporter_kemayoran,
            areas["31.71.03.1001" if i % 2 else "31.71.03.1002"],
            forms=["forced_labour", "sexual"] if i % 3 else ["domestic_servitude"],
        )


def test_pagination_is_25_a_page_and_links_keep_the_filters(client, caseworker_a, thirty_cases):
    client.force_login(caseworker_a)
    response = client.get(URL, {"kecamatan": "31.71.03", "status": "reported"})
    html = response.content.decode()
    assert len(response.context["cases"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2
    next_link = re.search(r'href="([^"]*)" rel="next"', html).group(1)
    assert "kecamatan=31.71.03" in next_link
    assert "status=reported" in next_link
    assert "page=2" in next_link
    second = client.get(URL + next_link.replace("&amp;", "&"))
    assert len(second.context["cases"]) == 5


def test_query_count_does_not_grow_with_the_page(
    client, caseworker_a, reporter_kemayoran, areas, django_assert_max_num_queries
):
    client.force_login(caseworker_a)
    _report(reporter_kemayoran, areas["31.71.03.1001"], forms=["sexual"])
    with django_assert_max_num_queries(15) as few:  # the same filter both times
        client.get(URL, {"exploitation_form": "sexual"})
    for _ in range(29):
        _report(reporter_kemayoran, areas["31.71.03.1001"], forms=["sexual", "forced_labour"])
    Area.objects.create(
        code="31.71.03.1003",
        level="kelurahan",
        name="Harapan Mulya",
        name_key=normalize_name("Harapan Mulya"),
        parent_id="31.71.03",
    )
    with django_assert_max_num_queries(15) as many:
        response = client.get(URL, {"exploitation_form": "sexual"})
    assert len(response.context["cases"]) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Search by POST: nothing personal in URLs (issue 3 §9) -----------------------------------

NAME = "Sintetis"  # a word of the victims' names in conftest's reported_case


def _hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]*)"', html)


def test_search_post_keeps_the_term_out_of_every_url(client, caseworker_a, open_case, areas):
    client.force_login(caseworker_a)
    other = _report(caseworker_a, areas["31.71.01.1001"])  # not a match
    response = client.post(URL, {"q": f"Korban {NAME}", "status": "open"})
    assert response.status_code == 302
    location = response["Location"]
    assert NAME.lower() not in location.lower() and "q=" not in location
    assert "s=1" in location and "status=open" in location
    assert client.session["case_search"] == f"Korban {NAME}"
    page = client.get(location)
    assert _numbers(page) == [open_case.number]  # found by the victim's name
    assert other.number not in _numbers(page)
    html = page.content.decode()
    for href in _hrefs(html):
        assert NAME.lower() not in href.lower(), href
    assert f'value="Korban {NAME}"' in html  # shown back in the box, inside the page only


def test_search_by_nik_finds_the_case_for_its_case_team(client, caseworker_a, areas):
    from sigap.cases.services import PersonData

    nik = "3171034101980001"
    case = case_open(
        case=case_report(
            actor=caseworker_a,
            intake_channel="kelurahan_report",
            report_area=areas["31.71.03.1001"],
            summary="Synthetic test case.",
            victims=[PersonData(full_name="Mawar Contoh", nik=nik, sex="F")],
        ),
        actor=caseworker_a,
    )
    client.force_login(caseworker_a)
    response = client.post(URL, {"q": nik})
    assert nik not in response["Location"]
    assert _numbers(client.get(response["Location"])) == [case.number]


def test_pagination_links_keep_the_search_without_the_term(client, caseworker_a, thirty_cases):
    client.force_login(caseworker_a)
    first = _search(client, "TPPO-3171", kecamatan="31.71.03")
    assert first.redirect_chain[-1][1] == 302
    html = first.content.decode()
    next_link = re.search(r'href="([^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "s=1" in next_link and "kecamatan=31.71.03" in next_link and "page=2" in next_link
    assert "TPPO" not in next_link
    second = client.get(URL + next_link)
    assert len(second.context["cases"]) == 5
    assert second.context["searching"] is True


def test_a_term_typed_into_the_url_is_ignored_and_not_echoed(client, caseworker_a, thirty_cases):
    client.force_login(caseworker_a)
    response = client.get(URL, {"q": "Rahasiaurl", "kecamatan": "31.71.03"}, follow=True)
    assert response.redirect_chain == [(URL + "?kecamatan=31.71.03", 302)]
    html = response.content.decode()
    assert response.context["searching"] is False
    assert "Rahasiaurl" not in html  # not in the box, a link or the language form's "next"
    assert response.context["page_obj"].paginator.count == 30


def test_clear_search_forgets_the_term(client, caseworker_a, open_case, mixed_cases):
    client.force_login(caseworker_a)
    assert _numbers(_search(client, "Korban Sintetis")) == [open_case.number]
    response = client.post(URL, {"q": "Korban Sintetis", "clear_search": "1"})
    assert "s=1" not in response["Location"]
    assert "case_search" not in client.session
    assert len(_numbers(client.get(response["Location"]))) == 4


def test_plain_get_drops_a_stored_term(client, caseworker_a, open_case, mixed_cases):
    client.force_login(caseworker_a)
    _search(client, "Korban Sintetis")
    assert len(_numbers(client.get(URL))) == 4
    assert "case_search" not in client.session
    assert len(_numbers(client.get(URL, {"s": "1"}))) == 4  # nothing left to apply


def test_search_form_posts_with_csrf(client, caseworker_a, reference):
    client.force_login(caseworker_a)
    html = client.get(URL).content.decode()
    form = re.search(r'<form method="post"[^>]*class="filters"', html)
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in html


def test_receiving_agency_sees_no_exploitation_forms_column(
    client, open_case, caseworker_a, health_provider
):
    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    client.force_login(health_provider)
    response = client.get(URL)
    assert response.context["show_forms"] is False
    assert _numbers(response) == [open_case.number]
    client.force_login(caseworker_a)
    assert client.get(URL).context["show_forms"] is True


def test_count_stops_at_the_cap_and_says_so(client, caseworker_a, thirty_cases, monkeypatch):
    """Above the cap the page counts no further (issue 8 §4) and tells the user to narrow."""
    from sigap.core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 26)
    client.force_login(caseworker_a)
    response = client.get(URL)
    paginator = response.context["page_obj"].paginator
    assert paginator.count == 26 and paginator.count_capped
    assert paginator.num_pages == 2
    assert "Lebih dari 26 kasus" in response.content.decode()  # Indonesian first
    last = client.get(URL, {"page": 2})
    assert len(last.context["cases"]) == 1  # pages stop at the cap


@pytest.mark.parametrize(
    ("language", "text"),
    [("id", "Lebih dari 10.000 kasus"), ("en", "More than 10,000 cases")],
)
def test_capped_count_is_grouped_as_the_language_writes_numbers(
    client, caseworker_a, open_case, count_over_cap, settings, language, text
):
    client.force_login(caseworker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert text in client.get(URL).content.decode()


def test_a_name_search_past_the_cap_says_its_filtered_count_is_partial(
    client, caseworker_a, reporter_kemayoran, areas, monkeypatch, settings
):
    """The name search reads the first ``COUNT_CAP + 1`` matches (newest first). With more
    matches than that and a filter, the count under the filter is a lower bound: the page
    says so instead of an exact-looking "0 cases" / "N cases" (issue 8 §4). Here the cap is
    2: of four cases bearing the name, the oldest alone has another modus."""
    from sigap.cases import selectors
    from sigap.cases.services import PersonData
    from sigap.cases.tests.factories import report_case
    from sigap.core import pagination

    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    settings.LANGUAGE_CODE = "en"
    for day, modus in (
        (1, "online_scam"),
        (2, "migrant_worker"),
        (3, "migrant_worker"),
        (4, "migrant_worker"),
    ):
        report = report_case(
            actor=reporter_kemayoran,
            areas=areas,
            victims=[PersonData(full_name=f"Kenanga Batasuji{day}", sex="F")],
            reported_on=date(2026, 1, day),
            modus=modus,
        )
        case_open(case=report, actor=caseworker_a)
    client.force_login(caseworker_a)
    client.cookies["django_language"] = "en"

    everything = _search(client, "Batasuji1 Kenanga")  # one case: exact
    assert everything.context["page_obj"].paginator.count == 1
    assert not everything.context["page_obj"].paginator.count_capped

    common = _search(client, "Kenanga")  # four matches, three read: capped as before
    assert common.context["page_obj"].paginator.count_capped
    narrowed = _search(client, "Kenanga", modus="online_scam")
    paginator = narrowed.context["page_obj"].paginator
    assert paginator.count_capped and paginator.source_truncated  # not an exact "0 cases"
    assert "The name matches more than 2 cases" in narrowed.content.decode()
