"""Free text rewritten when a person's identity is erased (issue 7 #12; UU 27/2022 PDP Pasal 8,
Pasal 43 ayat 1 huruf c).

Erasing a person blanks their identity fields (``cases.services.person_erase``), but their name
or NIK may also have been typed into the free text of their cases: the incident summary, notes,
assessments, plans, referral and transfer notes, conference minutes, justice and rights notes.
:func:`redact_case_text` rewrites those texts in the person's cases, replacing the full name,
each word of it of three letters or more (whole words, case-insensitive) and the NIK with
``[dihapus]``. The fields are found by introspection: every text field (``TextField``, or an
unencrypted ``CharField`` of 200 characters or more without choices) of a model that reaches a
case through ``case``, ``participant``, or a foreign key to a model with ``case`` — so a text
field added later is covered without a list to keep up to date. The audit and privacy apps are
left alone (the audit chain must stay valid; the privacy records are the DPO's accountability
record). Rows are saved one by one through the ORM, so encrypted fields stay encrypted.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.apps import apps
from django.db import models

REDACTED = "[dihapus]"
SKIPPED_APPS = {"audit", "privacy", "admin", "auth", "sessions", "contenttypes"}


def _is_free_text(field) -> bool:
    if getattr(field, "rotate_batch_size", None):  # an encrypted file, not text
        return False
    if isinstance(field, models.TextField):
        return True
    return type(field) is models.CharField and field.max_length >= 200 and not field.choices


def _case_path(model) -> str | None:
    from sigap.cases.models import Case, Participant

    if model is Case:
        return "pk"
    fks = [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    for f in fks:
        if f.related_model is Case:
            return f"{f.name}_id"
    for f in fks:
        if f.related_model is Participant:
            return f"{f.name}__case_id"
    for f in fks:
        if any(
            isinstance(g, models.ForeignKey) and g.name == "case" and g.related_model is Case
            for g in f.related_model._meta.concrete_fields
        ):
            return f"{f.name}__case_id"
    return None


@lru_cache(maxsize=1)
def text_fields() -> tuple[tuple[type, str, tuple[str, ...]], ...]:
    """``(model, lookup to the case id, free-text field names)`` for every model covered."""
    out = []
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS:
            continue
        path = _case_path(model)
        if path is None:
            continue
        names = tuple(f.name for f in model._meta.concrete_fields if _is_free_text(f))
        if names:
            out.append((model, path, names))
    return tuple(out)


def redaction_pattern(full_name: str, nik: str = "") -> re.Pattern | None:
    """A case-insensitive pattern for the full name, each of its words of 3+ letters (whole
    words) and the NIK; None when there is nothing to look for."""
    words = [w for w in re.split(r"[^\w']+", full_name or "") if len(w) >= 3]
    terms = sorted({t for t in [(full_name or "").strip(), *words, nik or ""] if t}, key=len)
    terms.reverse()  # the full name before its words
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.I)


def redact_case_text(*, case_ids, full_name: str, nik: str = "") -> dict[str, int]:
    """Rewrite the free text of the cases ``case_ids`` as described in the module docstring.
    Returns ``{"app.model.field": rows changed}`` (no values; for the audit row). Run inside the
    caller's transaction."""
    pattern = redaction_pattern(full_name, nik)
    changed: dict[str, int] = {}
    if pattern is None or not case_ids:
        return changed
    for model, path, names in text_fields():
        lookup = "pk__in" if path == "pk" else f"{path}__in"
        for row in model._default_manager.filter(**{lookup: list(case_ids)}).iterator():
            dirty = []
            for name in names:
                value = getattr(row, name)
                if isinstance(value, str) and value:
                    new = pattern.sub(REDACTED, value)
                    if new != value:
                        setattr(row, name, new)
                        dirty.append(name)
                        key = f"{model._meta.label_lower}.{name}"
                        changed[key] = changed.get(key, 0) + 1
            if dirty:
                row.save(update_fields=dirty)
    return changed
