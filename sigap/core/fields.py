"""Model fields that keep personal data encrypted at rest (see sigap.core.crypto).

``EncryptedCharField`` and ``EncryptedDateField`` behave like ``CharField`` and ``DateField``
in Python (forms, validators, ``max_length`` on the plaintext, ``person.full_name`` reads and
writes plaintext) but store a Fernet token in a ``text`` column. A blank string is stored as
``""`` and a missing date as NULL, so "has a phone number" stays queryable; every other value is
encrypted with a random IV, so equal values give different tokens.

Because of that, the database cannot compare or search the plaintext: only ``isnull`` and
``exact``/``in`` against ``""`` are allowed; any other lookup raises ``FieldError`` instead of
silently matching nothing. Exact search goes through a ``KeyedHashField`` next to the value.

``KeyedHashField`` / ``NameIndexField`` derive their value from another field in ``pre_save``
(like ``auto_now``): a row-local computation, not a side effect. Saving with ``update_fields``
must name them together with their source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldError
from django.db import connection, models, transaction
from django.db.models.lookups import Exact, In, IsNull

from sigap.core import crypto

_ALLOWED = {"isnull": IsNull}


class _BlankOnlyExact(Exact):
    """``field=""`` works; comparing with any other value cannot work on ciphertext."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError("Encrypted fields can only be compared with ''; use the keyed hash")
        return super().get_prep_lookup()


class _BlankOnlyIn(In):
    def get_prep_lookup(self):
        if any(value not in ("", None) for value in self.rhs):
            raise FieldError("Encrypted fields can only be compared with ''; use the keyed hash")
        return super().get_prep_lookup()


class _EncryptedMixin:
    """Shared storage logic: ``text`` column, Fernet token per value, restricted lookups."""

    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _BlankOnlyExact
        if lookup_name == "in":
            return _BlankOnlyIn
        if lookup_name in _ALLOWED:
            return _ALLOWED[lookup_name]
        return None

    def get_transform(self, lookup_name):
        return None

    def _to_text(self, value) -> str:
        return str(value)

    def _from_text(self, text: str):
        return text

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(self._to_text(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self._from_text(crypto.decrypt(value))


class EncryptedCharField(_EncryptedMixin, models.CharField):
    """A ``CharField`` stored encrypted; ``max_length`` applies to the plaintext."""

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def cast_db_type(self, connection):
        return self.db_type(connection)


class EncryptedDateField(_EncryptedMixin, models.DateField):
    """A ``DateField`` (a ``datetime.date`` in Python) stored as an encrypted ISO date."""

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def _to_text(self, value) -> str:
        return value.isoformat()

    def _from_text(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)


class KeyedHashField(models.CharField):
    """HMAC-SHA256 of ``source`` (see :func:`sigap.core.crypto.nik_hash`), set on save.

    ``""`` when the source is blank. Not editable; indexed by the caller's ``db_index``.
    """

    default_max_length = 64

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", self.default_max_length)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def compute(self, value) -> str:
        return crypto.nik_hash(value or "")

    def pre_save(self, model_instance, add):
        value = self.compute(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


class NameIndexField(KeyedHashField):
    """Keyed hashes of the words of ``source`` (:func:`sigap.core.crypto.name_index`), set on
    save, for whole-word name search without storing the name.
    """

    default_max_length = 400

    def compute(self, value) -> str:
        return crypto.name_index(value or "")


class EncryptedBlobField(models.TextField):
    """A file's Fernet token made by ``sigap.core.uploads.stored_blob``: stored and read as the
    raw token (the file is decrypted with ``uploads.blob_bytes`` only when it is served), but
    marked ``encrypted`` so that ``rotate_keys`` re-encrypts it. ``rotate_batch_size`` caps the
    rows per rotation batch: one token of a 20 MB file is about 36 MB of text."""

    encrypted = True
    rotate_batch_size = 5


@dataclass
class RotationResult:
    """What :func:`rotate_model` did to one model: rows read, tokens re-encrypted with the
    current key, keyed hashes recomputed with the current hash key."""

    rows: int = 0
    reencrypted: int = 0
    rehashed: int = 0


def encrypted_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


def hash_fields(model) -> list[KeyedHashField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, KeyedHashField)]


def rotate_model(model, *, batch_size: int = 500) -> RotationResult:
    """Re-encrypt every encrypted column of ``model`` with the current (first) key
    (``MultiFernet.rotate``) and recompute its keyed hashes, in batches of ``batch_size`` rows,
    each batch in its own transaction. Idempotent: tokens already under the current key and
    hashes already right are left alone, so a second run changes nothing.

    Reads and writes the raw column values (the ORM would decrypt them); plain parameterised
    SQL, portable across SQLite and PostgreSQL. Raises DecryptionError when a value cannot be
    decrypted with any configured key (keep the old key in the list until this succeeds).
    """
    enc = encrypted_fields(model)
    batch_size = min([batch_size, *(getattr(f, "rotate_batch_size", batch_size) for f in enc)])
    hashes = [h for h in hash_fields(model) if h.source in {f.name for f in enc}]
    result = RotationResult()
    if not enc:
        return result
    by_name = {f.name: f for f in enc}
    table = connection.ops.quote_name(model._meta.db_table)
    pk = model._meta.pk
    pk_col = connection.ops.quote_name(pk.column)
    cols = [pk_col, *(connection.ops.quote_name(f.column) for f in enc)]
    cols += [connection.ops.quote_name(h.column) for h in hashes]
    select = f"SELECT {', '.join(cols)} FROM {table} WHERE {pk_col} > %s ORDER BY {pk_col}"  # noqa: S608 - names quoted, values bound
    last = 0 if pk.get_internal_type() in ("AutoField", "BigAutoField") else ""
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"{select} LIMIT %s", [last, batch_size])
            rows = cursor.fetchall()
            for row in rows:
                last = row[0]
                tokens = dict(zip([f.name for f in enc], row[1 : 1 + len(enc)], strict=True))
                stored_hashes = row[1 + len(enc) :]
                updates: dict[str, str] = {}
                for name, token in tokens.items():
                    if token and not crypto.is_current(token):
                        updates[by_name[name].column] = crypto.rotate(token)
                        result.reencrypted += 1
                for field, stored in zip(hashes, stored_hashes, strict=True):
                    token = tokens.get(field.source)
                    plain = by_name[field.source]._from_text(crypto.decrypt(token)) if token else ""
                    fresh = field.compute(plain)
                    if fresh != stored:
                        updates[field.column] = fresh
                        result.rehashed += 1
                if updates:
                    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in updates)
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {pk_col} = %s",  # noqa: S608
                        [*updates.values(), row[0]],
                    )
            result.rows += len(rows)
        if len(rows) < batch_size:
            return result
