"""Victims' rights delivered across four agencies, end to end in a real browser (issue 4,
"Must show", first bullet), in Indonesian.

A case taken on by UPT PPA (set up through the services, to save time): the UPT PPA case
manager records a needs assessment and a case plan and submits it; a UPT PPA supervisor
approves it. Referrals: repatriation to Suku Dinas Sosial is declined with a reason and re-sent
to BP3MI (which also offers repatriation); social rehabilitation at Suku Dinas Sosial goes
unanswered past its due date and ``referral_reminders`` escalates it to the task-force
secretariat, who sees it on "My work"; health rehabilitation at Suku Dinas Kesehatan is
accepted, started and completed. Law enforcement: Polres Unit PPA accepts the referral from
its inbox, records a police report and a suspect and advances the stages; the case team
records a verdict awarding restitution to the victim, notified 20 days ago and unpaid, so the
restitution shows as overdue on the justice page, the rights tracker and "My work".
Reintegration follow-ups at 1, 3, 6 and 12 months appear; the case manager requests closure,
the case stays open until the supervisor approves, then it is closed.

Every page visited is checked with axe-core and saved as a numbered screenshot under
test-artifacts/ (a page seen again is only photographed). Selectors use ids, names, values
and form actions, never translated wording.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import TEST_PASSWORD

UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
LEGAL_REFERENCE = "UU 21/2007 Pasal 51"


def _d(day) -> str:
    """A date as typed in SIGAP's forms (day-month-year)."""
    return day.strftime("%d-%m-%Y")


def _login(page, user, next_path: str) -> None:
    """Log in through the real form, straight on to ``next_path``."""
    page.goto(f"{page.base_url}/accounts/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
    assert page.url.endswith(next_path), page.url


def _submit(page, url_pattern: str) -> None:
    """Submit the page's main form and wait for the redirect."""
    page.click("form.stacked > button[type=submit]")
    page.wait_for_url(re.compile(url_pattern))


def _refer(page, checkpoint, case_id, victim, service, agency, label, *, axe=False):
    """The case manager refers ``victim`` from the case page (lawful basis: public task)."""
    page.goto(f"{page.base_url}/cases/{case_id}/")
    page.click(f"nav.actions a[href$='/referrals/new/{case_id}/']")
    page.wait_for_url(re.compile(rf"/referrals/new/{case_id}/$"))
    page.check(f"input[name=victim][value='{victim.public_id}']")
    page.select_option("#id_service", service)
    page.locator(f"#picker-0 select[data-service='{service}']").wait_for()
    page.select_option("#id_to_agency", str(agency.public_id))
    page.fill("#id_note", "Mohon ditindaklanjuti sesuai rencana kasus.")
    page.check("input[name=sharing_basis][value=public_task]")
    page.fill("#id_legal_reference", LEGAL_REFERENCE)
    checkpoint(page, f"referral-form-{label}", axe=axe)
    _submit(page, rf"/cases/{case_id}/$")


@pytest.mark.django_db(transaction=True)
def test_victim_rights_across_four_agencies(
    new_page,
    checkpoint,
    open_case,
    caseworker_a,
    supervisor_a,
    health_provider,
    social_provider,
    police_officer,
    secretariat_user,
):
    from sigap.agencies.models import Agency, Service
    from sigap.casework.choices import TaskKind
    from sigap.casework.deadlines import add_months
    from sigap.casework.models import Assessment, CasePlan, ClosureRequest, Task
    from sigap.justice.models import PoliceReport, RestitutionOrder, StageEvent
    from sigap.referrals.models import Referral
    from sigap.referrals.services import jakarta_today

    case = open_case
    case_id = str(case.public_id)
    victim = case.participants.filter(role="victim").select_related("person").order_by("id")[0]
    victim_name = victim.person.full_name
    today = jakarta_today()
    agency = {a.code: a for a in Agency.objects.all()}
    service_pk = {s.code: s.pk for s in Service.objects.all()}
    work_url = rf"/casework/cases/{case_id}/$"

    # --- UPT PPA: needs assessment and case plan, submitted for approval. ------------------
    manager = new_page()
    _login(manager, caseworker_a, f"/casework/cases/{case_id}/")
    checkpoint(manager, "manager-case-work-start")
    manager.click(f"nav.actions a[href$='/casework/cases/{case_id}/assessments/new/']")
    manager.wait_for_url(re.compile(r"/assessments/new/$"))
    manager.select_option("#id_participant", str(victim.public_id))
    manager.fill("#id_assessed_on", _d(today))
    for domain, level in [
        ("health", "high"),
        ("psychosocial", "medium"),
        ("repatriation", "high"),
        ("legal", "high"),
    ]:
        manager.select_option(f"#id_level_{domain}", level)
    manager.fill("#id_note_health", "Keluhan lambung dan gangguan tidur.")
    manager.fill("#id_summary", "Korban ingin pulang ke Cilacap dan menuntut restitusi.")
    checkpoint(manager, "assessment-form")
    _submit(manager, work_url)
    assert manager.locator("h1 span.badge.stage-plan").count() == 1  # derived stage
    assessment = Assessment.objects.get(case=case)
    assert assessment.participant_id == victim.pk
    assert {n.domain: n.level for n in assessment.needs.all()}["repatriation"] == "high"

    manager.click(f"nav.actions a[href$='/casework/cases/{case_id}/plans/new/']")
    manager.wait_for_url(re.compile(r"/plans/new/$"))
    manager.select_option("#id_participant", str(victim.public_id))
    manager.fill("#id_goals", "Pulih secara fisik dan psikis; kembali ke keluarga di Cilacap.")
    planned = [
        ("health_rehab", "sudin-kesehatan-jakpus"),
        ("social_rehab", "sudin-sosial-jakpus"),
    ]
    for i, (service, agency_code) in enumerate(planned):
        manager.select_option(f"#id_services-{i}-service", str(service_pk[service]))
        manager.select_option(f"#id_services-{i}-agency", str(agency[agency_code].pk))
        manager.fill(f"#id_services-{i}-due_on", _d(today + timedelta(days=7)))
    checkpoint(manager, "plan-form")
    _submit(manager, work_url)
    plan = CasePlan.objects.get(case=case)
    assert plan.status == "draft"
    assert plan.services.count() == 2
    checkpoint(manager, "plan-draft")
    manager.click(f"form[action$='/plans/{plan.public_id}/submit/'] button[type=submit]")
    manager.wait_for_url(re.compile(work_url))
    checkpoint(manager, "plan-submitted", axe=False)
    plan.refresh_from_db()
    assert plan.status == "submitted"
    # The case manager cannot approve their own plan.
    assert manager.locator(f"a[href$='/plans/{plan.public_id}/decide/']").count() == 0

    # --- The UPT PPA supervisor approves the plan from "My work". -------------------------
    supervisor = new_page()
    _login(supervisor, supervisor_a, "/casework/my-work/")
    checkpoint(supervisor, "supervisor-my-work-plan-waiting")
    supervisor.click(
        f"section[aria-labelledby=h-plans-waiting] a[href$='/{plan.public_id}/decide/']"
    )
    supervisor.wait_for_url(re.compile(r"/decide/$"))
    supervisor.check("input[name=decision][value=approve]")
    supervisor.fill("#id_comment", "Disetujui.")
    checkpoint(supervisor, "plan-decision-form")
    _submit(supervisor, work_url)
    checkpoint(supervisor, "plan-approved")
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert plan.decided_by == supervisor_a
    assert Task.objects.filter(case=case, kind=TaskKind.PLAN_SERVICE).count() == 2
    assert supervisor.locator("span.badge.plan-approved").count() == 1
    assert supervisor.locator("h1 span.badge.stage-services").count() == 1

    # --- Referrals from the case page. ---------------------------------------------------
    sends = [
        ("repatriation", "sudin-sosial-jakpus", "repatriation-sosial"),
        ("social_rehab", "sudin-sosial-jakpus", "social-rehab-sosial"),
        ("health_rehab", "sudin-kesehatan-jakpus", "health-kesehatan"),
        ("law_enforcement", "polres-jakpus-ppa", "law-enforcement-polres"),
    ]
    for i, (service, agency_code, label) in enumerate(sends):
        _refer(
            manager, checkpoint, case_id, victim, service, agency[agency_code], label, axe=i == 0
        )
    checkpoint(manager, "case-referred")
    refs = {r.service.code: r for r in Referral.objects.filter(case=case)}
    assert {code: r.to_agency.code for code, r in refs.items()} == {
        service: agency_code for service, agency_code, _ in sends
    }
    assert all(r.status == "sent" and r.legal_reference == LEGAL_REFERENCE for r in refs.values())

    # --- Suku Dinas Sosial declines the repatriation, with a reason. ---------------------
    repatriation = refs["repatriation"]
    social = new_page()
    _login(social, social_provider, "/referrals/")
    checkpoint(social, "sosial-inbox")
    inbox_links = social.locator("tbody a[href*='/referrals/']")
    assert inbox_links.count() == 2  # repatriation and social rehabilitation
    social.click(f"tbody a[href$='/referrals/{repatriation.public_id}/']")
    social.wait_for_url(re.compile(rf"/referrals/{repatriation.public_id}/$"))
    checkpoint(social, "sosial-referral-sent")
    decline_reason = (
        "Korban adalah calon pekerja migran; pemulangan ke daerah asal ditangani BP3MI."
    )
    social.fill("#id_decline-reason", decline_reason)
    social.click(f"form[action$='/referrals/{repatriation.public_id}/decline/'] button")
    social.wait_for_url(re.compile(rf"/referrals/{repatriation.public_id}/$"))
    checkpoint(social, "sosial-referral-declined")
    repatriation.refresh_from_db()
    assert repatriation.status == "declined"
    assert repatriation.decline_reason == decline_reason

    # The case manager reads the reason and re-sends the repatriation to BP3MI.
    manager.goto(f"{manager.base_url}/referrals/{repatriation.public_id}/")
    checkpoint(manager, "manager-referral-declined")
    assert "BP3MI" in manager.locator("section[aria-labelledby=h-ref] dl").inner_text()
    _refer(
        manager,
        checkpoint,
        case_id,
        victim,
        "repatriation",
        agency["bp3mi-jakarta"],
        "repatriation-bp3mi",
    )
    resent = Referral.objects.get(case=case, service__code="repatriation", status="sent")
    assert resent.to_agency.code == "bp3mi-jakarta"
    assert resent.pk != repatriation.pk

    # --- Suku Dinas Kesehatan accepts, starts and completes health rehabilitation. -------
    health = refs["health_rehab"]
    provider = new_page()
    _login(provider, health_provider, f"/referrals/{health.public_id}/")
    checkpoint(provider, "kesehatan-referral-sent")
    provider.click(f"form[action$='/referrals/{health.public_id}/accept/'] button")
    provider.wait_for_url(re.compile(rf"/referrals/{health.public_id}/$"))
    checkpoint(provider, "kesehatan-referral-accepted")
    provider.click(f"form[action$='/referrals/{health.public_id}/start/'] button")
    provider.wait_for_url(re.compile(rf"/referrals/{health.public_id}/$"))
    checkpoint(provider, "kesehatan-referral-in-progress")
    health.refresh_from_db()
    assert health.status == "in_progress"
    provider.fill("#id_complete-delivered_on", _d(today))
    provider.fill("#id_complete-description", "Pemeriksaan dan pengobatan di Puskesmas Kemayoran.")
    provider.click(f"form[action$='/referrals/{health.public_id}/complete/'] button")
    provider.wait_for_url(re.compile(rf"/referrals/{health.public_id}/$"))
    checkpoint(provider, "kesehatan-referral-completed")
    health.refresh_from_db()
    assert health.status == "completed"
    assert health.deliveries.get().delivered_on == today

    # --- Social rehabilitation goes unanswered past its due date: escalated. -------------
    overdue = refs["social_rehab"]
    Referral.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=2))
    out = StringIO()
    call_command("referral_reminders", stdout=out)
    assert "escalated to the secretariat: 1" in out.getvalue()
    overdue.refresh_from_db()
    assert overdue.status == "sent" and overdue.escalated_at is not None

    secretariat = new_page()
    _login(secretariat, secretariat_user, "/casework/my-work/")
    checkpoint(secretariat, "secretariat-my-work-escalation")
    escalations = secretariat.locator("section[aria-labelledby=h-escalated]")
    assert re.search(r"\b1\b", escalations.locator("p.count").inner_text())
    secretariat.goto(f"{secretariat.base_url}/casework/notifications/")
    checkpoint(secretariat, "secretariat-notifications")
    escalated_notes = secretariat.locator("ul.notifications li")
    assert escalated_notes.count() == 1
    # The secretariat cannot open this case (its My work shows a count, no number): the
    # notification names the service and "a case of another agency", not the number.
    assert case.number not in escalated_notes.inner_text()
    assert "kasus lembaga lain" in escalated_notes.inner_text()
    assert victim_name not in secretariat.content()

    social.goto(f"{social.base_url}/referrals/")
    checkpoint(social, "sosial-inbox-overdue", axe=False)
    row = social.locator("tbody tr", has=social.locator(f"a[href$='/{overdue.public_id}/']"))
    assert "row-overdue" in (row.get_attribute("class") or "")

    # --- Polres Unit PPA accepts from its inbox and records the police process. ----------
    police_ref = refs["law_enforcement"]
    police = new_page()
    _login(police, police_officer, "/referrals/")
    checkpoint(police, "polres-inbox")
    police.check(f"#sel-{police_ref.public_id}")
    police.click("#bulk-accept button[type=submit]")
    police.wait_for_url(re.compile(r"/referrals/\?box=received$"))
    checkpoint(police, "polres-inbox-accepted")
    assert police.locator("#bulk-accept").count() == 0  # nothing left to accept: no button
    police_ref.refresh_from_db()
    assert police_ref.status == "accepted"

    justice_url = rf"/justice/cases/{case_id}/$"
    police.goto(f"{police.base_url}/justice/cases/{case_id}/")
    checkpoint(police, "polres-justice-empty")
    police.click(f"nav.actions a[href$='/justice/cases/{case_id}/police-reports/new/']")
    police.wait_for_url(re.compile(r"/police-reports/new/$"))
    police.fill("#id_number", "LP/B/123/III/2026/SPKT/Polres Metro Jakarta Pusat")
    police.fill("#id_unit", "Unit PPA Satreskrim Polres Metro Jakarta Pusat")
    police.fill("#id_reported_on", _d(today - timedelta(days=150)))
    checkpoint(police, "police-report-form")
    _submit(police, justice_url)

    police.click(f"nav.actions a[href$='/justice/cases/{case_id}/suspects/new/']")
    police.wait_for_url(re.compile(r"/suspects/new/$"))
    police.fill("#id_full_name", "Tersangka Sintetis")
    police.select_option("#id_sex", "M")
    police.check("input[name=roles][value=recruiter]")
    police.check("input[name=roles][value=harbourer]")
    checkpoint(police, "suspect-form")
    _submit(police, justice_url)

    for i, (stage, days_ago) in enumerate(
        [("investigation", 140), ("file_complete", 90), ("prosecution", 70)]
    ):
        police.click(f"nav.actions a[href$='/justice/cases/{case_id}/stage/']")
        police.wait_for_url(re.compile(r"/stage/$"))
        police.select_option("#id_stage", stage)
        police.fill("#id_on", _d(today - timedelta(days=days_ago)))
        checkpoint(police, f"stage-form-{stage}", axe=i == 0)
        _submit(police, justice_url)
    checkpoint(police, "polres-justice-prosecution")
    assert PoliceReport.objects.get(case=case).reported_on == today - timedelta(days=150)
    assert list(
        StageEvent.objects.filter(case=case).order_by("occurred_on").values_list("stage", flat=True)
    ) == ["report", "investigation", "file_complete", "prosecution"]
    # Police record no verdicts (UPT PPA's case team does).
    assert police.locator(f"a[href$='/justice/cases/{case_id}/verdicts/new/']").count() == 0

    # --- The case team records the verdict: restitution, notified 20 days ago, unpaid. ---
    suspect = case.participants.get(role="suspect")
    manager.goto(f"{manager.base_url}/cases/{case_id}/")
    manager.click(f"a[href$='/justice/cases/{case_id}/']")
    manager.wait_for_url(re.compile(justice_url))
    checkpoint(manager, "manager-justice")
    manager.click(f"nav.actions a[href$='/justice/cases/{case_id}/verdicts/new/']")
    manager.wait_for_url(re.compile(r"/verdicts/new/$"))
    manager.select_option("#id_suspect", str(suspect.public_id))
    manager.select_option("#id_level", "first_instance")
    manager.fill("#id_court", "Pengadilan Negeri Jakarta Pusat")
    manager.fill("#id_decided_on", _d(today - timedelta(days=35)))
    manager.select_option("#id_outcome", "convicted")
    manager.fill("#id_prison_months", "72")
    manager.fill("#id_fine_rupiah", "120000000")
    notice_on = today - timedelta(days=20)
    manager.fill("#id_final_notice_on", _d(notice_on))
    manager.fill(f"#id_restitution_{victim.public_id}", "25000000")
    checkpoint(manager, "verdict-form")
    _submit(manager, justice_url)
    manager.click(f"nav.actions a[href$='/justice/cases/{case_id}/stage/']")
    manager.wait_for_url(re.compile(r"/stage/$"))
    manager.select_option("#id_stage", "final")
    manager.fill("#id_on", _d(notice_on))
    checkpoint(manager, "stage-form-final", axe=False)
    _submit(manager, justice_url)
    checkpoint(manager, "justice-restitution-overdue")
    order = RestitutionOrder.objects.get(victim=victim)
    assert order.amount_rupiah == 25_000_000
    assert order.due_on == notice_on + timedelta(days=14) < today
    assert order.is_overdue
    restitution = manager.locator("section[aria-labelledby=h-restitution] tbody tr")
    assert restitution.count() == 1
    assert restitution.locator("span.overdue").count() == 1
    assert "25.000.000" in restitution.inner_text()

    # The rights tracker shows the same overdue restitution for the victim.
    manager.goto(f"{manager.base_url}/cases/{case_id}/")
    manager.click(f"a[href='/rights/cases/{case_id}/']")
    manager.wait_for_url(re.compile(rf"/rights/cases/{case_id}/$"))
    checkpoint(manager, "rights-restitution-overdue")
    overdue_rows = manager.locator("tr.row-overdue")
    assert overdue_rows.count() == 1
    assert "25.000.000" in overdue_rows.inner_text()
    # Health rehabilitation, social rehabilitation and repatriation are derived from the
    # referrals: the completed one, the escalated one and the one re-sent to BP3MI.
    rights = manager.locator("section[aria-labelledby=h-victim-1] table").first
    for ref in (health, overdue, resent):
        assert rights.locator(f"a[href$='/referrals/{ref.public_id}/']").count() == 1
    assert rights.locator(f"a[href$='/referrals/{repatriation.public_id}/']").count() == 0

    # --- Reintegration started 20 days ago: follow-ups at 1, 3, 6 and 12 months. --------
    manager.goto(f"{manager.base_url}/casework/cases/{case_id}/")
    manager.click(f"nav.actions a[href$='/casework/cases/{case_id}/followups/']")
    manager.wait_for_url(re.compile(r"/followups/$"))
    started = today - timedelta(days=20)
    manager.select_option("#id_participant", str(victim.public_id))
    manager.fill("#id_start_on", _d(started))
    checkpoint(manager, "followups-form")
    _submit(manager, work_url)
    checkpoint(manager, "case-work-followups")
    followups = Task.objects.filter(case=case, kind=TaskKind.FOLLOW_UP).order_by("due_on")
    assert [(t.followup_month, t.due_on) for t in followups] == [
        (m, add_months(started, m)) for m in (1, 3, 6, 12)
    ]
    task_rows = manager.locator("section[aria-labelledby=h-tasks] tbody tr")
    assert task_rows.count() == 6  # two planned services and four follow-ups
    for t in followups:
        assert (
            manager.locator(
                f"section[aria-labelledby=h-tasks] time[datetime='{t.due_on.isoformat()}']"
            ).count()
            >= 1
        )

    # "My work": the follow-up due within 14 days, the overdue referral sent, the restitution.
    manager.goto(f"{manager.base_url}/casework/my-work/")
    checkpoint(manager, "manager-my-work")
    for section in ("h-followups", "h-ref-sent", "h-overdue-restitution"):
        text = manager.locator(f"section[aria-labelledby={section}]").inner_text()
        assert case.number in text, section

    # --- Closure: requested by the case manager, closed only when the supervisor approves.
    manager.goto(f"{manager.base_url}/cases/{case_id}/")
    checkpoint(manager, "case-before-closure")
    manager.click(f"nav.actions a[href$='/casework/cases/{case_id}/close/']")
    manager.wait_for_url(re.compile(r"/close/$"))
    manager.select_option("#id_reason", "services_completed")
    manager.fill("#id_note", "Korban telah kembali ke keluarga; pemantauan berlanjut.")
    checkpoint(manager, "closure-request-form")
    _submit(manager, rf"/cases/{case_id}/$")
    checkpoint(manager, "closure-requested")
    case.refresh_from_db()
    assert case.status == "open"
    assert manager.locator("h1 span.badge.status-open").count() == 1
    assert ClosureRequest.objects.get(case=case).status == "pending"
    # The case manager may not decide the closure.
    denied = manager.request.get(f"{manager.base_url}/casework/cases/{case_id}/close/decide/")
    assert denied.status == 403
    case.refresh_from_db()
    assert case.status == "open"

    supervisor.goto(f"{supervisor.base_url}/casework/my-work/")
    checkpoint(supervisor, "supervisor-my-work-closure-waiting")
    supervisor.click(
        f"section[aria-labelledby=h-closures-waiting] a[href$='/{case_id}/close/decide/']"
    )
    supervisor.wait_for_url(re.compile(r"/close/decide/$"))
    supervisor.check("input[name=decision][value=approve]")
    checkpoint(supervisor, "closure-decision-form")
    _submit(supervisor, rf"/cases/{case_id}/$")
    checkpoint(supervisor, "case-closed")
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.closure_reason == "services_completed"
    assert ClosureRequest.objects.get(case=case).status == "approved"
    assert supervisor.locator("h1 span.badge.status-closed").count() == 1
    # Referrals still open at closure were revoked with the case; the others keep their end.
    statuses = {r.pk: r.status for r in Referral.objects.filter(case=case)}
    assert statuses[health.pk] == "completed"
    assert statuses[repatriation.pk] == "declined"
    assert {statuses[r.pk] for r in (resent, overdue, police_ref)} == {"revoked"}
