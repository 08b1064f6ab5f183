"""Change history: old and new values in audit rows, identity values masked.

Services describe an edit with :func:`masked_diff` and pass it as ``changes`` to
``audit_record``; :func:`change_lines` (:func:`describe_events` for a page) turns any stored
``changes`` (this shape, ``{"status": [old, new], "fields": [...]}`` and plain keys) into lines
a person can read: labels in the reader's language, no raw key, code or id.
Identity fields (UU 27/2022 PDP Pasal 4: name, NIK, phone, address, date of birth) and free text
are never stored in clear in the audit log: they appear as :data:`MASK` on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# --- Reading ``changes`` as a person reads it ---------------------------------------------------
# The history page shows no raw key (issue 13 §10): each key reads as its model field's
# translated verbose name (or a label below), choice codes as their labels, references to
# agencies, staff and the persons of the case as names and roles (never their ids), and only
# identity data and free text (:data:`MASKED_FIELDS`) as :data:`MASK`.

#: Read-only action endings: a read shows data, it changes none. Left out of the change
#: history (the access log lists them) and, if shown, "fields shown", never "old → new".
READ_SUFFIXES = (".view", ".download", ".export", ".print", "_print", "_download")


def is_read_action(action: str) -> bool:
    """Whether ``action`` (``"<entity>.<verb>"``) only read or printed data."""
    return action.endswith(READ_SUFFIXES)


#: Models whose fields an action's keys name, by the action's entity, tried before the target's.
ENTITY_MODELS: dict[str, tuple[str, ...]] = {
    "case": ("cases.case", "cases.casemodusfacts"),
    "case_note": ("cases.casenote",),
    "participant": ("cases.participant", "cases.person"),
    "person": ("cases.person",),
    "identification": ("cases.identification",),
    "journey": ("cases.journeyevent",),
    "justice": (
        "justice.stageevent",
        "justice.policereport",
        "justice.verdict",
        "justice.suspectrole",
        "justice.restitutionpayment",
        "cases.person",
    ),
    "referral": ("referrals.referral",),
    "plan": ("casework.caseplan",),
    "document": ("documents.casedocument",),
    "identifier": ("people.identifier",),
}

#: A key named differently from the field it holds: ``(action, key)`` → ``"app.model.field"``.
KEY_FIELDS: dict[tuple[str, str], str] = {
    ("case.close", "reason"): "cases.case.closure_reason",
    ("case.reopen", "previous_reason"): "cases.case.closure_reason",
    ("case.report", "exploitation_forms"): "cases.caseexploitation.form",
    ("justice.victim_screening", "result"): "cases.identification.result",
    ("justice.suspect_add", "roles"): "justice.suspectrole.role",
    ("justice.suspect_charges_set", "roles"): "justice.suspectrole.role",
    ("participant.add", "role"): "cases.participant.role",
    ("case.anonymise", "notes"): "cases.casenote.body",
    ("case.anonymise", "place_note"): "cases.journeyevent.place_note",
    ("referral.complete", "description"): "referrals.servicedelivery.description",
    ("case_note.add", "agency_role"): "agencies.membership.role",
    ("referral.send", "service"): "agencies.service.code",
    ("referral.escalate", "service"): "agencies.service.code",
    ("plan.create", "services"): "agencies.service.code",
    ("plan.update", "services"): "agencies.service.code",
}

#: Labels of keys that are no model field (counts, flags, references).
KEY_LABELS = {
    "exploitation_forms": gettext_lazy("Forms of exploitation"),
    "service": gettext_lazy("Service"),
    "services": gettext_lazy("Services"),
    "victims_added": gettext_lazy("Victims added"),
    "victims_linked": gettext_lazy("Victims linked to a person already recorded"),
    "linked_existing_person": gettext_lazy("Linked to a person already recorded"),
    "participant": gettext_lazy("Person in the case"),
    "also_suspect": gettext_lazy("Also a suspect"),
    "agency_role": gettext_lazy("Role of the author"),
    "stage_started": gettext_lazy("Justice process started"),
    "backwards": gettext_lazy("Stage moved back"),
    "roles": gettext_lazy("Roles"),
    "charges_added": gettext_lazy("Charges added"),
    "charges_removed": gettext_lazy("Charges removed"),
    "restitution_orders": gettext_lazy("Restitution orders"),
    "final_notice": gettext_lazy("Final verdict notice"),
    "start_on": gettext_lazy("Follow-ups start on"),
    "months": gettext_lazy("Follow-up months"),
    "persons_anonymised": gettext_lazy("Persons anonymised"),
    "persons_kept": gettext_lazy("Persons kept (in other cases)"),
    "notes_cleared": gettext_lazy("Notes cleared"),
    "documents_deleted": gettext_lazy("Documents deleted"),
    "referrals_revoked": gettext_lazy("Referrals revoked"),
    "tasks_cancelled": gettext_lazy("Tasks cancelled"),
    "approved_by": gettext_lazy("Approved by"),
    "submitted_by": gettext_lazy("Submitted by"),
    "requested_by": gettext_lazy("Requested by"),
    "from_agency": gettext_lazy("From agency"),
    "to_agency": gettext_lazy("To agency"),
    "hours": gettext_lazy("Hours"),
    "bytes": gettext_lazy("Size (bytes)"),
    "content_type": gettext_lazy("File type"),
    "right": gettext_lazy("Victim's right"),
    "identifiers_shown": gettext_lazy("Identifiers shown"),
    "of_person": gettext_lazy("About a person in the case"),
    "tasks_created": gettext_lazy("Tasks created"),
    "due_on": gettext_lazy("Due date"),
    "days_before": gettext_lazy("Days before the due date"),
    "days_overdue": gettext_lazy("Days overdue"),
    "free_text_redacted": gettext_lazy("Free text redacted (rows)"),
    "open_referrals": gettext_lazy("Open referrals handed over"),
    "open_tasks": gettext_lazy("Open tasks handed over"),
    "reason": gettext_lazy("Reason"),
    "identity_restricted": gettext_lazy("Processing restricted"),
    "participants": gettext_lazy("Persons shown"),
    "suspects": gettext_lazy("Suspects shown"),
    "victims_shown": gettext_lazy("Victims shown"),
    "access": gettext_lazy("Access"),
    "victims": gettext_lazy("Victims"),
}

#: Keys that point at records of no use to a reader of the history (the case itself, a verdict,
#: a grant, the request behind an action): known, never shown (their values are ids).
HIDDEN_KEYS = frozenset(
    {
        "case",
        "verdict",
        "order",
        "grant",
        "document",
        "request",
        "referral",
        "justice_stage",
        "transfer",
        "merge",
        "suggestion",
        "other_person",
        "version",
        "via",
        "items",
    }
)

#: Values of a key that are codes of no model field.
KEY_VALUES = {
    ("referral.revoke", "reason"): {"case_closed": gettext_lazy("The case was closed")},
}

#: Keys whose value is a person of the case (a participant's public id): shown as the role.
PARTICIPANT_KEYS = frozenset({"participant", "also_suspect"})
#: Keys whose value is an agency's public id: shown as its name.
AGENCY_KEYS = frozenset({"from_agency", "to_agency", "assignee_agency"})
#: Keys whose value is a staff member (public id, or primary key for ``case_manager``).
USER_KEYS = frozenset(
    {"approved_by", "submitted_by", "requested_by", "case_manager", "assignee_user"}
)

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


@dataclass(frozen=True)
class ChangeLine:
    """One line of a history row: ``label: old → new`` (``old`` None: ``label: new``)."""

    label: str
    old: str | None
    new: str


def _model_field(label: str):
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    app_label, model_name, field_name = label.split(".")
    try:
        return apps.get_model(app_label, model_name)._meta.get_field(field_name)
    except (LookupError, FieldDoesNotExist):
        return None


def key_field(action: str, target_type: str, key: str):
    """The model field ``key`` names in a row of ``action`` on ``target_type``, or None."""
    explicit = KEY_FIELDS.get((action, key))
    if explicit:
        return _model_field(explicit)
    entity = action.partition(".")[0]
    # The person last: identity fields (``full_name``) named by rows on the case.
    for model in (*ENTITY_MODELS.get(entity, ()), target_type, "cases.person"):
        if model and model.count(".") == 1:
            field = _model_field(f"{model}.{key}")
            if field is not None and field.concrete and not field.auto_created:
                return field
    return None


def key_label(action: str, target_type: str, key: str) -> str | None:
    """The reader's label of ``key`` (translated), or None for a key without one."""
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    field = key_field(action, target_type, key)
    return str(capfirst(field.verbose_name)) if field is not None else None


def _is_uuid(value: Any) -> bool:
    return isinstance(value, str) and bool(_UUID.match(value))


class _Refs:
    """Names of the agencies and staff and roles of the persons a page of rows points at, read
    in one query each."""

    def __init__(self, events) -> None:
        participants, agencies, users, areas = set(), set(), set(), set()
        for event in events:
            for key, value in _flat_items(event.changes):
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if key in PARTICIPANT_KEYS and _is_uuid(v):
                        participants.add(v)
                    elif key in AGENCY_KEYS and _is_uuid(v):
                        agencies.add(v)
                    elif key in USER_KEYS and (_is_uuid(v) or isinstance(v, int)):
                        users.add(v)
                    elif isinstance(v, str) and v and key.endswith("area"):
                        areas.add(v)
        self.participants = self._read("cases", "Participant", "public_id", participants, "role")
        self.agencies = self._read("agencies", "Agency", "public_id", agencies, "name")
        self.areas = self._read("areas", "Area", "code", areas, "name")
        self.users = self._users(users)

    @staticmethod
    def _read(app, model, key, values, attr) -> dict:
        if not values:
            return {}
        from django.apps import apps

        Model = apps.get_model(app, model)  # noqa: N806
        rows = Model.objects.filter(**{f"{key}__in": list(values)}).only(key, attr)
        out = {}
        for row in rows:
            value = row.get_role_display() if attr == "role" else getattr(row, attr)
            out[str(getattr(row, key))] = str(value)
        return out

    @staticmethod
    def _users(values) -> dict:
        if not values:
            return {}
        from django.contrib.auth import get_user_model

        User = get_user_model()  # noqa: N806
        ids = [v for v in values if isinstance(v, int)]
        public_ids = [v for v in values if not isinstance(v, int)]
        out = {}
        users = User.objects.filter(pk__in=ids) | User.objects.filter(public_id__in=public_ids)
        for user in users.defer("password"):
            name = user.get_full_name() or user.username
            out[str(user.pk)] = out[str(user.public_id)] = name
        return out


def _flat_items(changes):
    for key, value in (changes or {}).items():
        if key == "diff" and isinstance(value, dict):
            for field, pair in value.items():
                if isinstance(pair, dict):
                    yield field, pair.get("old")
                    yield field, pair.get("new")
        else:
            yield key, value


def _display(value: Any, *, key: str, field, action: str, refs: _Refs) -> str | None:
    """``value`` as words: None when it is an id that may not be shown (the line is left
    out)."""
    if isinstance(value, list):
        if key in ("open_referrals", "open_tasks") or (
            value and all(_is_uuid(v) for v in value) and key not in PARTICIPANT_KEYS
        ):
            return str(len(value))
        shown = [_display(v, key=key, field=field, action=action, refs=refs) for v in value]
        return ", ".join(s for s in shown if s is not None) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{_dict_key_label(action, str(k))}: {v}" for k, v in value.items())
    if value is None or value == "":
        return "–"
    if value == MASK:
        return MASK
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in PARTICIPANT_KEYS:
        return refs.participants.get(str(value), _("a person in the case"))
    if key in AGENCY_KEYS:
        return refs.agencies.get(str(value), "–")
    if key in USER_KEYS:
        return refs.users.get(str(value), "–")
    coded = KEY_VALUES.get((action, key))
    if coded is not None:
        return str(coded.get(value, "–"))
    if field is not None and field.choices:
        labels = {str(code): str(label) for code, label in field.flatchoices}
        return labels.get(str(value), "–")
    if key.endswith("area") and isinstance(value, str):
        return refs.areas.get(value, value)
    if key.endswith(("country", "countries")) and isinstance(value, str):
        from django_countries import countries

        return countries.name(value) or value
    if _is_uuid(value):
        return None
    if key in MASKED_FIELDS:
        return MASK
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).strftime("%d-%m-%Y")
        except ValueError:
            pass
    return str(value)


def _dict_key_label(action: str, key: str) -> str:
    """A key inside a value: a field name, or ``"app.model.field"`` (erasure's row counts)."""
    if key.count(".") == 2:
        field = _model_field(key)
        if field is not None:
            return str(capfirst(field.verbose_name))
    return key_label(action, "", key) or "–"


def _field_names(action: str, target_type: str, names: list) -> str:
    labels = [key_label(action, target_type, str(n)) for n in names]
    return ", ".join(dict.fromkeys(label for label in labels if label)) or "–"


def change_lines(event, refs: _Refs | None = None) -> list[ChangeLine]:
    """The lines a person reads for ``event.changes`` (see the module note above): labels in
    the active language, choice codes as labels, ids as names or roles or left out, identity
    and free text :data:`MASK`. A ``fields`` list (names only, values never stored) reads as
    "Recorded (values not kept)" for a change and as "Fields shown" for a read."""
    refs = refs if refs is not None else _Refs([event])
    action, target_type = event.action, event.target_type or ""
    read = is_read_action(action)
    lines: list[ChangeLine] = []
    for key, value in (event.changes or {}).items():
        if key == "diff" and isinstance(value, dict):
            for name, pair in value.items():
                label = key_label(action, target_type, name)
                if label is None:
                    continue
                old, new = (
                    (pair.get("old"), pair.get("new")) if isinstance(pair, dict) else (None, pair)
                )
                if name in MASKED_FIELDS or MASK in (old, new):
                    old, new = MASK, MASK
                field = key_field(action, target_type, name)
                shown = [
                    _display(v, key=name, field=field, action=action, refs=refs) for v in (old, new)
                ]
                if None in shown:
                    continue
                if read:
                    lines.append(ChangeLine(_("Fields shown"), None, label))
                else:
                    lines.append(ChangeLine(label, shown[0], shown[1]))
            continue
        if key == "fields" and isinstance(value, list):
            if value:
                title = _("Fields shown") if read else _("Recorded (values not kept in the log)")
                lines.append(ChangeLine(title, None, _field_names(action, target_type, value)))
            continue
        if key in HIDDEN_KEYS:
            continue
        label = key_label(action, target_type, key)
        if label is None:
            continue
        field = key_field(action, target_type, key)
        if isinstance(value, list) and len(value) == 2 and key in PAIR_KEYS:
            old = _display(value[0], key=key, field=field, action=action, refs=refs)
            new = _display(value[1], key=key, field=field, action=action, refs=refs)
            if old is None or new is None:
                continue
            lines.append(ChangeLine(label, old, new))
            continue
        shown = _display(value, key=key, field=field, action=action, refs=refs)
        if shown is not None:
            lines.append(ChangeLine(label, None, shown))
    return lines


#: Keys stored as ``[old, new]`` (other lists are lists of values: roles, charges, months).
PAIR_KEYS = frozenset({"status", "stage", "final_notice_on", "case_manager", "simfoni_number"})


def describe_events(events) -> None:
    """Set ``event.change_lines`` (:func:`change_lines`) on each of ``events`` (a page of
    rows), reading the names they point at in one query per kind."""
    events = list(events)
    refs = _Refs(events)
    for event in events:
        event.change_lines = change_lines(event, refs)
