"""The one record-scoping rule: Case/Referral ``visible_to(user)`` as a role × agency matrix.

World: case R, reported by Kelurahan Kemayoran and not yet taken on (the UPT PPA intake queue);
case H, reported by Kelurahan Gambir and handled by UPT PPA, referred to Sudin Kesehatan
(health rehabilitation) and to Polres (law enforcement), both still ``sent``.
"""

from datetime import date

import pytest
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.agencies.models import Agency, Service
from sigap.cases.access import case_view_for
from sigap.cases.models import Case
from sigap.cases.services import JourneyData, case_close, case_open
from sigap.cases.tests.factories import PersonDataFactory, report_case
from sigap.referrals.models import Referral
from sigap.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_send,
)

pytestmark = pytest.mark.django_db


def _refer(case, actor, agency_code, service_code):
    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=case,
        actor=actor,
        victim=case.participants.order_by("id").first(),
        to_agency=Agency.objects.get(code=agency_code),
        service=Service.objects.get(code=service_code),
    )


@pytest.fixture
def world(reporter_kemayoran, reporter_gambir, caseworker_a, areas):
    queued = report_case(actor=reporter_kemayoran, areas=areas)
    handled = report_case(
        actor=reporter_gambir,
        areas=areas,
        report_area=areas["31.71.01.1001"],
        victims=[PersonDataFactory(date_of_birth=date(2000, 1, 1))],
        journey=[JourneyData(stage="exploitation", country="KH", occurred_on=date(2026, 1, 5))],
    )
    handled = case_open(case=handled, actor=caseworker_a)
    health = _refer(handled, caseworker_a, "sudin-kesehatan-jakpus", "health_rehab")
    police = _refer(handled, caseworker_a, "polres-jakpus-ppa", "law_enforcement")
    return {"R": queued, "H": handled, "health": health, "police": police}


@pytest.fixture
def auditor_user(make_user):
    return make_user(Role.AUDITOR, "pemkot-jakpus", "auditor")


@pytest.fixture
def superuser_without_membership(reference, django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", password="synthetic-root-password"
    )


@pytest.fixture
def inactive_case_manager(caseworker_a):
    from sigap.accounts.services import user_deactivate

    user_deactivate(user=caseworker_a, actor=None)
    return caseworker_a


MATRIX = [
    # persona, visible cases, visible referrals
    ("reporter_kemayoran", {"R"}, set()),
    ("reporter_gambir", {"H"}, set()),
    ("caseworker_a", {"R", "H"}, {"health", "police"}),
    ("supervisor_a", {"R", "H"}, {"health", "police"}),
    ("caseworker_b", set(), set()),
    ("health_provider", {"H"}, {"health"}),
    ("social_provider", set(), set()),
    ("police_officer", {"H"}, {"police"}),
    ("secretariat_user", set(), set()),
    ("leadership_user", set(), set()),
    ("auditor_user", set(), set()),
    ("platform_admin", set(), set()),
    ("superuser_without_membership", set(), set()),
    ("inactive_case_manager", set(), set()),
]


@pytest.mark.parametrize(("persona", "cases", "referrals"), MATRIX)
def test_visibility_matrix(world, request, persona, cases, referrals):
    user = request.getfixturevalue(persona)
    expected_cases = {world[k].pk for k in cases}
    expected_referrals = {world[k].pk for k in referrals}
    visible_cases = Case.objects.visible_to(user)
    assert set(visible_cases.values_list("pk", flat=True)) == expected_cases
    assert visible_cases.count() == len(expected_cases)
    visible_referrals = Referral.objects.visible_to(user)
    assert set(visible_referrals.values_list("pk", flat=True)) == expected_referrals


def test_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Case.objects.visible_to(AnonymousUser()).exists()
    assert not Referral.objects.visible_to(AnonymousUser()).exists()
    assert not Case.objects.visible_to(None).exists()


def test_only_upt_ppa_case_teams_see_the_intake_queue(world, make_user):
    other_team = make_user(Role.CASE_MANAGER, "sudin-ppapp-jakpus", "cm-ppapp")
    assert not Case.objects.visible_to(other_team).filter(pk=world["R"].pk).exists()


def test_opened_case_stays_visible_to_handler_and_reporter(
    world, caseworker_a, reporter_kemayoran, caseworker_b
):
    case = case_open(case=world["R"], actor=caseworker_a)
    assert Case.objects.visible_to(caseworker_a).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(reporter_kemayoran).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(caseworker_b).filter(pk=case.pk).exists()


# --- service providers only while the referral is open ----------------------------------


def _sees(user, case):
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def test_service_provider_sees_case_while_referral_open_not_after_completion(
    world, health_provider
):
    case, referral = world["H"], world["health"]
    assert _sees(health_provider, case)  # sent
    referral_accept(referral=referral, actor=health_provider)
    assert _sees(health_provider, case)  # accepted
    referral_complete(
        referral=referral,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Pemeriksaan kesehatan (sintetis).",
    )
    assert not _sees(health_provider, case)  # completed
    # The referral itself stays in the agency's inbox history.
    assert Referral.objects.visible_to(health_provider).filter(pk=referral.pk).exists()


def test_service_provider_loses_case_after_declining(world, health_provider):
    referral_decline(referral=world["health"], actor=health_provider, reason="Penuh (sintetis).")
    assert not _sees(health_provider, world["H"])


def test_service_provider_loses_case_when_it_is_closed(world, health_provider, caseworker_a):
    case_close(case=world["H"], actor=caseworker_a, reason="services_completed")
    assert not _sees(health_provider, world["H"])


def test_police_keeps_a_referred_case_after_completion_but_not_after_decline(world, police_officer):
    referral = world["police"]
    referral_accept(referral=referral, actor=police_officer)
    referral_complete(
        referral=referral,
        actor=police_officer,
        delivered_on=timezone.localdate(),
        description="Laporan polisi dibuat (sintetis).",
    )
    assert _sees(police_officer, world["H"])


def test_police_does_not_see_a_case_whose_referral_it_declined(world, police_officer):
    referral_decline(referral=world["police"], actor=police_officer, reason="Bukan wilayah.")
    assert not _sees(police_officer, world["H"])


def test_another_service_provider_at_the_same_agency_sees_the_referred_case(world, make_user):
    colleague = make_user(Role.SERVICE_PROVIDER, "sudin-kesehatan-jakpus", "kesehatan-2")
    assert _sees(colleague, world["H"])


# --- case_view_for: field-level capabilities --------------------------------------------


def test_handling_case_manager_has_full_view_and_all_actions(world, caseworker_a):
    view = case_view_for(caseworker_a, world["H"])
    assert view.full and not view.status_only and not view.referral_only
    assert view.can_identify and view.can_refer and view.can_close and view.can_note
    assert not view.can_open  # already open


def test_case_manager_can_open_a_queued_case(world, caseworker_a):
    view = case_view_for(caseworker_a, world["R"])
    assert view.can_open
    assert not view.can_close and not view.can_refer and not view.can_identify


def test_reporter_sees_status_only(world, reporter_kemayoran):
    view = case_view_for(reporter_kemayoran, world["R"])
    assert view.status_only and not view.full and not view.referral_only
    assert not any(
        (view.can_open, view.can_identify, view.can_refer, view.can_close, view.can_note)
    )


def test_service_provider_sees_referral_part_only(world, health_provider):
    view = case_view_for(health_provider, world["H"])
    assert view.referral_only and not view.full and not view.status_only
    assert view.can_note
    assert not any((view.can_open, view.can_identify, view.can_refer, view.can_close))


def test_closed_case_allows_no_more_actions(world, caseworker_a):
    closed = case_close(case=world["H"], actor=caseworker_a, reason="services_completed")
    view = case_view_for(caseworker_a, closed)
    assert view.full
    assert not any((view.can_identify, view.can_refer, view.can_close, view.can_note))


def test_user_without_membership_gets_no_capabilities(world, superuser_without_membership):
    view = case_view_for(superuser_without_membership, world["H"])
    assert not view.full and not view.referral_only
    assert not any(
        (view.can_open, view.can_identify, view.can_refer, view.can_close, view.can_note)
    )


# --- The case list shows and filters a case's content only where the user sees it ------------


def response_form_fields(client, url) -> set[str]:
    """The names of the case list's filter fields offered to the logged-in user."""
    return set(client.get(url).context["form"].fields)


def test_reporter_case_list_neither_shows_nor_filters_by_a_status_only_cases_content(
    client, open_case, reporter_kemayoran, caseworker_a
):
    """The reporter sees its case by status only once UPT PPA has taken it on: the list must
    not show its exploitation form or handling agency, and a filter on modus or form must
    not answer "1 kasus" for it (docs/access-model.md: status only)."""
    from django.urls import reverse

    assert not case_view_for(reporter_kemayoran, open_case).full
    url = reverse("cases:case-list")
    client.force_login(reporter_kemayoran)
    page = client.get(url).content.decode()
    assert open_case.number in page
    assert "<td>Kerja paksa</td>" not in page  # (the filter's options name every form)
    assert "Tidak ditampilkan" in page
    # The content filters are not offered to a user who sees no case in full, and typed
    # into the URL they are ignored: the answer is the unfiltered list, the same for every
    # value, so it tells nothing of the case's modus or form.
    assert "modus" not in response_form_fields(client, url)
    unfiltered = [c.pk for c in client.get(url).context["cases"]]
    for query in ("?modus=migrant_worker", "?exploitation_form=forced_labour", "?modus=other"):
        response = client.get(url + query)
        assert [c.pk for c in response.context["cases"]] == unfiltered, query
    # The selector itself answers content filters only over cases seen in full.
    from sigap.cases.selectors import case_list

    assert list(case_list(user=reporter_kemayoran, modus=open_case.modus)) == []
    # The handling team sees the content and filters by it as before.
    client.force_login(caseworker_a)
    page = client.get(url + "?exploitation_form=forced_labour").content.decode()
    assert open_case.number in page and "<td>Kerja paksa</td>" in page


def test_receiving_agency_case_list_names_the_handling_agency_as_its_case_page(
    client, open_case, caseworker_a, health_provider
):
    """A service provider's minimal view names the handling agency (its case page and export
    do): the list row must not read "Not shown" for it, while the forms stay hidden."""
    from django.urls import reverse

    from sigap.referrals.tests.conftest import send

    send(open_case, caseworker_a, victim=open_case.participants.order_by("id").first())
    view = case_view_for(health_provider, open_case)
    assert view.referral_only and not view.status_only and not view.full
    client.force_login(health_provider)
    page = client.get(reverse("cases:case-list")).content.decode()
    row = page.split(open_case.number, 1)[1].split("</tr>", 1)[0]
    assert str(open_case.handling_agency) in row
    assert "Kerja paksa" not in row


# --- full_view_q: the query form of case_view_for(...).full -----------------------------------

# (persona, agency code): every role whose full view the rule decides, at its own agency; a
# case team at a UPT PPA (intake queue) and at another agency.
FULL_VIEW_PERSONAS = [
    (Role.CASE_MANAGER, "upt-ppa-dki"),
    (Role.SUPERVISOR, "upt-ppa-dki"),
    (Role.CASE_MANAGER, "sudin-sosial-jakpus"),
    (Role.SUPERVISOR, "sudin-sosial-jakpus"),
    (Role.SECRETARIAT, "sudin-ppapp-jakpus"),
    (Role.REPORTER, "kelurahan-31-71-03-1001"),
    (Role.SERVICE_PROVIDER, "sudin-kesehatan-jakpus"),
    (Role.POLICE, "polres-jakpus-ppa"),
]
OTHER_AGENCIES = ("pemkot-jakpus", "kejari-jakpus")


@pytest.fixture
def every_relation(reporter_kemayoran, areas):
    """For each persona's agency X: cases X handles (reported by X or another agency), cases
    X only reported (another handles), intake cases (no handling agency; reported by X or by
    another), and cases of other agencies only, each reported, open and closed; plus an open
    referral to the provider (sent by the handling agency, else UPT PPA) and to police (sent
    by the reporting agency) on every case."""
    from sigap.referrals.models import Referral

    template = report_case(actor=reporter_kemayoran, areas=areas)
    victim = template.participants.order_by("id").first()
    agencies = {a.code: a for a in Agency.objects.all()}
    other, other2 = (agencies[c] for c in OTHER_AGENCIES)
    shapes = set()
    for _role, code in FULL_VIEW_PERSONAS:
        x = agencies[code]
        shapes |= {(x, other), (x, x), (other, x), (None, x), (None, other), (other, other2)}
    cases = []
    now = timezone.now()
    for n, (handling, reporting) in enumerate(sorted(shapes, key=lambda s: (str(s[0]), str(s[1])))):
        for status in ("reported", "open", "closed"):
            cases.append(
                Case.objects.create(
                    number=f"TPPO-TEST-{n:03d}-{status}",
                    intake_channel=template.intake_channel,
                    reported_on=template.reported_on,
                    reporting_agency=reporting,
                    report_area=template.report_area,
                    handling_agency=handling,
                    summary="Sintetis.",
                    status=status,
                    opened_at=now if status != "reported" else None,
                    closed_at=now if status == "closed" else None,
                    created_by=reporter_kemayoran,
                )
            )
    service = {
        "sudin-kesehatan-jakpus": Service.objects.get(code="health_rehab"),
        "polres-jakpus-ppa": Service.objects.get(code="law_enforcement"),
    }
    for case in cases:
        # Sent by the handling agency (or UPT PPA) and by the reporting agency: "its own".
        senders = (case.handling_agency or agencies["upt-ppa-dki"], case.reporting_agency)
        for sender, (code, svc) in zip(senders, service.items(), strict=True):
            if sender == agencies[code]:  # (no referral to oneself)
                sender = other
            # Written directly: the shapes above are not reachable through the services.
            Referral.objects.create(
                case=case,
                victim=victim,
                from_agency=sender,
                to_agency=agencies[code],
                service=svc,
                sharing_basis="public_task",
                legal_reference="UU 21/2007 Pasal 51",
                sent_by=reporter_kemayoran,
                sent_at=now,
                due_on=now.date(),
            )
    return cases


def _assert_full_view_q_is_case_view_for(user, cases, *, breakglass=True):
    from sigap.cases.access import full_view_q, in_full_view

    q = full_view_q(user, breakglass=breakglass)
    in_q = set() if q is None else set(Case.objects.filter(q).values_list("pk", flat=True))
    visible = set(Case.objects.visible_to(user, breakglass=breakglass).values_list("pk", flat=True))
    for case in cases:
        expected = case.pk in visible and case_view_for(user, case, breakglass=breakglass).full
        relation = (case.handling_agency_id, case.reporting_agency_id, case.status)
        assert (case.pk in in_q) == expected, (user.membership.role, relation)
    if breakglass:
        scope = Case.objects.visible_to(user)
        assert set(in_full_view(user, scope).values_list("pk", flat=True)) == in_q


@pytest.mark.parametrize(("role", "code"), FULL_VIEW_PERSONAS)
def test_full_view_q_agrees_with_case_view_for_everywhere(every_relation, make_user, role, code):
    """``Case.objects.filter(full_view_q(user))`` holds a case exactly when the case is
    visible to the user and ``case_view_for(user, case).full``: for every role, relation of
    the user's agency to the case (handles, reported only, intake, other) and status."""
    user = make_user(role, code)
    _assert_full_view_q_is_case_view_for(user, every_relation)


@pytest.mark.parametrize(("role", "code"), FULL_VIEW_PERSONAS)
def test_full_view_q_follows_break_glass_grants(every_relation, make_user, role, code):
    """Under an active grant a break-glass role sees the case in full (and not after it has
    expired); ``breakglass=False`` leaves the grant out, as ``case_view_for`` does."""
    from datetime import timedelta

    from sigap.privacy.models import BreakGlassGrant

    user = make_user(role, code)
    agency = Agency.objects.get(code=code)
    # A case of other agencies only, and one the user's agency reported but another handles.
    out_of_view = [
        c
        for c in every_relation
        if c.status == "open"
        and c.handling_agency_id not in (None, agency.pk)
        and c.handling_agency.code in OTHER_AGENCIES
    ]
    granted, expired = out_of_view[0], out_of_view[1]
    reason = "Korban dalam bahaya, perlu data segera."
    BreakGlassGrant.objects.create(
        user=user, case=granted, reason=reason, expires_at=timezone.now() + timedelta(hours=1)
    )
    BreakGlassGrant.objects.create(
        user=user, case=expired, reason=reason, expires_at=timezone.now() - timedelta(hours=1)
    )
    _assert_full_view_q_is_case_view_for(user, every_relation)
    _assert_full_view_q_is_case_view_for(user, every_relation, breakglass=False)
    from sigap.cases.access import full_view_q

    q = full_view_q(user)
    in_q = set() if q is None else set(Case.objects.filter(q).values_list("pk", flat=True))
    may_break_glass = role in (Role.CASE_MANAGER, Role.SUPERVISOR, Role.SECRETARIAT, Role.POLICE)
    assert (granted.pk in in_q) == may_break_glass
    assert expired.pk not in in_q


@pytest.mark.parametrize(("role", "code"), FULL_VIEW_PERSONAS)
def test_referral_scope_is_full_view_plus_own_sent_referrals(every_relation, make_user, role, code):
    """Case team and secretariat: a referral is visible exactly when its case is seen in full
    or their agency sent it on a case in scope; receivers: addressed to them; others: none."""
    from sigap.referrals.models import Referral

    user = make_user(role, code)
    agency = Agency.objects.get(code=code)
    visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
    referrals = Referral.objects.filter(case__in=every_relation).select_related("case")
    shown = set(Referral.objects.visible_to(user).values_list("pk", flat=True))
    for r in referrals:
        if role in (Role.CASE_MANAGER, Role.SUPERVISOR, Role.SECRETARIAT):
            full = r.case_id in visible and case_view_for(user, r.case).full
            sent = r.case_id in visible and r.from_agency_id == agency.pk
            expected = full or sent
        elif role in (Role.SERVICE_PROVIDER, Role.POLICE):
            expected = r.to_agency_id == agency.pk
        else:
            expected = False
        relation = (r.case.handling_agency_id, r.case.reporting_agency_id, r.case.status)
        assert (r.pk in shown) == expected, (role, relation)
