"""Structured modus facts (issue 13 §4): service, bounds, scope, audit, screening, intake,
page, API and dashboard counts."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.analytics.models import LicensedAgency
from sigap.analytics.selectors import licensed_agency_cache_clear
from sigap.audit.history import MASK
from sigap.audit.models import AuditEvent
from sigap.cases.choices import PassportHolder, VisaType
from sigap.cases.forms import ModusFactsForm
from sigap.cases.models import Case, CaseModusFacts
from sigap.cases.modus import ModusFactsData, modus_facts_set, screen_facts, screening_answers
from sigap.cases.services import case_close
from sigap.core.exceptions import ApplicationError
from sigap.core.money import MAX_RUPIAH

from .test_views import _intake_data


@pytest.fixture
def p3mi(db):
    LicensedAgency.objects.create(
        name="PT Sentosa Karya Mandiri", name_key="sentosa karya mandiri", license_number="K-1"
    )
    licensed_agency_cache_clear()
    yield
    licensed_agency_cache_clear()


def _data(**kw) -> ModusFactsData:
    base = {
        "job_offered": "Pelayan restoran",
        "job_category": "hospitality",
        "promised_salary": 12_000_000,
        "salary_currency": "idr",
        "destination_country": "MY",
        "visa_type": "tourist",
        "passport_holder": "recruiter",
        "recruiter_name": "PT Abal Abal Jaya",
        "fees_paid": 15_000_000,
        "has_debt": True,
        "debt_amount": 20_000_000,
        "penampungan_address": "Jl. Rahasia No. 7, Bekasi",
        "transit_countries": ["SG"],
        "transit_points": "Batam",
    }
    base.update(kw)
    return ModusFactsData(**base)


def test_set_stores_encrypts_matches_registry_and_audits_masked(
    open_case, caseworker_a, areas, p3mi
):
    facts = modus_facts_set(
        case=open_case,
        actor=caseworker_a,
        data=_data(
            recruiter_name="PT Sentosa Karya Mandri", penampungan_area=areas["31.71.03.1001"]
        ),
    )
    facts.refresh_from_db()
    assert facts.recruiter_licensed is True
    assert facts.recruiter_p3mi == "PT Sentosa Karya Mandiri"
    assert facts.penampungan_address == "Jl. Rahasia No. 7, Bekasi"
    with connection.cursor() as cur:
        cur.execute(
            "SELECT penampungan_address, recruiter_name FROM cases_casemodusfacts WHERE id = %s",
            [facts.pk],
        )
        raw_address, raw_recruiter = cur.fetchone()
    assert "Rahasia" not in raw_address and "Sentosa" not in raw_recruiter
    event = AuditEvent.objects.filter(action="case.modus_facts").latest("id")
    diff = event.changes["diff"]
    assert diff["visa_type"] == {"old": None, "new": "tourist"}
    assert diff["penampungan_address"] == {"old": MASK, "new": MASK}
    assert diff["recruiter_name"] == {"old": MASK, "new": MASK}
    assert "Rahasia" not in str(event.changes) and "Sentosa" not in str(event.changes)

    # A second edit records only what changed, old and new.
    modus_facts_set(
        case=open_case,
        actor=caseworker_a,
        data=_data(recruiter_name="PT Abal Abal Jaya", visa_type="work"),
    )
    facts.refresh_from_db()
    assert facts.recruiter_licensed is False and facts.recruiter_p3mi == ""
    diff = AuditEvent.objects.filter(action="case.modus_facts").latest("id").changes["diff"]
    assert diff["visa_type"] == {"old": "tourist", "new": "work"}
    assert diff["recruiter_licensed"] == {"old": True, "new": False}
    assert "fees_paid" not in diff
    assert CaseModusFacts.objects.filter(case=open_case).count() == 1


def test_money_bounds(open_case, caseworker_a):
    with pytest.raises(ValidationError) as exc:
        modus_facts_set(case=open_case, actor=caseworker_a, data=_data(fees_paid=MAX_RUPIAH + 1))
    assert "fees_paid" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        modus_facts_set(case=open_case, actor=caseworker_a, data=_data(debt_amount=-1))
    assert "debt_amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        modus_facts_set(
            case=open_case, actor=caseworker_a, data=_data(has_debt=False, debt_amount=5)
        )
    assert "debt_amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        modus_facts_set(case=open_case, actor=caseworker_a, data=_data(transit_countries=["XX"]))
    assert "transit_countries" in exc.value.message_dict
    assert not CaseModusFacts.objects.exists()
    assert not AuditEvent.objects.filter(action="case.modus_facts").exists()
    form = ModusFactsForm({"fees_paid": str(MAX_RUPIAH + 1), "promised_salary": str(MAX_RUPIAH)})
    assert not form.is_valid()
    assert "fees_paid" in form.errors and "promised_salary" not in form.errors


def test_only_the_handling_team_of_an_open_case_writes(
    open_case, reported_case, caseworker_b, reporter_kemayoran, caseworker_a
):
    for actor in (caseworker_b, reporter_kemayoran):
        with pytest.raises(ApplicationError):
            modus_facts_set(case=open_case, actor=actor, data=_data())
    case_close(case=open_case, actor=caseworker_a, reason="other", note="x")
    with pytest.raises(ApplicationError):
        modus_facts_set(case=open_case, actor=caseworker_a, data=_data())
    assert not CaseModusFacts.objects.exists()


def test_screening_of_facts_raises_the_flags(open_case, caseworker_a, p3mi):
    facts = modus_facts_set(case=open_case, actor=caseworker_a, data=_data())
    answers = screening_answers(facts, open_case)
    assert answers["non_work_visa"] is True
    assert answers["passport_held"] is True
    assert answers["agency_not_registered"] is True
    result = screen_facts(open_case)
    assert {
        "NON_WORK_VISA",
        "PASSPORT_HELD",
        "FEE_UPFRONT",
        "DEBT_BONDAGE",
        "UNLICENSED_AGENCY",
        "TRANSIT_ROUTE",
    } <= result.flag_codes
    assert "RISKY_DESTINATION" not in result.flag_codes
    assert result.risk_level == "high"

    facts = modus_facts_set(
        case=open_case,
        actor=caseworker_a,
        data=_data(
            visa_type="work",
            passport_holder="self",
            recruiter_name="PT Sentosa Karya Mandiri",
            fees_paid=0,
            has_debt=False,
            debt_amount=None,
            transit_countries=[],
            transit_points="",
            destination_country="KH",
        ),
    )
    open_case.refresh_from_db()
    result = screen_facts(open_case)
    assert result.flag_codes == {"RISKY_DESTINATION"}
    assert screening_answers(facts, open_case)["non_work_visa"] is False


def test_edit_page_and_case_page(client, open_case, caseworker_a, caseworker_b, reporter_kemayoran):
    url = reverse("cases:modus-facts", args=[open_case.public_id])
    client.force_login(caseworker_b)
    assert client.get(url).status_code == 404
    client.force_login(reporter_kemayoran)
    assert client.get(url).status_code == 403
    client.force_login(caseworker_a)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "job_offered": "Operator",
            "job_category": "online_office",
            "destination_country": "KH",
            "visa_type": "tourist",
            "passport_holder": "employer",
            "has_debt": "yes",
            "debt_amount": "3000000",
            "salary_currency": "usd",
            "promised_salary": "1500",
            "transit_countries": ["SG"],
        },
    )
    assert response.status_code == 302
    facts = CaseModusFacts.objects.get(case=open_case)
    assert (facts.visa_type, facts.has_debt, facts.debt_amount) == ("tourist", True, 3_000_000)
    assert str(Case.objects.get(pk=open_case.pk).destination_country) == "KH"
    page = client.get(reverse("cases:case-detail", args=[open_case.public_id])).content.decode()
    assert "Berangkat kerja dengan visa turis, kunjungan atau umrah" in page
    assert "Kamboja" in page or "Cambodia" in page
    assert "Singapura" in page or "Singapore" in page  # transit country, by name
    # Out-of-bounds amount: a message in the form, nothing changed.
    response = client.post(url, {"fees_paid": str(10**25), "salary_currency": "idr"})
    assert response.status_code == 200
    facts.refresh_from_db()
    assert facts.fees_paid is None and facts.visa_type == "tourist"


def test_intake_optional_section(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    data = _intake_data()
    data |= {"modus-visa_type": "umrah_hajj", "modus-fees_paid": "8000000"}
    response = client.post(reverse("cases:case-create"), data)
    assert response.status_code == 302
    case = Case.objects.latest("id")
    assert case.modus_facts.visa_type == "umrah_hajj"
    assert case.modus_facts.fees_paid == 8_000_000
    assert AuditEvent.objects.filter(
        action="case.modus_facts", target_public_id=case.public_id
    ).exists()
    # Left blank: no facts row.
    blank = {
        f"victims-{i}-{k}": ""
        for i in range(3)
        for k in ("full_name", "sex", "date_of_birth", "estimated_age", "origin_area")
    }
    response = client.post(reverse("cases:case-create"), _intake_data(summary="Another", **blank))
    assert response.status_code == 302
    assert not CaseModusFacts.objects.filter(case=Case.objects.latest("id")).exists()


def test_api_read_and_write(open_case, caseworker_a, caseworker_b, reporter_kemayoran, p3mi):
    api = APIClient()
    url = f"/api/v1/cases/{open_case.public_id}/modus-facts/"
    body = {
        "visa_type": "visit",
        "passport_holder": "agency",
        "recruiter_name": "PT Sentosa Karya Mandiri",
        "fees_paid": 2_000_000,
        "transit_countries": ["TH"],
        "destination_country": "MM",
    }
    api.force_authenticate(reporter_kemayoran)
    assert api.put(url, body, format="json").status_code == 403
    assert api.get(url).status_code == 403  # status-only view of its own report
    api.force_authenticate(caseworker_b)
    assert api.put(url, body, format="json").status_code == 404
    api.force_authenticate(caseworker_a)
    response = api.put(url, body | {"fees_paid": 10**25}, format="json")
    assert response.status_code == 400
    assert "fees_paid" in response.json()["extra"]["fields"]
    assert not CaseModusFacts.objects.exists()
    response = api.put(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["recruiter_licensed"] is True
    assert response.json()["transit_countries"] == ["TH"]
    detail = api.get(f"/api/v1/cases/{open_case.public_id}/").json()
    assert detail["modus_facts"]["visa_type"] == "visit"
    assert detail["modus_facts"]["destination_country"] == "MM"
    assert detail["destination_country"] == "MM"
    assert api.get(url).json()["passport_holder"] == "agency"


def test_dashboard_counts_equal_independent_counts(
    reporter_kemayoran, reporter_gambir, caseworker_a, caseworker_b, leadership_user, areas, p3mi
):
    from sigap.cases.services import case_open, case_report
    from sigap.reports.dashboards import charts_modus_facts, default_filters
    from sigap.reports.selectors import sees_city_wide

    specs = [
        ("31.71.03.1001", "tourist", "recruiter", "MY", "PT Sentosa Karya Mandiri"),
        ("31.71.03.1001", "tourist", "self", "KH", "PT Abal Abal"),
        ("31.71.01.1001", "work", "employer", "MY", ""),
        ("31.71.01.1001", "umrah_hajj", "recruiter", "SA", "PT Tipu Tipu"),
    ]
    for area, visa, holder, country, recruiter in specs:
        reporter = reporter_kemayoran if area.endswith("03.1001") else reporter_gambir
        case = case_report(
            actor=reporter,
            intake_channel="kelurahan_report",
            report_area=areas[area],
            summary="Synthetic",
            reported_on=None,
        )
        case_open(case=case, actor=caseworker_a)
        modus_facts_set(
            case=case,
            actor=caseworker_a,
            data=ModusFactsData(
                visa_type=visa,
                passport_holder=holder,
                destination_country=country,
                recruiter_name=recruiter,
            ),
        )
    f = default_filters()
    visa, passport, placement, recruiters = charts_modus_facts(leadership_user, f)
    all_facts = list(CaseModusFacts.objects.select_related("case"))
    assert len(all_facts) == 4
    assert dict(visa.rows) == {
        str(VisaType(code).label): n for code, n in Counter(x.visa_type for x in all_facts).items()
    }
    assert dict(passport.rows) == {
        str(PassportHolder(code).label): n
        for code, n in Counter(x.passport_holder for x in all_facts).items()
    }
    assert sorted(n for _l, n in passport.rows) == sorted(
        Counter(x.passport_holder for x in all_facts).values()
    )
    assert sorted(n for _l, n in placement.rows) == sorted(
        Counter(str(x.case.destination_country) for x in all_facts).values()
    )
    expected = Counter(x.recruiter_licensed for x in all_facts)
    assert expected == Counter({False: 2, True: 1, None: 1})
    assert sorted(n for _l, n in recruiters.rows) == sorted(expected.values())
    # A personal scope counts only the cases that user sees in full (the same rule, never a
    # second): the reporter sees its two cases by status only once UPT PPA has taken them on,
    # so their modus facts are not counted for it (a count over two cases would show them).
    from sigap.cases.access import case_view_for

    assert not sees_city_wide(reporter_gambir)
    visible = set(Case.objects.visible_to(reporter_gambir).values_list("pk", flat=True))
    mine = [x for x in all_facts if x.case_id in visible]
    assert len(mine) == 2
    assert not any(case_view_for(reporter_gambir, x.case).full for x in mine)
    _v, _p, _d, rec_g = charts_modus_facts(reporter_gambir, f)
    assert rec_g.total == 0 and dict(rec_g.rows) == {}


def test_case_page_reads_the_modus_facts_once_when_there_are_none(
    client, open_case, caseworker_a, django_assert_max_num_queries
):
    """A case without modus facts: the page reads the (absent) facts once, not again for
    their screening (issue 8: case detail's queries trimmed)."""
    assert not CaseModusFacts.objects.filter(case=open_case).exists()
    client.force_login(caseworker_a)
    url = reverse("cases:case-detail", args=[open_case.public_id])
    with django_assert_max_num_queries(80) as page:
        assert client.get(url).status_code == 200
    reads = [q["sql"] for q in page.captured_queries if '"cases_casemodusfacts"' in q["sql"]]
    assert len(reads) == 1
