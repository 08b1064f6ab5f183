"""No table of case data keeps a plain index that another index of the same table already
serves (issue 8: every inserted row pays for each index; ``sigap.core.migration_ops``).

Runs on the database the suite runs on (SQLite or PostgreSQL), whose schema the migrations made.
"""

import pytest
from django.apps import apps
from django.db import connection

from sigap.core.migration_ops import _single_column_indexes

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    # Unique constraints and keys are index-backed too (SQLite reports a table's own UNIQUE
    # constraint with ``index`` False).
    return {
        name: info
        for name, info in found.items()
        if info.get("columns")
        and (info.get("index") or info.get("unique") or info.get("primary_key"))
        and not info.get("foreign_key")
        and not info.get("check")
    }


#: The tables every case writes many rows to (a seeded case: ~3 persons, ~4 referrals, ~15
#: notifications, ~22 blocking keys, ~22 audit rows). Smaller tables (task force, prevention,
#: charges) still carry such indexes; they cost little and are left for later.
CASE_DATA = [
    "cases.Case", "cases.Participant", "cases.CaseExploitation", "cases.Person",
    "cases.Identification", "cases.JourneyEvent", "referrals.Referral",
    "referrals.ServiceDelivery", "casework.Notification", "casework.Task",
    "casework.Assessment", "casework.AssessmentNeed", "casework.CasePlan",
    "casework.PlannedService", "justice.PoliceReport", "justice.StageEvent",
    "people.PersonKey", "people.Identifier", "people.LinkSuggestion", "rights.RightRecord",
    "audit.AuditEvent",
]  # fmt: skip
#: Area codes are text keys: on PostgreSQL their index has a ``_like`` twin serving
#: ``LIKE '31.71.%'`` area scopes, which would go with it.
KEPT = {("cases_case", "report_area_id")}


def _partial(model) -> set[str]:
    """Names of the model's indexes and constraints with a condition (they cover only some
    rows, so they serve no general lookup)."""
    meta = model._meta
    return {
        item.name
        for item in [*meta.indexes, *meta.constraints]
        if getattr(item, "condition", None) is not None
    }


def test_no_plain_index_is_the_leading_part_of_another():
    """A plain index on ``(a)`` or ``(a, b)`` next to one on ``(a, b, ...)``: the longer one
    answers the same lookups. PostgreSQL's ``_like`` twins (``varchar_pattern_ops``, for
    ``LIKE 'prefix%'`` on area codes) serve other queries and are left out."""
    covered = []
    for label in CASE_DATA:
        model = apps.get_model(label)
        table, partial = model._meta.db_table, _partial(model)
        indexes = {n: i for n, i in _indexes(table).items() if n not in partial}
        for name, info in indexes.items():
            if info.get("unique") or info.get("primary_key") or name.endswith("_like"):
                continue
            columns = list(info["columns"])
            if len(columns) == 1 and (table, columns[0]) in KEPT:
                continue
            for other, other_info in indexes.items():
                longer = list(other_info["columns"])
                if (
                    other != name
                    and len(longer) > len(columns)
                    and longer[: len(columns)] == columns
                ):
                    covered.append(f"{table}.{name} {columns} ⊂ {other} {longer}")
    assert covered == []


@pytest.mark.parametrize(
    ("label", "field", "serving"),
    [
        ("cases.Case", "handling_agency", "case_handling_reported_idx"),
        ("cases.Participant", "case", "uniq_participant_role"),
        ("referrals.Referral", "to_agency", "referral_inbox_idx"),
        ("casework.Notification", "recipient", None),
        ("people.PersonKey", "person", "personkey_person_idx"),
    ],
)
def test_lookups_on_a_dropped_column_still_have_an_index_starting_with_it(label, field, serving):
    """The dropped single-column index left a composite one (or a declared one) whose first
    column is the same, so ``WHERE column = ...`` and the foreign key's cascades stay
    index-served."""
    model = apps.get_model(label)
    column = model._meta.get_field(field).column
    indexes = _indexes(model._meta.db_table)
    starting = {name for name, info in indexes.items() if list(info["columns"])[:1] == [column]}
    assert starting, f"no index starts with {column}"
    if serving:
        assert serving in starting


def test_the_declared_single_column_index_is_kept():
    """``_single_column_indexes`` never offers an index declared in ``Meta.indexes`` for
    dropping: PersonKey's own ``personkey_person_idx`` stays while Django's automatic one on
    the same column went."""
    model = apps.get_model("people", "PersonKey")
    field = model._meta.get_field("person")
    names = [
        name
        for name, info in _indexes(model._meta.db_table).items()
        if list(info["columns"]) == [field.column]
    ]
    assert names == ["personkey_person_idx"]

    assert _single_column_indexes(connection, model, field) == []
