"""The name-search table kept by database triggers (issue 8 §4, ``sigap.cases.name_tokens``):
every kind of write keeps it equal to a fresh derivation from the cases, restricted persons
are left out, and a trigger lost to a SQLite table rebuild is put back."""

from datetime import date

import pytest
from django.db import connection

from sigap.cases import name_tokens
from sigap.cases.models import Case, CaseNameToken, Participant, Person
from sigap.cases.selectors import case_list
from sigap.cases.services import PersonData, case_open
from sigap.cases.tests.factories import report_case
from sigap.core import crypto

pytestmark = pytest.mark.django_db


def _rows() -> set[tuple]:
    """The table's rows of the cases that exist. Rows of cases gone without a trigger firing
    (a test database emptied by another test's flush) match no case, so no search shows
    them; they are left out here so that other tests' leftovers do not fail this one."""
    return set(
        CaseNameToken.objects.filter(case_id__in=Case.objects.values("pk")).values_list(
            "agency_id", "token", "reported_on", "case_id"
        )
    )


def _fresh() -> set[tuple]:
    """The table as the rule says it should be, derived in Python from the models."""
    out = set()
    for p in Participant.objects.filter(role="victim").select_related("case", "person"):
        case, person = p.case, p.person
        if case.handling_agency_id is None or person.identity_restricted:
            continue
        for token in (person.name_index or "").split():
            out.add((case.handling_agency_id, token, case.reported_on, case.pk))
    return out


@pytest.fixture
def opened(reporter_kemayoran, caseworker_a, areas):
    victims = [PersonData(full_name="Melati Tokenuji", sex="F", date_of_birth=date(1990, 1, 2))]
    return case_open(
        case=report_case(actor=reporter_kemayoran, areas=areas, victims=victims),
        actor=caseworker_a,
    )


@pytest.mark.django_db(transaction=True)
def test_a_committed_case_is_indexed(opened):
    """Runs before the next test in this file: Django empties a transactional test's
    database by ``TRUNCATE`` on PostgreSQL, which fires no delete trigger, so the table
    must follow the truncate too (``sigap_cnt_case_trunc``), or the next test sees rows of
    cases that no longer exist."""
    assert CaseNameToken.objects.filter(case_id=opened.pk).exists()


def test_the_table_follows_every_kind_of_write(opened, reporter_kemayoran, areas):
    melati = crypto.name_token_hash("melati")
    assert _rows() == _fresh() and any(r[1] == melati for r in _rows())
    # reported but not yet taken on: no handling agency, nothing to search
    queued = report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[PersonData(full_name="Anggrek Baru", sex="F", date_of_birth=date(1999, 1, 1))],
    )
    assert _rows() == _fresh()
    assert not CaseNameToken.objects.filter(case_id=queued.pk).exists()
    person = opened.participants.get(role="victim").person
    # a corrected name
    person.full_name = "Mawar Tokenuji"
    person.save()
    assert _rows() == _fresh()
    assert not CaseNameToken.objects.filter(token=melati).exists()
    # a restriction of processing (UU 27/2022 PDP Pasal 41) takes the person out
    Person.objects.filter(pk=person.pk).update(identity_restricted=True)
    assert not CaseNameToken.objects.filter(case_id=opened.pk).exists()
    Person.objects.filter(pk=person.pk).update(identity_restricted=False)
    assert _rows() == _fresh() and CaseNameToken.objects.filter(case_id=opened.pk).exists()
    # report date and handling agency
    opened.reported_on = date(2020, 5, 6)
    opened.save(update_fields=["reported_on"])
    assert _rows() == _fresh()
    # the participant moved to another case, re-roled, removed
    victim = opened.participants.get(role="victim")
    Participant.objects.filter(pk=victim.pk).update(role="witness")
    assert not CaseNameToken.objects.filter(case_id=opened.pk).exists()
    Participant.objects.filter(pk=victim.pk).update(role="victim", case=queued)
    assert _rows() == _fresh()
    Participant.objects.filter(pk=victim.pk).delete()
    assert _rows() == _fresh()
    # the case removed
    opened.delete()
    assert not CaseNameToken.objects.filter(case_id=opened.pk).exists()
    assert _rows() == _fresh()


def test_bulk_inserts_are_indexed(opened, caseworker_a):
    """``bulk_create`` (the seeder's and importer's path) fires the same triggers."""
    person = Person.objects.create(full_name="Teratai Massal", sex="F")
    Participant.objects.bulk_create([Participant(case=opened, person=person, role="victim")])
    assert crypto.name_token_hash("teratai") in {r[1] for r in _rows()}
    assert _rows() == _fresh()
    assert [c.pk for c in case_list(user=caseworker_a, search="Teratai")] == [opened.pk]


def test_search_reads_the_table_and_a_lost_trigger_is_put_back(opened, caseworker_a):
    assert [c.pk for c in case_list(user=caseworker_a, search="Melati")] == [opened.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER sigap_cnt_person_upd"
            + (" ON cases_person" if connection.vendor == "postgresql" else "")
        )
    person = opened.participants.get(role="victim").person
    person.full_name = "Kamboja Tokenuji"
    person.save()  # missed: the trigger is gone
    assert list(case_list(user=caseworker_a, search="Kamboja")) == []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as after a migration: no deferred checks pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert name_tokens.ensure(connection) == 1
    assert name_tokens.ensure(connection) == 0
    assert [c.pk for c in case_list(user=caseworker_a, search="Kamboja")] == [opened.pk]
    assert _rows() == _fresh()


def _victim_added_inside_a_sqlite_bulk_load(case, monkeypatch, *, other_writer: bool):
    """Add a victim to ``case`` inside ``sqlite_bulk_load`` on this connection (its insert
    trigger is off); ``other_writer`` makes the block see another connection's commit, as
    SQLite's ``data_version`` would show it (the test database is one shared in-memory
    cache, where another connection's commits do not change it). Returns the rebuilds."""
    from django.db import connection

    from sigap.cases import name_tokens
    from sigap.cases.models import Participant

    rebuilds = []
    rebuild = name_tokens._rebuild
    monkeypatch.setattr(name_tokens, "_rebuild", lambda *args: rebuilds.append(1) or rebuild(*args))
    if other_writer:
        versions = iter([1, 2])
        monkeypatch.setattr(name_tokens, "_data_version", lambda cursor: next(versions))
    with name_tokens.sqlite_bulk_load(connection) as active:
        assert active
        person = Person.objects.create(full_name="Kenanga Susulan", sex="F")
        Participant.objects.create(case=case, person=person, role="victim")
        assert _rows() != _fresh()  # no trigger fired for the new victim
    return rebuilds


@pytest.mark.django_db(transaction=True)
def test_a_victim_another_connection_adds_during_a_sqlite_bulk_load_is_indexed(opened, monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's bulk load")
    kenanga = crypto.name_token_hash("kenanga")
    assert _victim_added_inside_a_sqlite_bulk_load(opened, monkeypatch, other_writer=True) == [1]
    assert _rows() == _fresh() and any(r[1] == kenanga for r in _rows())


@pytest.mark.django_db(transaction=True)
def test_the_seeds_own_writes_cause_no_rebuild(opened, monkeypatch):
    """Only another connection's commit changes ``data_version``: the seed's own rounds (this
    connection, rows written by ``sqlite_fill``) leave the table as it is."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's bulk load")
    assert _victim_added_inside_a_sqlite_bulk_load(opened, monkeypatch, other_writer=False) == []
