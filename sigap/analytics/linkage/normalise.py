"""Normalisation of Indonesian names, phone numbers and dates for linkage (issue 10 §1, §4).

Name rules (from ../shared/domain and the issue): titles and honorifics dropped (H., Hj.,
Dr., S.Sos, ...); Muhammad/Muhamad/Mohammad/Moh./Moch./M. -> muhammad; Nurul -> nur; bin/binti
dropped; the pre-1972 spellings dj -> j, tj -> c, oe -> u, sj -> sy, nj -> ny, ch -> kh
(EYD 1972; in such a name a plain j becomes y); a final h after a vowel dropped
(Nurhalizah ~ Nurhaliza, Fatimah ~ Fatima); doubled letters collapsed.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata

import phonenumbers

TITLES = {
    "h",
    "hj",
    "haji",
    "hajah",
    "hajjah",
    "dr",
    "drs",
    "dra",
    "ir",
    "prof",
    "st",
    "se",
    "sh",
    "mh",
    "mm",
    "mba",
    "spd",
    "sos",
    "ssos",
    "skm",
    "skep",
    "ns",
    "amd",
    "ama",
    "sag",
    "sthi",
    "bapak",
    "bpk",
    "ibu",
    "bu",
    "pak",
    "sdr",
    "sdri",
    "nn",
    "ny",
    "tn",
    "kh",
    "ust",
    "ustad",
    "ustadz",
    "ustazah",
    "raden",
    "rr",
    "r",
    "ajeng",
    "andi",
    "tgk",
    "teuku",
    "cut",
}
PATRONYMIC = {"bin", "binti", "bt", "bte", "bn"}
_MUHAMMAD = re.compile(
    r"^(muhammad|muhamad|muhammed|muhamed|mohammad|mohamad|mohammed|mohamed|mochammad|"
    r"mochamad|muchammad|muchamad|mukhammad|moh|moch|much|muh|mhd|md|m)$"
)
_SPELLING = [("dj", "j"), ("tj", "c"), ("oe", "u"), ("sj", "sy"), ("nj", "ny"), ("ch", "kh")]


def _ascii_words(raw: str) -> list[str]:
    text = unicodedata.normalize("NFKD", raw or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    # "S.Sos" / "S.Pd" style degrees after a comma are dropped with the comma part.
    text = text.split(",")[0]
    text = re.sub(r"[^a-z\s.'-]", " ", text)
    text = re.sub(r"['.-]", " ", text)
    return text.split()


@functools.lru_cache(maxsize=1 << 16)
def _token(word: str) -> str:
    if _MUHAMMAD.match(word):
        return "muhammad"
    if word == "nurul":
        return "nur"
    if any(old in word for old, _new in _SPELLING):
        # A pre-1972 spelling: its plain j is the modern y (Tjahjo -> Cahyo, Soejono -> Suyono),
        # while dj becomes the modern j (Djoko -> Joko).
        word = word.replace("dj", "\0")
        for old, new in _SPELLING[1:]:
            word = word.replace(old, new)
        word = word.replace("j", "y").replace("\0", "j")
    word = re.sub(r"(.)\1+", r"\1", word)
    if len(word) > 3 and word.endswith("h") and word[-2] in "aeiou":
        word = word[:-1]
    return word


def name_tokens(raw: str | None) -> list[str]:
    """Normalised name tokens: ``"Hj. Siti Nurhalizah binti Ahmad"`` -> ``["siti",
    "nurhaliza", "ahmad"]``."""
    return list(_name_tokens(raw or ""))


# Batch linkage normalises a million names, most of them repeated: the pure functions below
# are cached (bounded, so a long-running process does not grow without limit).
@functools.lru_cache(maxsize=1 << 18)
def _name_tokens(raw: str) -> tuple[str, ...]:
    words = [w for w in _ascii_words(raw) if w not in TITLES]
    return tuple(_token(w) for w in words if w not in PATRONYMIC and w)


def name_key(raw: str | None) -> str:
    """Tokens joined by one space; ``""`` for an empty name."""
    return " ".join(name_tokens(raw))


def name_sorted(raw: str | None) -> str:
    """Tokens sorted (swapped given name and family name compare equal)."""
    return " ".join(sorted(name_tokens(raw)))


def name_compact(raw: str | None) -> str:
    """Tokens without spaces ("Nur Haliza" ~ "Nurhaliza")."""
    return "".join(name_tokens(raw))


@functools.lru_cache(maxsize=1 << 18)
def phone_e164(raw: str | None, region: str = "ID") -> str:
    """A phone number in E.164 (``"0810-2233-4455"`` -> ``"+6281022334455"``), or ``""``
    when it cannot be parsed. Numbers without a country code are read as Indonesian."""
    if not raw or not re.search(r"\d{5}", re.sub(r"\D", "", raw) + "00000"):
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def digits(raw: str | None) -> str:
    """Only the digits (NIK, bank account), ``""`` if none."""
    return re.sub(r"\D", "", raw or "")


def upper_alnum(raw: str | None) -> str:
    """Upper-case letters and digits only (passport numbers, vehicle plates)."""
    return re.sub(r"[^A-Z0-9]", "", (raw or "").upper())


def handle_key(raw: str | None) -> str:
    """A social-media handle without ``@``, spaces or case: ``"@Rekrut_Asia "`` ->
    ``"rekrut_asia"``; a ``platform:handle`` prefix is kept."""
    return re.sub(r"[\s@]", "", (raw or "").lower())


@functools.lru_cache(maxsize=1 << 16)
def parse_date(raw: str | None) -> datetime.date | None:
    """ISO ``YYYY-MM-DD`` or ``DD-MM-YYYY`` / ``DD/MM/YYYY``; None when blank or invalid."""
    raw = (raw or "").strip()
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None
