"""Migration helpers shared by the apps.

:func:`drop_covered_indexes` removes the single-column index Django makes for a foreign key (or
a ``db_index=True`` field) where a composite index or unique constraint already *starts* with
that column. A B-tree on ``(a, b)`` answers every lookup on ``a`` alone (PostgreSQL manual,
"Multicolumn Indexes"; SQLite, "The SQLite Query Optimizer Overview" §1.0), so the
single-column copy only costs a write per inserted row and disk. Found by listing, on a seeded
database, every index whose columns are a leading prefix of another on the same table (issue 8:
the bulk seed and every service write pay for each index).
"""

from __future__ import annotations

from django.db import migrations


def _single_column_indexes(conn, model, field) -> list[str]:
    """Names of the plain (not unique, not primary, not declared in ``Meta.indexes``)
    indexes on exactly ``field``'s column of ``model``'s table, as the database of ``conn``
    reports them. On PostgreSQL this includes the ``..._like`` (``varchar_pattern_ops``) twin
    of a character field's index."""
    declared = {index.name for index in model._meta.indexes}
    with conn.cursor() as cursor:
        constraints = conn.introspection.get_constraints(cursor, model._meta.db_table)
    return sorted(
        name
        for name, info in constraints.items()
        if info.get("index")
        and not info.get("unique")
        and not info.get("primary_key")
        and list(info.get("columns") or []) == [field.column]
        and name not in declared
    )


def drop_covered_indexes(app_label: str, fields: list[tuple[str, str]]) -> migrations.RunPython:
    """A ``RunPython`` operation dropping, for each ``(model name, field name)`` of
    ``app_label``, the plain single-column indexes on that field's column (see the module
    docstring). Pair it with ``AlterField(..., db_index=False)`` state operations inside
    ``SeparateDatabaseAndState``: on SQLite a plain ``AlterField`` would rebuild the whole
    table (and drop the triggers on it), while ``DROP INDEX`` touches nothing else.

    Reversing makes each field's standard index again (``schema_editor._create_index_sql``),
    without PostgreSQL's ``_like`` twin, which no query of SIGAP needs on these columns.
    Raises nothing when an index is already gone (``DROP INDEX IF EXISTS``).
    """

    def forward(apps, schema_editor):
        qn = schema_editor.quote_name
        for model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            field = model._meta.get_field(field_name)
            for name in _single_column_indexes(schema_editor.connection, model, field):
                schema_editor.execute(f"DROP INDEX IF EXISTS {qn(name)}")

    def backward(apps, schema_editor):
        for model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            field = model._meta.get_field(field_name)
            if not _single_column_indexes(schema_editor.connection, model, field):
                schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))

    return migrations.RunPython(forward, backward, elidable=False)
