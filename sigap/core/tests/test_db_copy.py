"""Moving a running install to another database (issue 7): ``manage.py db_copy`` copies every
table raw, so encrypted identity fields, search hashes and the audit chain survive.

Always: the test database → a new SQLite file. With PostgreSQL as the test database (CI's
second run, DATABASE_URL=postgres://...), also that SQLite file → a new PostgreSQL database,
the documented SQLite → PostgreSQL move.
"""

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from sigap.cases.models import Case, Person
from sigap.core import crypto
from sigap.core.backup import _model_tables_in_order, database_copy

pytestmark = pytest.mark.django_db(transaction=True)
MADE_ALIASES = {"sqlite_copy", "pg_moved", "copy_source"}


def _alias(alias: str, **params):
    connections.settings[alias] = {**connections.settings["default"], "OPTIONS": {}, **params}
    return alias


def _drop_alias(alias: str) -> None:
    connections[alias].close()
    del connections[alias]  # the thread's cached wrapper, else the next test reuses its path
    del connections.settings[alias]


@pytest.fixture(autouse=True)
def _allow_made_aliases(monkeypatch):
    """Django's test case refuses connections to aliases it was not told about at set-up;
    the aliases made by these tests are let through (every other alias keeps the guard)."""
    guarded = BaseDatabaseWrapper.ensure_connection
    real = next(
        c.cell_contents
        for c in guarded.__closure__ or ()
        if getattr(c.cell_contents, "__name__", "") == "ensure_connection"
    )

    def ensure_connection(self, *args, **kwargs):
        if self.alias in MADE_ALIASES:
            return real(self, *args, **kwargs)
        return guarded(self, *args, **kwargs)

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", ensure_connection)


def _counts(alias: str) -> dict[str, int]:
    qn = connections[alias].ops.quote_name
    result = {}
    with connections[alias].cursor() as cursor:
        for table, _cols in _model_tables_in_order():
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608
            result[table] = cursor.fetchone()[0]
    return result


def _same_people(alias: str):
    names = sorted(p.full_name for p in Person.objects.all())  # decrypted with the same keys
    assert sorted(p.full_name for p in Person.objects.using(alias)) == names
    word = crypto.name_tokens(names[0])[0]
    hit = f" {crypto.name_token_hash(word)} "
    assert Person.objects.using(alias).filter(name_index__contains=hit).exists()
    assert list(Case.objects.using(alias).values_list("number", flat=True)) == list(
        Case.objects.values_list("number", flat=True)
    )


@pytest.fixture
def sqlite_copy(tmp_path):
    alias = _alias(
        "sqlite_copy", ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / "copy.sqlite3")
    )
    call_command("migrate", database=alias, verbosity=0)
    yield alias
    _drop_alias(alias)


def test_copy_into_a_new_sqlite_database_keeps_every_row(open_case, sqlite_copy):
    counts = database_copy(source="default", target=sqlite_copy)
    assert counts["cases_case"] == 1
    assert _counts(sqlite_copy) == _counts("default")
    _same_people(sqlite_copy)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_sqlite_install_moves_to_postgresql(open_case, sqlite_copy):
    database_copy(source="default", target=sqlite_copy)  # a running SQLite install
    name = f"{connections.settings['default']['NAME']}_moved"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    target = _alias("pg_moved", NAME=name)
    try:
        call_command("migrate", database=target, verbosity=0)
        sqlite_url = f"sqlite:///{connections.settings[sqlite_copy]['NAME']}"
        call_command("db_copy", "--source", sqlite_url, "--database", target)
        assert _counts(target) == _counts("default")
        _same_people(target)
    finally:
        _drop_alias(target)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
