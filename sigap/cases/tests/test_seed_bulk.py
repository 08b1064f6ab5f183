"""Bulk-copied demo cases (``seed_demo --cases N --templates T``, issue 8 §2) hold the same
invariants as cases made through the services: same rows per case in every relation, valid
choices, a person behind every victim, identities that decrypt, findable search hashes, an
audit trail per case and a valid audit chain."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, models, transaction

from sigap.audit.models import AuditEvent
from sigap.audit.services import audit_verify_chain
from sigap.cases import demo_bulk
from sigap.cases.demo import demo_users_create
from sigap.cases.models import Case, Participant, Person
from sigap.cases.tests.test_name_tokens import _fresh as name_token_fresh
from sigap.cases.tests.test_name_tokens import _rows as name_token_rows
from sigap.core import crypto

pytestmark = pytest.mark.django_db

TEMPLATES = 4
COPIES = 2  # each template copied twice: 3 × TEMPLATES cases


@pytest.fixture
def demo_users(reference, tmp_path):
    demo_users_create(logins_file=tmp_path / "demo-logins.txt")


def _seed(cases, templates):
    call_command(
        "seed_demo", cases=cases, templates=templates, seed=42, force=True, stdout=StringIO()
    )


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m.objects.count() for m in demo_bulk.copyable_models()}


def test_bulk_copies_hold_the_same_invariants_as_service_made_cases(demo_users):
    before = _counts()  # reference rows made by bootstrap (e.g. processing activities)
    with transaction.atomic():
        _seed(TEMPLATES, TEMPLATES)  # through the services only
        service_counts = {k: v - before[k] for k, v in _counts().items()}
        service_actions = Counter(AuditEvent.objects.values_list("action", flat=True))
        service_audit = AuditEvent.objects.count()
        transaction.set_rollback(True)
    assert service_counts["cases.case"] == TEMPLATES
    assert not Case.objects.exists()
    _seed(TEMPLATES * (1 + COPIES), TEMPLATES)

    # Every relation holds (1 + COPIES) × the service-made rows.
    bulk_counts = {k: v - before[k] for k, v in _counts().items()}
    for label, n in service_counts.items():
        assert bulk_counts[label] == n * (1 + COPIES), label
    # Every copied case has the audit trail its template had (the seed replays the templates).
    bulk_actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    for action, n in service_actions.items():
        if action.startswith(("case.", "referral.", "participant.", "identification.")):
            assert bulk_actions[action] >= n * (1 + COPIES), action
    # The copies' audit rows are written sealed (chained in their round's transaction); only
    # the service-made templates' rows wait for the sealing step (issue 8 §3).
    copied = AuditEvent.objects.count() - service_audit
    assert copied > 0
    assert AuditEvent.objects.filter(seq__isnull=False).count() == copied
    assert not AuditEvent.objects.filter(seq__gt=copied).exists()  # numbered 1..N, no gaps
    assert audit_verify_chain().ok

    # Unique numbers and public ids; choices valid in every copied model.
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    for model in demo_bulk.copyable_models():
        for field in model._meta.concrete_fields:
            if field.choices and not isinstance(field, models.JSONField):
                allowed = {value for value, _label in field.flatchoices} | {"", None}
                used = set(model.objects.values_list(field.attname, flat=True))
                assert used <= allowed, (model, field.name, used - allowed)
    # Every victim has a person; every case has a victim and an audit event.
    for case in Case.objects.all():
        assert case.participants.filter(role="victim").exists()
        assert AuditEvent.objects.filter(target_public_id=case.public_id).exists()
    assert not Participant.objects.filter(person__isnull=True).exists()

    # Identities decrypt, are stored encrypted, and the name hashes find them.
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT full_name FROM {table}")  # noqa: S608 - fixed table name
        raw = [row[0] for row in cursor.fetchall()]
    people = list(Person.objects.all())
    names = {p.full_name for p in people}
    assert not names & set(raw)  # nothing stored in clear
    copies = Person.objects.order_by("-id")[:5]
    for person in copies:
        assert person.full_name
        assert crypto.decrypt(_raw_name(person.pk)) == person.full_name
        word = crypto.name_tokens(person.full_name)[0]
        hit = Person.objects.filter(name_index__contains=f" {crypto.name_token_hash(word)} ")
        assert hit.filter(pk=person.pk).exists()
    # Copies got new names, not the template's.
    assert len(names) > len(people) * 0.8
    # The name-search table (kept by triggers) covers the copies as the services' cases.
    assert name_token_rows() == name_token_fresh()


def _raw_name(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT full_name FROM {Person._meta.db_table} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def test_bulk_copies_keep_dates_in_the_past_and_order_of_events(demo_users):
    _seed(TEMPLATES * 3, TEMPLATES)
    from django.utils import timezone

    today = timezone.localdate()
    for case in Case.objects.all():
        assert case.reported_on < today
        if case.opened_at:
            assert timezone.localdate(case.opened_at) >= case.reported_on
        if case.closed_at:
            assert case.closed_at >= case.opened_at
        assert case.number.split("-")[2] == str(case.reported_on.year)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("writers", [1, 2])
def test_copies_stored_by_a_writer_thread_on_postgresql(reference, tmp_path, monkeypatch, writers):
    """On PostgreSQL outside a transaction each round is stored by a writer thread while the
    next is prepared (with two writers, two rounds at once): the result holds the same
    invariants (counts, numbers, keys, chain)."""
    if connection.vendor != "postgresql":
        pytest.skip("the writer thread is used on PostgreSQL only")
    import threading

    monkeypatch.setattr(demo_bulk.BulkCloner, "WRITERS", writers)

    from sigap.people.models import PersonKey

    demo_users_create(logins_file=tmp_path / "demo-logins.txt")
    threads = []
    write = demo_bulk.BulkCloner._write_counted

    def spy(self, batch):
        threads.append(threading.current_thread().name)
        return write(self, batch)

    monkeypatch.setattr(demo_bulk.BulkCloner, "_write_counted", spy)
    cloners = []
    init = demo_bulk.BulkCloner.__init__

    def keep(self, **kwargs):
        init(self, **kwargs)
        cloners.append(self)

    monkeypatch.setattr(demo_bulk.BulkCloner, "__init__", keep)
    # Statistics refreshed as the tables double: after TEMPLATES copies, then 2 × TEMPLATES.
    monkeypatch.setattr(demo_bulk.BulkCloner, "ANALYZE_FIRST", TEMPLATES)
    planner_rows = []
    analyze = demo_bulk.BulkCloner._analyze

    def seen(tables):
        analyze(tables)
        with connections["default"].cursor() as cursor:  # the writer thread's connection
            cursor.execute(
                "SELECT reltuples, (SELECT count(*) FROM cases_case) FROM pg_class "
                "WHERE relname = 'cases_case'"
            )
            planner_rows.append(tuple(int(n) for n in cursor.fetchone()))

    monkeypatch.setattr(demo_bulk.BulkCloner, "_analyze", staticmethod(seen))
    before = _counts()
    _seed(TEMPLATES * (1 + COPIES), TEMPLATES)
    assert threads and all(name.startswith("seed-writer") for name in threads)
    assert cloners[0].settings_job is not None  # each round starts with _bulk_settings
    # The planner knew the table's size after each doubling (ANALYZE ran on a writer). With
    # two writers the first ANALYZE may run while the other round commits: only the last one,
    # submitted once every round was stored, is exact.
    if writers == 1:
        assert planner_rows == [(2 * TEMPLATES, 2 * TEMPLATES), (3 * TEMPLATES, 3 * TEMPLATES)]
    else:
        assert len(planner_rows) == 2 and planner_rows[-1] == (3 * TEMPLATES, 3 * TEMPLATES)
    # Every relation holds (1 + COPIES) × the template rows.
    (cloner,) = cloners
    after = _counts()
    for model, table in cloner.tables.items():
        label = model._meta.label_lower
        assert table.rows and after[label] - before[label] == len(table.rows) * (1 + COPIES)
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == TEMPLATES * (1 + COPIES) == len(set(numbers))
    # Every copied person has its blocking keys and a name that decrypts.
    for person in Person.objects.order_by("-id")[:4]:
        assert PersonKey.objects.filter(person_id=person.pk).exists()
        assert crypto.decrypt(_raw_name(person.pk)) == person.full_name
    assert audit_verify_chain().ok
    # The name-search triggers fired under session_replication_role = replica too.
    assert name_token_rows() == name_token_fresh()
    # The index-only tables were vacuumed at the end (their visibility map set), so the name
    # search reads ids from the index alone; VACUUM is what sets relallvisible.
    from sigap.cases.management.commands.seed_demo import VACUUM_AFTER_SEED

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relallvisible FROM pg_class WHERE relname = ANY(%s)",
            [list(VACUUM_AFTER_SEED)],
        )
        visible = dict(cursor.fetchall())
    assert set(visible) == set(VACUUM_AFTER_SEED) and all(visible.values()), visible


def _sqlite_pragmas() -> dict[str, int]:
    with connection.cursor() as cursor:
        out = {}
        for name in ("cache_size", "synchronous", "wal_autocheckpoint", "foreign_keys"):
            cursor.execute(f"PRAGMA {name}")
            out[name] = cursor.fetchone()[0]
    return out


@pytest.mark.django_db(transaction=True)
def test_sqlite_bulk_copies_write_the_name_search_rows_per_round(reference, tmp_path, monkeypatch):
    """On SQLite outside a transaction the per-row insert triggers of the name-search table are
    dropped for the copies and each round writes its cases' rows in one statement: the table
    equals a fresh derivation, the triggers are back afterwards, and so are the connection's
    settings (foreign keys enforced again)."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite bulk path")
    from sigap.cases import name_tokens

    demo_users_create(logins_file=tmp_path / "demo-logins.txt")
    pragmas = _sqlite_pragmas()
    filled = []
    fill = name_tokens.sqlite_fill

    def spy(case_ids, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                "(%s, %s, %s)",
                name_tokens.SQLITE_INSERT_TRIGGERS,
            )
            filled.append((len(case_ids), cursor.fetchone()[0]))
        fill(case_ids, **kwargs)

    monkeypatch.setattr(name_tokens, "sqlite_fill", spy)
    _seed(TEMPLATES * (1 + COPIES), TEMPLATES)
    assert filled == [(TEMPLATES, 0)] * COPIES  # one fill per round, with the triggers gone
    assert name_tokens._missing_triggers(connection) == []
    rows = name_token_rows()
    assert rows == name_token_fresh()
    assert len({row[-1] for row in rows}) > TEMPLATES  # the copies' cases are in it
    assert _sqlite_pragmas() == pragmas
    assert pragmas["foreign_keys"] == 1
    assert audit_verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_sqlite_triggers_and_settings_come_back_when_a_round_fails(
    reference, tmp_path, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite bulk path")
    from sigap.cases import name_tokens

    demo_users_create(logins_file=tmp_path / "demo-logins.txt")
    pragmas = _sqlite_pragmas()
    copy = demo_bulk.BulkCloner.copy
    calls = []

    def failing(self, cases):
        calls.append(cases)
        if len(calls) == 2:
            raise DatabaseError("disk full")
        return copy(self, cases)

    monkeypatch.setattr(demo_bulk.BulkCloner, "copy", failing)
    with pytest.raises(DatabaseError, match="disk full"):
        _seed(TEMPLATES * (1 + COPIES), TEMPLATES)
    assert len(calls) == 2
    assert name_tokens._missing_triggers(connection) == []
    assert _sqlite_pragmas() == pragmas
    assert name_token_rows() == name_token_fresh()  # the first round's rows were written


@pytest.mark.django_db(transaction=True)
def test_writer_transactions_skip_the_disk_wait_and_compress_their_wal():
    """Each round's transaction (PostgreSQL) commits without waiting for the WAL flush and,
    where the role may set it, compresses the WAL's full-page images; both for that
    transaction only."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings")

    def show(name):
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {name}")
            return cursor.fetchone()[0]

    server_sync, server_wal = show("synchronous_commit"), show("wal_compression")
    method = demo_bulk._wal_compression(connection)
    if demo_bulk._may_set(connection, "wal_compression"):  # the local test server: superuser
        assert method in demo_bulk.WAL_COMPRESSION_METHODS
    else:
        assert method is None
    with transaction.atomic():
        demo_bulk._bulk_settings(method)()
        assert show("synchronous_commit") == "off"
        assert show("wal_compression") == (method or server_wal)
    assert (show("synchronous_commit"), show("wal_compression")) == (server_sync, server_wal)


def test_foreign_key_check_names_a_dangling_reference(reference):
    """With the per-row checks off (PostgreSQL's triggers, SQLite's ``foreign_keys``), the
    check after the copies is what guards the foreign keys: a row pointing at no person is
    named; sound rows pass."""
    from sigap.people.models import PersonKey

    person = Person.objects.create(full_name="Siti Aminah", sex="F")
    before = PersonKey.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    PersonKey.objects.create(person=person, key="a" * 20)
    demo_bulk.check_foreign_keys({PersonKey: before, Person: 0})  # sound: no error
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            PersonKey.objects.create(person_id=person.pk + 10_000, key="b" * 20)
            cursor.execute("SET LOCAL session_replication_role = origin")
    else:  # SQLite checks these deferred keys at commit; the test's transaction never commits
        PersonKey.objects.create(person_id=person.pk + 10_000, key="b" * 20)
    with pytest.raises(RuntimeError, match="people_personkey.person_id"):
        demo_bulk.check_foreign_keys({PersonKey: before})
    # Django checks SQLite's deferred keys when the test ends: the bad row goes first.
    PersonKey.objects.filter(person_id=person.pk + 10_000).delete()


@pytest.mark.parametrize(
    ("cases", "wal_mb", "advised"),
    [
        (1_000_000, 1024, True),  # PostgreSQL's default 1 GB
        (demo_bulk.WAL_ADVICE_CASES, demo_bulk.WAL_ADVICE_MIN_MB - 1, True),
        (demo_bulk.WAL_ADVICE_CASES - 1, 1024, False),  # a small seed: no advice
        (1_000_000, demo_bulk.WAL_ADVICE_MIN_MB, False),  # already raised
        (1_000_000, None, False),  # not PostgreSQL
    ],
)
def test_wal_advice_only_for_large_seeds_on_a_small_max_wal_size(cases, wal_mb, advised):
    text = demo_bulk.wal_advice_text(cases=cases, max_wal_size_mb=wal_mb)
    assert (text is not None) == advised
    if advised:
        assert f"{wal_mb} MB" in text and "docs/operations.md" in text


def test_max_wal_size_is_read_from_the_server():
    value = demo_bulk.max_wal_size_mb(connection)
    if connection.vendor != "postgresql":
        assert value is None
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_bytes(current_setting('max_wal_size'))")
        expected = cursor.fetchone()[0] // (1024 * 1024)
    assert value == expected


@pytest.mark.parametrize(("wal_mb", "advised"), [(1024, True), (20480, False)])
def test_seed_demo_prints_the_advice_before_the_bulk_part(
    demo_users, capsys, monkeypatch, wal_mb, advised
):
    monkeypatch.setattr(demo_bulk, "WAL_ADVICE_CASES", 3)
    monkeypatch.setattr(demo_bulk, "max_wal_size_mb", lambda conn: wal_mb)
    call_command("seed_demo", cases=3, templates=1, seed=5, stdout=StringIO())
    err = capsys.readouterr().err
    assert ("max_wal_size is 1024 MB" in err) == advised
    assert "3/3 cases" in err


def test_closed_cases_keep_no_open_task_but_follow_ups_in_templates_and_copies(demo_users):
    """Closing a case cancels its open tasks (``case_close``) and the copies are copies of
    the service-made templates: neither leaves an ordinary task open on a closed case (My
    work listed hundreds, long overdue); follow-ups may stay open."""
    from sigap.casework.models import Task

    _seed(40, 20)
    closed = Task.objects.filter(case__status="closed")
    assert closed.filter(status="cancelled").exists()  # the seed closes cases with tasks
    assert not closed.ended_by_closure().exists()
    templates = closed.filter(case__number__in=_template_numbers())
    assert templates.filter(status="cancelled").exists()
    assert closed.exclude(pk__in=templates).filter(status="cancelled").exists()  # copies
    # Each cancellation is audited, the copies' as their template's.
    cancelled = set(closed.filter(status="cancelled").values_list("public_id", flat=True))
    audited = set(
        AuditEvent.objects.filter(action="task.cancel").values_list("target_public_id", flat=True)
    )
    assert cancelled <= audited


def _template_numbers() -> list[str]:
    """Numbers of the service-made cases: those with their own ``case.report`` audit row
    written before the copies (audit rows of copies are written sealed, templates' are not)."""
    ids = AuditEvent.objects.filter(action="case.report", seq__isnull=True).values_list(
        "target_public_id", flat=True
    )
    return list(Case.objects.filter(public_id__in=list(ids)).values_list("number", flat=True))
