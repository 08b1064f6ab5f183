"""The one normaliser for personal names typed by a person (issue 7, finding 10).

Zero-width characters and bidirectional overrides/isolates let a name look like another on
screen (``"Siti"`` with a U+202E RIGHT-TO-LEFT OVERRIDE) and split it into words no search
finds (``"Si\\u200bti"``). :func:`name_clean` is applied to every personal name on input
(forms through ``NameField``, the API through its serializers, and the services that store a
name) and inside ``sigap.core.crypto.name_tokens``, so the search hashes of a stored name and of
a search term agree.
"""

from __future__ import annotations

import re
import unicodedata

# Unicode general categories removed: Cf (format: zero-width space/joiners, bidi embeddings,
# overrides and isolates U+202A-202E / U+2066-2069, soft hyphen, BOM), Cc (controls), Co
# (private use) and Cs (lone surrogates). Whitespace (also Cc, e.g. tab, newline) becomes a space.
REMOVED_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cs"})
_SPACES = re.compile(r"\s+")


def name_clean(value: str | None) -> str:
    """``value`` in NFKC form without invisible/format/control characters, with runs of
    whitespace collapsed to one space and no leading or trailing space; ``""`` for None.

    ``"  Siti\\u200b \\u202eNur\\t Aini "`` → ``"Siti Nur Aini"``; full-width ``"Ｓｉｔｉ"`` →
    ``"Siti"``. Never raises.
    """
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(" " if ch.isspace() else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in REMOVED_CATEGORIES)
    return _SPACES.sub(" ", text).strip()
