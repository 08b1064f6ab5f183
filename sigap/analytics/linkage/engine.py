"""Batch linkage of person records with Splink on DuckDB, and syndicate networks (issue 10 §4).

``link_records(records, threshold=0.95, public_identifiers=())`` takes dicts with the
``link_records`` CSV columns and returns a :class:`LinkResult`:

- persons: records of the same person share ``cluster_id``. Splink (Fellegi-Sunter) scores
  pairs found by blocking rules; the m-probabilities are set from the domain (how often a true
  match agrees at each level, given the noise of Indonesian registers) and the u-probabilities
  are estimated from the data by random sampling; the prior is estimated from deterministic
  rules (same NIK; same name key and birth date). A pair links when its match probability
  reaches ``threshold`` and the names are at least similar (or NIK/passport agree): shared
  identifiers alone never merge two persons. Names carry term-frequency adjustment (a match
  on "Siti" says less than one on "Rahasiawati").
- networks: suspects and recruiters join the same ``syndicate_cluster_id`` when they are the
  same person, appear in the same case, or share a phone, bank account, handle or passport
  that is not public. Public identifiers (an agency hotline, a bank's call centre, a payment
  gateway) never link: those given in ``public_identifiers`` (marked by an analyst), those
  recorded for victims or witnesses of three or more cases under three or more different names
  (numbers victims call), and those used in more than ``max_identifier_cases`` cases.

``pairs_blocked(records, pairs)`` / ``blocking_recall(records, true_pairs)`` evaluate the same
blocking rules on the same prepared table for given pairs only (blocking recall at a million
records, where the list of every blocked pair costs more memory than the linkage).

Runs in one process on the embedded DuckDB; for a national deployment the same settings run on
Splink's Spark backend (docs/linkage.md).
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from sigap.analytics.linkage import normalise as nz

SUSPECT_ROLES = {"suspect", "recruiter", "tersangka", "perekrut", "trafficker"}
PERSON_BLOCKING: list = [
    "l.nik = r.nik",
    "l.passport = r.passport",
    "l.phone = r.phone",
    "l.name_key = r.name_key AND l.byear = r.byear",
    # Swapped given and family name ("Nababan Pia" / "Pia Nababan"), and words joined or split
    # ("Nur Haliza" / "Nurhaliza"). Only for names of two words or more on at least one side:
    # a one-word name (Nur, Siti, Slamet, Muhammad) is shared by thousands of unrelated people,
    # and at a million records those blocks alone gave a hundred million pairs.
    "l.name_sorted_multi = r.name_sorted_multi AND l.sex = r.sex",
    "l.name_compact_multi = r.name_compact",
    "l.name_compact = r.name_compact_multi",
    "l.dob = r.dob AND l.area_kab = r.area_kab",
    "l.dob = r.dob AND substr(l.name_compact, 1, 2) = substr(r.name_compact, 1, 2)",
    "substr(l.name_compact, 1, 4) = substr(r.name_compact, 1, 4) AND l.area = r.area",
    # Family name, birth year and sex catch a misspelt given name with no village; the first
    # letter of the given name is added because the family names in use are few (at a million
    # records the block without it gave 37 million pairs) and a first letter is the part of a
    # name least often mistyped (Pollock and Zamora 1984).
    "l.last_token = r.last_token AND l.byear = r.byear AND l.sex = r.sex AND l.initial = r.initial",
    "l.first_token = r.first_token AND l.area = r.area AND l.sex = r.sex",
    "l.name_sorted = r.name_sorted AND l.area_kab = r.area_kab",
    # A birth year computed from an age ("umur 28") is one off the true year about half the
    # time (birthday not yet reached in the report year), so the village + sex block is taken
    # on two-year bins shifted by one: any two years at most one apart share one of them.
    "l.area = r.area AND l.byear2 = r.byear2 AND l.sex = r.sex",
    "l.area = r.area AND l.byear2s = r.byear2s AND l.sex = r.sex",
    # Day and month of birth are copied right more often than the year (a year off by one
    # from an age or a mistyped digit): same given name, same day and month, years at most one
    # apart (the two shifted two-year bins again; without them the block gave 5.7M pairs at 1M).
    "l.first_token = r.first_token AND l.mmdd = r.mmdd AND l.byear2 = r.byear2",
    "l.first_token = r.first_token AND l.mmdd = r.mmdd AND l.byear2s = r.byear2s",
    # A misspelt or replaced given name within the regency: family name and the first letter
    # of the given name (on sex alone this block gave 6M pairs at 1M).
    "l.last_token = r.last_token AND l.area_kab = r.area_kab AND l.initial = r.initial",
    # Indonesian registers swap, drop and join name words ("Widya Ilsa Yuniar" / "Yuniar
    # Widya", "Rini Queen" / "Riniqueen"), so the first/last-token rules miss such pairs: any
    # one shared name word (exploded, compared word by word) with the same birth date, or
    # with the same village, brings them together. Both second keys are selective enough
    # that common words (Siti, Nur, Muhammad) stay cheap.
    {
        "blocking_rule": "l.name_tokens = r.name_tokens AND l.dob = r.dob",
        "arrays_to_explode": ["name_tokens"],
    },
    {
        "blocking_rule": "l.name_tokens = r.name_tokens AND l.area = r.area",
        "arrays_to_explode": ["name_tokens"],
    },
]


@dataclass
class LinkResult:
    """``clusters``: record_id -> cluster_id; ``syndicates``: record_id -> syndicate id (only
    suspects and recruiters); ``pairs``: DataFrame of linked pairs with ``match_weight``,
    ``match_probability`` and the per-comparison gamma levels that explain each link;
    ``public_identifiers``: the identifiers treated as public."""

    clusters: dict[str, str]
    syndicates: dict[str, str]
    pairs: pd.DataFrame
    public_identifiers: set[str]


_AGE = re.compile(
    r"\s*(\d{1,3})(?:[.,]0*)?(?:\s*(?:tahun|thn|th|years?|yrs?|y)\.?)?\s*$", re.IGNORECASE
)


def _byear(dob: datetime.date | None, age: str, report: datetime.date | None) -> int | None:
    if dob:
        return dob.year
    # "17", and as registers and spreadsheets write it: "17 tahun", "17 th", "17.0".
    found = _AGE.match(str(age))
    if not found:
        return None
    a = int(found.group(1))
    if not 0 <= a <= 120:
        return None
    return (report.year if report else datetime.date.today().year) - a  # noqa: DTZ011


def nik_birth_date(nik: str, report: datetime.date | None) -> datetime.date | None:
    """The birth date a 16-digit NIK encodes (Permendagri: digits 7-12 are DDMMYY, with 40
    added to the day for women), the century chosen so that the date is not after the
    report; None when the digits do not form a date."""
    if len(nik) != 16:
        return None
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    ref = report or datetime.date.today()  # noqa: DTZ011
    year = 2000 + yy if 2000 + yy <= ref.year else 1900 + yy
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


_NAME_COLUMNS = (
    "name_key",
    "name_sorted",
    "name_compact",
    "name_sorted_multi",
    "name_compact_multi",
    "initial",
    "name_tokens",
    "name_core",
    "first_token",
    "last_token",
)
_COLUMNS = (
    "unique_id",
    *_NAME_COLUMNS,
    "sex",
    "dob",
    "mmdd",
    "byear",
    "area",
    "area_kab",
    "area_prov",
    "nik",
    "phone",
    "passport",
    "birth_place",
)
_SEX = {"L": "L", "P": "P", "M": "L", "F": "P", "W": "P"}


@functools.lru_cache(maxsize=1 << 18)
def _name_fields(raw: str | None) -> tuple:
    """The name columns of one full name (cached: a million records repeat many names)."""
    tokens = nz.name_tokens(raw)
    key = " ".join(tokens)
    multi = len(tokens) > 1
    return (
        key or None,
        " ".join(sorted(tokens)) or None,
        "".join(tokens) or None,
        " ".join(sorted(tokens)) if multi else None,
        "".join(tokens) if multi else None,
        tokens[0][:1] if tokens else None,
        sorted(set(tokens)),
        " ".join(_core(tokens)) or None,
        tokens[0] if tokens else None,
        tokens[-1] if multi else None,
    )


def prepare(records: Iterable[dict], public: set[str] | None = None) -> pd.DataFrame:
    """One row per record with the normalised columns Splink compares (see PERSON_BLOCKING).
    Public phone numbers are blanked for person linkage."""
    public = public or set()
    cols: dict[str, list] = {c: [] for c in _COLUMNS}
    name_cols = [cols[c] for c in _NAME_COLUMNS]
    for rec in records:
        get = rec.get
        report = nz.parse_date(get("report_date"))
        nik = nz.digits(get("nik"))
        nik_dob = nik_birth_date(nik, report)
        # Registers fill a missing NIK with placeholders ("0", "0000000000000000",
        # "1234567890123456"): only a NIK with a province code and a birth date is one. A
        # shared placeholder would otherwise be "same NIK" for unrelated persons, which links
        # them whatever their names (the name and relatives checks give way to the NIK).
        if not (nik_dob and nik[:2] >= "11" and nik[12:] != "0000"):
            nik = ""
        # A record without a birth date but with a NIK still carries one: the NIK encodes it
        # (and its first six digits are the kecamatan of registration, so the regency).
        dob = nz.parse_date(get("date_of_birth")) or (nik_dob if nik else None)
        for col, value in zip(name_cols, _name_fields(get("full_name")), strict=True):
            col.append(value)
        area = (get("origin_area_code") or "").strip()
        phone = nz.phone_e164(get("phone"))
        iso = dob.isoformat() if dob else None
        cols["unique_id"].append(str(rec["record_id"]))
        cols["sex"].append(_SEX.get((get("sex") or "").strip().upper()[:1]))
        cols["dob"].append(iso)
        cols["mmdd"].append(iso[5:] if iso else None)
        cols["byear"].append(_byear(dob, get("age") or "", report))
        cols["area"].append(area or None)
        cols["area_kab"].append(area[:5] or _nik_kab(nik) or None)
        cols["area_prov"].append(area[:2] or nik[:2] or None)
        cols["nik"].append(nik or None)
        cols["phone"].append(phone if phone and phone not in public else None)
        cols["passport"].append(nz.upper_alnum(get("passport_no")) or None)
        cols["birth_place"].append(_name_fields(get("birth_place"))[0])
    df = pd.DataFrame(cols)
    df["byear"] = df["byear"].astype("Int64")
    df["byear2"] = df["byear"] // 2
    df["byear2s"] = (df["byear"] + 1) // 2
    return df


# Given names so common in front of another name that they say little about who it is (Siti
# Aminah / Siti Rahayu, Muhammad Rizki / Muhammad Ilham): string similarity is taken on the
# name without them, or "Muhammad Capa" ~ "Muhammad Prasetyo" scores as similar (JW 0.88).
COMMON_LEADING = {"muhammad", "siti", "nur", "sri", "ahmad", "abdul"}


def _core(tokens: list[str]) -> list[str]:
    """The name without its common leading given names (all of it if nothing else is left)."""
    i = 0
    while i < len(tokens) - 1 and tokens[i] in COMMON_LEADING:
        i += 1
    return tokens[i:]


def _nik_kab(nik: str) -> str:
    """The regency ("32.02") from a NIK's first four digits, "" when it is not a NIK."""
    return f"{nik[:2]}.{nik[2:4]}" if len(nik) == 16 else ""


def _lvl(sql, m, label, **extra):
    return {"sql_condition": sql, "m_probability": m, "label_for_charts": label, **extra}


def _null(col):
    return {
        "sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL",
        "label_for_charts": "null",
        "is_null_level": True,
    }


# u-probabilities (how often two records of different persons agree at each level) used when
# the data are too few to estimate them (``link_records`` samples them from 1,000 records up). Without them Splink falls back to its generic defaults,
# which give every exact agreement +10 bits: in a file of a few hundred records "same sex" alone
# then outweighs a different age and family name, and the women of one village merge into one
# person. Domain guesses, on the cautious side for a task force's file of one regency or
# province, where villages and regencies repeat far more than across Indonesia.
DEFAULT_U = {
    "name": {
        "same name": 0.002,
        "same names, other order or spacing": 0.0005,
        "very similar": 0.002,
        "similar": 0.01,
        "somewhat similar": 0.1,
        "different": 0.88,
    },
    "dob": {
        "same birth date": 0.0002,
        "day and month swapped": 0.00002,
        "year off by one": 0.0003,
        "same year": 0.03,
        "different": 0.97,
    },
    "birth_year": {"birth year within one": 0.1, "different": 0.9},
    "sex": {"same sex": 0.5, "different": 0.5},
    "origin": {
        "same village": 0.002,
        "same regency": 0.03,
        "same province": 0.2,
        "different": 0.745,
    },
    "nik": {"same NIK": 0.00001, "NIK one digit apart": 0.0001, "different": 0.9999},
    "phone": {"same phone": 0.001, "different": 0.999},
    "passport": {"same passport": 0.00001, "different": 0.99999},
    "birth_place": {"same birth place": 0.05, "different": 0.95},
}


def settings(prior: float, *, default_u: bool = False) -> dict:
    """The Splink settings dict (DuckDB SQL). m-probabilities are domain estimates; with
    ``default_u`` the u-probabilities are too (``DEFAULT_U``, for data too few to sample)."""
    jw = "jaro_winkler_similarity"
    name = {
        "output_column_name": "name",
        "comparison_levels": [
            _null("name_key"),
            _lvl(
                "name_key_l = name_key_r",
                0.55,
                "same name",
                tf_adjustment_column="name_key",
                tf_adjustment_weight=1.0,
            ),
            _lvl(
                "name_sorted_l = name_sorted_r OR name_compact_l = name_compact_r",
                0.12,
                "same names, other order or spacing",
            ),
            _lvl(
                f"{jw}(name_key_l, name_key_r) >= 0.94 AND {jw}(name_core_l, name_core_r) >= 0.9",
                0.12,
                "very similar",
            ),
            _lvl(
                f"({jw}(name_key_l, name_key_r) >= 0.88 OR {jw}(name_compact_l, name_compact_r) >= 0.92)"
                f" AND {jw}(name_core_l, name_core_r) >= 0.85"
                # One name's words all in the other ("Siti Nurhaliza" in "Siti Nurhaliza
                # Putri"), when the shorter has two words or more: a bare "Siti" is in
                # thousands of names.
                " OR (list_has_all(str_split(name_key_l, ' '), str_split(name_key_r, ' '))"
                "     AND strpos(name_key_r, ' ') > 0)"
                " OR (list_has_all(str_split(name_key_r, ' '), str_split(name_key_l, ' '))"
                "     AND strpos(name_key_l, ' ') > 0)",
                0.12,
                "similar",
            ),
            _lvl(
                f"{jw}(name_key_l, name_key_r) >= 0.75 OR {jw}(name_sorted_l, name_sorted_r) >= 0.85",
                0.06,
                "somewhat similar",
            ),
            _lvl("ELSE", 0.03, "different"),
        ],
    }
    dob = {
        "output_column_name": "dob",
        "comparison_levels": [
            _null("dob"),
            _lvl("dob_l = dob_r", 0.83, "same birth date"),
            _lvl(
                "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2)"
                " AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)",
                0.05,
                "day and month swapped",
            ),
            _lvl(
                "substr(dob_l, 6, 5) = substr(dob_r, 6, 5)"
                " AND abs(CAST(substr(dob_l, 1, 4) AS INTEGER) - CAST(substr(dob_r, 1, 4) AS INTEGER)) = 1",
                0.06,
                "year off by one",
            ),
            _lvl("substr(dob_l, 1, 4) = substr(dob_r, 1, 4)", 0.04, "same year"),
            # Registers get a date wrong in the ways above (swaps, a year off, only the year
            # right); a wholly different birth date is strong evidence of another person.
            _lvl("ELSE", 0.02, "different"),
        ],
    }
    byear = {
        "output_column_name": "birth_year",
        "comparison_levels": [
            {
                "sql_condition": "(dob_l IS NOT NULL AND dob_r IS NOT NULL) OR byear_l IS NULL"
                " OR byear_r IS NULL",
                "label_for_charts": "not used",
                "is_null_level": True,
            },
            _lvl("abs(byear_l - byear_r) <= 1", 0.95, "birth year within one"),
            _lvl("ELSE", 0.05, "different"),
        ],
    }
    sex = {
        "output_column_name": "sex",
        "comparison_levels": [
            _null("sex"),
            _lvl("sex_l = sex_r", 0.98, "same sex"),
            _lvl("ELSE", 0.02, "different"),
        ],
    }
    area = {
        "output_column_name": "origin",
        "comparison_levels": [
            _null("area"),
            _lvl("area_l = area_r", 0.86, "same village"),
            _lvl("area_kab_l = area_kab_r", 0.08, "same regency"),
            _lvl("area_prov_l = area_prov_r", 0.03, "same province"),
            _lvl("ELSE", 0.03, "different"),
        ],
    }
    nik = {
        "output_column_name": "nik",
        "comparison_levels": [
            _null("nik"),
            _lvl("nik_l = nik_r", 0.97, "same NIK"),
            _lvl("levenshtein(nik_l, nik_r) <= 1", 0.02, "NIK one digit apart"),
            _lvl("ELSE", 0.01, "different"),
        ],
    }
    phone = {
        "output_column_name": "phone",
        "comparison_levels": [
            _null("phone"),
            _lvl("phone_l = phone_r", 0.7, "same phone"),
            _lvl("ELSE", 0.3, "different"),
        ],
    }
    passport = {
        "output_column_name": "passport",
        "comparison_levels": [
            _null("passport"),
            _lvl("passport_l = passport_r", 0.95, "same passport"),
            _lvl("ELSE", 0.05, "different"),
        ],
    }
    birth_place = {
        "output_column_name": "birth_place",
        "comparison_levels": [
            {
                # The birth place is most often the home village or town itself: when the
                # origin villages already agree, counting the birth place again would weigh
                # the same fact twice (Fellegi-Sunter assumes independent comparisons).
                "sql_condition": "birth_place_l IS NULL OR birth_place_r IS NULL OR area_l = area_r",
                "label_for_charts": "null or already counted as the origin",
                "is_null_level": True,
            },
            _lvl(f"{jw}(birth_place_l, birth_place_r) >= 0.9", 0.85, "same birth place"),
            _lvl("ELSE", 0.15, "different"),
        ],
    }
    comparisons = [name, dob, byear, sex, area, nik, phone, passport, birth_place]
    for comparison in comparisons if default_u else ():
        defaults = DEFAULT_U[comparison["output_column_name"]]
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                level["u_probability"] = defaults[level["label_for_charts"]]
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": _blocking_rules(),
        "retain_intermediate_calculation_columns": True,
        "retain_matching_columns": False,
    }


def _blocking_rules() -> list[dict]:
    """PERSON_BLOCKING as Splink blocking-rule dicts (``blocking_rule`` and, for the rules
    compared word by word, ``arrays_to_explode``): what ``settings()`` gives Splink and what
    ``pairs_blocked()`` evaluates."""
    return [rule if isinstance(rule, dict) else {"blocking_rule": rule} for rule in PERSON_BLOCKING]


def _prepared(
    records: list[dict],
    public_identifiers: Iterable[str],
    max_identifier_cases: int,
    say: Callable[[str, float], None] = lambda step, frac: None,
) -> tuple[pd.DataFrame, set[str]]:
    """The table Splink links (``prepare()`` with the public phone numbers blanked) and the
    set of public identifiers, exactly as ``link_records`` builds them. Raises ValueError on
    duplicate record ids."""
    ids = [str(r["record_id"]) for r in records]
    if len(set(ids)) != len(ids):
        raise ValueError("record_id values must be unique")
    say("identifiers", 0.05)
    public = public_identifiers_of(records, public_identifiers, max_cases=max_identifier_cases)
    public_phones = {k.split(":", 1)[1] for k in public if k.startswith("phone:")}
    say("normalise", 0.1)
    return prepare(records, public_phones), public


def pairs_blocked(
    records: list[dict],
    pairs: Iterable[tuple[str, str]],
    *,
    public_identifiers: Iterable[str] = (),
    max_identifier_cases: int = 25,
) -> list[bool]:
    """For each pair ``(record_id, record_id)`` of ``pairs``, whether ``link_records`` (same
    ``records``, ``public_identifiers`` and ``max_identifier_cases``) compares it: True when at
    least one rule of PERSON_BLOCKING holds for it. Returns a list of bools, one per pair, in
    the order given; the order within a pair does not matter.

    It evaluates the rules' SQL on the given pairs only, so it costs memory in the number of
    records and pairs, not in the number of blocked pairs (tens of millions at a million
    records): the table is the one Splink links (``_prepared``, public phones blanked), each
    pair is oriented as Splink's dedupe join orients it (``l.unique_id < r.unique_id``, so a
    rule that is not symmetric is read the same way), and a rule with ``arrays_to_explode``
    is evaluated on the arrays unnested the way Splink unnests them (a pair is blocked when
    the condition holds for some element of each side; an empty or NULL array gives no row).
    Splink excludes from each rule the pairs of the rules before it only to avoid duplicates,
    which does not change the union measured here.

    Raises ValueError on duplicate record ids in ``records``, and on a pair naming a record
    id not in ``records`` or the same record twice.
    """
    import duckdb

    df, _public = _prepared(records, public_identifiers, max_identifier_cases)
    known = set(df["unique_id"])
    left, right = [], []
    for a, b in pairs:
        a, b = str(a), str(b)
        if a == b:
            raise ValueError(f"pair of record {a!r} with itself")
        if a not in known or b not in known:
            raise ValueError(f"pair ({a!r}, {b!r}) names a record id not in records")
        left.append(a)
        right.append(b)
    if not left:
        return []
    con = duckdb.connect()
    try:
        con.register("records_df", df)
        con.execute("CREATE TABLE t AS SELECT * FROM records_df")
        con.unregister("records_df")
        con.register("pairs_df", pd.DataFrame({"a": left, "b": right}))
        con.execute(
            "CREATE TABLE p AS SELECT row_number() OVER () - 1 AS i,"
            " least(a, b) AS id_l, greatest(a, b) AS id_r FROM pairs_df"
        )
        con.unregister("pairs_df")
        columns = list(df.columns)
        hit: set[int] = set()
        plain = [r["blocking_rule"] for r in _blocking_rules() if not r.get("arrays_to_explode")]
        if plain:
            cond = " OR ".join(f"coalesce(({sql}), false)" for sql in plain)
            hit.update(
                i
                for (i,) in con.execute(
                    f"SELECT p.i FROM p JOIN t l ON l.unique_id = p.id_l"
                    f" JOIN t r ON r.unique_id = p.id_r WHERE {cond}"
                ).fetchall()
            )
        for rule in _blocking_rules():
            arrays = rule.get("arrays_to_explode")
            if not arrays:
                continue
            # One array after the other, as Splink's DuckDB dialect does (explode_arrays_sql):
            # several arrays give every combination of their elements.
            table = "SELECT * FROM t"
            for col in arrays:
                rest = ", ".join(c for c in columns if c != col)
                table = f"SELECT unnest({col}) AS {col}, {rest} FROM ({table})"
            con.execute(f"CREATE OR REPLACE TEMP TABLE x AS {table}")
            hit.update(
                i
                for (i,) in con.execute(
                    f"SELECT DISTINCT p.i FROM p JOIN x l ON l.unique_id = p.id_l"
                    f" JOIN x r ON r.unique_id = p.id_r WHERE ({rule['blocking_rule']})"
                ).fetchall()
            )
    finally:
        con.close()
    return [i in hit for i in range(len(left))]


def blocking_recall(
    records: list[dict],
    true_pairs: Iterable[tuple[str, str]],
    *,
    public_identifiers: Iterable[str] = (),
    max_identifier_cases: int = 25,
) -> float:
    """Blocking recall: the share of ``true_pairs`` (pairs of record ids of one person) that
    at least one rule of PERSON_BLOCKING brings together in ``link_records`` (see
    ``pairs_blocked``, whose errors it raises); 1.0 when there are no pairs."""
    flags = pairs_blocked(
        records,
        true_pairs,
        public_identifiers=public_identifiers,
        max_identifier_cases=max_identifier_cases,
    )
    return sum(flags) / len(flags) if flags else 1.0


def _union_find(ids: list[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb
    return {i: find(i) for i in ids}


def public_identifiers_of(
    records: list[dict], marked: Iterable[str] = (), *, max_cases: int = 25
) -> set[str]:
    """Identifiers that must not link cases: ``marked`` by an analyst (normalised the same
    way), those recorded for victims or witnesses of three or more cases under three or more
    different names, and those appearing in
    more than ``max_cases`` distinct cases."""
    public = {_id_key("phone", m) or m for m in marked} | {_id_key("any", m) for m in marked}
    victim_names: dict[str, set] = {}
    all_cases: dict[str, set] = {}
    for rec in records:
        case = rec.get("case_ref") or rec["record_id"]
        is_suspect = (rec.get("role") or "").lower() in SUSPECT_ROLES
        # The given name after a leading Siti/Nur/Muhammad (COMMON_LEADING): victims named
        # Siti Aminah, Siti Rahayu and Siti Lestari are three names, not one.
        first = (_core(nz.name_tokens(rec.get("full_name"))) or [""])[0]
        for key in _identifier_keys(rec):
            all_cases.setdefault(key, set()).add(case)
            if not is_suspect:
                victim_names.setdefault(key, set()).add((case, first))
    # A number given by victims or witnesses of three or more cases under three or more
    # different names is one they called (a hotline), not their own or a household's.
    for key, seen in victim_names.items():
        if len({c for c, _f in seen}) >= 3 and len({f for _c, f in seen}) >= 3:
            public.add(key)
    public |= {k for k, cases in all_cases.items() if len(cases) > max_cases}
    public.discard("")
    return public


@functools.lru_cache(maxsize=1 << 18)
def _id_key(kind: str, raw: str) -> str:
    if kind in ("phone", "any"):
        phone = nz.phone_e164(raw)
        if phone:
            return f"phone:{phone}"
        if kind == "phone":
            d = nz.digits(raw)
            return f"phone:{d}" if d else ""
    if kind == "bank":
        d = nz.digits(raw)
        return f"bank:{d}" if len(d) >= 6 else ""
    if kind == "handle":
        h = nz.handle_key(raw)
        return f"handle:{h}" if h else ""
    if kind == "passport":
        p = nz.upper_alnum(raw)
        return f"passport:{p}" if p else ""
    return ""


def _identifier_keys(rec: dict) -> list[str]:
    keys = [
        _id_key("phone", rec.get("phone") or ""),
        _id_key("bank", rec.get("bank_account") or ""),
        _id_key("handle", rec.get("social_handle") or ""),
        _id_key("passport", rec.get("passport_no") or ""),
    ]
    return [k for k in keys if k]


def link_records(
    records: list[dict],
    *,
    threshold: float = 0.95,
    public_identifiers: Iterable[str] = (),
    max_identifier_cases: int = 25,
    progress: Callable[[str, float], None] | None = None,
    keep_all_pairs: bool = False,
    memory_limit: str | None = None,
    temp_directory: str | None = None,
) -> LinkResult:
    """Cluster persons and syndicates; see the module docstring. ``records``: dicts with at
    least ``record_id`` (unique). ``progress(step, fraction)`` is called between steps.
    ``keep_all_pairs`` keeps every blocked pair in ``pairs.attrs["all_pairs"]`` (a DataFrame
    of ``unique_id_l``, ``unique_id_r``; tens of millions of rows at a million records:
    ``blocking_recall`` measures the same on given pairs without it).
    ``memory_limit`` (DuckDB syntax, e.g. ``"4GB"``) bounds DuckDB's memory, which then spills
    its joins and tables to ``temp_directory``; without it DuckDB may take 80 % of the RAM
    (a server running the app beside it needs the bound).
    Raises ValueError on duplicate record ids.
    """
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    say = progress or (lambda step, frac: None)
    ids = [str(r["record_id"]) for r in records]
    df, public = _prepared(records, public_identifiers, max_identifier_cases, say)
    n = len(df)
    pairs = pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability"])
    if n >= 2:
        import duckdb

        con = duckdb.connect()
        if memory_limit:
            con.execute("SET memory_limit = ?", [memory_limit])
            # Lets DuckDB spill the blocked-pairs table instead of failing (its own advice on
            # out-of-memory errors); the pairs are a set, their order is not used.
            con.execute("SET preserve_insertion_order = false")
        if temp_directory:
            con.execute("SET temp_directory = ?", [temp_directory])
        db_api = DuckDBAPI(connection=con)
        sdf = db_api.register(df)
        prior = max(1e-9, min(0.5, 1.0 / n))
        linker = Linker(sdf, settings(prior, default_u=n < 1000), log_level=logging.WARNING)
        say("train", 0.2)
        if n >= 1000:
            try:
                linker.training.estimate_probability_two_random_records_match(
                    [block_on("nik"), "l.name_key = r.name_key AND l.dob = r.dob"], recall=0.6
                )
            except Exception:  # noqa: BLE001 - too few deterministic matches: keep 1/n
                logging.getLogger(__name__).info("prior left at 1/n")
            settings_obj = linker._settings_obj
            if not 0 < settings_obj._probability_two_random_records_match < 1:
                # No record pair agrees on NIK or on name and birth date (a register without
                # NIKs or birth dates): Splink estimates 0, whose log is undefined in predict.
                logging.getLogger(__name__).info("no deterministic matches: prior left at 1/n")
                settings_obj._probability_two_random_records_match = prior
            linker.training.estimate_u_using_random_sampling(max_pairs=min(2e6, n * 20), seed=1)
        say("predict", 0.4)
        predictions = linker.inference.predict(
            threshold_match_probability=None if keep_all_pairs else threshold * 0.5,
            warning_mode="never",
        )
        table = predictions.physical_name
        con = db_api._con
        say("filter", 0.8)
        all_pairs = None
        if keep_all_pairs:
            all_pairs = con.execute(f"SELECT unique_id_l, unique_id_r FROM {table}").df()
        # A link needs a similar name (Jaro-Winkler >= 0.75 on the name key, or >= 0.8 without
        # spaces or with the words sorted, or one name's words all in the other) or the same
        # NIK or passport: shared phones and places alone never merge two
        # persons. Nor are relatives: the same family name with a clearly different given
        # name (Jaro-Winkler < 0.8 on the first word after Muhammad/Siti/Nur/Sri, and neither
        # given name among the other's words) is a sibling or a twin, who shares birth date,
        # village and household phone; only the same NIK or passport links them. Likewise two
        # names that share only a common leading name and differ in the given name after it
        # ("Siti Rahayu" / "Siti Nurhaliza", "Muhammad Rizki" / "Muhammad Ilham"): different
        # women and men of one village and age, whom Jaro-Winkler's bonus for the shared
        # prefix would otherwise call similar.
        # mw_* are the per-comparison match weights that explain each link.
        source = sdf.physical_name
        given_l = "split_part(l.name_core, ' ', 1)"
        given_r = "split_part(r.name_core, ' ', 1)"
        leading = ", ".join(f"'{name}'" for name in sorted(COMMON_LEADING))
        pairs = con.execute(
            f"""SELECT p.unique_id_l, p.unique_id_r, p.match_weight, p.match_probability,
                       p.mw_name, p.mw_dob, p.mw_birth_year, p.mw_sex, p.mw_origin, p.mw_nik,
                       p.mw_phone, p.mw_passport, p.mw_birth_place
                FROM {table} p
                JOIN {source} l ON l.unique_id = p.unique_id_l
                JOIN {source} r ON r.unique_id = p.unique_id_r
                WHERE p.match_probability >= {float(threshold)}
                  AND (jaro_winkler_similarity(l.name_key, r.name_key) >= 0.75
                       OR jaro_winkler_similarity(l.name_compact, r.name_compact) >= 0.8
                       OR jaro_winkler_similarity(l.name_sorted, r.name_sorted) >= 0.8
                       OR list_has_all(str_split(l.name_key, ' '), str_split(r.name_key, ' '))
                       OR list_has_all(str_split(r.name_key, ' '), str_split(l.name_key, ' '))
                       OR l.nik = r.nik OR l.passport = r.passport)
                  AND NOT coalesce(
                       (l.last_token = r.last_token
                        OR (split_part(l.name_key, ' ', 1) = split_part(r.name_key, ' ', 1)
                            AND split_part(l.name_key, ' ', 1) IN ({leading})))
                       AND jaro_winkler_similarity({given_l}, {given_r}) < 0.8
                       AND NOT list_contains(l.name_tokens, {given_r})
                       AND NOT list_contains(r.name_tokens, {given_l})
                       AND NOT coalesce(l.nik = r.nik OR l.passport = r.passport, false),
                       false)"""
        ).df()
        if all_pairs is not None:
            pairs.attrs["all_pairs"] = all_pairs
    say("cluster", 0.9)
    clusters = _union_find(ids, zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True))
    syndicates = _syndicates(records, clusters, public)
    say("done", 1.0)
    return LinkResult(clusters, syndicates, pairs, public)


def _syndicates(records: list[dict], clusters: dict[str, str], public: set[str]) -> dict:
    suspects = [r for r in records if (r.get("role") or "").lower() in SUSPECT_ROLES]
    ids = [str(r["record_id"]) for r in suspects]
    if not ids:
        return {}
    by_key: dict[str, str] = {}
    edges = []
    for rec in suspects:
        rid = str(rec["record_id"])
        keys = [f"person:{clusters[rid]}"]
        if rec.get("case_ref"):
            keys.append(f"case:{rec['case_ref']}")
        keys += [k for k in _identifier_keys(rec) if k not in public]
        for k in keys:
            if k in by_key:
                edges.append((by_key[k], rid))
            else:
                by_key[k] = rid
    roots = _union_find(ids, edges)
    return {rid: f"S-{root}" for rid, root in roots.items()}
