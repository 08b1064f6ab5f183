"""Transparent, versioned screening of job offers for trafficking red flags (issue 9 §3).

Pure Python (no Django): ``screen()`` takes the offer's text and/or checklist answers, a ruleset
(the data structure documented in ``default_rules``) and optionally the names of licensed
placement companies (P3MI), and returns every flag with the exact words that raised it, its
source, a score and a risk level. It recommends; a person decides.

Scoring: each red flag counts once with its weight; mitigations (official channel, work visa,
licensed P3MI) subtract theirs. ``high`` when the score reaches ``thresholds.high``, or when a
*critical* flag is present and the score still reaches ``thresholds.critical_high``; ``medium``
from ``thresholds.medium``; else ``low``. Texts that read as warnings or news (two or more
distinct ``warning_markers``: "waspada", "ciri-ciri", "tersangka", ...) are damped: the score
is multiplied by ``warning_factor`` and the level is never ``high``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

NEGATORS = re.compile(
    r"\b(tidak|tdk|tak|gak|ga|nggak|ngga|enggak|bukan|tanpa|bebas|jangan|dilarang|never|not|"
    r"no|without|free of|zero|nol|gratis|anti|melarang|larangan|mencegah|hindari)\b"
)
# Words just after a match that cancel it: "biaya penempatan ditanggung pemberi kerja".
NEGATORS_AFTER = re.compile(
    r"^\W{0,3}(\w+\W+){0,3}?(ditanggung|dibayar (oleh )?(majikan|pemberi kerja|perusahaan|"
    r"pemerintah|negara)|gratis|free|covered|waived|nol rupiah|rp ?0\b|tidak dipungut|"
    r"dibebaskan|tidak ada)"
)
_NEG_WINDOW = 28  # characters before a match searched for a negator

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


@dataclass(frozen=True)
class Flag:
    """One rule that fired. ``evidence`` holds the exact words of the text (or the checklist
    question) that triggered it; ``weight`` is negative for mitigations."""

    code: str
    label: str
    source: str
    weight: float
    kind: str  # "red_flag" | "mitigation"
    critical: bool
    evidence: tuple[str, ...]

    def as_dict(self) -> dict:
        """``{"code", "label", "evidence": [str], "source", "weight"}`` for JSON output."""
        return {
            "code": self.code,
            "label": self.label,
            "evidence": list(self.evidence),
            "source": self.source,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class ScreeningResult:
    """Outcome of one screening. ``flags`` are red flags, ``mitigations`` the factors that
    lowered the score; ``damped`` is true when the text reads as a warning leaflet or news."""

    risk_level: str  # "high" | "medium" | "low"
    score: float
    flags: tuple[Flag, ...]
    mitigations: tuple[Flag, ...]
    ruleset_version: str
    damped: bool = False
    salary_idr_month: int | None = None
    destination: str | None = None
    companies: tuple[str, ...] = field(default_factory=tuple)

    @property
    def flag_codes(self) -> set[str]:
        """The codes of the red flags, e.g. ``{"NON_WORK_VISA", "FEE_UPFRONT"}``."""
        return {f.code for f in self.flags}

    def as_dict(self) -> dict:
        """The API shape: ``{"risk_level", "score", "flags", "mitigations", "ruleset_version",
        "damped"}``."""
        return {
            "risk_level": self.risk_level,
            "score": self.score,
            "flags": [f.as_dict() for f in self.flags],
            "mitigations": [f.as_dict() for f in self.mitigations],
            "ruleset_version": self.ruleset_version,
            "damped": self.damped,
        }


class RulesetError(ValueError):
    """The ruleset data is malformed (missing key, bad regex, unknown rule code)."""


# --- normalisation ----------------------------------------------------------------------------


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case, NFKC-fold, drop zero-width and control characters, collapse runs of three or
    more equal letters ("gratisss" -> "gratis") and whitespace runs.

    Returns ``(normalised, index_map)`` where ``index_map[i]`` is the index in ``text`` of the
    character that produced ``normalised[i]``, so evidence can be quoted from the original.
    """
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        if ch in _ZERO_WIDTH or (unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\n\t"):
            continue
        for c in unicodedata.normalize("NFKC", ch).lower():
            if c.isspace():
                c = " "
                if out and out[-1] == " ":
                    continue
            out.append(c)
            idx.append(i)
    # Runs of three or more equal letters become one ("gratisss" -> "gratis").
    final: list[str] = []
    final_idx: list[int] = []
    n = 0
    while n < len(out):
        m = n
        while m < len(out) and out[m] == out[n]:
            m += 1
        keep = 1 if (m - n >= 3 and out[n].isalpha()) else m - n
        final.extend(out[n : n + keep])
        final_idx.extend(idx[n : n + keep])
        n = m
    return "".join(final), final_idx


def _quote(text: str, norm_idx: list[int], start: int, end: int) -> str:
    if start >= len(norm_idx):
        return ""
    a = norm_idx[start]
    b = norm_idx[max(start, end - 1)] + 1
    return " ".join(text[a:b].split())


# --- compiled ruleset -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    code: str
    label: dict
    source: str
    weight: float
    critical: bool
    kind: str
    negatable: bool
    requires_work: bool
    patterns: tuple[re.Pattern, ...]
    requires: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class _Compiled:
    version: str
    rules: dict[str, _Rule]
    order: tuple[str, ...]
    thresholds: dict
    warnings: tuple[re.Pattern, ...]
    warning_min: int
    warning_factor: float
    work: tuple[re.Pattern, ...]
    abroad: tuple[re.Pattern, ...]
    questions: dict[str, dict]
    salary: dict
    salary_keywords: re.Pattern
    unskilled: re.Pattern
    skilled: re.Pattern
    countries: tuple[tuple[str, re.Pattern, int], ...]
    unlicensed_rule: str
    licensed_rule: str


def _rx(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RulesetError(f"Bad pattern {pattern!r}: {exc}") from exc


def compile_ruleset(ruleset: dict) -> _Compiled:
    """Validate and compile a ruleset dict (see ``default_rules``). Raises RulesetError."""
    try:
        rules: dict[str, _Rule] = {}
        order = []
        for r in ruleset["rules"]:
            label = r["label"]
            if not isinstance(label, dict) or "id" not in label:
                raise RulesetError(f"Rule {r.get('code')} needs label.id")
            rules[r["code"]] = _Rule(
                code=r["code"],
                label=label,
                source=r["source"],
                weight=float(r["weight"]),
                critical=bool(r.get("critical", False)),
                kind=r.get("kind", "red_flag"),
                negatable=bool(r.get("negatable", False)),
                requires_work=bool(r.get("requires_work", False)),
                patterns=tuple(_rx(p) for p in r.get("patterns", [])),
                requires=tuple(_rx(p) for p in r.get("requires", [])),
            )
            order.append(r["code"])
        questions = {q["code"]: q for q in ruleset.get("questions", [])}
        for q in questions.values():
            if q["rule"] not in rules:
                raise RulesetError(f"Question {q['code']} points to unknown rule {q['rule']}")
        sal = ruleset["salary"]
        for key in ("unlicensed_rule", "licensed_rule"):
            if ruleset[key] not in rules:
                raise RulesetError(f"{key} {ruleset[key]} is not a rule")
        if sal["rule"] not in rules:
            raise RulesetError(f"salary.rule {sal['rule']} is not a rule")
        return _Compiled(
            version=str(ruleset["version"]),
            rules=rules,
            order=tuple(order),
            thresholds={k: float(v) for k, v in ruleset["thresholds"].items()},
            warnings=tuple(_rx(p) for p in ruleset.get("warning_markers", [])),
            warning_min=int(ruleset.get("warning_min_markers", 2)),
            warning_factor=float(ruleset.get("warning_factor", 0.5)),
            work=tuple(_rx(p) for p in ruleset.get("work_context", [])),
            abroad=tuple(_rx(p) for p in ruleset.get("abroad_context", [])),
            questions=questions,
            salary=sal,
            salary_keywords=_rx(sal["keywords"]),
            unskilled=_rx(sal["unskilled"]),
            skilled=_rx(sal["skilled"]),
            countries=tuple(
                (c["name"], _rx(c["pattern"]), int(c["norm_idr"])) for c in sal["countries"]
            ),
            unlicensed_rule=ruleset["unlicensed_rule"],
            licensed_rule=ruleset["licensed_rule"],
        )
    except KeyError as exc:
        raise RulesetError(f"Ruleset lacks key {exc}") from exc


@lru_cache(maxsize=16)
def _compiled_cached(key: str, ruleset_json: str) -> _Compiled:
    import json

    return compile_ruleset(json.loads(ruleset_json))


def _compiled(ruleset: dict) -> _Compiled:
    import json

    blob = json.dumps(ruleset, sort_keys=True)
    return _compiled_cached(str(ruleset.get("version")), blob)


# --- salary ----------------------------------------------------------------------------------

_CUR = (
    r"rp\.?|idr|usd|us\$|\$|rm|myr|sgd|s\$|nt\$|ntd|twd|hkd|hk\$|¥|jpy|yen|krw|won|sar|riyal|"
    r"aed|dirham|thb|baht|eur|€|aud|gbp|£|cny|rmb|yuan|qar|kwd"
)
_CUR_WORD = (
    r"rupiah|usd|dollar|dolar|rm|ringgit|sgd|ntd|nt|twd|hkd|yen|won|riyal|real|dirham|baht|euro|"
    r"aud|pound|yuan|rmb|ribu rupiah"
)
_AMOUNT = re.compile(
    rf"(?P<cur>{_CUR})?\s?(?P<num>\d{{1,3}}(?:[.,]\d{{3}})+|\d+(?:[.,]\d+)?)\s?"
    rf"(?P<mult>jt|juta|jeti|rb|ribu|rbu|k|million)?\b\s?(?P<cur2>{_CUR_WORD})?\b"
    rf"(?P<per>\s?(/|per|se)\s?(hari|day|minggu|week|jam|hour|tahun|year|bulan|month|bln))?"
)
_RANGE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:-|–|s/?d|sampai|hingga|to|~)\s*(\d+(?:[.,]\d+)?)\s*"
    r"(jt|juta|rb|ribu|k|usd|dollar|dolar|rm|ringgit|ntd|nt|yen|won|sgd|hkd|baht|riyal)\b"
)
_CURRENCY_CODE = {
    "rp": "idr",
    "rp.": "idr",
    "idr": "idr",
    "rupiah": "idr",
    "ribu rupiah": "idr",
    "usd": "usd",
    "us$": "usd",
    "$": "usd",
    "dollar": "usd",
    "dolar": "usd",
    "rm": "myr",
    "myr": "myr",
    "ringgit": "myr",
    "sgd": "sgd",
    "s$": "sgd",
    "nt$": "twd",
    "ntd": "twd",
    "nt": "twd",
    "twd": "twd",
    "hkd": "hkd",
    "hk$": "hkd",
    "¥": "jpy",
    "jpy": "jpy",
    "yen": "jpy",
    "krw": "krw",
    "won": "krw",
    "sar": "sar",
    "riyal": "sar",
    "real": "sar",
    "aed": "aed",
    "dirham": "aed",
    "thb": "thb",
    "baht": "thb",
    "eur": "eur",
    "€": "eur",
    "euro": "eur",
    "aud": "aud",
    "gbp": "gbp",
    "£": "gbp",
    "pound": "gbp",
    "cny": "cny",
    "rmb": "cny",
    "yuan": "cny",
    "qar": "qar",
    "kwd": "kwd",
}


def _parse_number(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        return float(re.sub(r"[.,]", "", raw))
    return float(raw.replace(",", "."))


def extract_salaries(norm: str, rates: dict) -> list[tuple[int, int, int, str]]:
    """Monthly salaries in IDR named near a salary word in normalised text.

    Returns ``[(idr_per_month, start, end, currency), ...]`` (offsets in ``norm``; currency
    an ISO-like lower-case code such as "idr", "usd", "myr"). Ranges ("15-25 juta")
    count at their upper end; daily pay is taken as 26 days, weekly as 4.3 weeks, hourly as
    200 hours, yearly as twelve months. Amounts with no currency are rupiah when at least
    Rp 100,000 or written with juta/ribu; other bare numbers are ignored.
    """
    text = _RANGE.sub(lambda m: f"{m.group(2)} {m.group(3)}", norm)
    # Offsets below refer to ``text``; ranges shorten it slightly, so map back approximately
    # by searching the evidence in ``norm`` later. Keep offsets for ``text`` (quoted from it).
    out = []
    kw = re.compile(
        r"\b(gaji|gajian|digaji|salary|sallary|salery|upah|pendapatan|penghasilan|income|"
        r"take home|thp|bayaran|gj|pay|wage|wages|earn|komisi)\b"
    )
    for m in _AMOUNT.finditer(text):
        if not (m.group("cur") or m.group("mult") or m.group("cur2")) and len(m.group("num")) < 6:
            continue
        window = text[max(0, m.start() - 40) : m.start()]
        if not kw.search(window):
            continue
        try:
            value = _parse_number(m.group("num"))
        except ValueError:
            continue
        mult = (m.group("mult") or "").lower()
        if mult in ("jt", "juta", "jeti", "million"):
            value *= 1_000_000
        elif mult in ("rb", "ribu", "rbu", "k"):
            value *= 1_000
        cur_raw = (m.group("cur") or m.group("cur2") or "").strip().lower()
        cur = _CURRENCY_CODE.get(cur_raw)
        if cur is None:
            if value >= 100_000 or mult in ("jt", "juta", "jeti", "rb", "ribu", "rbu"):
                cur = "idr"
            else:
                continue
        rate = float(rates.get(cur, 0))
        if not rate:
            continue
        idr = value * rate
        per = (m.group("per") or "").lower()
        if any(w in per for w in ("hari", "day")):
            idr *= 26
        elif any(w in per for w in ("minggu", "week")):
            idr *= 4.3
        elif any(w in per for w in ("jam", "hour")):
            idr *= 200
        elif any(w in per for w in ("tahun", "year")):
            idr /= 12
        if 100_000 <= idr <= 10_000_000_000:
            out.append((int(idr), m.start(), m.end(), cur))
    return out


# --- screening -------------------------------------------------------------------------------


def _negated(norm: str, start: int, end: int) -> bool:
    before = norm[max(0, start - _NEG_WINDOW) : start]
    # Only the words directly before the match (same clause) count.
    before = re.split(r"[.;:!?\n,]", before)[-1]
    inside = norm[start:end]
    after = re.split(r"[.,;:!?\n]", norm[end : end + 40])[0]
    return (
        bool(NEGATORS.search(before))
        or bool(NEGATORS_AFTER.search(after))
        or bool(re.search(r"\b(tidak|tak|bukan|never|not|won'?t)\b", inside))
    )


def _company_names(norm: str) -> list[str]:
    names = []
    for m in re.finditer(
        r"\b(?:pt|p\.t\.?)\.?\s+([a-z0-9&'\- ]{3,60}?)(?=\s*[,.;:\n()!?/]|\s+(?:adalah|yang|"
        r"membuka|buka|merekrut|menerima|resmi|terdaftar|berizin|sebagai|di|ke|untuk|dengan|"
        r"hub|hubungi|telp|wa|alamat|jl|jalan|membutuhkan|butuh|mencari|is|opens?|hiring|"
        r"recruits?|seeks?|licensed|registered|sedang|kembali|mengundang|menyediakan)\b|$)",
        norm,
    ):
        name = " ".join(m.group(1).split())
        if len(name) >= 3:
            names.append(name)
    return names


def company_key(name: str) -> str:
    name = name.lower()
    name = re.sub(r"^\s*(pt|p\.t\.?)\.?\s+", "", name)
    name = re.sub(r"[^a-z0-9 ]", " ", name)
    return " ".join(name.split())


def match_licensed(names: list[str], licensed: list[str], *, cutoff: float = 90.0) -> dict:
    """Match company names found in a text against licensed P3MI names (fuzzy).

    Returns ``{name_in_text: licensed_name_or_None}``. Uses rapidfuzz's token-set ratio on the
    names without "PT" and punctuation; a score >= ``cutoff`` (0-100) counts as the same
    company (spelling slips, word order).
    """
    from rapidfuzz import fuzz, process

    keys = [company_key(n) for n in licensed]
    result = {}
    for name in names:
        key = company_key(name)
        best = process.extractOne(key, keys, scorer=fuzz.token_set_ratio) if keys else None
        if best and best[1] >= cutoff and len(key) >= 4:
            result[name] = licensed[best[2]]
        else:
            result[name] = None
    return result


def screen(
    text: str = "",
    answers: dict | None = None,
    *,
    ruleset: dict,
    licensed_agencies: list[str] | None = None,
    language: str = "id",
) -> ScreeningResult:
    """Screen one job offer.

    ``text``: the offer as pasted (any language mix; at most a few pages). ``answers``:
    checklist answers ``{question_code: bool}`` from ``ruleset["questions"]`` (unknown codes
    raise RulesetError). ``licensed_agencies``: names of licensed P3MI; when given, a company
    named in a text about work abroad that is not among them raises ``unlicensed_rule`` and
    one that is lowers the score (``licensed_rule``). ``language``: "id" or "en" for labels.
    Raises RulesetError on a malformed ruleset.
    """
    c = _compiled(ruleset)
    answers = answers or {}
    for key in answers:
        if key not in c.questions:
            raise RulesetError(f"Unknown checklist question {key}")
    norm, idx = normalise(text or "")
    lang = language if language in ("id", "en") else "id"

    def label(rule: _Rule) -> str:
        return rule.label.get(lang) or rule.label["id"]

    evidence: dict[str, list[str]] = {}
    work = any(p.search(norm) for p in c.work)
    abroad = any(p.search(norm) for p in c.abroad)

    for code in c.order:
        rule = c.rules[code]
        if not rule.patterns:
            continue
        if rule.requires_work and not work:
            continue
        if rule.requires and not any(
            not _negated(norm, m.start(), m.end()) for p in rule.requires for m in p.finditer(norm)
        ):
            continue
        for pattern in rule.patterns:
            for m in pattern.finditer(norm):
                if rule.negatable and _negated(norm, m.start(), m.end()):
                    continue
                quote = _quote(text, idx, m.start(), m.end())
                if quote and quote not in evidence.setdefault(code, []):
                    evidence[code].append(quote)

    # Destination and salary against the norm for the job and country.
    destination = None
    norm_idr = c.salary["domestic_norm_idr"]
    for name, pattern, country_norm in c.countries:
        if pattern.search(norm):
            destination, norm_idr = name, country_norm
            break
    if destination is None and abroad:
        norm_idr = c.salary["abroad_default_norm_idr"]
    if destination is not None:
        abroad = True
    factor = float(c.salary["factor"])
    if c.skilled.search(norm) and not c.unskilled.search(norm):
        factor = float(c.salary["skilled_factor"])
    salaries = extract_salaries(norm, c.salary["rates_idr"])
    if destination is None and not abroad and any(s[3] != "idr" for s in salaries):
        # Paid in a foreign currency: work abroad, destination unnamed.
        abroad = True
        norm_idr = c.salary["abroad_default_norm_idr"]
    salary_top = max((s[0] for s in salaries), default=None)
    if salary_top is not None and salary_top > norm_idr * factor:
        text_ranged = _RANGE.sub(lambda m: f"{m.group(2)} {m.group(3)}", norm)
        top = max(salaries, key=lambda s: s[0])
        quote = " ".join(text_ranged[top[1] : top[2]].split())
        evidence.setdefault(c.salary["rule"], []).append(
            f"{quote} (≈ Rp {salary_top:,}/bulan; wajar ≤ Rp {int(norm_idr * factor):,})".replace(
                ",", "."
            )
        )

    companies = tuple(_company_names(norm))
    if licensed_agencies is not None and companies:
        matched = match_licensed(list(companies), licensed_agencies)
        for name, lic in matched.items():
            if lic:
                evidence.setdefault(c.licensed_rule, []).append(f"PT {name} ~ {lic}")
            elif abroad and work:
                evidence.setdefault(c.unlicensed_rule, []).append(
                    f"PT {name}: tidak ditemukan di daftar P3MI berizin"
                    if lang == "id"
                    else f"PT {name}: not in the licensed P3MI list"
                )

    for qcode, value in answers.items():
        if value is True:
            q = c.questions[qcode]
            qlabel = q["label"].get(lang) or q["label"]["id"]
            evidence.setdefault(q["rule"], []).append(qlabel)

    flags = []
    mitigations = []
    for code in c.order:
        if code not in evidence:
            continue
        rule = c.rules[code]
        flag = Flag(
            code=code,
            label=label(rule),
            source=rule.source,
            weight=rule.weight,
            kind=rule.kind,
            critical=rule.critical,
            evidence=tuple(evidence[code][:5]),
        )
        (mitigations if rule.kind == "mitigation" else flags).append(flag)

    raw = sum(f.weight for f in flags) + sum(f.weight for f in mitigations)
    markers = sum(1 for p in c.warnings if p.search(norm))
    damped = markers >= c.warning_min
    score = max(0.0, raw)
    if damped:
        score *= c.warning_factor
    t = c.thresholds
    critical = any(f.critical for f in flags)
    if not damped and (score >= t["high"] or (critical and score >= t["critical_high"])):
        level = "high"
    elif score >= t["medium"]:
        level = "medium"
    else:
        level = "low"
    return ScreeningResult(
        risk_level=level,
        score=round(score, 1),
        flags=tuple(flags),
        mitigations=tuple(mitigations),
        ruleset_version=c.version,
        damped=damped,
        salary_idr_month=salary_top,
        destination=destination,
        companies=companies,
    )
