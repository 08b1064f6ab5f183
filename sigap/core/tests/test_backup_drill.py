"""Backup and restore drill (issue 7): back up, empty the database, restore, and prove that
every table has the same row count and content hash and that the same case page is served.

Runs on whichever database the suite uses (SQLite by default; PostgreSQL with DATABASE_URL).
"""

import re
import stat
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from sigap.core.backup import (
    BackupError,
    backup_create,
    backup_restore,
    drop_all_tables,
    table_fingerprints,
)

pytestmark = pytest.mark.django_db(transaction=True)

VIEWED_AT = datetime(2026, 3, 2, 3, 4, 5, tzinfo=UTC)
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|csrf[-_]token[^>]*>')


def _case_page(client, case) -> bytes:
    """The case page, viewed at a fixed moment (the view itself adds a row to the access log
    shown on the page; the same moment makes that row read the same before and after)."""
    with mock.patch("django.utils.timezone.now", return_value=VIEWED_AT):
        response = client.get(reverse("cases:case-detail", kwargs={"public_id": case.public_id}))
    assert response.status_code == 200
    return _CSRF.sub(b"", response.content)


def _tables():
    with connection.cursor() as cursor:
        return [t for t in connection.introspection.table_names(cursor) if t.startswith("cases_")]


def test_restore_into_an_empty_database_gives_the_same_tables_and_case_page(
    client, open_case, caseworker_a, tmp_path
):
    client.force_login(caseworker_a)
    keys = tmp_path / "secrets" / "keys.env"
    manifest = backup_create(tmp_path / "backup", keys_output=keys)
    snapshot = table_fingerprints()
    before_page = _case_page(client, open_case)  # from the original database
    name = open_case.participants.order_by("id").first().person.full_name
    assert name.encode() in before_page

    assert manifest["tables"]["cases_case"]["rows"] == 1
    assert manifest["tables"]["cases_person"]["rows"] >= 3
    assert "SIGAP_FIELD_KEYS=" in keys.read_text()
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert not any("keys" in p.name for p in (tmp_path / "backup").iterdir())

    drop_all_tables("default")
    assert _tables() == []

    backup_restore(tmp_path / "backup")  # verifies counts and hashes itself
    assert table_fingerprints() == snapshot == manifest["tables"]
    assert _case_page(client, open_case) == before_page


def test_restore_refuses_a_database_that_is_not_empty(open_case, tmp_path):
    backup_create(tmp_path / "backup")
    with pytest.raises(BackupError):
        backup_restore(tmp_path / "backup")


def test_verification_names_a_table_that_differs(open_case, tmp_path):
    backup_create(tmp_path / "backup")
    drop_all_tables("default")
    backup_restore(tmp_path / "backup")
    from sigap.core.backup import MANIFEST, verify_against

    manifest = __import__("json").loads((tmp_path / "backup" / MANIFEST).read_text())
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_participant")
        cursor.execute("UPDATE cases_case SET summary = 'diubah'")
    with pytest.raises(
        BackupError, match="cases_case: content hash differs.*cases_participant: expected"
    ):
        verify_against(manifest)


def test_backup_command_refuses_keys_inside_the_backup(open_case, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "backup", "--output", str(tmp_path / "b"), "--keys-output", str(tmp_path / "b" / "k")
        )
