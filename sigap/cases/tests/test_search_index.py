"""Name and NIK search as index lookups (issue 8 §4): the SQL goes through the keyed-hash
tokens (GIN index on PostgreSQL), never a ``LIKE`` over case numbers for a name, and stays
scoped by the one case rule."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.cases.models import Person
from sigap.cases.search import GIN_INDEX_NAME, NameTokensContain
from sigap.cases.selectors import case_list
from sigap.cases.services import PersonData, case_open
from sigap.cases.tests.factories import report_case
from sigap.core import crypto

pytestmark = pytest.mark.django_db

DAHLIA = PersonData(full_name="Dahlia Tokenuji Sari", sex="F", date_of_birth=date(1990, 3, 4))
KENANGA = PersonData(full_name="Kenanga Tokenuji", sex="F", date_of_birth=date(1991, 3, 4))


@pytest.fixture
def two_cases(reporter_kemayoran, caseworker_a, areas):
    first = case_open(
        case=report_case(actor=reporter_kemayoran, areas=areas, victims=[DAHLIA]),
        actor=caseworker_a,
    )
    second = case_open(
        case=report_case(actor=reporter_kemayoran, areas=areas, victims=[KENANGA]),
        actor=caseworker_a,
    )
    return first, second


def _search_sql(user, term) -> str:
    with CaptureQueriesContext(connection) as ctx:
        list(case_list(user=user, search=term))
    return "\n".join(q["sql"] for q in ctx.captured_queries)


def test_name_words_match_whole_words_within_scope(two_cases, caseworker_a, caseworker_b):
    first, second = two_cases
    assert set(case_list(user=caseworker_a, search="tokenuji")) == {first, second}
    assert list(case_list(user=caseworker_a, search="TOKENUJI dahlia")) == [first]
    assert list(case_list(user=caseworker_a, search="sari kenanga")) == []
    assert list(case_list(user=caseworker_a, search="tokenu")) == []  # no substrings
    # another agency's case team finds nothing, not even by an exact name
    assert list(case_list(user=caseworker_b, search="Dahlia Tokenuji")) == []


def test_name_search_sql_uses_the_hashed_tokens_not_the_case_number(two_cases, caseworker_a):
    sql = _search_sql(caseworker_a, "Dahlia Tokenuji")
    case_query = next(q for q in sql.split("\n") if q.startswith('SELECT "cases_case"'))
    assert "number" not in case_query.split("WHERE", 1)[1].lower()  # no LIKE over numbers
    # The name-search table, one range per word (sigap.cases.name_tokens), no LIKE; the
    # matched ids then travel as one parameter.
    assert sql.count('"token" =') == 2 and "LIKE" not in sql.upper()
    assert ("= ANY(" if connection.vendor == "postgresql" else "json_each(") in sql
    for word in ("dahlia", "tokenuji"):
        assert crypto.name_token_hash(word) in sql
    assert "Dahlia" not in sql and "dahlia" not in sql.lower()  # only keyed hashes travel


def test_number_search_still_works_for_terms_with_digits(two_cases, caseworker_a):
    first, _second = two_cases
    assert list(case_list(user=caseworker_a, search=first.number)) == [first]


def test_token_expression_matches_python_hashes(two_cases):
    hashes = [crypto.name_token_hash(w) for w in ("sari", "dahlia")]
    found = Person.objects.filter(NameTokensContain("name_index", hashes))
    assert [p.full_name for p in found] == [DAHLIA.full_name]
    assert Person.objects.filter(NameTokensContain("name_index", hashes[:1] + ["x"])).count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index exists on PostgreSQL")
def test_postgresql_plan_uses_the_gin_index(two_cases):
    hashes = [crypto.name_token_hash("tokenuji")]
    qs = Person.objects.filter(NameTokensContain("name_index", hashes)).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny table: force the index choice
        sql, params = qs.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert GIN_INDEX_NAME in plan, plan
