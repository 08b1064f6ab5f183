"""Batch linkage inside SIGAP and the analysts' review of its suggestions (issue 10 §4):
which records a run reads, what it stores, who sees and decides what, and the audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.services import PersonData, case_open, case_report, participant_add
from sigap.people import linkage
from sigap.people.merge import person_merge
from sigap.people.models import LinkRun, LinkRunStatus, LinkStatus, LinkSuggestion
from sigap.people.tests.test_network import _refer_to_police

DOB = date(1981, 7, 14)


def _case_with_victim(caseworker_a, areas, victim_name, *, suspect="Tersangka Sintetis"):
    case = case_report(
        actor=caseworker_a,
        intake_channel="walk_in",
        report_area=areas["31.71.03.1001"],
        summary="Sintetis.",
        victims=[
            PersonData(victim_name, sex="F", date_of_birth=DOB, origin_area=areas["31.71.03.1001"])
        ],
    )
    case = case_open(case=case, actor=caseworker_a)
    participant_add(
        case=case,
        actor=caseworker_a,
        role="suspect",
        data=PersonData(suspect, sex="M", date_of_birth=date(1970, 1, 2)),
    )
    return case


@pytest.fixture
def victim_twice(caseworker_a, areas):
    """One woman recorded as the victim of two cases under two spellings (oe/u), same birth
    date and area of origin; both cases referred to Polres (whose investigators then see
    both identities); two unrelated suspects."""
    first = _case_with_victim(caseworker_a, areas, "Sri Soewarni", suspect="Ahmad Dahlan")
    second = _case_with_victim(caseworker_a, areas, "Sri Suwarni", suspect="Yusuf Pane")
    _refer_to_police(first, caseworker_a)
    _refer_to_police(second, caseworker_a)
    a = first.participants.get(role="victim").person
    b = second.participants.get(role="victim").person
    return first, second, a, b


def _run(actor, django_capture_on_commit_callbacks) -> LinkRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = linkage.link_run_start(actor=actor)
    run.refresh_from_db()
    return run


def test_run_suggests_the_pair_with_weights_and_no_plaintext(
    victim_twice, police_officer, django_capture_on_commit_callbacks
):
    _first, _second, a, b = victim_twice
    run = _run(police_officer, django_capture_on_commit_callbacks)
    assert run.status == LinkRunStatus.DONE and run.progress == 100
    assert run.persons == 4
    suggestion = LinkSuggestion.objects.get()
    assert {suggestion.person_a, suggestion.person_b} == {a, b}
    assert suggestion.person_a_id < suggestion.person_b_id
    assert suggestion.match_probability >= linkage.SUGGEST_THRESHOLD
    assert suggestion.weights["name"] > 0 and suggestion.weights["dob"] > 0
    assert "Suwarni" not in str(suggestion.weights)
    started = AuditEvent.objects.get(action="person.link_run")
    assert started.actor == police_officer


def test_run_leaves_out_merged_restricted_and_erased_records(
    victim_twice, caseworker_a, areas, police_officer, django_capture_on_commit_callbacks
):
    first, _second, a, b = victim_twice
    third = _case_with_victim(caseworker_a, areas, "Sri Suwarna")
    c = third.participants.get(role="victim").person
    c.identity_restricted = True
    c.save(update_fields=["identity_restricted"])
    ids = {r["record_id"] for r in linkage.person_records()}
    assert str(c.pk) not in ids and {str(a.pk), str(b.pk)} <= ids
    person_merge(actor=caseworker_a, survivor=a, merged=b, reason="Sama.")
    ids = {r["record_id"] for r in linkage.person_records()}
    assert str(b.pk) not in ids and str(a.pk) in ids
    run = _run(police_officer, django_capture_on_commit_callbacks)
    assert run.status == LinkRunStatus.DONE
    assert not LinkSuggestion.objects.exists()


def test_public_phone_is_dropped_before_linkage(caseworker_a, areas, police_officer):
    from sigap.people.identifiers import normalise, value_hash
    from sigap.people.models import SharedIdentifier

    case = _case_with_victim(caseworker_a, areas, "Ratna Sintetis")
    person = case.participants.get(role="victim").person
    person.phone = "021-500-454"
    person.save()
    before = {r["record_id"]: r["phone"] for r in linkage.person_records()}
    assert before[str(person.pk)] == "021-500-454"
    SharedIdentifier.objects.create(
        value_hash=value_hash("phone", normalise("phone", "021-500-454")),
        kind="phone",
        marked_by=police_officer,
    )
    after = {r["record_id"]: r["phone"] for r in linkage.person_records()}
    assert after[str(person.pk)] == ""


def test_decided_pairs_stay_decided_and_stale_open_ones_are_withdrawn(
    victim_twice, police_officer, django_capture_on_commit_callbacks
):
    _first, _second, a, b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    linkage.link_decide(actor=police_officer, suggestion=suggestion, confirm=False)
    _run(police_officer, django_capture_on_commit_callbacks)
    assert LinkSuggestion.objects.count() == 1
    assert LinkSuggestion.objects.get().status == LinkStatus.REJECTED
    # An open pair that a later run no longer finds (a record corrected meanwhile) goes.
    LinkSuggestion.objects.all().delete()
    _run(police_officer, django_capture_on_commit_callbacks)
    found = LinkSuggestion.objects.get()
    b.full_name = "Yohanes Pardede"
    b.sex = "M"
    b.save()
    _run(police_officer, django_capture_on_commit_callbacks)
    assert not LinkSuggestion.objects.filter(pk=found.pk).exists()


def test_one_run_at_a_time(police_officer, secretariat_user):
    first = linkage.link_run_start(actor=police_officer)
    assert first.status == LinkRunStatus.QUEUED
    assert linkage.link_run_start(actor=secretariat_user).pk == first.pk
    with pytest.raises(CommandError):
        call_command("link_persons", as_user=police_officer.username)


def test_only_reviewers_start_runs_and_see_suggestions(reporter_kemayoran, leadership_user):
    for user in (reporter_kemayoran, leadership_user):
        with pytest.raises(PermissionDenied):
            linkage.link_run_start(actor=user)
        assert not linkage.can_review_links(user)
        assert linkage.suggestions_for(user).count() == 0


def test_scope_one_side_hidden_and_decision_needs_both(
    victim_twice, caseworker_a, areas, police_officer, django_capture_on_commit_callbacks
):
    _first, second, a, b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    view = linkage.suggestion_sides(police_officer, suggestion)
    assert view.a is not None and view.b is not None and view.decidable
    # Revoke the second case's referral: police no longer see it.
    from sigap.referrals.models import Referral

    Referral.objects.filter(case=second).update(status="revoked")
    assert linkage.suggestions_for(police_officer).count() == 1  # one side still visible
    view = linkage.suggestion_sides(police_officer, suggestion)
    hidden = view.b if view.a is not None else view.a
    assert hidden is None and not view.decidable
    with pytest.raises(PermissionDenied):
        linkage.link_decide(actor=police_officer, suggestion=suggestion, confirm=True)
    Referral.objects.filter(case__in=[_first, second]).update(status="revoked")
    assert linkage.suggestions_for(police_officer).count() == 0
    assert linkage.suggestion_get(police_officer, suggestion.public_id) is None


def test_confirm_is_audited_without_names_and_only_once(
    victim_twice, police_officer, django_capture_on_commit_callbacks
):
    _first, _second, a, b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    linkage.link_decide(actor=police_officer, suggestion=suggestion, confirm=True)
    suggestion.refresh_from_db()
    assert suggestion.status == LinkStatus.CONFIRMED and suggestion.decided_by == police_officer
    rows = AuditEvent.objects.filter(action="person.link_confirm")
    assert rows.count() == 2
    assert {r.changes["other_person"] for r in rows} == {str(a.public_id), str(b.public_id)}
    assert "Suwarni" not in str([r.changes for r in rows])
    with pytest.raises(ValidationError):
        linkage.link_decide(actor=police_officer, suggestion=suggestion, confirm=False)
    assert linkage.confirmed_partners([a.pk]) == {a.pk: {b.pk}, b.pk: {a.pk}}


def test_pages_list_review_confirm(
    client, victim_twice, police_officer, django_capture_on_commit_callbacks
):
    _first, _second, a, b = victim_twice
    client.force_login(police_officer)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("people:link-list"))
    assert started.status_code == 302
    listing = client.get(reverse("people:link-list")).content.decode()
    assert "Sri Soewarni" in listing and "Sri Suwarni" in listing
    suggestion = LinkSuggestion.objects.get()
    url = reverse("people:link-detail", args=[suggestion.public_id])
    page = client.get(url).content.decode()
    assert 'data-testid="link-decide"' in page and 'data-testid="link-weights"' in page
    assert client.post(url, {}).status_code == 400
    done = client.post(url, {"decision": "confirm"})
    assert done.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == LinkStatus.CONFIRMED
    assert client.post(url, {"decision": "reject"}).status_code == 400
    confirmed = client.get(reverse("people:link-list"), {"status": "confirmed"}).content
    assert url in confirmed.decode()
    assert url not in client.get(reverse("people:link-list")).content.decode()


def test_link_persons_command_runs_and_prints_counts_only(victim_twice, police_officer, capsys):
    call_command("link_persons", as_user=police_officer.username)
    out = capsys.readouterr()
    assert "1 suggestions" in out.out and "Suwarni" not in out.out + out.err
    assert LinkRun.objects.get().status == LinkRunStatus.DONE
    started = AuditEvent.objects.get(action="person.link_run")  # as a run from the page
    assert started.actor == police_officer and started.changes == {}
    with pytest.raises(CommandError):
        call_command("link_persons", as_user="nobody-here")


def test_network_joins_confirmed_records_only(
    victim_twice, police_officer, django_capture_on_commit_callbacks
):
    from sigap.people import network

    first, second, a, b = victim_twice
    net = network.network_around(police_officer, case=first, depth=2)
    assert f"c{second.pk}" not in net.graph  # nothing links the two cases yet
    _run(police_officer, django_capture_on_commit_callbacks)
    net = network.network_around(police_officer, case=first, depth=2)
    assert f"c{second.pk}" not in net.graph  # a suggestion alone links nothing
    linkage.link_decide(actor=police_officer, suggestion=LinkSuggestion.objects.get(), confirm=True)
    net = network.network_around(police_officer, case=first, depth=2)
    assert f"c{second.pk}" in net.graph
    assert net.graph.edges[f"p{a.pk}", f"p{b.pk}"]["relation"] == "same_person"


def test_case_team_reviews_its_agency_and_outsiders_see_nothing(
    victim_twice, caseworker_a, caseworker_b, police_officer, django_capture_on_commit_callbacks
):
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    assert linkage.suggestion_sides(caseworker_a, suggestion).decidable
    assert linkage.suggestions_for(caseworker_b).count() == 0
    assert linkage.suggestion_get(caseworker_b, suggestion.public_id) is None
    with pytest.raises(PermissionDenied):
        linkage.link_decide(actor=caseworker_b, suggestion=suggestion, confirm=True)
    linkage.link_decide(actor=caseworker_a, suggestion=suggestion, confirm=False)
    assert AuditEvent.objects.filter(action="person.link_reject").count() == 2


def test_rows_whose_identities_are_both_hidden_are_only_counted(
    client, victim_twice, police_officer, django_capture_on_commit_callbacks
):
    from sigap.cases.models import Participant
    from sigap.referrals.models import Referral

    first, second, _a, _b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    # Both victims children: referred to police (open) but their identities stay with the
    # handling case team.
    Participant.objects.filter(case__in=[first, second], role="victim").update(is_child=True)
    client.force_login(police_officer)
    page = client.get(reverse("people:link-list")).content.decode()
    assert 'data-testid="link-hidden-rows"' in page
    assert "Suwarni" not in page and "Soewarni" not in page
    # Police still see the cases once the referrals end, but the review lists, for them, only
    # the records of open referrals to their agency: neither row nor count is left.
    Referral.objects.filter(case__in=[first, second]).update(status="completed")
    page = client.get(reverse("people:link-list")).content.decode()
    assert 'data-testid="link-hidden-rows"' not in page and 'data-testid="link-empty"' in page


def test_pair_with_both_identities_hidden_has_no_page(
    client, victim_twice, police_officer, django_capture_on_commit_callbacks
):
    """The list only counts such a pair; its page (a public id kept from when it was shown)
    answers 404 too: no status, decider, probability or weights."""
    from sigap.referrals.models import Referral

    first, second, _a, _b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    url = reverse("people:link-detail", args=[suggestion.public_id])
    client.force_login(police_officer)
    assert client.get(url).status_code == 200
    Referral.objects.filter(case__in=[first, second]).update(status="completed")
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "confirm"}).status_code == 404


def test_hidden_side_shows_no_reasons(
    client, victim_twice, police_officer, django_capture_on_commit_callbacks
):
    """As in the duplicate check: a record the user may not see gives no reasons (which
    comparisons agree would tell its birth date, NIK or area from the visible one)."""
    from sigap.referrals.models import Referral

    _first, second, _a, _b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    Referral.objects.filter(case=second).update(status="revoked")
    view = linkage.suggestion_sides(police_officer, suggestion)
    assert view.weights == []
    client.force_login(police_officer)
    page = client.get(reverse("people:link-detail", args=[suggestion.public_id])).content
    assert b'data-testid="link-weights"' not in page
    listing = client.get(reverse("people:link-list")).content.decode()
    assert "Tanggal lahir" not in listing and "Date of birth" not in listing


def test_open_pairs_of_merged_restricted_or_erased_records_leave_the_review(
    victim_twice, caseworker_a, police_officer, django_capture_on_commit_callbacks
):
    """Until the next run, a pair whose record was merged away, restricted (no processing,
    UU 27/2022 PDP Pasal 11) or erased is neither listed nor decidable; lifting the
    restriction or undoing the merge brings it back."""
    from sigap.cases.services import person_restriction_set
    from sigap.people.merge import person_merge_undo

    _first, _second, a, b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    person_restriction_set(person=b, actor=caseworker_a, restricted=True)
    assert linkage.suggestions_for(caseworker_a).count() == 0
    assert linkage.suggestion_get(caseworker_a, suggestion.public_id) is None
    with pytest.raises(PermissionDenied):
        linkage.link_decide(actor=caseworker_a, suggestion=suggestion, confirm=True)
    person_restriction_set(person=b, actor=caseworker_a, restricted=False)
    assert linkage.suggestions_for(caseworker_a).count() == 1
    merge = person_merge(actor=caseworker_a, survivor=a, merged=b, reason="Sama.")
    assert linkage.suggestions_for(caseworker_a).count() == 0
    person_merge_undo(actor=caseworker_a, merge=merge, reason="Keliru.")
    assert linkage.suggestions_for(caseworker_a).count() == 1


def test_whole_register_counts_only_for_city_wide_roles(
    client, victim_twice, police_officer, caseworker_a, django_capture_on_commit_callbacks
):
    """Police see numbers over their visible cases only (docs/access-model.md): a run they
    started does not show them the count of every person record in the register."""
    for user, shown in ((police_officer, False), (caseworker_a, True)):
        LinkRun.objects.all().delete()
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("people:link-list"))
        page = client.get(reverse("people:link-list")).content.decode()
        assert ("4 person records" in page or "4 catatan orang" in page) == shown, user


def test_a_run_dead_for_hours_no_longer_blocks_new_ones(police_officer):
    from datetime import timedelta

    from django.utils import timezone

    dead = linkage.link_run_start(actor=police_officer)
    LinkRun.objects.filter(pk=dead.pk).update(
        status=LinkRunStatus.RUNNING, created_at=timezone.now() - timedelta(hours=7)
    )
    fresh = linkage.link_run_start(actor=police_officer)
    assert fresh.pk != dead.pk
    dead.refresh_from_db()
    assert dead.status == LinkRunStatus.FAILED and dead.error
    assert linkage.link_run_start(actor=police_officer).pk == fresh.pk


@pytest.mark.django_db(transaction=True)
def test_two_runs_started_at_once_make_one_run(police_officer, secretariat_user, monkeypatch):
    """PostgreSQL (SQLite's single writer serialises the two anyway): two reviewers start a
    run at the same moment while no run row exists yet, so a row lock would have nothing to
    lock. Both pass the check for an active run together unless the start holds one lock."""
    import contextlib
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    from types import SimpleNamespace

    from sigap.people import tasks

    # Not run: the immediate backend would run the linkage inside the thread.
    monkeypatch.setattr(tasks, "person_link_run", SimpleNamespace(enqueue=lambda **kw: None))
    together = threading.Barrier(2)
    expire = linkage.runs_expire_stale

    def expire_together():
        # Both transactions wait here for each other (a lock taken first makes the second
        # wait instead, and the barrier gives up after a second).
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait(timeout=1)
        return expire()

    monkeypatch.setattr(linkage, "runs_expire_stale", expire_together)
    runs, errors = [], []

    def start(user):
        try:
            runs.append(linkage.link_run_start(actor=user).pk)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    users = (police_officer, secretariat_user)
    threads = [threading.Thread(target=start, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert LinkRun.objects.count() == 1
    assert runs[0] == runs[1]


@pytest.mark.parametrize("change", ["restricted", "erased", "merged"])
def test_network_drops_confirmed_links_of_records_no_longer_processed(
    change, victim_twice, caseworker_a, police_officer, django_capture_on_commit_callbacks
):
    """A confirmed pair whose record is restricted (UU 27/2022 PDP Pasal 11: no processing,
    so no profiling), erased or merged into another joins nothing in the network view: no
    ``same_person`` edge and no following into the other record's cases."""
    from sigap.cases.models import Person
    from sigap.people import network

    first, second, a, b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    linkage.link_decide(actor=police_officer, suggestion=LinkSuggestion.objects.get(), confirm=True)
    assert f"c{second.pk}" in network.network_around(police_officer, case=first, depth=2).graph
    if change == "restricted":
        Person.objects.filter(pk=b.pk).update(identity_restricted=True)
    elif change == "erased":
        from django.utils import timezone

        Person.objects.filter(pk=b.pk).update(erased_at=timezone.now())
    else:
        person_merge(actor=caseworker_a, survivor=a, merged=b, reason="Sama.")
    assert linkage.confirmed_partners([a.pk, b.pk]) == {}
    net = network.network_around(police_officer, case=first, depth=2)
    assert not any(d["relation"] == "same_person" for _x, _y, d in net.graph.edges(data=True))
    if change != "merged":  # a merge moves the participation: the survivor is in both cases
        assert f"c{second.pk}" not in net.graph


def _police_victims(caseworker_a, areas, n) -> list:
    """``n`` victims of cases referred to Polres (their referrals open)."""
    persons = []
    for i in range(n):
        case = _case_with_victim(caseworker_a, areas, f"Korban Sintetis {i}")
        _refer_to_police(case, caseworker_a)
        persons.append(case.participants.get(role="victim").person)
    return persons


def _pairs(persons) -> None:
    """A suggestion for every two of ``persons`` (synthetic weights)."""
    for i, a in enumerate(persons):
        for b in persons[i + 1 :]:
            low, high = sorted([a.pk, b.pk])
            LinkSuggestion.objects.create(
                person_a_id=low, person_b_id=high, match_weight=8.0, match_probability=0.99
            )


def test_police_review_page_makes_the_same_queries_for_more_rows(
    client, caseworker_a, areas, police_officer
):
    """The police list reads the persons of open referrals to their agency and asks the
    identity rule with that referral: no query per row or per participant (nor for the case
    team, whose identity checks need no query once break-glass grants are not asked)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    persons = _police_victims(caseworker_a, areas, 6)
    for user in (police_officer, caseworker_a):
        client.force_login(user)
        counts = []
        for n in (2, 6):  # 1 pair, then 15 pairs
            LinkSuggestion.objects.all().delete()
            _pairs(persons[:n])
            with CaptureQueriesContext(connection) as queries:
                page = client.get(reverse("people:link-list"))
            assert page.status_code == 200
            assert page.content.decode().count("Korban Sintetis") == 2 * n * (n - 1) // 2
            counts.append(len(queries))
        assert counts[0] == counts[1], (user, counts)


def test_break_glass_does_not_open_link_review(
    client, victim_twice, secretariat_user, police_officer, django_capture_on_commit_callbacks
):
    """Emergency access opens one case page for a victim's safety or an urgent legal duty
    (docs/access-model.md), not the register-wide review of duplicates: a break-glass grant
    neither lists a pair, nor shows its identities, nor lets anyone decide it."""
    from sigap.privacy.services import breakglass_open
    from sigap.referrals.models import Referral

    first, second, _a, _b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    reason = "Korban dalam bahaya, perlu data segera untuk perlindungan."
    for case in (first, second):
        breakglass_open(user=secretariat_user, case_number=case.number, reason=reason)
    assert linkage.suggestions_for(secretariat_user).count() == 0
    assert linkage.suggestion_get(secretariat_user, suggestion.public_id) is None
    with pytest.raises(PermissionDenied):
        linkage.link_decide(actor=secretariat_user, suggestion=suggestion, confirm=True)
    client.force_login(secretariat_user)
    url = reverse("people:link-detail", args=[suggestion.public_id])
    assert client.get(url).status_code == 404
    assert "Suwarni" not in client.get(reverse("people:link-list")).content.decode()
    # Police see both cases (referred) but the second victim only while her referral is
    # open; a grant on that case does not bring her back into the review.
    Referral.objects.filter(case=second).update(status="completed")
    breakglass_open(user=police_officer, case_number=second.number, reason=reason)
    view = linkage.suggestion_sides(police_officer, suggestion)
    assert (view.a is None) != (view.b is None) and not view.decidable
    with pytest.raises(PermissionDenied):
        linkage.link_decide(actor=police_officer, suggestion=suggestion, confirm=True)


def test_hidden_side_in_a_case_of_the_users_own_agency_is_not_called_another_agencys(
    client, victim_twice, secretariat_user, police_officer
):
    """A record hidden from the user in a case their own agency handles (here a child, whose
    identity the secretariat never sees) reads "identity hidden for your role", not "possible
    match in another agency's case" (untrue); a record outside the user's cases keeps that
    text. Neither names the case or shows a reason."""
    from sigap.cases.models import Case, Participant
    from sigap.referrals.models import Referral

    first, second, a, b = victim_twice
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(
        handling_agency=secretariat_user.membership.agency
    )
    Participant.objects.filter(case=second, role="victim").update(is_child=True)
    low, high = sorted([a.pk, b.pk])
    suggestion = LinkSuggestion.objects.create(
        person_a_id=low, person_b_id=high, match_weight=9.0, match_probability=0.99
    )
    hidden = "b" if high == b.pk else "a"
    view = linkage.suggestion_sides(secretariat_user, suggestion)
    assert getattr(view, hidden) is None
    assert getattr(view, f"{hidden}_notice") == "Identitas tersembunyi untuk peran Anda."
    client.force_login(secretariat_user)
    for url in (
        reverse("people:link-list"),
        reverse("people:link-detail", args=[suggestion.public_id]),
    ):
        page = client.get(url).content.decode()
        assert "Identitas tersembunyi untuk peran Anda." in page
        assert "lembaga lain" not in page and second.number not in page
    # Police: the second victim's referral revoked, her case is another agency's to them.
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(handling_agency=first.reporting_agency)
    Participant.objects.filter(case=second, role="victim").update(is_child=False)
    Referral.objects.filter(case=second).update(status="revoked")
    view = linkage.suggestion_sides(police_officer, suggestion)
    assert getattr(view, f"{hidden}_notice").startswith("Kemungkinan cocok di kasus lembaga lain")


def test_undo_returns_a_decided_pair_to_review_audited_on_both_records(
    victim_twice, police_officer, django_capture_on_commit_callbacks
):
    """Undo ("Batalkan keputusan"): the pair is open again (decider and time cleared), the
    confirmed link no longer joins the records, and both records get a ``person.link_undo``
    row with ids and the decision undone only; a pair not decided has nothing to undo."""
    from sigap.audit.labels import action_label, action_label_known

    _first, _second, a, b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    with pytest.raises(ValidationError):
        linkage.link_undo(actor=police_officer, suggestion=suggestion)
    for confirm in (True, False):
        linkage.link_decide(actor=police_officer, suggestion=suggestion, confirm=confirm)
        linkage.link_undo(actor=police_officer, suggestion=suggestion)
        suggestion.refresh_from_db()
        assert suggestion.status == LinkStatus.OPEN
        assert suggestion.decided_by is None and suggestion.decided_at is None
        assert linkage.confirmed_partners([a.pk]) == {}
    rows = AuditEvent.objects.filter(action="person.link_undo").order_by("id")
    assert rows.count() == 4
    assert {r.target_public_id for r in rows} == {a.public_id, b.public_id}
    assert [r.changes["undone"] for r in rows] == ["confirmed"] * 2 + ["rejected"] * 2
    assert set(rows[0].changes) == {"suggestion", "other_person", "undone", "match_weight"}
    assert "Suwarni" not in str([r.changes for r in rows])
    assert action_label_known("person.link_undo")
    assert action_label("person.link_undo") == "Orang: keputusan atas pasangan saran dibatalkan"
    # Open again: decidable again.
    linkage.link_decide(actor=police_officer, suggestion=suggestion, confirm=True)


def test_undo_needs_the_authority_to_decide(
    victim_twice, caseworker_a, caseworker_b, police_officer, django_capture_on_commit_callbacks
):
    """The same rule as deciding: a reviewer who sees both identities of a pair whose records
    are still linkable; break-glass does not count. Out of scope: no undo either."""
    from sigap.cases.services import person_restriction_set
    from sigap.referrals.models import Referral

    _first, second, a, b = victim_twice
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    linkage.link_decide(actor=caseworker_a, suggestion=suggestion, confirm=True)
    suggestion.refresh_from_db()
    assert linkage.suggestion_sides(police_officer, suggestion).undoable
    with pytest.raises(PermissionDenied):
        linkage.link_undo(actor=caseworker_b, suggestion=suggestion)  # another agency
    Referral.objects.filter(case=second).update(status="completed")
    assert not linkage.suggestion_sides(police_officer, suggestion).undoable
    with pytest.raises(PermissionDenied):
        linkage.link_undo(actor=police_officer, suggestion=suggestion)  # one side hidden
    person_restriction_set(person=b, actor=caseworker_a, restricted=True)
    with pytest.raises(PermissionDenied):
        linkage.link_undo(actor=caseworker_a, suggestion=suggestion)  # no processing
    person_restriction_set(person=b, actor=caseworker_a, restricted=False)
    assert linkage.suggestion_sides(caseworker_a, suggestion).undoable
    linkage.link_undo(actor=caseworker_a, suggestion=suggestion)
    assert not AuditEvent.objects.filter(action="person.link_undo", actor=police_officer)


def test_undo_page_is_post_only_and_goes_back_to_the_pair(
    client, victim_twice, police_officer, django_capture_on_commit_callbacks
):
    _run(police_officer, django_capture_on_commit_callbacks)
    suggestion = LinkSuggestion.objects.get()
    detail = reverse("people:link-detail", args=[suggestion.public_id])
    undo = reverse("people:link-undo", args=[suggestion.public_id])
    client.force_login(police_officer)
    assert 'data-testid="link-undo"' not in client.get(detail).content.decode()
    assert client.post(undo).status_code == 400  # nothing decided yet
    client.post(detail, {"decision": "reject"})
    page = client.get(detail).content.decode()
    assert 'data-testid="link-undo"' in page and "Batalkan keputusan" in page
    assert client.get(undo).status_code == 405
    done = client.post(undo)
    assert done.status_code == 302 and done.url == detail
    suggestion.refresh_from_db()
    assert suggestion.status == LinkStatus.OPEN
    assert 'data-testid="link-decide"' in client.get(detail).content.decode()
