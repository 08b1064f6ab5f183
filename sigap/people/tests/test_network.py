"""The network view (issue 10 §5): linking by identifier hash, scope, public identifiers."""

from datetime import date

import networkx as nx
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import TEST_PASSWORD
from sigap.audit.models import AuditEvent
from sigap.people import identifiers, network
from sigap.people.models import Identifier, SharedIdentifier

PHONE_1 = "0810-2233-4455"
PHONE_2 = "+62 810 2233 4455"


def _refer_to_police(case, actor):
    from sigap.agencies.models import Agency, Service
    from sigap.referrals.services import referral_send

    victim = case.participants.filter(role="victim").first()
    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=case,
        actor=actor,
        victim=victim,
        to_agency=Agency.objects.get(code="polres-jakpus-ppa"),
        service=Service.objects.get(code="law_enforcement"),
    )


def _suspect(case, actor, name, phone):
    from sigap.cases.services import PersonData, participant_add

    suspect = participant_add(
        case=case,
        actor=actor,
        role="suspect",
        data=PersonData(name, sex="M", date_of_birth=date(1980, 5, 5)),
    )
    identifiers.identifier_add(
        actor=actor, case=case, participant=suspect, kind="phone", value=phone
    )
    return suspect


@pytest.fixture
def two_cases(open_case, caseworker_a, secretariat_user, areas):
    """Case 1: reported by Kemayoran; case 2: reported by the secretariat's agency; both
    handled by UPT PPA and referred to Polres; their recruiters share one phone, typed two
    ways."""
    from sigap.cases.services import PersonData, case_open, case_report

    case2 = case_report(
        actor=secretariat_user,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.01.1001"],
        summary="Kasus sintetis kedua.",
        modus="migrant_worker",
        exploitation_forms=["forced_labour"],
        destination_country="MY",
        victims=[PersonData("Korban Kedua", sex="F", date_of_birth=date(2000, 1, 1))],
    )
    case2 = case_open(case=case2, actor=caseworker_a)
    _suspect(open_case, caseworker_a, "Perekrut Satu", PHONE_1)
    _suspect(case2, caseworker_a, "Perekrut Dua", PHONE_2)
    _refer_to_police(open_case, caseworker_a)
    _refer_to_police(case2, caseworker_a)
    return open_case, case2


def _svg(body):
    return "<svg" + body.split("<svg", 1)[1].split("</svg>")[0]


def _case_nodes(net):
    return {d["label"] for _n, d in net.graph.nodes(data=True) if d["kind"] == "case"}


def _linked(net, a, b):
    g = net.graph
    return f"c{a.pk}" in g and f"c{b.pk}" in g and nx.has_path(g, f"c{a.pk}", f"c{b.pk}")


def test_police_who_handle_both_see_the_two_cases_linked_by_the_phone(
    client, two_cases, police_officer
):
    case1, case2 = two_cases
    net = network.network_around(police_officer, case=case1)
    assert _case_nodes(net) == {case1.number, case2.number}
    assert _linked(net, case1, case2)
    phones = [n for n, d in net.graph.nodes(data=True) if d["kind"] == "identifier"]
    assert len(phones) == 1  # one node for both spellings
    # The phone is the bridge between the two cases: a broker, above every victim (a leaf).
    brokers = dict(net.brokers)
    assert brokers[phones[0]] > 0.3
    assert not any(
        net.graph.nodes[n]["kind"] == "person" and net.graph.degree(n) == 1 for n in brokers
    )
    assert net.foreign_count == 0
    # Edges of the suspects carry the stages of their case's journey (fixture: recruitment,
    # transit for case 1; none recorded for case 2).
    stage = {net.graph.edges[e]["stage"].__repr__() for e in net.graph.edges(phones[0])}
    assert "['recruitment', 'transit']" in stage and "[]" in stage

    assert client.login(username=police_officer.username, password=TEST_PASSWORD)
    page = client.get(reverse("people:network-case", args=[case1.public_id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert case1.number in body and case2.number in body
    assert 'id="h-foreign"' not in body  # no case outside their access
    # Police do not see a suspect's identity outside full view (the one identity rule): the
    # link shows, the number does not.
    assert PHONE_1 not in body and PHONE_2 not in body and "Perekrut" not in body
    svg = _svg(body)
    assert case1.number in svg and case2.number in svg and "Nomor telepon" in svg
    event = AuditEvent.objects.filter(action="network.view", actor=police_officer).latest("pk")
    assert event.changes["cases"] == 2 and event.changes["other_agencies"] == 0
    # identities shown (the victim referred to Polres) are recorded as identity views
    view = AuditEvent.objects.filter(action="case.view", actor=police_officer).latest("pk")
    assert view.changes["via"] == "people:network-case"
    # the case page links to the network view for police, not for the case team
    detail = reverse("cases:case-detail", args=[case1.public_id])
    link = reverse("people:network-case", args=[case1.public_id])
    assert link in client.get(detail).content.decode()


def _breakglass(user, case):
    from sigap.privacy.services import breakglass_open

    return breakglass_open(
        user=user, case_number=case.number, reason="Korban dalam bahaya, perlu tindakan segera."
    )


def test_a_user_who_sees_one_case_gets_the_other_only_as_another_agencys_case(
    client, two_cases, secretariat_user
):
    case1, case2 = two_cases
    _breakglass(secretariat_user, case2)  # full view of case 2 (its agency reported it only)
    net = network.network_around(secretariat_user, case=case2)
    assert _case_nodes(net) == {case2.number}
    assert not _linked(net, case1, case2)
    assert net.foreign_count == 1
    assert client.login(username=secretariat_user.username, password=TEST_PASSWORD)
    page = client.get(reverse("people:network-case", args=[case2.public_id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="h-foreign"' in body
    node_rows = body.split('id="h-nodes"')[1]
    assert "Kasus di lembaga lain" in node_rows
    svg = _svg(body)
    assert "kasus di lembaga lain" in svg and case1.number not in svg
    assert "Perekrut Satu" not in svg
    assert case1.number not in body and str(case1.public_id) not in body
    for secret in (PHONE_1, "Perekrut Satu", "Korban Sintetis"):  # case 1's
        assert secret not in body
    assert reverse("privacy:breakglass") in body
    # and the case they do not see stays 404 for them
    assert client.get(reverse("people:network-case", args=[case1.public_id])).status_code == 404


def test_handling_team_sees_the_phone_value_and_names(two_cases, secretariat_user):
    """The secretariat handling nothing sees masks; identity follows identity_visible."""
    case1, case2 = two_cases
    net = network.network_around(secretariat_user, case=case2)
    labels = {d["label"] for _n, d in net.graph.nodes(data=True)}
    assert "Perekrut Dua" not in labels
    assert not any(PHONE_2 in label for label in labels)


def test_a_public_identifier_does_not_link_cases(two_cases, police_officer):
    case1, case2 = two_cases
    ident = Identifier.objects.filter(case=case1).get()
    SharedIdentifier.objects.create(
        value_hash=ident.value_hash, kind="phone", marked_by=police_officer
    )
    net = network.network_around(police_officer, case=case1)
    assert _case_nodes(net) == {case1.number}
    assert not _linked(net, case1, case2)
    assert not any(d["kind"] == "identifier" for _n, d in net.graph.nodes(data=True))
    assert net.excluded_public == 1


def test_a_number_used_in_many_cases_is_weak_and_not_followed(
    two_cases, police_officer, monkeypatch
):
    case1, case2 = two_cases
    monkeypatch.setattr(network, "HUB_CASES", 1)  # two cases use it: over the limit
    net = network.network_around(police_officer, case=case1)
    assert _case_nodes(net) == {case1.number}
    phone = next(n for n, d in net.graph.nodes(data=True) if d["kind"] == "identifier")
    assert net.graph.nodes[phone]["common"] is True
    (edge,) = net.graph.edges(phone, data=True)
    assert edge[2]["weight"] == 1.0  # min(1, 2/2): two cases still link at full weight


def test_only_police_and_secretariat(client, two_cases, caseworker_a):
    case1, _case2 = two_cases
    with pytest.raises(PermissionDenied):
        network.network_around(caseworker_a, case=case1)
    assert client.login(username=caseworker_a.username, password=TEST_PASSWORD)
    assert client.get(reverse("people:network-case", args=[case1.public_id])).status_code == 403
    detail = client.get(reverse("cases:case-detail", args=[case1.public_id])).content.decode()
    assert reverse("people:network-case", args=[case1.public_id]) not in detail


def test_network_around_a_recruiter(client, two_cases, police_officer, secretariat_user):
    case1, case2 = two_cases
    recruiter = case1.participants.get(role="suspect").person
    assert client.login(username=police_officer.username, password=TEST_PASSWORD)
    url = reverse("people:network-person", args=[recruiter.public_id])
    body = client.get(url).content.decode()
    assert case1.number in body and case2.number in body
    assert AuditEvent.objects.filter(action="network.view", actor=police_officer).exists()
    # The secretariat sees case 2 only: the recruiter of case 1 is not found for them.
    assert client.login(username=secretariat_user.username, password=TEST_PASSWORD)
    assert client.get(url).status_code == 404


def test_the_graph_is_cut_at_max_nodes_with_a_notice(
    client, two_cases, police_officer, monkeypatch
):
    case1, _case2 = two_cases
    monkeypatch.setattr(network, "MAX_NODES", 5)
    net = network.network_around(police_officer, case=case1)
    assert net.truncated and net.graph.number_of_nodes() == 5
    assert client.login(username=police_officer.username, password=TEST_PASSWORD)
    body = client.get(reverse("people:network-case", args=[case1.public_id])).content.decode()
    assert "Jaringan dipotong pada 5 simpul" in body


def test_queries_stay_bounded(client, two_cases, police_officer, django_assert_max_num_queries):
    case1, _case2 = two_cases
    assert client.login(username=police_officer.username, password=TEST_PASSWORD)
    # fixed ~27 (session, page, scope, one query per kind of row and level) plus the identity
    # rule's own two lookups per participant shown (break-glass, open referral): 6 here.
    with django_assert_max_num_queries(27 + 4 * 6):
        client.get(reverse("people:network-case", args=[case1.public_id]))


def test_secretariat_gets_no_network_of_a_case_it_sees_by_status_only(
    client, secretariat_user, caseworker_a, areas
):
    """A case the secretariat's agency reported and UPT PPA handles is seen by status only:
    its network would show its persons (a child's initials), their roles, the journey's
    stages and identifiers. 403, no link on the case page, nothing expanded; a person of it
    is 404 on the person network."""
    from sigap.cases.services import PersonData, case_open, case_report

    case = case_report(
        actor=secretariat_user,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.01.1001"],
        summary="Kasus sintetis.",
        victims=[PersonData("Bunga Rahasianet", sex="F", date_of_birth=date(2014, 2, 2))],
    )
    case = case_open(case=case, actor=caseworker_a)
    _suspect(case, caseworker_a, "Perekrut Rahasia", PHONE_1)
    net = network.network_around(secretariat_user, case=case)
    assert net.graph.number_of_nodes() == 0
    assert client.login(username=secretariat_user.username, password=TEST_PASSWORD)
    url = reverse("people:network-case", args=[case.public_id])
    response = client.get(url)
    assert response.status_code == 403
    assert "B. R." not in response.content.decode()
    detail = client.get(reverse("cases:case-detail", args=[case.public_id]))
    assert detail.status_code == 200 and url not in detail.content.decode()
    person = case.participants.get(role="victim").person
    assert client.get(reverse("people:network-person", args=[person.public_id])).status_code == 404
