"""Scoring of duplicate candidates for one person at intake (issue 10 §1). Pure Python.

Given a query person and candidate records, :func:`score` adds hand-set evidence weights
(a Fellegi-Sunter-style sum of agreements and disagreements, clamped to 0–100) and returns the
reasons as codes with parameters, so the Django layer can translate them (``sigap.people``)
and plain callers can use :func:`reason_text` (Indonesian). Names are compared on the keys of
:mod:`sigap.analytics.linkage.normalise` (Muhammad/Moh./M., Nur/Nurul, titles, bin/binti,
dj/j, oe/u, tj/c, final h) with ``rapidfuzz`` for the remaining spelling differences, swapped
and dropped names. Dates: same, day/month swapped, same year, year ± 1; an estimated age is
turned into a birth year by the caller (``birth_year``). Origin: same Kemendagri area code,
same kecamatan (``32.02.01``), same kabupaten/kota (``32.02``).

The weights are domain estimates (how often a true match agrees in noisy registers, as in the
batch linkage's m-probabilities, docs/linkage.md), not fitted values; ``MATCH_VERSION`` names
this set. No value is logged; a reason's parameters hold the two spellings only for the
``name_similar`` reason, which the caller shows only where the candidate's identity may be seen.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from sigap.analytics.linkage.normalise import name_tokens

MATCH_VERSION = "match-2026.12.1"
#: Candidates scoring below this are not shown (a same-name stranger of another age stays out).
MIN_SCORE = 40
#: At most this many candidates are returned (issue 10 §1).
MAX_CANDIDATES = 10

# Evidence weights (points on a 0–100 scale).
W_NIK_SAME = 60
W_NIK_DIFFERENT = -40
W_NAME_SAME = 32
W_NAME_SPELLING = 30
W_NAME_SWAPPED = 28
W_NAME_SIMILAR = 24
W_NAME_PARTIAL = 16
W_NAME_WEAK = 8
W_NAME_DIFFERENT = -30
W_SEX_SAME = 4
W_SEX_DIFFERENT = -30
W_DOB_SAME = 26
W_DOB_SWAPPED = 20
W_DOB_YEAR_SAME = 6
W_DOB_YEAR_NEAR = 3
W_YEAR_FAR = -20
W_AREA_SAME = 12
W_KECAMATAN_SAME = 7
W_KABUPATEN_SAME = 4


@dataclass(frozen=True)
class MatchRecord:
    """One person as the scorer sees them.

    ``key``: the caller's opaque identifier (never shown). ``sex``: ``"F"``/``"M"``/``""``.
    ``date_of_birth``: exact date if known; ``birth_year``: otherwise the year from an
    estimated age (report year − age), else None. ``origin_area_code``: Kemendagri code with
    dots (``"32.02.01.2001"``) or ``""``. ``nik_hash``: keyed hash of the NIK or ``""``.
    """

    key: object
    full_name: str
    sex: str = ""
    date_of_birth: datetime.date | None = None
    birth_year: int | None = None
    origin_area_code: str = ""
    nik_hash: str = ""

    @property
    def year(self) -> int | None:
        """Birth year from the date, else the estimated year."""
        return self.date_of_birth.year if self.date_of_birth else self.birth_year


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: ``code`` (see ``REASON_TEXT_ID``), ``params`` for its text and
    the ``weight`` it added (negative for a disagreement)."""

    code: str
    weight: int
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scored:
    """A candidate's score (0–100) and its reasons, strongest first."""

    key: object
    score: int
    reasons: tuple[Reason, ...]


# Indonesian text per reason code, for callers outside Django (the Django layer translates
# the English msgids in sigap.people.reasons to the same words).
REASON_TEXT_ID = {
    "nik_same": "NIK sama",
    "nik_different": "NIK berbeda",
    "name_same": "nama sama",
    "name_similar": "nama mirip: %(query)s ~ %(candidate)s",
    "name_swapped": "urutan nama tertukar",
    "name_partial": "sebagian nama sama (ada nama yang tidak dicantumkan)",
    "name_different": "nama berbeda",
    "sex_same": "jenis kelamin sama",
    "sex_different": "jenis kelamin berbeda",
    "dob_same": "tanggal lahir sama",
    "dob_swapped": "tanggal lahir tertukar hari/bulan",
    "year_same": "tahun lahir sama",
    "year_near": "tahun lahir ±1",
    "year_far": "tahun lahir berbeda jauh",
    "area_same": "asal wilayah sama",
    "kecamatan_same": "asal kecamatan sama",
    "kabupaten_same": "asal kabupaten/kota sama",
}


def reason_text(reason: Reason) -> str:
    """The Indonesian text of ``reason`` (``"nama mirip: Nurhaliza ~ Nurhalizah"``)."""
    return REASON_TEXT_ID[reason.code] % reason.params


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def _differing_words(query: str, candidate: str) -> tuple[str, str] | None:
    """The closest pair of words spelt differently (``("Nurhaliza", "Nurhalizah")``), or
    None when no word of one name is missing from the other."""
    qw = _WORD.findall(query or "")
    cw = _WORD.findall(candidate or "")
    cf = {w.casefold() for w in cw}
    best: tuple[float, str, str] | None = None
    for q in qw:
        if q.casefold() in cf:
            continue
        for c in cw:
            if c.casefold() in {w.casefold() for w in qw}:
                continue
            ratio = fuzz.ratio(q.casefold(), c.casefold())
            if best is None or ratio > best[0]:
                best = (ratio, q, c)
    if best is None:
        return None
    return best[1], best[2]


def _name_reason(query: MatchRecord, cand: MatchRecord) -> Reason | None:
    qt, ct = name_tokens(query.full_name), name_tokens(cand.full_name)
    if not qt or not ct:
        return None
    qkey, ckey = " ".join(qt), " ".join(ct)
    same_raw = " ".join(query.full_name.casefold().split()) == " ".join(
        cand.full_name.casefold().split()
    )
    pair = None
    if not same_raw:
        pair = _differing_words(query.full_name, cand.full_name)
        if pair is None or len(_WORD.findall(query.full_name)) != len(
            _WORD.findall(cand.full_name)
        ):
            pair = (query.full_name.strip(), cand.full_name.strip())  # whole names
    similar = Reason("name_similar", 0, {"query": pair[0], "candidate": pair[1]}) if pair else None

    def with_weight(weight: int) -> Reason:
        if similar is None:
            return Reason("name_same", weight)
        return Reason(similar.code, weight, similar.params)

    if qkey == ckey:
        return Reason("name_same", W_NAME_SAME) if same_raw else with_weight(W_NAME_SPELLING)
    if sorted(qt) == sorted(ct):
        return Reason("name_swapped", W_NAME_SWAPPED)
    if "".join(qt) == "".join(ct):  # "Nur Haliza" ~ "Nurhaliza"
        return with_weight(W_NAME_SPELLING)
    sort_ratio = fuzz.token_sort_ratio(qkey, ckey)
    if sort_ratio >= 88:
        return with_weight(W_NAME_SIMILAR)
    qs, cs = set(qt), set(ct)
    if qs < cs or cs < qs:  # a name dropped on one side
        return Reason("name_partial", W_NAME_PARTIAL)
    # A dropped name plus a spelling difference: every token of the shorter name has a close
    # token in the longer one.
    short, long_ = (qt, ct) if len(qt) <= len(ct) else (ct, qt)
    if len(short) < len(long_) and all(max(fuzz.ratio(s, t) for t in long_) >= 85 for s in short):
        return Reason("name_partial", W_NAME_PARTIAL - 2)
    if sort_ratio >= 78:
        return with_weight(W_NAME_WEAK)
    if sort_ratio < 65 and fuzz.token_set_ratio(qkey, ckey) < 80:
        return Reason("name_different", W_NAME_DIFFERENT)
    return None


def _date_reason(query: MatchRecord, cand: MatchRecord) -> Reason | None:
    qd, cd = query.date_of_birth, cand.date_of_birth
    if qd and cd:
        if qd == cd:
            return Reason("dob_same", W_DOB_SAME)
        if qd.year == cd.year and qd.day == cd.month and qd.month == cd.day:
            return Reason("dob_swapped", W_DOB_SWAPPED)
        if qd.month == cd.month and qd.day == cd.day and abs(qd.year - cd.year) == 1:
            return Reason("year_near", W_DOB_SWAPPED - 8)
    qy, cy = query.year, cand.year
    if qy is None or cy is None:
        return None
    gap = abs(qy - cy)
    if gap == 0:
        return Reason("year_same", W_DOB_YEAR_SAME)
    if gap == 1:
        return Reason("year_near", W_DOB_YEAR_NEAR)
    if gap > 3:
        return Reason("year_far", W_YEAR_FAR)
    return None


def _area_reason(query: MatchRecord, cand: MatchRecord) -> Reason | None:
    q, c = query.origin_area_code, cand.origin_area_code
    if not q or not c:
        return None
    if q == c:
        return Reason("area_same", W_AREA_SAME)
    qp, cp = q.split("."), c.split(".")
    if len(qp) >= 3 and len(cp) >= 3 and qp[:3] == cp[:3]:
        return Reason("kecamatan_same", W_KECAMATAN_SAME)
    if len(qp) >= 2 and len(cp) >= 2 and qp[:2] == cp[:2]:
        return Reason("kabupaten_same", W_KABUPATEN_SAME)
    return None


def score(query: MatchRecord, cand: MatchRecord) -> Scored:
    """Score ``cand`` as a duplicate of ``query``: the clamped sum of the reasons' weights.

    Example: "Siti Nurhalizah", F, 04-03-2004, desa X against "Siti Nurhaliza", F, same
    date and desa → 30 + 4 + 26 + 12 = 72 with reasons name_similar (Nurhalizah ~
    Nurhaliza), dob_same, area_same, sex_same.
    """
    reasons: list[Reason] = []
    if query.nik_hash and cand.nik_hash:
        if query.nik_hash == cand.nik_hash:
            reasons.append(Reason("nik_same", W_NIK_SAME))
        else:
            reasons.append(Reason("nik_different", W_NIK_DIFFERENT))
    for part in (_name_reason, _date_reason, _area_reason):
        found = part(query, cand)
        if found is not None:
            reasons.append(found)
    if query.sex and cand.sex:
        if query.sex == cand.sex:
            reasons.append(Reason("sex_same", W_SEX_SAME))
        else:
            reasons.append(Reason("sex_different", W_SEX_DIFFERENT))
    total = sum(r.weight for r in reasons)
    reasons.sort(key=lambda r: -abs(r.weight))
    return Scored(key=cand.key, score=max(0, min(100, total)), reasons=tuple(reasons))


def rank(
    query: MatchRecord,
    candidates: list[MatchRecord],
    *,
    limit: int = MAX_CANDIDATES,
    min_score: int = MIN_SCORE,
) -> list[Scored]:
    """The ``limit`` best candidates scoring at least ``min_score``, or with the same NIK
    whatever their score (two records with one NIK always need a look), best first (ties:
    the caller's order, so pass candidates in a stable order)."""
    scored = [score(query, c) for c in candidates]
    kept = [
        s for s in scored if s.score >= min_score or any(r.code == "nik_same" for r in s.reasons)
    ]
    kept.sort(key=lambda s: -s.score)
    return kept[:limit]
