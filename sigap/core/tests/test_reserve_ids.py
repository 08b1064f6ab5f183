"""``sigap.core.bulk.reserve_ids`` / ``reserve_many``: the primary keys bulk writers take."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseCounter
from sigap.core.bulk import reserve_ids, reserve_many

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="taken from PostgreSQL sequences"
)


@pytest.mark.django_db
def test_reserved_ids_are_ascending_distinct_and_after_every_existing_row():
    existing = [CaseCounter.objects.create(prefix="3171", year=y).pk for y in (2001, 2002)]
    ids = reserve_ids(CaseCounter, 5)
    assert ids == sorted(ids) and len(set(ids)) == 5
    assert min(ids) > max(existing)
    both = reserve_many({CaseCounter: 3, AuditEvent: 4})
    assert [len(both[CaseCounter]), len(both[AuditEvent])] == [3, 4]
    assert min(both[CaseCounter]) > max(existing)
    assert reserve_ids(CaseCounter, 0) == [] and reserve_many({CaseCounter: 0}) == {}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_never_hands_a_reserved_id_out_again():
    ids = reserve_ids(CaseCounter, 5)
    both = reserve_many({CaseCounter: 3, AuditEvent: 4})
    later = CaseCounter.objects.create(prefix="3171", year=2003)
    assert not set(ids) & set(both[CaseCounter])
    assert later.pk not in ids + both[CaseCounter]
    assert later.pk > max(both[CaseCounter]) > max(ids)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_reservation_looks_the_sequence_up_once_per_statement_not_once_per_id():
    """The plan finds the sequence in an InitPlan (evaluated once per statement): looked up
    per id, the lookup cost five times the ``nextval`` itself (issue 8, seed speed)."""
    with CaptureQueriesContext(connection) as ctx:
        reserve_ids(AuditEvent, 3)
        reserve_many({AuditEvent: 2, CaseCounter: 2})
    statements = [q["sql"] for q in ctx.captured_queries if "nextval" in q["sql"]]
    assert len(statements) == 2
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute("EXPLAIN (VERBOSE) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            per_id = [
                line
                for line in plan.splitlines()
                if "Output:" in line and "nextval(pg_get_serial_sequence" in line
            ]
            assert "InitPlan" in plan and not per_id, plan
