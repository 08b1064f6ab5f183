"""Case conferences: a multi-agency meeting about one case; decisions that become tasks."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency
from sigap.audit.models import AuditEvent
from sigap.cases.tests.factories import assert_audited
from sigap.casework.models import CaseConference, Notification, Task
from sigap.casework.services import DecisionData, conference_record
from sigap.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db

SUMMARY = "Pembahasan rencana pemulangan korban."


def _agency(code):
    return Agency.objects.get(code=code)


@pytest.fixture
def referred(open_case, caseworker_a, health_provider):
    """Sudin Kesehatan works on the case through a referral (so it may get tasks)."""
    from sigap.referrals.tests.conftest import send

    return send(open_case, caseworker_a)


def _record(case, actor, decisions=(), **kw):
    kw.setdefault("held_on", timezone.localdate())
    kw.setdefault("agencies", [_agency("upt-ppa-dki"), _agency("sudin-kesehatan-jakpus")])
    kw.setdefault("summary", SUMMARY)
    return conference_record(case=case, actor=actor, decisions=list(decisions), **kw)


def test_conference_with_decisions_that_become_tasks(
    open_case, caseworker_a, referred, health_provider
):
    due = timezone.localdate() + timedelta(days=5)
    conference = _record(
        open_case,
        caseworker_a,
        participant_roles="psikolog, ibu korban",
        decisions=[
            DecisionData(
                text="Pemeriksaan lanjutan",
                assignee_agency=_agency("sudin-kesehatan-jakpus"),
                due_on=due,
            ),
            DecisionData(text="Pertemuan berikutnya bulan depan"),
        ],
    )
    decisions = list(conference.decisions.all())
    assert len(decisions) == 2
    task = decisions[0].task
    assert (task.kind, task.due_on, task.assignee_agency.code) == (
        "conference_decision",
        due,
        "sudin-kesehatan-jakpus",
    )
    assert task.status == "open"
    assert decisions[1].task is None
    assert sorted(a.code for a in conference.agencies.all()) == [
        "sudin-kesehatan-jakpus",
        "upt-ppa-dki",
    ]
    event = assert_audited(
        action="conference.record",
        actor=caseworker_a,
        target=conference,
        pii=[SUMMARY, "ibu korban", "Pemeriksaan lanjutan"],
    )
    assert event.changes["decisions"] == 2
    assert event.changes["tasks_created"] == 1
    assert_audited(action="task.create", actor=caseworker_a, target=task)
    assert Notification.objects.filter(recipient=health_provider, verb="conference_task").exists()


def test_rules(open_case, caseworker_a, referred):
    tomorrow = timezone.localdate() + timedelta(days=1)
    cases = [
        ({"held_on": tomorrow}, "held_on"),
        ({"agencies": []}, "agencies"),
        ({"summary": " "}, "summary"),
        ({"decisions": [DecisionData(text="x", due_on=tomorrow)]}, "decisions"),
        (
            {"decisions": [DecisionData(text="x", assignee_agency=_agency("upt-ppa-dki"))]},
            "decisions",
        ),
        (  # Sudin Sosial does not work on the case: no task for it
            {
                "decisions": [
                    DecisionData(
                        text="x", assignee_agency=_agency("sudin-sosial-jakpus"), due_on=tomorrow
                    )
                ]
            },
            "decisions",
        ),
        (
            {
                "decisions": [
                    DecisionData(
                        text="x",
                        assignee_agency=_agency("upt-ppa-dki"),
                        due_on=timezone.localdate() - timedelta(days=1),
                    )
                ]
            },
            "decisions",
        ),
    ]
    for kwargs, field in cases:
        decisions = kwargs.pop("decisions", [])
        with pytest.raises(ValidationError) as exc:
            _record(open_case, caseworker_a, decisions=decisions, **kwargs)
        assert field in exc.value.message_dict
    assert not CaseConference.objects.exists()
    assert not Task.objects.exists()
    assert not AuditEvent.objects.filter(action="conference.record").exists()


def test_only_the_handling_team_records(open_case, caseworker_b, health_provider, referred):
    for actor in (caseworker_b, health_provider):
        with pytest.raises(ApplicationError):
            _record(open_case, actor)
    assert not CaseConference.objects.exists()


# --- pages ---------------------------------------------------------------------------------------


def _urls(case):
    kwargs = {"public_id": case.public_id}
    return (
        reverse("casework:conference-list", kwargs=kwargs),
        reverse("casework:conference-create", kwargs=kwargs),
    )


def test_record_a_conference_in_the_ui(client, open_case, caseworker_a, referred):
    list_url, create_url = _urls(open_case)
    client.force_login(caseworker_a)
    assert client.get(create_url).status_code == 200
    due = (timezone.localdate() + timedelta(days=3)).strftime("%d-%m-%Y")
    response = client.post(
        create_url,
        {
            "held_on": timezone.localdate().strftime("%d-%m-%Y"),
            "agencies": [
                str(_agency("upt-ppa-dki").pk),
                str(_agency("sudin-kesehatan-jakpus").pk),
            ],
            "participant_roles": "psikolog",
            "summary": SUMMARY,
            "decisions-TOTAL_FORMS": "2",
            "decisions-INITIAL_FORMS": "0",
            "decisions-0-text": "Pemeriksaan lanjutan",
            "decisions-0-assignee_agency": str(_agency("sudin-kesehatan-jakpus").pk),
            "decisions-0-due_on": due,
            "decisions-1-text": "",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    conference = CaseConference.objects.get()
    assert conference.decisions.count() == 1
    assert Task.objects.filter(kind="conference_decision").count() == 1
    page = client.get(list_url)
    assert page.status_code == 200
    assert "Pemeriksaan lanjutan" in page.content.decode()


def test_conference_pages_access(
    client, open_case, caseworker_a, caseworker_b, health_provider, secretariat_user, referred
):
    list_url, create_url = _urls(open_case)
    _record(open_case, caseworker_a)
    client.force_login(caseworker_b)  # outsider: the case is out of scope
    assert client.get(list_url).status_code == 404
    assert client.get(create_url).status_code == 404
    client.force_login(health_provider)  # sees the case (referral) but not its case work
    assert client.get(list_url).status_code == 403
    assert client.get(create_url).status_code == 403  # no cases.change_case
    client.force_login(secretariat_user)  # lacks cases.change_case
    assert client.get(create_url).status_code == 403
    assert client.post(create_url, {}).status_code == 403
    assert CaseConference.objects.count() == 1


def test_conference_list_costs_a_fixed_number_of_queries(
    client, open_case, caseworker_a, referred, django_assert_max_num_queries
):
    list_url, _ = _urls(open_case)
    for _ in range(3):
        _record(
            open_case,
            caseworker_a,
            decisions=[
                DecisionData(
                    text="Tindak lanjut",
                    assignee_agency=_agency("upt-ppa-dki"),
                    due_on=timezone.localdate(),
                )
            ],
        )
    client.force_login(caseworker_a)
    client.get(list_url)  # warm caches (sessions, permissions)
    with django_assert_max_num_queries(25) as ctx:
        response = client.get(list_url)
    assert len(response.context["conferences"]) == 3
    few = len(ctx.captured_queries)
    for _ in range(3):
        _record(open_case, caseworker_a)
    with django_assert_max_num_queries(few):
        client.get(list_url)


def test_conference_task_cannot_go_to_an_agency_that_no_longer_sees_the_case(
    client, open_case, caseworker_a, referred, health_provider
):
    """A completed referral no longer opens the case to its agency (``visible_to``: open
    referrals only), so a conference decision cannot become a task for it: no task title and
    no notification with the case number reach its service providers."""
    from sigap.cases.models import Case
    from sigap.referrals.services import referral_accept, referral_complete

    referral_accept(referral=referred, actor=health_provider)
    referral_complete(
        referral=referred,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Pemeriksaan selesai.",
    )
    assert not Case.objects.visible_to(health_provider).filter(pk=open_case.pk).exists()
    with pytest.raises(ValidationError):
        _record(
            open_case,
            caseworker_a,
            decisions=[
                DecisionData(
                    text="Kontrol ulang",
                    assignee_agency=_agency("sudin-kesehatan-jakpus"),
                    due_on=timezone.localdate() + timedelta(days=5),
                )
            ],
        )
    assert not Notification.objects.filter(verb="conference_task").exists()
