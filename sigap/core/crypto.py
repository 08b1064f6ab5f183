"""Field encryption and keyed hashes for personal data at rest (issue 3 §7).

- **Encryption**: Fernet (AES-128-CBC + HMAC-SHA256, from the well-kept ``cryptography``
  package) through ``MultiFernet``. ``settings.SIGAP_FIELD_KEYS`` is a list of Fernet keys; the
  first encrypts, every key decrypts, so a new key can be put in front and old rows re-encrypted
  with ``manage.py rotate_keys``.
- **Keyed hashes**: HMAC-SHA256 with ``settings.SIGAP_HASH_KEY``, one *purpose* prefix per use
  (``nik``, ``name``) so equal values in different fields never share a digest. They allow exact
  search (a NIK, a whole word of a name) without storing the plaintext; without the key a
  16-digit NIK could be brute-forced from a plain SHA-256, which is why the hash is keyed.

Nothing here logs or raises with a value in the message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sigap.core.text import name_clean

NAME_TOKEN_CHARS = 20  # 80 bits of HMAC per name word: collisions are negligible at city scale
NAME_MAX_TOKENS = 16  # words of a name that are indexed (16 × 21 characters fit the column)


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key (no value in the text)."""


def dev_key(secret_key: str, purpose: str) -> str:
    """A deterministic urlsafe-base64 32-byte key derived from ``secret_key`` (DEBUG/tests only).

    Used by settings when ``SIGAP_FIELD_KEYS`` / ``SIGAP_HASH_KEY`` are unset and development
    keys are allowed; production must set real keys (ImproperlyConfigured otherwise).
    """
    digest = hashlib.sha256(f"sigap-{purpose}:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def parse_keys(raw: str) -> list[str]:
    """Split a comma-separated key list (whitespace and newlines allowed), blanks dropped."""
    return [item.strip() for item in re.split(r"[,\s]+", raw or "") if item.strip()]


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("SIGAP_FIELD_KEYS holds no key")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "SIGAP_FIELD_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)"
        ) from exc


def _fernet() -> MultiFernet:
    # Read the setting on every call (cached per key tuple) so override_settings works.
    return _multifernet(tuple(settings.SIGAP_FIELD_KEYS))


def encrypt(plaintext: str) -> str:
    """Encrypt ``plaintext`` with the current (first) key; returns an ASCII token."""
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token made by :func:`encrypt` with any configured key."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured SIGAP_FIELD_KEYS"
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt ``token`` with the current key (``MultiFernet.rotate``)."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured SIGAP_FIELD_KEYS"
        ) from exc


def is_current(token: str) -> bool:
    """True when ``token`` decrypts with the current (first) key alone."""
    keys = tuple(settings.SIGAP_FIELD_KEYS)
    try:
        Fernet(keys[0]).decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) of ``value`` with ``SIGAP_HASH_KEY``, separated by ``purpose``."""
    key = settings.SIGAP_HASH_KEY
    if not key:
        raise ImproperlyConfigured("SIGAP_HASH_KEY is empty")
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def nik_hash(nik: str) -> str:
    """Keyed hash of a NIK (digits only), or ``""`` for a blank NIK."""
    digits = re.sub(r"\D", "", nik or "")
    return keyed_hash(digits, purpose="nik") if digits else ""


def name_tokens(name: str) -> list[str]:
    """Normalised words of a name: cleaned by :func:`sigap.core.text.name_clean` (zero-width
    and bidi control characters dropped), case-folded, accents removed, split on
    non-letters/digits.

    ``"Siti  Nur'aini"`` → ``["siti", "nur", "aini"]``.
    """
    text = unicodedata.normalize("NFKD", name_clean(name))  # one name normaliser, core.text
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return [t for t in re.split(r"[^\w]+|_", text) if t]


def name_token_hash(token: str) -> str:
    """The keyed hash of one normalised name word, shortened to ``NAME_TOKEN_CHARS``."""
    return keyed_hash(token, purpose="name")[:NAME_TOKEN_CHARS]


def name_index(name: str) -> str:
    """Space-delimited keyed hashes of the distinct words of ``name`` (``" h1 h2 "``), or ``""``.

    A whole word is found with ``name_index__contains=f" {name_token_hash(word)} "``.
    """
    words = list(dict.fromkeys(name_tokens(name)))[:NAME_MAX_TOKENS]
    hashes = sorted(name_token_hash(t) for t in words)
    return f" {' '.join(hashes)} " if hashes else ""
