"""The case list's name-search table (``CaseNameToken``, issue 8 §4) and its triggers.

One row per (handling agency, name-word hash, report date, case) for the victims of a case
whose processing is not restricted. The triggers rebuild the rows of every case a write
touches: a participant added, moved, re-roled or removed; a person's name index or
restriction changed (and a person written after their participations, as the bulk seeder's
``COPY`` may do inside one transaction); a case's handling agency or report date changed; a
case removed. PostgreSQL uses statement-level triggers with transition tables for inserts and
deletes (one rebuild per statement, so a ``COPY`` of a hundred thousand participants runs it
once) and row-level triggers with ``WHEN`` for updates; SQLite has row-level triggers only and
splits the name index with ``json_each``. The PostgreSQL triggers are ``ENABLE ALWAYS``: they
fire under ``session_replication_role = replica`` too, which the bulk seeder sets.

SQLite drops a table's triggers when Django rebuilds the table for an ``ALTER`` (its
migrations copy the table), so :func:`ensure` runs after every ``migrate`` (``post_migrate``,
``CasesConfig.ready``): it recreates missing triggers and then rebuilds the whole table, which
may have missed writes meanwhile.
"""

from __future__ import annotations

from contextlib import contextmanager

# The rows of the cases chosen by FILTER_ (SQL ending in AND, or nothing for all cases).
_PG_INSERT = """
  INSERT INTO cases_casenametoken (agency_id, token, reported_on, case_id)
  SELECT DISTINCT c.handling_agency_id, t.token, c.reported_on, c.id
  FROM cases_case c
  JOIN cases_participant p ON p.case_id = c.id AND p.role = 'victim'
  JOIN cases_person pe ON pe.id = p.person_id AND NOT pe.identity_restricted
  CROSS JOIN LATERAL unnest(string_to_array(btrim(pe.name_index), ' ')) AS t(token)
  WHERE FILTER_ c.handling_agency_id IS NOT NULL AND t.token <> ''"""

PG_REFRESH = "".join(
    (
        "CREATE OR REPLACE FUNCTION sigap_case_name_tokens_refresh(ids bigint[]) RETURNS void\n",
        "LANGUAGE sql AS $$\n  DELETE FROM cases_casenametoken WHERE case_id = ANY(ids);",
        _PG_INSERT.replace("FILTER_", "c.id = ANY(ids) AND"),
        ";\n$$;\n",
    )
)

PG_TRIGGERS = [
    # participants: inserted / deleted (statement level), changed (row level)
    """CREATE OR REPLACE FUNCTION sigap_cnt_participant_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM sigap_case_name_tokens_refresh(ARRAY(SELECT DISTINCT case_id FROM new_rows));
    RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION sigap_cnt_participant_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM sigap_case_name_tokens_refresh(ARRAY(SELECT DISTINCT case_id FROM old_rows));
    RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION sigap_cnt_participant_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM sigap_case_name_tokens_refresh(ARRAY[OLD.case_id, NEW.case_id]);
    RETURN NULL; END $$""",
    """CREATE TRIGGER sigap_cnt_participant_ins AFTER INSERT ON cases_participant
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION sigap_cnt_participant_ins()""",
    """CREATE TRIGGER sigap_cnt_participant_del AFTER DELETE ON cases_participant
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION sigap_cnt_participant_del()""",
    """CREATE TRIGGER sigap_cnt_participant_upd AFTER UPDATE ON cases_participant
    FOR EACH ROW WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id
      OR OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION sigap_cnt_participant_upd()""",
    # persons: inserted (statement level; usually no participation yet), changed (row level)
    """CREATE OR REPLACE FUNCTION sigap_cnt_person_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM sigap_case_name_tokens_refresh(ARRAY(
      SELECT DISTINCT p.case_id FROM cases_participant p JOIN new_rows n ON n.id = p.person_id));
    RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION sigap_cnt_person_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM sigap_case_name_tokens_refresh(ARRAY(
      SELECT DISTINCT case_id FROM cases_participant WHERE person_id = NEW.id));
    RETURN NULL; END $$""",
    """CREATE TRIGGER sigap_cnt_person_ins AFTER INSERT ON cases_person
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION sigap_cnt_person_ins()""",
    """CREATE TRIGGER sigap_cnt_person_upd AFTER UPDATE ON cases_person
    FOR EACH ROW WHEN (OLD.name_index IS DISTINCT FROM NEW.name_index
      OR OLD.identity_restricted IS DISTINCT FROM NEW.identity_restricted)
    EXECUTE FUNCTION sigap_cnt_person_upd()""",
    # cases: inserted (statement level; the seeder may write participants first), changed,
    # deleted
    """CREATE OR REPLACE FUNCTION sigap_cnt_case_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM sigap_case_name_tokens_refresh(ARRAY(
      SELECT n.id FROM new_rows n WHERE n.handling_agency_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM cases_participant p WHERE p.case_id = n.id)));
    RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION sigap_cnt_case_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM sigap_case_name_tokens_refresh(ARRAY[NEW.id]); RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION sigap_cnt_case_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM cases_casenametoken t USING old_rows o WHERE t.case_id = o.id;
    RETURN NULL; END $$""",
    """CREATE TRIGGER sigap_cnt_case_ins AFTER INSERT ON cases_case
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sigap_cnt_case_ins()""",
    """CREATE TRIGGER sigap_cnt_case_upd AFTER UPDATE ON cases_case
    FOR EACH ROW WHEN (OLD.handling_agency_id IS DISTINCT FROM NEW.handling_agency_id
      OR OLD.reported_on IS DISTINCT FROM NEW.reported_on)
    EXECUTE FUNCTION sigap_cnt_case_upd()""",
    """CREATE TRIGGER sigap_cnt_case_del AFTER DELETE ON cases_case
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sigap_cnt_case_del()""",
    # TRUNCATE fires no DELETE trigger (Django's flush of a test database truncates)
    """CREATE OR REPLACE FUNCTION sigap_cnt_case_trunc() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM cases_casenametoken; RETURN NULL; END $$""",
    """CREATE TRIGGER sigap_cnt_case_trunc AFTER TRUNCATE ON cases_case
    FOR EACH STATEMENT EXECUTE FUNCTION sigap_cnt_case_trunc()""",
]

PG_BACKFILL = _PG_INSERT.replace("FILTER_", "")

_SQLITE_INSERT = """
    INSERT INTO cases_casenametoken (agency_id, token, reported_on, case_id)
    SELECT DISTINCT c.handling_agency_id, j.value, c.reported_on, c.id
    FROM cases_case c
    JOIN cases_participant p ON p.case_id = c.id AND p.role = 'victim'
    JOIN cases_person pe ON pe.id = p.person_id AND NOT pe.identity_restricted
    JOIN json_each('["' || replace(trim(pe.name_index), ' ', '","') || '"]') j
    WHERE FILTER_ c.handling_agency_id IS NOT NULL AND j.value <> ''"""
_SQLITE_REBUILD = "".join(
    (
        "\n    DELETE FROM cases_casenametoken",
        " WHERE case_id IN (SELECT c.id FROM cases_case c WHERE WHERE_);",
        _SQLITE_INSERT.replace("FILTER_", "(WHERE_) AND"),
        ";",
    )
)


def _sqlite_trigger(name: str, event: str, where: str) -> str:
    """``CREATE TRIGGER name AFTER event BEGIN <delete and insert of the rows of the cases
    selected by where> END``; ``where`` is SQL over ``c`` (the case row), a literal below."""
    body = _SQLITE_REBUILD.replace("WHERE_", where)
    return f"CREATE TRIGGER {name} AFTER {event} BEGIN {body} END"


_OF_PERSON = "c.id IN (SELECT case_id FROM cases_participant WHERE person_id = NEW.id)"
SQLITE_TRIGGERS = [
    _sqlite_trigger(
        "sigap_cnt_participant_ins", "INSERT ON cases_participant", "c.id = NEW.case_id"
    ),
    _sqlite_trigger(
        "sigap_cnt_participant_del", "DELETE ON cases_participant", "c.id = OLD.case_id"
    ),
    _sqlite_trigger(
        "sigap_cnt_participant_upd",
        "UPDATE OF case_id, person_id, role ON cases_participant",
        "c.id IN (OLD.case_id, NEW.case_id)",
    ),
    _sqlite_trigger("sigap_cnt_person_ins", "INSERT ON cases_person", _OF_PERSON),
    _sqlite_trigger(
        "sigap_cnt_person_upd",
        "UPDATE OF name_index, identity_restricted ON cases_person",
        _OF_PERSON,
    ),
    _sqlite_trigger("sigap_cnt_case_ins", "INSERT ON cases_case", "c.id = NEW.id"),
    _sqlite_trigger(
        "sigap_cnt_case_upd",
        "UPDATE OF handling_agency_id, reported_on ON cases_case",
        "c.id = NEW.id",
    ),
    """CREATE TRIGGER sigap_cnt_case_del AFTER DELETE ON cases_case BEGIN
    DELETE FROM cases_casenametoken WHERE case_id = OLD.id; END""",
]

SQLITE_BACKFILL = _SQLITE_INSERT.replace("FILTER_", "")

TABLE = {
    "postgresql": """CREATE TABLE cases_casenametoken (
        id bigserial PRIMARY KEY, agency_id bigint NOT NULL, token varchar(40) NOT NULL,
        reported_on date NOT NULL, case_id bigint NOT NULL)""",
    "sqlite": """CREATE TABLE cases_casenametoken (
        id integer PRIMARY KEY AUTOINCREMENT, agency_id bigint NOT NULL,
        token varchar(40) NOT NULL, reported_on date NOT NULL, case_id bigint NOT NULL)""",
}
INDEXES = [
    # The search: one agency's cases with one name word, newest first (the list's order).
    "CREATE UNIQUE INDEX cnt_agency_token_date_case ON cases_casenametoken "
    "(agency_id, token, reported_on DESC, case_id DESC)",
    "CREATE INDEX cnt_case ON cases_casenametoken (case_id)",
]


TRIGGER_NAMES = [
    ("sigap_cnt_participant_ins", "cases_participant"),
    ("sigap_cnt_participant_del", "cases_participant"),
    ("sigap_cnt_participant_upd", "cases_participant"),
    ("sigap_cnt_person_ins", "cases_person"),
    ("sigap_cnt_person_upd", "cases_person"),
    ("sigap_cnt_case_ins", "cases_case"),
    ("sigap_cnt_case_upd", "cases_case"),
    ("sigap_cnt_case_del", "cases_case"),
]


def _missing_triggers(connection) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'sigap_cnt_%%'")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sigap_cnt_%'"
            )
        present = {row[0] for row in cursor.fetchall()}
    return [name for name, _table in trigger_names(connection.vendor) if name not in present]


def trigger_names(vendor: str) -> list[tuple[str, str]]:
    """``(trigger, table)`` of this database: PostgreSQL also empties the table on a
    ``TRUNCATE`` of the cases (SQLite has no TRUNCATE)."""
    if vendor == "postgresql":
        return [*TRIGGER_NAMES, ("sigap_cnt_case_trunc", "cases_case")]
    return TRIGGER_NAMES


def install(execute, vendor: str) -> None:
    """Create the table, its indexes and the triggers, and fill it (the migration).
    ``execute(sql)`` runs one statement. RuntimeError for a database without triggers here."""
    if vendor not in TABLE:
        raise RuntimeError(f"No name-search triggers for the {vendor} database.")
    execute(TABLE[vendor])
    for sql in INDEXES:
        execute(sql)
    _triggers(execute, vendor)
    execute(PG_BACKFILL if vendor == "postgresql" else SQLITE_BACKFILL)


def _triggers(execute, vendor: str, only: list[str] | None = None) -> None:
    if vendor == "postgresql":
        execute(PG_REFRESH)
        statements = PG_TRIGGERS
    else:
        statements = SQLITE_TRIGGERS
    tables = dict(trigger_names(vendor))
    for sql in statements:
        name = sql.split("TRIGGER", 1)[1].split()[0] if " TRIGGER " in sql else None
        if only is not None and name is not None and name not in only:
            continue
        execute(sql)
        if vendor == "postgresql" and name is not None:
            # Fire also under ``session_replication_role = replica``, which the bulk seeder
            # sets to skip the foreign-key triggers of its copies (demo_bulk).
            execute(f"ALTER TABLE {tables[name]} ENABLE ALWAYS TRIGGER {name}")


def ensure(connection) -> int:
    """Recreate the triggers missing on ``connection`` and, if any were, rebuild the whole
    table from the cases (they may have missed writes). Returns how many were missing; 0
    (nothing done) when all are there or the table does not exist yet."""
    with connection.cursor() as cursor:
        if "cases_casenametoken" not in connection.introspection.table_names(cursor):
            return 0
    missing = _missing_triggers(connection)
    if not missing:
        return 0
    with connection.cursor() as cursor:
        _triggers(cursor.execute, connection.vendor, only=missing)
        _rebuild(cursor, connection.vendor)
    return len(missing)


def drop(execute, vendor: str) -> None:
    """Remove the table and the triggers (the migration reversed)."""
    execute("DROP TABLE IF EXISTS cases_casenametoken")
    for name, table in trigger_names(vendor):
        execute(
            f"DROP TRIGGER IF EXISTS {name} ON {table}"
            if vendor == "postgresql"
            else f"DROP TRIGGER IF EXISTS {name}"
        )
    if vendor == "postgresql":
        execute("DROP FUNCTION IF EXISTS sigap_case_name_tokens_refresh(bigint[]) CASCADE")


#: The SQLite triggers a bulk load of new cases may stand in for (:func:`sqlite_bulk_load`).
SQLITE_INSERT_TRIGGERS = [
    "sigap_cnt_participant_ins",
    "sigap_cnt_person_ins",
    "sigap_cnt_case_ins",
]


@contextmanager
def sqlite_bulk_load(connection):
    """SQLite only, outside a transaction: the three insert triggers dropped for a bulk load
    of new cases, and created again when the block ends (also on an error).

    SQLite's triggers fire per row: each copied case, victim and person rebuilt its case's
    rows (a delete and a four-table join), 7 times per seeded case. Inside the block, the
    loader calls :func:`sqlite_fill` for the cases of each batch it writes (one statement),
    which writes the same rows: new cases have no rows to delete, and a new person or
    participant belongs to a new case. Update and delete triggers stay. If the process is
    killed inside the block, :func:`ensure` (run after every ``migrate``, which ``make run``
    does first; the block calls it too before it starts) recreates the triggers and rebuilds
    the table. If another connection wrote to the database meanwhile (the app running beside
    the seed: a victim it added to a case fired no insert trigger), ``PRAGMA data_version``
    has changed ("different if changes were committed to the database by any other
    connection", sqlite.org/pragma.html#pragma_data_version) and the whole table is rebuilt
    when the triggers are back, in one transaction. Elsewhere (PostgreSQL: statement-level
    triggers) the block does nothing and yields ``False``; on SQLite it yields ``True``."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield False
        return
    from django.db import transaction

    ensure(connection)
    with connection.cursor() as cursor:
        version = _data_version(cursor)
        for name in SQLITE_INSERT_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield True
    finally:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            _triggers(cursor.execute, "sqlite", only=SQLITE_INSERT_TRIGGERS)
            if _data_version(cursor) != version:
                _rebuild(cursor, "sqlite")


def _data_version(cursor) -> int:
    """SQLite's ``PRAGMA data_version`` of the cursor's connection."""
    cursor.execute("PRAGMA data_version")
    return cursor.fetchone()[0]


def _rebuild(cursor, vendor: str) -> None:
    """The whole table again from the cases (in the caller's transaction, if any)."""
    cursor.execute("DELETE FROM cases_casenametoken")
    cursor.execute(PG_BACKFILL if vendor == "postgresql" else SQLITE_BACKFILL)


def sqlite_fill(case_ids: list[int], *, using: str = "default") -> None:
    """Write the name-search rows of the new cases ``case_ids`` (ids of cases stored in the
    caller's transaction, with their participants and persons, and without rows yet), as the
    insert triggers would have. SQLite; one statement over the ids' range."""
    from django.db import connections

    if not case_ids:
        return
    sql = _SQLITE_INSERT.replace("FILTER_", "c.id BETWEEN %s AND %s AND")
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [min(case_ids), max(case_ids)])
