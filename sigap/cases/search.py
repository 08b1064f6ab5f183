"""Name and NIK search as index lookups (issue 8 §4): no ``LIKE '%…%'`` over every person.

``Person.name_index`` holds the keyed hashes of a name's words as ``" h1 h2 "``
(:func:`sigap.core.crypto.name_index`). On PostgreSQL a GIN index on the array of those
hashes (``string_to_array(btrim(name_index), ' ')``, migration
``cases.0005_person_name_tokens_gin``) makes "every searched word occurs" one index lookup:
``string_to_array(btrim(name_index), ' ') @> ARRAY[h1, h2]::text[]``. The index is derived
from the column by the database itself, so every writer (services, bulk seed, anonymisation,
key rotation, merges) keeps it right without code of its own. On SQLite (the embedded
default, small data) the same test is a ``LIKE '% h %'`` per word over the column.

A NIK goes through ``Person.nik_hash`` (a b-tree index). Hashes are keyed
(``SIGAP_HASH_KEY``): the query carries no name or NIK in clear.
"""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import BooleanField, Expression, F, Q

from sigap.core import crypto

# The exact expression of the GIN index: a query must repeat it for the planner to use it.
TOKENS_SQL = "string_to_array(btrim({column}), ' ')"
GIN_INDEX_NAME = "person_name_tokens_gin"


class NameTokensContain(Expression):
    """Boolean SQL: the name-word hashes in ``column`` include every hash in ``hashes``.

    ``column``: an ``F()`` path to a ``Person.name_index`` (``"name_index"`` from Person,
    ``"person__name_index"`` from Participant); ``hashes``: keyed hashes from
    :func:`sigap.core.crypto.name_token_hash`. PostgreSQL: array containment served by the GIN
    index; other databases: one ``LIKE '% h %'`` per hash (a scan; SQLite is for small data).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, hashes: list[str]):
        super().__init__()
        self.column = F(column)
        self.hashes = list(hashes)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        parts = [f"{sql} LIKE %s" for _ in self.hashes]
        return "(" + " AND ".join(parts) + ")", [
            p for h in self.hashes for p in (*params, f"% {h} %")
        ]

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"({TOKENS_SQL.format(column=sql)} @> %s::text[])", [*params, self.hashes]


def identity_search_q(term: str, *, prefix: str = "person__") -> Q | None:
    """Filter for an exact NIK (16 digits, spaces ignored) or whole name words, or None when
    ``term`` holds neither. ``prefix`` is the path from the queried model to ``Person``
    (``"person__"`` from Participant, ``""`` from Person). Every word given must occur; case
    and accents are ignored (:func:`sigap.core.crypto.name_tokens`); substrings never match.
    """
    digits = term.replace(" ", "")
    if len(digits) == 16 and digits.isdigit():
        return Q(**{f"{prefix}nik_hash": crypto.nik_hash(digits)})
    words = list(dict.fromkeys(crypto.name_tokens(term)))[: crypto.NAME_MAX_TOKENS]
    if not words:
        return None
    return Q(NameTokensContain(f"{prefix}name_index", [crypto.name_token_hash(w) for w in words]))


class IdIn(Expression):
    """Boolean SQL: ``column`` is one of ``ids`` (ints), sent as one parameter whatever their
    number: ``= ANY(%s::bigint[])`` on PostgreSQL, ``IN (SELECT value FROM json_each(%s))``
    elsewhere. Django's ``__in`` with a list sends one placeholder per id, and the driver's
    parsing of ten thousand placeholders cost more than the query (issue 8 §4)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, ids: list[int]):
        super().__init__()
        self.column = F(column)
        self.ids = [int(i) for i in ids]

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.ids)]  # noqa: S608

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} = ANY(%s::bigint[])", [*params, self.ids]


def name_word_hashes(term: str) -> list[str]:
    """The keyed hashes of the distinct name words of ``term`` (at most
    ``crypto.NAME_MAX_TOKENS``), or ``[]`` when ``term`` is a NIK or holds no word: the
    tokens of ``Person.name_index`` and of ``CaseNameToken``."""
    digits = term.replace(" ", "")
    if len(digits) == 16 and digits.isdigit():
        return []
    words = list(dict.fromkeys(crypto.name_tokens(term)))[: crypto.NAME_MAX_TOKENS]
    return [crypto.name_token_hash(w) for w in words]


def uses_gin() -> bool:
    """True when name search runs on the GIN index (PostgreSQL)."""
    return connection.vendor == "postgresql"
