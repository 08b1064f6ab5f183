"""Progress of long background work, saved where a page can read it while the work is still
inside its own transaction or statement (issue 8 §1, issue 12 §1).

A task that commits everything at the end (an import) or keeps its connection busy with one
long statement (an export by ``COPY``) cannot save progress on its own connection: the row
would be invisible until the end, or the connection is not free. :func:`side_progress` saves
it on a second connection instead.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connections
from django.utils import timezone


@contextmanager
def side_progress(model, pk, *, field: str, using: str = "default", touch: str = ""):
    """Context manager yielding ``write(n)``, which sets ``field`` of the row ``pk`` of
    ``model`` to ``n`` (and ``touch``, if given, to now) on a second database connection,
    committed at once, so other requests see it while the caller's own transaction or
    statement is still running. The connection is closed on exit.

    PostgreSQL only: SQLite has a single writer, busy with the caller's work, so there
    ``write`` is None and progress shows when the work ends. ``model`` and ``field`` are ours
    (never from input); ``n`` is a parameter.
    """
    if connections[using].vendor != "postgresql":
        yield None
        return
    side = connections.create_connection(using)
    table = model._meta.db_table
    column = model._meta.get_field(field).column
    sets = f'"{column}" = %s'
    if touch:
        sets += f', "{model._meta.get_field(touch).column}" = %s'

    def write(n: int) -> None:
        params = [n, timezone.now()] if touch else [n]
        with side.cursor() as cursor:
            cursor.execute(f'UPDATE "{table}" SET {sets} WHERE id = %s', [*params, pk])  # noqa: S608

    try:
        yield write
    finally:
        side.close()
