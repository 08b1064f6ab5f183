"""Case search in the API (issue 3 §9): ``GET ?search=`` takes only a case number; names and
NIKs go through ``POST /api/v1/cases/search/`` so they never appear in a URL."""

import pytest

from sigap.cases.services import PersonData, case_open, case_report

pytestmark = pytest.mark.django_db

CASES_URL = "/api/v1/cases/"
SEARCH_URL = "/api/v1/cases/search/"
NIK = "3171034101980001"


@pytest.fixture
def nik_case(caseworker_a, areas):
    case = case_report(
        actor=caseworker_a,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic test case.",
        victims=[PersonData(full_name="Mawar Rahasiacari", nik=NIK, sex="F")],
    )
    return case_open(case=case, actor=caseworker_a)


@pytest.mark.parametrize("term", ["Korban Sintetis", "Sintetis", NIK, "3171"])
def test_get_search_with_a_name_or_nik_is_400(as_user, caseworker_a, open_case, term):
    response = as_user(caseworker_a).get(CASES_URL, {"search": term})
    assert response.status_code == 400
    assert "search" in response.json()["extra"]["fields"]


def test_get_search_by_case_number_and_prefix(as_user, caseworker_a, open_case, nik_case):
    client = as_user(caseworker_a)
    exact = client.get(CASES_URL, {"search": open_case.number.lower()}).json()
    assert [c["number"] for c in exact["results"]] == [open_case.number]
    assert client.get(CASES_URL, {"search": "TPPO-3171"}).json()["count"] == 2


def test_post_search_by_name_nik_and_number(as_user, caseworker_a, open_case, nik_case):
    client = as_user(caseworker_a)

    def numbers(body):
        response = client.post(SEARCH_URL, body, format="json")
        assert response.status_code == 200, response.content
        return [c["number"] for c in response.json()["results"]]

    assert numbers({"name": "Rahasiacari"}) == [nik_case.number]
    assert numbers({"name": "korban sintetis"}) == [open_case.number]
    assert numbers({"nik": NIK}) == [nik_case.number]
    assert numbers({"number": open_case.number}) == [open_case.number]
    assert numbers({"name": "Tidakada"}) == []


def test_post_search_answers_like_the_list_without_names(as_user, caseworker_a, nik_case):
    data = as_user(caseworker_a).post(SEARCH_URL, {"nik": NIK}, format="json").json()
    assert set(data) == {"count", "count_capped", "next", "previous", "results"}
    (item,) = data["results"]
    assert item["access"] == "header"
    assert "Rahasiacari" not in str(data) and NIK not in str(data)


def test_post_search_is_scoped_like_the_list(
    as_user, caseworker_b, health_provider, reporter_kemayoran, nik_case, open_case
):
    for user in (caseworker_b, health_provider, reporter_kemayoran):
        client = as_user(user)
        for body in ({"name": "Rahasiacari"}, {"nik": NIK}, {"name": "Korban Sintetis"}):
            data = client.post(SEARCH_URL, body, format="json").json()
            assert data["count"] == 0, (user, body)


@pytest.mark.parametrize(
    "body",
    [{}, {"name": "a", "nik": NIK}, {"nik": "123"}, {"number": "Mawar"}, {"name": "  "}],
)
def test_post_search_needs_exactly_one_valid_term(as_user, caseworker_a, body):
    assert as_user(caseworker_a).post(SEARCH_URL, body, format="json").status_code == 400


def test_post_search_permissions(api, as_user, leadership_user, reference):
    assert api.post(SEARCH_URL, {"name": "x"}, format="json").status_code == 401
    client = as_user(leadership_user)
    assert client.post(SEARCH_URL, {"name": "x"}, format="json").status_code == 403
    assert client.get(SEARCH_URL).status_code == 403
