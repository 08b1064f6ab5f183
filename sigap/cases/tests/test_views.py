"""Case pages: intake, case page, people, journey, identification, notes and closing.

Personas come from the root conftest; names are synthetic. Assertions use status codes,
form field names, error codes and database state, not translated wording.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseNote, Identification, JourneyEvent, Participant, Person
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("cases:case-create")


def _url(name, case):
    return reverse(f"cases:{name}", kwargs={"public_id": case.public_id})


def _counts():
    return (
        Case.objects.count(),
        Person.objects.count(),
        Participant.objects.count(),
        JourneyEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def _intake_data(**overrides):
    """A valid intake POST: three victims (one with DOB 17-08-2005), one journey row."""
    data = {
        "intake_channel": "kelurahan_report",
        "reported_on": timezone.localdate().strftime("%d-%m-%Y"),
        "report_area": "31.71.03.1001",
        "summary": "Three women held in a holding house, recruited via Facebook.",
        "modus": "migrant_worker",
        "exploitation_forms": ["forced_labour", "domestic_servitude"],
        "destination_country": "MY",
        "destination_area": "",
        "recruitment_channel": "facebook",
        "victims-TOTAL_FORMS": "4",
        "victims-INITIAL_FORMS": "0",
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "1000",
        "victims-0-full_name": "Sintetis Satu",
        "victims-0-sex": "F",
        "victims-0-date_of_birth": "17-08-2005",
        "victims-0-origin_area": "Hanum (33.01.01.2001)",
        "victims-1-full_name": "Sintetis Dua",
        "victims-1-sex": "F",
        "victims-1-estimated_age": "24",
        "victims-1-origin_area": "33.01.01.2001",
        "victims-2-full_name": "Sintetis Tiga",
        "victims-2-sex": "F",
        "victims-2-date_of_birth": "2000-01-31",
        # victims-3-*: a blank extra row, ignored
        "journey-TOTAL_FORMS": "2",
        "journey-INITIAL_FORMS": "0",
        "journey-MIN_NUM_FORMS": "0",
        "journey-MAX_NUM_FORMS": "1000",
        "journey-0-stage": "transit",
        "journey-0-area": "31.71.03.1001",
        "journey-0-place_note": "holding house",
        "journey-0-occurred_on": "01/02/2026",
    }
    data.update(overrides)
    return data


# --- access: 404 out of scope, 403 wrong role ---------------------------------------------


def test_case_pages_require_login(client, reported_case):
    response = client.get(_url("case-detail", reported_case))
    assert response.status_code == 302


def test_outsider_gets_404_on_case_page(client, open_case, caseworker_b):
    client.force_login(caseworker_b)
    assert client.get(_url("case-detail", open_case)).status_code == 404
    assert client.get(_url("note-create", open_case)).status_code == 404
    assert client.get(_url("case-close", open_case)).status_code == 404


def test_provider_without_referral_gets_404(client, open_case, health_provider):
    client.force_login(health_provider)
    assert client.get(_url("case-detail", open_case)).status_code == 404


@pytest.mark.parametrize("persona", ["health_provider", "leadership_user", "police_officer"])
def test_wrong_role_gets_403_on_intake(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, _intake_data()).status_code == 403
    assert Case.objects.count() == 0


def test_reporter_gets_403_on_identification_and_close(client, reported_case, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    assert client.get(_url("identification-create", reported_case)).status_code == 403
    assert client.get(_url("case-close", reported_case)).status_code == 403
    response = client.post(_url("case-close", reported_case), {"reason": "other"})
    assert response.status_code == 403
    assert client.post(_url("case-open", reported_case)).status_code == 403


def test_case_team_of_another_agency_cannot_identify_a_case_it_does_not_handle(
    client, reported_case, caseworker_a
):
    # UPT PPA sees the reported case (intake queue) but does not handle it yet.
    client.force_login(caseworker_a)
    assert client.get(_url("case-detail", reported_case)).status_code == 200
    assert client.get(_url("identification-create", reported_case)).status_code == 403
    assert client.get(_url("case-close", reported_case)).status_code == 403


# --- intake ------------------------------------------------------------------------------


def test_intake_form_prefills_today_and_the_reporters_kelurahan(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    response = client.get(CREATE_URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["reported_on"] == timezone.localdate()
    assert form.initial["report_area"].code == "31.71.03.1001"
    assert len(response.context["victims"].forms) == 3
    html = response.content.decode()
    assert 'placeholder="DD-MM-YYYY"' in html
    assert 'hx-trigger="input changed delay:250ms"' in html
    assert reverse("areas:area-autocomplete") in html
    assert 'list="id_victims-0-origin_area-options"' in html
    assert '<datalist id="id_victims-0-origin_area-options">' in html


def test_intake_creates_case_with_three_victims_and_parses_dd_mm_yyyy(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    response = client.post(CREATE_URL, _intake_data())
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == _url("case-detail", case)
    assert case.reporting_agency.code == "kelurahan-31-71-03-1001"
    assert case.report_area_id == "31.71.03.1001"
    assert case.destination_country == "MY"
    assert sorted(case.exploitations.values_list("form", flat=True)) == [
        "domestic_servitude",
        "forced_labour",
    ]
    victims = Participant.objects.filter(case=case, role="victim").select_related("person")
    assert victims.count() == 3
    people = {p.full_name: p for p in Person.objects.all()}  # names are encrypted: no filter
    first = people["Sintetis Satu"]
    assert first.date_of_birth == date(2005, 8, 17)
    assert first.origin_area_id == "33.01.01.2001"
    assert people["Sintetis Tiga"].date_of_birth == date(2000, 1, 31)
    step = case.journey.get()
    assert (step.stage, step.area_id, step.occurred_on) == (
        "transit",
        "31.71.03.1001",
        date(2026, 2, 1),
    )


def test_dates_are_shown_as_day_month_name_year(client, reporter_kemayoran, caseworker_a):
    client.force_login(reporter_kemayoran)
    client.post(CREATE_URL, _intake_data())
    case = Case.objects.get()
    client.force_login(caseworker_a)
    with override("id"):
        html = client.get(_url("case-detail", case), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "17 Agustus 2005" in html  # Django's own Indonesian month names
    assert 'datetime="2005-08-17"' in html


@pytest.mark.parametrize(
    ("overrides", "form_key", "field"),
    [
        ({"victims-0-date_of_birth": "01-01-2999"}, "victims", "date_of_birth"),
        ({"victims-1-origin_area": "99.99.99.9999"}, "victims", "origin_area"),
        ({"report_area": "31.71.99.9999"}, "form", "report_area"),
        ({"summary": ""}, "form", "summary"),
        ({"reported_on": "31-02-2026"}, "form", "reported_on"),
        ({"victims-0-full_name": ""}, "victims", "full_name"),
        ({"journey-0-occurred_on": "01-01-2999"}, "journey", "occurred_on"),
    ],
)
def test_bad_intake_input_shows_errors_and_stores_nothing(
    client, reporter_kemayoran, overrides, form_key, field
):
    client.force_login(reporter_kemayoran)
    before = _counts()
    response = client.post(CREATE_URL, _intake_data(**overrides))
    assert response.status_code == 200
    assert response.context["has_errors"] is True
    target = response.context[form_key]
    if form_key == "form":
        assert field in target.errors
    else:
        assert any(field in errors for errors in target.errors)
    assert _counts() == before


def test_unknown_area_code_error_names_the_code(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    response = client.post(CREATE_URL, _intake_data(report_area="31.71.99.9999"))
    error = response.context["form"].errors.as_data()["report_area"][0]
    assert error.code == "unknown_code"
    assert "31.71.99.9999" in response.content.decode()


def test_report_area_must_be_a_kelurahan(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    before = _counts()
    response = client.post(CREATE_URL, _intake_data(report_area="31.71.03"))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["report_area"][0].code == "wrong_level"
    assert _counts() == before


# --- case page ---------------------------------------------------------------------------


def test_reporter_sees_status_but_no_victim_names(client, reported_case, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    response = client.get(_url("case-detail", reported_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert reported_case.number in html
    assert "Korban Sintetis" not in html
    assert reported_case.summary not in html
    assert "penampungan" not in html  # journey place note
    assert response.context["victims"] == []
    assert not AuditEvent.objects.filter(action="case.view").exists()


def test_case_team_sees_victims_and_the_view_is_audited(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(_url("case-detail", open_case))
    html = response.content.decode()
    for i in range(3):
        assert f"Korban Sintetis {i}" in html
    assert "penampungan" in html
    assert reverse("cases:identification-create", kwargs={"public_id": open_case.public_id}) in html
    assert reverse("referrals:referral-create", kwargs={"case_id": open_case.public_id}) in html
    event = AuditEvent.objects.get(action="case.view")
    assert event.actor_id == caseworker_a.pk
    assert event.target_public_id == open_case.public_id
    assert "Korban Sintetis" not in str(event.changes)


def test_the_page_that_audits_its_own_view_spares_the_middleware_its_audit_lookup(
    client, open_case, caseworker_a
):
    """The case page writes its own ``case.view`` row and says so (``identity_log.recorded``):
    the middleware then does not query the audit table to look for that row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(caseworker_a)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(_url("case-detail", open_case)).status_code == 200
    reads = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and "audit_auditevent" in q["sql"]
        and "'case.view'" in q["sql"]
    ]
    assert reads == []
    assert AuditEvent.objects.filter(action="case.view").count() == 1


def test_provider_sees_only_the_referred_victim(client, open_case, caseworker_a, health_provider):
    victims = list(open_case.participants.order_by("id"))
    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victims[1],
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    client.force_login(health_provider)
    response = client.get(_url("case-detail", open_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Korban Sintetis 1" in html
    assert "Korban Sintetis 0" not in html
    assert "Korban Sintetis 2" not in html
    assert "penampungan" not in html  # no journey
    assert open_case.summary not in html
    assert [row["p"].pk for row in response.context["victims"]] == [victims[1].pk]


def test_take_on_case(client, reported_case, caseworker_a):
    client.force_login(caseworker_a)
    assert client.get(_url("case-open", reported_case)).status_code == 405
    response = client.post(_url("case-open", reported_case))
    assert response.status_code == 302
    reported_case.refresh_from_db()
    assert reported_case.status == "open"
    assert reported_case.handling_agency.code == "upt-ppa-dki"


def test_overdue_referral_is_flagged(client, open_case, caseworker_a):
    referral = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    Referral.objects.filter(pk=referral.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(caseworker_a)
    html = client.get(_url("case-detail", open_case)).content.decode()
    assert 'class="overdue"' in html


# --- people, journey, notes --------------------------------------------------------------


def test_add_victim_and_journey_step(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        _url("participant-create", open_case),
        {
            "role": "victim",
            "full_name": "Sintetis Empat",
            "sex": "F",
            "date_of_birth": "17-08-2010",
        },
    )
    assert response.status_code == 302
    added = next(  # names are encrypted at rest: no database filter on them
        p
        for p in Participant.objects.select_related("person")
        if p.person.full_name == "Sintetis Empat"
    )
    assert added.person.date_of_birth == date(2010, 8, 17)
    assert added.is_child is True
    response = client.post(
        _url("journey-create", open_case),
        {"stage": "exploitation", "country": "MY", "occurred_on": "10-03-2026"},
    )
    assert response.status_code == 302
    assert open_case.journey.filter(stage="exploitation", country="MY").exists()


def test_add_victim_with_future_birth_date_is_refused(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    before = _counts()
    response = client.post(
        _url("participant-create", open_case),
        {"role": "victim", "full_name": "Sintetis Lima", "date_of_birth": "01-01-2999"},
    )
    assert response.status_code == 200
    assert "date_of_birth" in response.context["form"].errors
    assert _counts() == before


def test_note_is_added(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(_url("note-create", open_case), {"body": "Victim is safe."})
    assert response.status_code == 302
    assert CaseNote.objects.filter(case=open_case).count() == 1


def test_ten_megabyte_note_gets_a_form_error_and_stores_nothing(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(_url("note-create", open_case))
    assert 'maxlength="20000"' in response.content.decode()
    before = AuditEvent.objects.count()
    response = client.post(_url("note-create", open_case), {"body": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["body"][0].code == "max_length"
    assert CaseNote.objects.count() == 0
    assert AuditEvent.objects.count() == before


# --- identification ----------------------------------------------------------------------


def test_identification_defaults_to_all_victims_and_shows_the_result(
    client, open_case, caseworker_a
):
    client.force_login(caseworker_a)
    response = client.get(_url("identification-create", open_case))
    assert response.status_code == 200
    victim_ids = [str(p.public_id) for p in open_case.participants.order_by("id")]
    assert response.context["form"].fields["victims"].initial == victim_ids
    response = client.post(
        _url("identification-create", open_case),
        {
            "process": ["recruitment", "harbouring"],
            "means": ["deception", "debt_bondage"],
            "purpose": ["forced_labour"],
            "victims": victim_ids,
        },
    )
    assert response.status_code == 302
    assert Identification.objects.filter(result="indicated").count() == 3
    html = client.get(_url("case-detail", open_case)).content.decode()
    assert 'class="badge rounded-pill indicated"' in html


def test_identification_without_means_needs_more_information(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    victim = open_case.participants.first()
    client.post(
        _url("identification-create", open_case),
        {"process": ["recruitment"], "purpose": ["forced_labour"], "victims": [victim.public_id]},
    )
    assert Identification.objects.get().result == "needs_information"
    html = client.get(_url("case-detail", open_case)).content.decode()
    assert 'class="badge rounded-pill needs_information"' in html


def test_identification_without_victims_is_refused(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(_url("identification-create", open_case), {"process": ["recruitment"]})
    assert response.status_code == 200
    assert "victims" in response.context["form"].errors
    assert Identification.objects.count() == 0


# --- closing ----------------------------------------------------------------------------


def test_close_warns_about_and_revokes_open_referrals(
    client, open_case, caseworker_a, supervisor_a
):
    # Issue 4: closing is requested by the case manager and approved by a supervisor
    # (sigap.casework); the old close URL leads to the request page.
    referral = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-sosial-jakpus"),
        service=Service.objects.get(code="shelter"),
    )
    client.force_login(caseworker_a)
    response = client.get(_url("case-close", open_case), follow=True)
    assert [r.pk for r in response.context["open_referrals"]] == [referral.pk]
    request_url = reverse("casework:closure-request", kwargs={"public_id": open_case.public_id})
    response = client.post(request_url, {"reason": "services_completed", "note": ""})
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.status == "open"
    client.force_login(supervisor_a)
    decide_url = reverse("casework:closure-decide", kwargs={"public_id": open_case.public_id})
    response = client.post(
        decide_url, {"decision": "approve", "expected_version": open_case.version}
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    referral.refresh_from_db()
    assert open_case.status == "closed"
    assert referral.status == "revoked"


def test_close_url_no_longer_closes_directly(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        _url("case-close", open_case),
        {"reason": "services_completed", "expected_version": open_case.version},
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.status == "open"


def test_close_without_reason_is_refused(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("casework:closure-request", kwargs={"public_id": open_case.public_id})
    response = client.post(url, {"reason": "", "note": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    open_case.refresh_from_db()
    assert open_case.status == "open"
