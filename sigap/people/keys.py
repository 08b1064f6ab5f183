"""Blocking keys for the duplicate check (issue 10 §1): which persons are worth scoring.

A person gets a handful of keys (see :func:`plain_keys`), each stored as a keyed hash
(HMAC-SHA256 with ``SIGAP_HASH_KEY``, purpose ``block``, 80 bits) in ``people.PersonKey``; a
query expands its own keys (birth year ± 1, or ± 2 for an estimated age; day and month
swapped) and reads only the index entries of those keys. The name words are normalised by
:mod:`sigap.analytics.linkage.normalise` (Muhammad/Moh./M., Nur/Nurul, titles, bin/binti,
dj/j, oe/u, tj/c, final h, doubled letters) and then folded phonetically (:func:`phonetic`:
z/s, v/f, q/k, y/i, kh/k, sy/s), so a one-letter spelling variant shares its keys.

Keys hold no plaintext. Like ``Person.name_index`` they reveal which persons share a key to
whoever reads the table, never the value.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone

from sigap.analytics.linkage.normalise import name_tokens
from sigap.core.crypto import keyed_hash

KEY_CHARS = 20  # 80 bits of HMAC per key
BULK_ROWS = 1000  # from this many key rows on, keys_refresh writes them in one COPY
MAX_TOKENS = 8

_FOLD = [("kh", "k"), ("sy", "s"), ("dz", "s"), ("ph", "f"), ("z", "s"), ("v", "f")]
_FOLD += [("q", "k"), ("x", "ks"), ("y", "i")]


def phonetic(token: str) -> str:
    """A normalised name word folded further for blocking: ``"rizky"`` → ``"riski"``,
    ``"nurhalizah"`` → ``"nurhalisa"`` (after normalise), ``"syafiq"`` → ``"safik"``."""
    for old, new in _FOLD:
        token = token.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", token)


def name_words(full_name: str) -> list[str]:
    """Distinct phonetic words of a name, in order, at most ``MAX_TOKENS``."""
    return list(_name_words(full_name))


@functools.lru_cache(maxsize=100_000)
def _name_words(full_name: str) -> tuple[str, ...]:
    words = [phonetic(t) for t in name_tokens(full_name)]
    return tuple(dict.fromkeys(w for w in words if w))[:MAX_TOKENS]


def kabupaten(area_code: str | None) -> str:
    """The kabupaten/kota part of a Kemendagri code (``"32.02.01.2001"`` → ``"32.02"``)."""
    parts = (area_code or "").split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else ""


def plain_keys(
    *,
    full_name: str,
    date_of_birth: datetime.date | None = None,
    birth_years: Iterable[int] = (),
    month_days: Iterable[str] = (),
    dates: Iterable[datetime.date] = (),
    area_code: str = "",
) -> set[str]:
    """The keys before hashing: per name word ``ty|word|year``, ``td|word|MMDD`` and
    ``ta|word|kabupaten``; the whole name sorted (``nn|``) and run together (``nc|``); the
    birth date with the kabupaten (``da|``). A stored person passes one year, one MMDD and one
    date; a query passes its expansions."""
    words = name_words(full_name)
    kab = kabupaten(area_code)
    years, mds, ds = list(birth_years), list(month_days), list(dates)
    keys: set[str] = set()
    for w in words:
        keys.update(f"ty|{w}|{y}" for y in years)
        keys.update(f"td|{w}|{md}" for md in mds)
        if kab:
            keys.add(f"ta|{w}|{kab}")
    if words:
        keys.add("nn|" + " ".join(sorted(words)))
        keys.add("nc|" + "".join(words))
    if kab:
        keys.update(f"da|{d.isoformat()}|{kab}" for d in ds)
    return keys


def hashed(keys: Iterable[str]) -> list[str]:
    """Keyed hashes of plain keys, sorted (``KEY_CHARS`` hex characters each)."""
    secret = settings.SIGAP_HASH_KEY
    return sorted({_block_hash(secret, k) for k in keys})


@functools.lru_cache(maxsize=200_000)
def _block_hash(secret: str, key: str) -> str:
    # Memoised per (hash key, plain key): persons share most keys (a word and a year), and bulk
    # loads hash millions of them. ``secret`` is part of the memo key, so a changed
    # SIGAP_HASH_KEY never returns an old hash.
    return keyed_hash(key, purpose="block")[:KEY_CHARS]


def birth_year_of(person) -> int | None:
    """The year of birth of a ``cases.Person``: from the date, else the estimated age at the
    time the person was recorded (``created_at``), else None."""
    if person.date_of_birth:
        return person.date_of_birth.year
    if person.estimated_age is not None:
        recorded = person.created_at or timezone.now()
        return recorded.year - person.estimated_age
    return None


def person_keys(person) -> list[str]:
    """Hashed keys of a saved ``cases.Person``; ``[]`` for an anonymised or nameless one."""
    from sigap.cases.services import ANONYMISED

    if not person.full_name or person.full_name == ANONYMISED:
        return []
    dob = person.date_of_birth
    year = birth_year_of(person)
    return hashed(
        plain_keys(
            full_name=person.full_name or "",
            birth_years=[year] if year else [],
            month_days=[f"{dob.month:02d}{dob.day:02d}"] if dob else [],
            dates=[dob] if dob else [],
            area_code=person.origin_area_id or "",
        )
    )


def query_keys(
    *,
    full_name: str,
    date_of_birth: datetime.date | None,
    estimated_age: int | None,
    area_code: str,
    today: datetime.date,
) -> list[str]:
    """Hashed keys a query looks up: years ± 1 (± 2 from an estimated age), the day and month
    as given and swapped, the date as given and swapped."""
    years: list[int] = []
    mds: list[str] = []
    dates: list[datetime.date] = []
    if date_of_birth:
        years = [date_of_birth.year + d for d in (-1, 0, 1)]
        d, m = date_of_birth.day, date_of_birth.month
        mds = [f"{m:02d}{d:02d}"]
        dates = [date_of_birth]
        if d <= 12 and d != m:
            mds.append(f"{d:02d}{m:02d}")
            dates.append(date_of_birth.replace(month=d, day=m))
    elif estimated_age is not None:
        years = [today.year - estimated_age + d for d in (-2, -1, 0, 1, 2)]
    return hashed(
        plain_keys(
            full_name=full_name,
            birth_years=years,
            month_days=mds,
            dates=dates,
            area_code=area_code,
        )
    )


def keys_refresh(persons: list) -> None:
    """Rewrite the keys of saved ``cases.Person`` rows (delete, then insert in bulk). Called by
    every writer of persons through ``sigap.cases.person_hooks`` inside its transaction."""
    from sigap.people.models import PersonKey, PersonMerge

    persons = [p for p in persons if p.pk is not None]
    if not persons:
        return
    ids = [p.pk for p in persons]
    PersonKey.objects.filter(person_id__in=ids).delete()
    # A record merged into another (and not undone) is no candidate of its own.
    merged = set(
        PersonMerge.objects.filter(merged_id__in=ids, undone_at__isnull=True).values_list(
            "merged_id", flat=True
        )
    )
    pairs = [(p.pk, k) for p in persons if p.pk not in merged for k in person_keys(p)]
    _write_pairs(pairs)


def keys_writer(persons: list) -> Callable[[], None]:
    """For persons just created in bulk (no keys yet, merged into nobody): their keys are
    computed and their ids taken now, and the returned function writes them (with the
    connection of the thread that calls it), so a bulk loader can hash the next persons while
    these are stored. ``persons`` need ``pk``, ``full_name``, ``date_of_birth``,
    ``estimated_age``, ``created_at`` and ``origin_area_id``; a model instance is not
    required."""
    pairs = [(p.pk, k) for p in persons if p.pk is not None for k in person_keys(p)]
    return _pairs_writer(pairs)


def _write_pairs(pairs: list[tuple[int, str]]) -> None:
    from sigap.people.models import PersonKey

    if len(pairs) < BULK_ROWS:
        PersonKey.objects.bulk_create([PersonKey(person_id=i, key=k) for i, k in pairs])
        return
    _pairs_writer(pairs)()


def _pairs_writer(pairs: list[tuple[int, str]]) -> Callable[[], None]:
    """Ids from the sequence now; the returned function writes the rows in one ``COPY``
    (PostgreSQL, text lines made here) or ``executemany``."""
    from django.db import connection

    from sigap.core.bulk import reserve_ids, write_rows, write_text
    from sigap.people.models import PersonKey

    fields = [PersonKey._meta.get_field(name) for name in ("id", "person", "key")]
    ids = reserve_ids(PersonKey, len(pairs))
    if connection.vendor == "postgresql":  # keys are hex: nothing to escape
        lines = [f"{pk}\t{i}\t{k}\n" for pk, (i, k) in zip(ids, pairs, strict=True)]
        return lambda: write_text(PersonKey, fields, lines) if lines else None
    rows = [(pk, i, k) for pk, (i, k) in zip(ids, pairs, strict=True)]
    return lambda: write_rows(PersonKey, fields, rows) if rows else None
