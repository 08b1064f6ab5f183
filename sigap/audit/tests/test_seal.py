"""Lock-free appends + sealing: tampering, deleted middle/tail rows and an emptied table are named.

Issue 7 finding 5 and issue 8 section 3. The tail and truncation tests fail on the old code,
which never compared the chain head and had no checkpoint outside the database.
"""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from sigap.audit.models import AuditChainHead, AuditEvent
from sigap.audit.services import (
    audit_append_many,
    audit_record,
    audit_seal,
    audit_verify_chain,
    read_last_checkpoint,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    path = tmp_path / "audit-checkpoints.log"
    settings.SIGAP_AUDIT_CHECKPOINT_FILE = str(path)
    return path


@pytest.fixture
def sealed(caseworker_a, open_case, checkpoint_file):
    for i in range(4):
        audit_record(actor=caseworker_a, action="case.view", target=open_case, changes={"n": i})
    audit_seal(settle_seconds=0)
    return list(AuditEvent.objects.order_by("seq"))


def _sql(statement, params=()):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), list(params))


def _verify_error():
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify", "--no-seal")
    return str(excinfo.value)


def test_append_leaves_rows_unsealed_and_seal_chains_them(caseworker_a, open_case, checkpoint_file):
    event = audit_record(actor=caseworker_a, action="case.view", target=open_case)
    assert event.seq is None and event.row_hash is None and len(event.content_hash) == 64
    assert audit_seal(settle_seconds=3600) == 0  # too fresh: left for a later run
    count = AuditEvent.objects.count()
    assert audit_seal(settle_seconds=0) == count
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    head = AuditChainHead.objects.get(pk=1)
    checkpoint = read_last_checkpoint()
    assert (
        (checkpoint["seq"], checkpoint["head"])
        == (head.last_seq, head.last_hash)
        == (
            count,
            AuditEvent.objects.get(seq=count).row_hash,
        )
    )
    report = audit_verify_chain()
    assert report.ok and report.sealed == count and report.unsealed == 0


def test_edited_row_is_named(sealed):
    victim = sealed[1]
    _sql("UPDATE {table} SET action = %s WHERE id = %s", ["case.delete", victim.id])
    assert f"row id={victim.id}:" in _verify_error()
    assert audit_verify_chain().first_broken_id == victim.id


def test_edited_unsealed_row_is_named(caseworker_a, open_case, checkpoint_file):
    event = audit_record(actor=caseworker_a, action="case.view", target=open_case)
    _sql("UPDATE {table} SET changes = %s WHERE id = %s", ['{"x": 1}', event.id])
    assert audit_seal(settle_seconds=0) >= 0  # refuses to seal the altered row
    assert AuditEvent.objects.get(pk=event.id).seq is None
    assert f"row id={event.id}:" in _verify_error()


def test_deleted_middle_row_is_named(sealed):
    gone, after = sealed[2], sealed[3]
    _sql("DELETE FROM {table} WHERE id = %s", [gone.id])
    message = _verify_error()
    assert f"row id={after.id}:" in message
    assert "hilang" in message and "missing" in message


def test_deleted_last_two_rows_are_named(sealed):
    for event in sealed[-2:]:
        _sql("DELETE FROM {table} WHERE id = %s", [event.id])
    message = _verify_error()
    assert "2 baris terakhir hilang" in message
    assert f"id={sealed[-3].id}" in message
    assert not audit_verify_chain().ok


def test_deleted_tail_with_rewound_head_is_caught_by_the_checkpoint(sealed):
    for event in sealed[-2:]:
        _sql("DELETE FROM {table} WHERE id = %s", [event.id])
    keep = sealed[-3]
    AuditChainHead.objects.filter(pk=1).update(last_hash=keep.row_hash, last_seq=keep.seq)
    message = _verify_error()
    assert "checkpoint" in message and f"id={keep.id}" in message


def test_emptied_table_is_caught_by_the_checkpoint(sealed):
    _sql("DELETE FROM {table}")
    AuditChainHead.objects.all().delete()
    message = _verify_error()
    assert "dikosongkan" in message and f"{len(sealed)} baris" in message
    report = audit_verify_chain()
    assert not report.ok and report.checked == 0


def test_verify_command_seals_first(caseworker_a, open_case, checkpoint_file, capsys):
    audit_record(actor=caseworker_a, action="case.view", target=open_case)
    call_command("audit_seal", "--settle-seconds", "0")
    assert "sealed" in capsys.readouterr().out
    call_command("audit_verify")
    assert "0 awaiting seal" in capsys.readouterr().out


def test_append_many_writes_rows_that_seal_and_verify(caseworker_a, open_case, checkpoint_file):
    before = AuditEvent.objects.count()
    written = len(
        audit_append_many(
            rows=[
                {
                    "actor": caseworker_a,
                    "action": "case.view",
                    "target": open_case,
                    "changes": {"n": i},
                }
                for i in range(25)
            ]
            + [{"actor": None, "action": "seed.run"}]
        )
    )
    assert written == 26 and AuditEvent.objects.count() == before + 26
    row = AuditEvent.objects.filter(action="case.view").order_by("-id").first()
    assert row.target_public_id == open_case.public_id and row.actor_agency_public_id
    audit_seal(settle_seconds=0)
    assert audit_verify_chain().ok


def test_append_many_rejects_a_row_without_action(caseworker_a):
    before = AuditEvent.objects.count()
    with pytest.raises(KeyError):
        audit_append_many(rows=[{"actor": caseworker_a, "action": "x"}, {"actor": caseworker_a}])
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_appends_do_not_wait_on_an_open_audited_transaction():
    """PostgreSQL: a second audited write commits while the first transaction is still open."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    first_wrote = threading.Event()
    second_done = threading.Event()
    order: list[str] = []
    errors: list[BaseException] = []

    def first():
        try:
            with transaction.atomic():
                audit_record(actor=None, action="test.first")
                first_wrote.set()
                # Hold the transaction open until the second writer has committed (or give up).
                finished = second_done.wait(timeout=30)
                order.append("first-commit" if finished else "first-timeout")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    def second():
        try:
            first_wrote.wait(timeout=30)
            with transaction.atomic():
                audit_record(actor=None, action="test.second")
            order.append("second-commit")
            second_done.set()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert order == ["second-commit", "first-commit"]
    assert audit_seal(settle_seconds=0) == 2
    assert audit_verify_chain().ok


def _plain_rows(user, case, n):
    from django.utils import timezone

    return [
        {
            "occurred_at": timezone.now(),
            "actor_id": user.pk,
            "actor_agency_public_id": None,
            "action": "case.view",
            "target_type": "cases.case",
            "target_public_id": case.public_id,
            "changes": {"n": i, "note": "tab\there {brace}"},
            "ip_address": None,
        }
        for i in range(n)
    ]


def test_sealed_bulk_write_chains_its_rows_as_the_seal_step_would(
    caseworker_a, open_case, checkpoint_file
):
    """Issue 8 §3: a bulk loader's rows come out sealed (no rewrite later), chained after the
    head as audit_seal chains, and rows appended unsealed before them are sealed afterwards
    with later numbers; verification holds, and an edit of a bulk-sealed row is named."""
    from sigap.audit.services import audit_plain_writer

    audit_record(actor=caseworker_a, action="case.view", target=open_case)  # unsealed, lower id
    earlier = AuditEvent.objects.filter(seq__isnull=True).count()  # the fixtures' rows too
    write = audit_plain_writer(rows=_plain_rows(caseworker_a, open_case, 7), sealed=True)
    with transaction.atomic():
        assert write() == 7
    bulk = list(AuditEvent.objects.filter(seq__isnull=False).order_by("seq"))
    assert [e.seq for e in bulk] == list(range(1, 8))
    assert bulk[0].prev_hash == "0" * 64 and all(
        later.prev_hash == earlier.row_hash for earlier, later in zip(bulk, bulk[1:], strict=False)
    )
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (7, bulk[-1].row_hash)
    assert AuditEvent.objects.filter(seq__isnull=True).count() == earlier
    assert audit_verify_chain().ok
    assert audit_seal(settle_seconds=0) == earlier  # the earlier rows get seq 8, 9, ...
    assert AuditEvent.objects.get(seq=8).id < bulk[0].id
    report = audit_verify_chain()
    assert report.ok and report.sealed == 7 + earlier and report.unsealed == 0
    _sql("UPDATE {table} SET action = %s WHERE id = %s", ["case.edited", bulk[3].pk])
    assert audit_verify_chain().first_broken_id == bulk[3].pk


@pytest.mark.django_db(transaction=True)
def test_sealed_bulk_write_needs_a_transaction(caseworker_a, open_case, checkpoint_file):
    from django.db.transaction import TransactionManagementError

    from sigap.audit.services import audit_plain_writer

    write = audit_plain_writer(rows=_plain_rows(caseworker_a, open_case, 2), sealed=True)
    with pytest.raises(TransactionManagementError):
        write()
    assert not AuditEvent.objects.filter(seq__isnull=False).exists()


# --- after a large seal (issue 8 §3) -----------------------------------------------------------


def _maintenance(captured):
    return [
        q["sql"]
        for q in captured
        if q["sql"].upper().startswith(("ANALYZE", "VACUUM")) and "audit_auditevent" in q["sql"]
    ]


def _seal_five(threshold, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    from sigap.audit import services

    monkeypatch.setattr(services, "SEAL_MAINTENANCE_ROWS", threshold)
    for i in range(5):
        audit_record(actor=None, action="test.backlog", changes={"n": i})
    with CaptureQueriesContext(connection) as ctx:
        sealed = audit_seal(settle_seconds=0)
    assert sealed == 5
    return _maintenance(ctx.captured_queries)


def test_a_large_seal_analyzes_the_audit_table_on_postgresql(monkeypatch, checkpoint_file):
    """Inside a transaction (as this test runs) VACUUM cannot run: ANALYZE only. On SQLite the
    step is a no-op and the seal still succeeds."""
    statements = _seal_five(4, monkeypatch)
    if connection.vendor == "postgresql":
        assert statements == ['ANALYZE "audit_auditevent"']
    else:
        assert statements == []
    assert audit_verify_chain().ok


def test_a_seal_at_or_below_the_threshold_leaves_the_table_alone(monkeypatch, checkpoint_file):
    assert _seal_five(5, monkeypatch) == []


@pytest.mark.django_db(transaction=True)
def test_a_large_seal_outside_a_transaction_also_vacuums(monkeypatch, checkpoint_file):
    """``manage.py audit_seal`` and the task run in autocommit: VACUUM (ANALYZE) on
    PostgreSQL, so the dead row versions of the sealed rows are reclaimed."""
    statements = _seal_five(4, monkeypatch)
    if connection.vendor == "postgresql":
        assert statements == ['VACUUM (ANALYZE) "audit_auditevent"']
    else:
        assert statements == []
