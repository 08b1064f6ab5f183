"""Writes for screening: run and store a screening, publish a ruleset, import P3MI."""

from __future__ import annotations

import csv
import datetime
import io

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sigap.analytics.models import LicensedAgency, Screening, ScreeningRuleset
from sigap.analytics.screening.default_rules import DEFAULT_RULESET
from sigap.analytics.screening.engine import (
    RulesetError,
    ScreeningResult,
    company_key,
    compile_ruleset,
    screen,
)
from sigap.analytics.selectors import (
    licensed_agency_cache_clear,
    licensed_agency_names,
    ruleset_active,
)
from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError

MAX_TEXT = 20000


def _language() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def screening_run(*, text: str = "", answers: dict | None = None) -> ScreeningResult:
    """Screen a job offer with the active ruleset and the P3MI registry; stores nothing.

    Raises ApplicationError (Indonesian message) when both inputs are empty, the text is longer
    than 20,000 characters, or an answer names an unknown question.
    """
    text = text or ""
    answers = answers or {}
    if not text.strip() and not any(v is True for v in answers.values()):
        raise ApplicationError(_("Paste the job offer or answer at least one question."))
    if len(text) > MAX_TEXT:
        raise ApplicationError(
            _("The text is too long (at most %(max)s characters).") % {"max": MAX_TEXT}
        )
    try:
        return screen(
            text,
            answers,
            ruleset=ruleset_active(),
            licensed_agencies=licensed_agency_names(),
            language=_language(),
        )
    except RulesetError as exc:
        raise ApplicationError(
            _("Unknown checklist question."), extra={"detail": str(exc)}
        ) from exc


def _keep_shipped_ruleset(version: str) -> None:
    """Store the shipped default ruleset (``default_rules.DEFAULT_RULESET``) as an inactive
    ``ScreeningRuleset`` row the first time a screening is stored under its version, so that a
    later SIGAP release with new default rules can still explain that screening (issue 9 §3:
    "every screening stores its version so old results can be explained")."""
    if version != DEFAULT_RULESET["version"]:
        return
    ScreeningRuleset.objects.get_or_create(
        version=version,
        defaults={"rules": DEFAULT_RULESET, "is_active": False, "notes": "shipped default"},
    )


@transaction.atomic
def screening_create(
    *, user, text: str = "", answers: dict | None = None, channel: str
) -> tuple[Screening, ScreeningResult]:
    """Screen and store the result (text encrypted, flags as codes) with one audit row
    ``screening.create`` (risk level and ruleset version, never the text).

    Returns ``(screening, result)``. Raises ApplicationError as ``screening_run``.
    """
    result = screening_run(text=text, answers=answers)
    _keep_shipped_ruleset(result.ruleset_version)
    membership = getattr(user, "membership", None)
    screening = Screening.objects.create(
        ruleset_version=result.ruleset_version,
        channel=channel,
        agency=membership.agency if membership else None,
        created_by=user,
        text=text or "",
        answers={k: bool(v) for k, v in (answers or {}).items()},
        risk_level=result.risk_level,
        score=result.score,
        flag_codes=sorted(result.flag_codes),
    )
    audit_record(
        actor=user,
        action="screening.create",
        target=screening,
        changes={"risk_level": result.risk_level, "ruleset_version": result.ruleset_version},
    )
    return screening, result


@transaction.atomic
def ruleset_publish(*, user, rules: dict, notes: str = "") -> ScreeningRuleset:
    """Publish ``rules`` as the new active ruleset (the previous one stays for old results).

    Raises ApplicationError when the data does not compile (bad regex, missing key) or its
    ``version`` is already used. Audited as ``screening_ruleset.publish``.
    """
    try:
        compiled = compile_ruleset(rules)
    except RulesetError as exc:
        raise ApplicationError(_("The ruleset is not valid: %(error)s") % {"error": exc}) from exc
    if ScreeningRuleset.objects.filter(version=compiled.version).exists():
        raise ApplicationError(_("This ruleset version already exists."))
    ScreeningRuleset.objects.filter(is_active=True).update(is_active=False)
    row = ScreeningRuleset.objects.create(
        version=compiled.version, rules=rules, is_active=True, notes=notes, published_by=user
    )
    audit_record(
        actor=user,
        action="screening_ruleset.publish",
        target=row,
        changes={"version": compiled.version},
    )
    return row


@transaction.atomic
def licensed_agency_import(*, user, csv_text: str) -> dict[str, int]:
    """Import licensed P3MI from CSV text with a header row: ``name`` (required),
    ``license_number``, ``address``, ``valid_until`` (ISO date or DD-MM-YYYY).

    Upserts by normalised name; all or nothing. Returns ``{"created", "updated"}``. Raises
    ApplicationError naming the first bad row (1-based, header = row 1).
    """
    reader = csv.DictReader(io.StringIO(csv_text))
    if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise ApplicationError(_("The file needs a 'name' column."))
    created = updated = 0
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        name = row.get("name", "")
        key = company_key(name)
        if not key:
            raise ApplicationError(_("Row %(row)s: the name is empty.") % {"row": number})
        valid_until = None
        if row.get("valid_until"):
            for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
                try:
                    valid_until = datetime.datetime.strptime(row["valid_until"], fmt).date()  # noqa: DTZ007
                    break
                except ValueError:
                    continue
            if valid_until is None:
                raise ApplicationError(_("Row %(row)s: the date is not valid.") % {"row": number})
        _obj, was_created = LicensedAgency.objects.update_or_create(
            name_key=key,
            defaults={
                "name": name[:200],
                "license_number": row.get("license_number", "")[:100],
                "address": row.get("address", "")[:300],
                "valid_until": valid_until,
                "is_active": True,
            },
        )
        created += was_created
        updated += not was_created
    audit_record(
        actor=user,
        action="licensed_agency.import",
        changes={"created": created, "updated": updated},
    )
    transaction.on_commit(licensed_agency_cache_clear)
    return {"created": created, "updated": updated}
