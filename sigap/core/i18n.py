"""Translation catalogue tooling that needs no gettext binaries (CI runs without them).

msgids are English; ``locale/id/LC_MESSAGES/django.po`` holds the Indonesian translations.
Workflow (on a machine with Debian's ``gettext`` package, for extraction only)::

    DJANGO_DEBUG=true python manage.py makemessages -l id --ignore=.venv --ignore=staticfiles \
        --ignore=var --ignore=node_modules --ignore=test-artifacts
    # translate every new or fuzzy entry in locale/id/LC_MESSAGES/django.po, then
    python manage.py check_translations      # untranslated, fuzzy, placeholders, not extracted
    python manage.py compile_translations    # .po -> .mo with polib (the .mo is gitignored)

:func:`extract_messages` re-implements the extraction step in pure Python (``ast`` for Python
files, Django's own ``templatize`` for templates) so a test can prove that every marked string
is in the catalogue without ``xgettext``.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation.template import templatize

LANGUAGE = "id"
# Directories never scanned (same list as the makemessages --ignore options above).
IGNORED_DIRS = {".venv", "staticfiles", "var", "node_modules", "test-artifacts", "__pycache__"}
TEMPLATE_SUFFIXES = {".html", ".txt"}

# Function name -> positions of (context, singular, plural) among the call's arguments;
# the same keywords makemessages passes to xgettext.
_KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}

_PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifeEgGxXor]|%[sdif]|\{\w*\}")


@dataclass(frozen=True)
class Message:
    """One translatable string as it appears (or must appear) in the catalogue."""

    msgid: str
    context: str | None = None
    plural: str | None = None

    def __str__(self) -> str:
        text = repr(self.msgid)
        if self.plural is not None:
            text += f" / plural {self.plural!r}"
        if self.context is not None:
            text = f"[{self.context}] {text}"
        return text


def project_root() -> Path:
    return Path(settings.BASE_DIR)


def catalogue_path(language: str = LANGUAGE) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def load_catalogue(language: str = LANGUAGE) -> polib.POFile:
    return polib.pofile(str(catalogue_path(language)), wrapwidth=100)


# --- compiling -----------------------------------------------------------------------------


def compile_catalogues(*, only_if_stale: bool = False) -> int:
    """Compile every ``locale/*/LC_MESSAGES/*.po`` next to itself as ``.mo``; return the count.

    The ``.mo`` is written to a temporary file and renamed, so parallel test workers never read
    a half-written catalogue. With ``only_if_stale`` a ``.mo`` newer than its ``.po`` is kept.
    """
    count = 0
    for locale_dir in settings.LOCALE_PATHS:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if (
                only_if_stale
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            tmp_path = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.tmp")
            polib.pofile(str(po_path)).save_as_mofile(str(tmp_path))
            os.replace(tmp_path, mo_path)
            count += 1
    return count


# --- extraction ------------------------------------------------------------------------------


def _project_files(root: Path, suffixes: set[str]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if Path(name).suffix in suffixes:
                yield Path(dirpath) / name


def _message_from_args(name: str, args: list[str | None]) -> Message | None:
    ctx_pos, sing_pos, plural_pos = _KEYWORDS[name]
    needed = [p for p in (ctx_pos, sing_pos, plural_pos) if p is not None]
    if len(args) <= max(needed) or any(args[p] is None for p in needed):
        return None  # not literal strings: xgettext skips these too
    return Message(
        msgid=args[sing_pos],
        context=args[ctx_pos] if ctx_pos is not None else None,
        plural=args[plural_pos] if plural_pos is not None else None,
    )


def extract_from_python(source: str, *, in_fstring: set[Message] | None = None) -> list[Message]:
    """Literal arguments of gettext-family calls (``_``, ``gettext_lazy``, ``pgettext`` ...).

    Calls written inside an f-string are returned too and, if ``in_fstring`` is given, added
    to it: xgettext cannot see them, so makemessages never puts them in the catalogue.
    """
    tree = ast.parse(source)
    fstring_calls = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Call)
    }
    messages = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in _KEYWORDS:
            continue
        args = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in node.args
        ]
        message = _message_from_args(name, args)
        if message is not None:
            messages.append(message)
            if in_fstring is not None and id(node) in fstring_calls:
                in_fstring.add(message)
    return messages


_CALL_RE = re.compile(r"(?<![\w.])(npgettext|ngettext|pgettext|gettext|_)\(")


def _read_call_args(text: str, pos: int) -> list[str | None]:
    """Parse ``'a', "b", count)`` starting at ``pos``: string literals, ``None`` for others."""
    args: list[str | None] = []
    length = len(text)
    while pos < length:
        while pos < length and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= length or text[pos] == ")":
            break
        start = pos
        while pos < length and text[pos] in "uUrR" and pos - start < 2:
            pos += 1  # string prefix (templatize writes u'...')
        if pos < length and text[pos] not in "'\"":
            pos = start
        if text[pos] in "'\"":
            quote = text[pos]
            pos += 1
            while pos < length and text[pos] != quote:
                pos += 2 if text[pos] == "\\" else 1
            pos += 1
            args.append(ast.literal_eval(text[start:pos]))
        else:
            while pos < length and text[pos] not in ",)":
                pos += 1
            args.append(None)
    return args


def extract_from_template(source: str) -> list[Message]:
    """Strings of {% translate %}, {% blocktranslate %} and ``_("...")`` in a template.

    Uses Django's ``templatize`` (what makemessages feeds to xgettext), so whitespace,
    ``trimmed`` and ``%(var)s`` placeholders are normalised exactly as in the catalogue.
    """
    text = templatize(source)
    messages = []
    for match in _CALL_RE.finditer(text):
        message = _message_from_args(match[1], _read_call_args(text, match.end()))
        if message is not None:
            messages.append(message)
    return messages


def extract_messages(root: Path | None = None) -> dict[Message, list[str]]:
    """Every string marked for translation under ``root``, with the files it comes from."""
    root = root or project_root()
    found: dict[Message, list[str]] = {}
    for path in _project_files(root, {".py", *TEMPLATE_SUFFIXES}):
        source = path.read_text(encoding="utf-8")
        in_fstring: set[Message] = set()
        if path.suffix == ".py":
            if "gettext" not in source and "_(" not in source:
                continue
            messages = extract_from_python(source, in_fstring=in_fstring)
        else:
            if "trans" not in source and "_(" not in source:
                continue
            messages = extract_from_template(source)
        for message in messages:
            where = str(path.relative_to(root))
            if message in in_fstring:
                where += (
                    " (inside an f-string, which makemessages cannot extract: move the call out)"
                )
            found.setdefault(message, []).append(where)
    return found


# --- checking --------------------------------------------------------------------------------


def _placeholder_tokens(text: str) -> list[str]:
    return sorted(m.group(0) for m in _PLACEHOLDER_RE.finditer(text.replace("%%", "")))


def catalogue_problems(po: polib.POFile) -> list[str]:
    """Untranslated or fuzzy entries, and msgstrs whose placeholders differ from the msgid."""
    problems = []
    if po.metadata_is_fuzzy:
        problems.append("catalogue header is marked fuzzy")
    for entry in po:
        if entry.obsolete:
            continue
        label = str(Message(entry.msgid, entry.msgctxt, entry.msgid_plural or None))
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {label}")
        if entry.msgid_plural:
            translations = [t for _, t in sorted(entry.msgstr_plural.items())]
            expected = [
                _placeholder_tokens(entry.msgid),
                _placeholder_tokens(entry.msgid_plural),
            ]
        else:
            translations = [entry.msgstr]
            expected = [_placeholder_tokens(entry.msgid)]
        if not translations or not all(t.strip() for t in translations):
            problems.append(f"untranslated: {label}")
            continue
        for translation in translations:
            got = _placeholder_tokens(translation)
            if got not in expected:
                problems.append(f"placeholders differ: {label} -> {translation!r}")
    return problems


def missing_messages(
    po: polib.POFile, messages: dict[Message, list[str]]
) -> list[tuple[Message, list[str]]]:
    """Extracted messages with no translated entry in ``po`` (missing or empty msgstr)."""
    translated = set()
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        values = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if values and all(v.strip() for v in values):
            translated.add((entry.msgctxt, entry.msgid, entry.msgid_plural or None))
    return [
        (message, files)
        for message, files in sorted(messages.items(), key=lambda item: str(item[0]))
        if (message.context, message.msgid, message.plural) not in translated
    ]
