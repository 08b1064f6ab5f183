"""``sigap.core.bulk``: the SQLite fast converters give exactly what Django's own field
preparation gives, so bulk-written rows read back as service-written ones."""

import datetime
import zoneinfo

import pytest
from django.db import connection, models

from sigap.audit.models import AuditEvent
from sigap.core.bulk import sqlite_converter

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the converters serve SQLite's bulk writes only"
)

VALUES = {
    models.DateTimeField: [
        datetime.datetime(2026, 12, 5, 23, 30, 1, 123456, tzinfo=JAKARTA),  # the day before in UTC
        datetime.datetime(2024, 2, 29, 0, 0, tzinfo=datetime.UTC),  # no microseconds
        None,
    ],
    models.DateField: [datetime.date(2004, 3, 4), None],
    models.CharField: ["case.view", "", None],
    models.BigIntegerField: [0, 2**40, None],
    models.GenericIPAddressField: ["127.0.0.1", "", None],
}


@pytest.mark.parametrize("field_class", list(VALUES), ids=lambda c: c.__name__)
def test_sqlite_converter_equals_the_fields_own_preparation(field_class):
    kwargs = {"max_length": 64} if field_class is models.CharField else {}
    field = field_class(null=True, **kwargs)
    convert = sqlite_converter(field, connection)
    for value in VALUES[field_class]:
        assert convert(value) == field.get_db_prep_save(value, connection), value


def test_sqlite_converter_for_every_audit_column():
    """Every column of an audit row (the bulk audit writer's converters) as Django prepares it."""
    event = AuditEvent(
        id=7,
        occurred_at=datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=JAKARTA),
        actor_id=3,
        action="case.open",
        target_type="cases.case",
        changes={"status": ["reported", "open"]},
        ip_address="10.0.0.1",
        content_hash="a" * 64,
    )
    for field in AuditEvent._meta.concrete_fields:
        value = getattr(event, field.attname)
        if field.attname == "changes":
            continue  # written as the canonical JSON text by the writer itself
        expected = field.get_db_prep_save(value, connection)
        assert sqlite_converter(field, connection)(value) == expected, field.attname


@pytest.mark.django_db(transaction=True)
def test_seeding_connection_gets_a_large_cache_and_no_fsync_per_round_then_its_own_back():
    """demo_bulk on SQLite: a 1 GB page cache and synchronous=NORMAL while copying (the
    rounds slowed as the UUID indexes outgrew the 2 MB default), restored afterwards."""
    from sigap.cases.demo_bulk import SQLITE_SEED_CACHE_KIB, _sqlite_bulk_pragmas

    def pragmas():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            return cache, cursor.fetchone()[0]

    before = pragmas()
    with _sqlite_bulk_pragmas(connection):
        assert pragmas() == (-SQLITE_SEED_CACHE_KIB, 1)  # 1 = NORMAL
    assert pragmas() == before != (-SQLITE_SEED_CACHE_KIB, 1)
