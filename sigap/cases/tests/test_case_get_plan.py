"""``case_get``: the case page's own query stays small enough to plan quickly (issue 8 §4)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.cases.selectors import case_get


def test_the_case_query_joins_at_most_five_tables_and_still_names_its_people(
    open_case, caseworker_a
):
    """Eight relations in one query cost PostgreSQL ~8 ms of planning at every table size
    (0.3 ms to run); the users come by their own query, without their password hash."""
    with CaptureQueriesContext(connection) as ctx:
        case = case_get(user=caseworker_a, public_id=open_case.public_id)
    main = next(q["sql"] for q in ctx.captured_queries if 'FROM "cases_case"' in q["sql"])
    assert main.count(" JOIN ") <= 5, main
    with CaptureQueriesContext(connection) as later:
        names = (case.created_by.username, case.handling_agency.name, case.report_area.name)
    assert all(names) and later.captured_queries == []
    assert "password" in case.created_by.get_deferred_fields()
