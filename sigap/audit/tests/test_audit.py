"""Append-only, hash-chained audit log: writes chain, tampering is found, deletes are refused."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sigap.audit.models import AuditChainHead, AuditEvent
from sigap.audit.services import GENESIS_HASH, audit_record, audit_seal, audit_verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(caseworker_a, open_case):
    """Several real rows (user creation, membership, report, open) plus a few direct ones."""
    for i in range(3):
        audit_record(actor=caseworker_a, action="case.view", target=open_case, changes={"n": i})
    audit_seal(settle_seconds=0)
    return list(AuditEvent.objects.order_by("id"))


def _raw_update(event_id, column, value):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    col = connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {col} = %s WHERE id = %s", [value, event_id])  # noqa: S608


def test_rows_link_to_the_previous_hash(events):
    assert len(events) >= 6
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.row_hash
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_hash, head.last_seq) == (events[-1].row_hash, len(events))


def test_chain_verifies_after_several_writes(events, capsys):
    report = audit_verify_chain()
    assert report.ok
    assert report.checked == len(events)
    call_command("audit_verify")
    assert f"{len(events)} audit rows verified" in capsys.readouterr().out


def test_chain_verifies_across_batches(events):
    report = audit_verify_chain(batch_size=2)
    assert report.ok
    assert report.checked == len(events)


def test_event_records_actor_agency_and_target(caseworker_a, open_case, upt_ppa):
    event = audit_record(actor=caseworker_a, action="case.view", target=open_case)
    assert event.actor_id == caseworker_a.pk
    assert event.actor_agency_public_id == upt_ppa.public_id
    assert event.target_type == "cases.case"
    assert event.target_public_id == open_case.public_id


@pytest.mark.parametrize("column", ["action", "changes"])
def test_tampered_row_is_named_by_the_verify_command(events, column):
    victim_row = events[len(events) // 2]
    value = "case.delete" if column == "action" else '{"n": 99}'
    _raw_update(victim_row.id, column, value)
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    message = str(excinfo.value)
    assert f"row id={victim_row.id}:" in message
    assert audit_verify_chain().first_broken_id == victim_row.id


def test_rewritten_hash_breaks_the_next_row(events):
    """Re-hashing an edited row does not help: the following row's prev_hash no longer fits."""
    edited = events[2]
    _raw_update(edited.id, "row_hash", "f" * 64)
    report = audit_verify_chain()
    assert not report.ok
    assert report.first_broken_id == edited.id


def test_queryset_delete_is_refused(events):
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    assert AuditEvent.objects.count() == len(events)


def test_instance_delete_is_refused(events):
    with pytest.raises(PermissionError):
        events[0].delete()
    assert AuditEvent.objects.filter(pk=events[0].pk).exists()


def test_update_and_resave_are_refused(events):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=events[0].pk).update(action="x")
    event = events[1]
    event.action = "edited"
    with pytest.raises(PermissionError):
        event.save()
    event.refresh_from_db()
    assert event.action != "edited"
    assert audit_verify_chain().ok


def test_audit_row_rolls_back_with_a_failed_service(reported_case, reporter_kemayoran):
    from sigap.cases.services import case_open
    from sigap.core.exceptions import ApplicationError

    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError):
        case_open(case=reported_case, actor=reporter_kemayoran)
    assert AuditEvent.objects.count() == before
    assert audit_verify_chain().ok
