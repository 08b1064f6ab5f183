"""The change history reads as words (tester's finding on the demo): field names are their
verbose names in the reader's language, choice codes their labels, no participant id shown,
identity values masked, and a read (a printed summary) never reads as a change."""

import ast
import pathlib
import re

import pytest
from django.apps import apps
from django.utils import translation

from sigap.audit.history import (
    HIDDEN_KEYS,
    MASK,
    MASKED_FIELDS,
    describe_events,
    is_read_action,
    key_label,
)
from sigap.audit.models import AuditEvent
from sigap.audit.services import audit_record

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_a_printed_summary_is_no_change(open_case, caseworker_a):
    victim = open_case.participants.filter(role="victim").first()
    event = audit_record(
        actor=caseworker_a,
        action="justice.summary_print",
        target=open_case,
        changes={"participant": str(victim.public_id), "fields": ["full_name"]},
    )
    assert is_read_action(event.action)
    with translation.override("id"):
        describe_events([event])
    lines = [(line.label, line.old, line.new) for line in event.change_lines]
    assert ("Kolom yang ditampilkan", None, "Nama lengkap") in lines, lines
    assert all(MASK not in (old or "") + new for _label, old, new in lines)
    from sigap.audit.selectors import case_change_history

    assert (
        not case_change_history(user=caseworker_a, case=open_case)
        .filter(action="justice.summary_print")
        .exists()
    )


def test_person_pii_fields_are_masked_fields():
    """The one list of personal fields (cases.services.PERSON_PII_FIELDS) is masked here."""
    from sigap.cases.services import PERSON_PII_FIELDS

    assert set(PERSON_PII_FIELDS) <= MASKED_FIELDS


#: Targets whose rows the change history shows (selectors._case_targets).
_HISTORY_TARGETS = {"case", "referral", "plan", "person", "participant"}


def _history_keys():
    """``(action, key)`` of every ``audit_record(..., changes={...})`` literal on a target the
    history shows."""
    found = set()
    for path in pathlib.Path("sigap").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_record"):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            action, target, changes = kw.get("action"), kw.get("target"), kw.get("changes")
            if not (isinstance(action, ast.Constant) and isinstance(changes, ast.Dict)):
                continue
            if not (isinstance(target, ast.Name) and target.id in _HISTORY_TARGETS):
                continue
            for key, value in zip(changes.keys, changes.values, strict=True):
                if not isinstance(key, ast.Constant):
                    continue
                found.add((action.value, key.value))
                if key.value == "fields":  # the names in a literal list of field names
                    for node_ in ast.walk(value):
                        if isinstance(node_, ast.Constant) and isinstance(node_.value, str):
                            found.add((action.value, node_.value))
    return found


def test_every_key_the_history_can_show_has_a_translated_label():
    keys = _history_keys()
    assert ("case.report", "victims_added") in keys and len(keys) > 40
    missing = []
    with translation.override("id"):
        for action, key in sorted(keys):
            if key in ("diff", "fields") or key in HIDDEN_KEYS:
                continue
            label = key_label(action, "cases.case", key)
            if label is None or label == key:
                missing.append((action, key))
    assert not missing, missing


#: Model names that read the same in both languages.
SAME_IN_BOTH = {"Modus", "Status", "NIK", "Data", "Area", "Token", "Media", "Hotline"}


def test_audited_model_names_are_translated():
    """Every model an audit row can point at (``target_type``) has an Indonesian name."""
    untranslated = []
    for model in apps.get_models():
        if not model.__module__.startswith("sigap."):
            continue
        english = str(model._meta.verbose_name)
        with translation.override("en"):
            english = str(model._meta.verbose_name)
        with translation.override("id"):
            indonesian = str(model._meta.verbose_name)
        if indonesian == english and english.capitalize() not in SAME_IN_BOTH:
            untranslated.append(model._meta.label_lower)
    assert not untranslated, untranslated


def test_export_job_and_link_run_read_in_indonesian():
    from sigap.audit.labels import model_label

    with translation.override("id"):
        assert model_label("reports.exportjob") == "Tugas ekspor"
        assert model_label("people.linkrun") == "Proses pencocokan orang"


def test_erasure_row_counts_read_as_field_names():
    event = AuditEvent(
        action="person.erase",
        target_type="cases.person",
        changes={
            "diff": {"full_name": {"old": MASK, "new": MASK}},
            "request": "5f0c1f9e-8d1a-4d57-9a0e-3b1f1c2d3e4f",
            "free_text_redacted": {"cases.case.summary": 2},
        },
    )
    with translation.override("id"):
        describe_events([event])
    lines = [(line.label, line.old, line.new) for line in event.change_lines]
    assert lines == [
        ("Nama lengkap", MASK, MASK),
        ("Teks bebas disunting (baris)", None, "Ringkasan kejadian: 2"),
    ]
