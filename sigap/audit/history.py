"""Change history: old and new values in audit rows, identity values masked.

Services describe an edit with :func:`masked_diff` and pass it as ``changes`` to
``audit_record``; :func:`change_rows` turns any stored ``changes`` (this shape or the older
``{"status": [old, new], "fields": [...]}`` shape) into rows a person can read.
Identity fields (UU 27/2022 PDP Pasal 4: name, NIK, phone, address, date of birth) and free text
are never stored in clear in the audit log: they appear as :data:`MASK` on both sides.
"""

from __future__ import annotations

from typing import Any

MASK = "•••"

#: Fields whose values never enter the audit log (identity data and free text about people).
MASKED_FIELDS = frozenset(
    {
        "full_name",
        "name",
        "nik",
        "phone",
        "address",
        "date_of_birth",
        "email",
        "goals",
        "summary",
        "note",
        "notes",
        "body",
        "description",
        "closure_note",
        "place_note",
        "reason",
    }
)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def masked_diff(
    before: dict[str, Any], after: dict[str, Any], *, masked: frozenset[str] = MASKED_FIELDS
) -> dict[str, dict[str, Any]]:
    """``{"diff": {field: {"old": ..., "new": ...}}}`` for the fields whose value changed.

    ``before``/``after`` map field names to values (dates, UUIDs, Decimals become strings).
    A field in ``masked`` is recorded as changed with both values :data:`MASK`. Fields equal on
    both sides are left out; the result may be ``{"diff": {}}``.
    """
    diff: dict[str, dict[str, Any]] = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if field in masked:
            diff[field] = {"old": MASK, "new": MASK}
        else:
            diff[field] = {"old": _plain(old), "new": _plain(new)}
    return {"diff": diff}


def change_rows(changes: dict[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """``[(field, old, new), ...]`` read from a stored ``changes`` dict, for display.

    Reads ``{"diff": {...}}`` (:func:`masked_diff`), ``{"status": [old, new]}`` pairs and
    ``{"fields": [names]}`` (values not recorded: both sides :data:`MASK`). Any other key is
    shown as a new value; a masked field's value is always shown as :data:`MASK`.
    """
    rows: list[tuple[str, Any, Any]] = []
    for key, value in (changes or {}).items():
        if key == "diff" and isinstance(value, dict):
            for field, pair in value.items():
                old, new = (
                    (pair.get("old"), pair.get("new")) if isinstance(pair, dict) else (None, pair)
                )
                if field in MASKED_FIELDS:
                    old, new = MASK, MASK
                rows.append((field, old, new))
        elif key == "fields" and isinstance(value, list):
            rows.extend((str(name), MASK, MASK) for name in value)
        elif isinstance(value, list) and len(value) == 2 and key == "status":
            rows.append((key, value[0], value[1]))
        elif key in MASKED_FIELDS:
            rows.append((key, None, MASK))
        else:
            rows.append((key, None, value))
    return rows
