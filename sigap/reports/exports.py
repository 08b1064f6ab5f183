"""Exports (issue 3 §2): the case list a user may see, masked by default, and aggregate
counts with small-cell suppression. Every export writes one audit row (``case.export`` or
``report.export``) with the number of rows, whether identities were included and the written
purpose: never the exported data itself.

- :func:`case_export`: one row per visible case (``cases.selectors.case_list``; the user's
  ``visible_to`` scope and filters). Beyond number, status, dates and place, a column is
  filled only where the user's view of that case allows it (``case_view_for``): the handling
  agency unless status-only, modus, exploitation forms and victim counts only with full
  access. Victims' names and NIK are added only for a user with ``cases.export_identities``
  who ticks "include identities" and writes a purpose; a child's identity (or that of a
  person of unknown age) stays masked unless :func:`identity_visible` allows it.
- :func:`aggregate_export`: counts of cases by kecamatan, exploitation form and month, for
  ``cases.view_aggregates``; counts from 1 to 4 are written as "<5" so that a small group of
  victims cannot be singled out (no totals are given, which would undo the suppression).

CSV and XLSX through the one formula-safe writer, :class:`sigap.core.tabular.TableWriter`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.cases.access import case_view_for, identity_mask, identity_visible
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import Participant
from sigap.cases.selectors import case_list
from sigap.core.exceptions import ApplicationError
from sigap.core.tabular import FORMATS, TableWriter
from sigap.reports.selectors import (
    cases_by_month,
    dashboard_cases_by_exploitation_form,
    dashboard_cases_by_kecamatan,
)

MAX_EXPORT_ROWS = 10_000
SMALL_CELL = 5  # counts 1..SMALL_CELL-1 are suppressed
PURPOSE_MIN_CHARS = 20
FILTERS = ("status", "kecamatan", "exploitation_form", "modus")


@dataclass(frozen=True)
class ExportFile:
    """An export ready to download: bytes, content type and file name."""

    content: bytes
    content_type: str
    filename: str
    rows: int


def _file(headers: list[str], rows, *, fmt: str, stem: str) -> ExportFile:
    """Write ``rows`` (an iterable of lists) under ``headers`` with the formula-safe writer."""
    if fmt not in FORMATS:
        raise ApplicationError(_("Unknown export format."))
    buffer = io.BytesIO()
    with TableWriter(buffer, fmt=fmt, headers=headers, title=stem) as writer:
        for row in rows:
            writer.writerow(row)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ExportFile(buffer.getvalue(), FORMATS[fmt], f"sigap-{stem}-{stamp}.{fmt}", writer.rows)


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return value.isoformat()


CASE_COLUMNS = [
    "case_number",
    "status",
    "reported_on",
    "opened_on",
    "closed_on",
    "kecamatan",
    "kelurahan",
    "handling_agency",
    "modus",
    "exploitation_forms",
    "victims",
    "child_victims",
]
IDENTITY_COLUMNS = ["victim_names", "victim_niks"]


def _identity_cells(user, victims: list[Participant]) -> list[str]:
    names, niks = [], []
    for p in victims:
        shown = identity_visible(user, p)
        names.append(p.person.full_name if shown else identity_mask(p))
        if shown and p.person.nik:
            niks.append(p.person.nik)
    return ["; ".join(names), "; ".join(niks)]


def _case_row(user, case, *, identities: bool) -> list:
    view = case_view_for(user, case)
    area = case.report_area
    row = [
        case.number,
        case.get_status_display(),
        _date(case.reported_on),
        _date(case.opened_at),
        _date(case.closed_at),
        area.parent.name if area.parent else "",
        area.name,
        str(case.handling_agency or "") if not view.status_only else "",
    ]
    if view.full:
        victims = [p for p in case.participants.all() if p.role == ParticipantRole.VICTIM]
        row += [
            case.get_modus_display(),
            ", ".join(e.get_form_display() for e in case.exploitations.all()),
            len(victims),
            sum(1 for p in victims if p.is_child),
        ]
    else:
        victims = []
        row += ["", "", "", ""]
    if identities:
        row += _identity_cells(user, victims) if view.full else ["", ""]
    return row


def may_export_identities(user) -> bool:
    return user.has_perm("cases.export_identities")


@transaction.atomic
def case_export(
    *,
    user,
    fmt: str = "csv",
    filters: dict | None = None,
    include_identities: bool = False,
    purpose: str = "",
) -> ExportFile:
    """The case list ``user`` may see as CSV or XLSX, masked unless identities are asked
    for by a user with ``cases.export_identities`` with a purpose of at least 20 characters
    (ApplicationError otherwise). Audited as ``case.export``."""
    filters = {k: v for k, v in (filters or {}).items() if k in FILTERS and v}
    purpose = (purpose or "").strip()
    if include_identities:
        if not may_export_identities(user):
            include_identities = False  # masked output: the checkbox is not the permission
        elif len(purpose) < PURPOSE_MIN_CHARS:
            raise ApplicationError(
                _("Write the purpose of exporting identities in at least %(n)d characters.")
                % {"n": PURPOSE_MIN_CHARS}
            )
    participants = Participant.objects.filter(role=ParticipantRole.VICTIM)
    if include_identities:
        participants = participants.select_related("person")
    else:
        participants = participants.only("id", "case_id", "role", "is_child")
    cases = case_list(user=user, **filters).prefetch_related(
        Prefetch("participants", queryset=participants)
    )[:MAX_EXPORT_ROWS]
    headers = CASE_COLUMNS + (IDENTITY_COLUMNS if include_identities else [])
    rows = (_case_row(user, case, identities=include_identities) for case in cases)
    export = _file(headers, rows, fmt=fmt, stem="cases")
    audit_record(
        actor=user,
        action="case.export",
        changes={
            "rows": export.rows,
            "format": fmt,
            "identities": include_identities,
            "fields": IDENTITY_COLUMNS if include_identities else [],
            "purpose": purpose,
            "filters": filters,
        },
    )
    return export


def suppress(count: int) -> int | str:
    """Small-cell suppression: 0 and 5 or more as they are, 1 to 4 as "<5"."""
    return f"<{SMALL_CELL}" if 0 < count < SMALL_CELL else count


@transaction.atomic
def aggregate_export(*, user, fmt: str = "csv") -> ExportFile:
    """Counts of cases by kecamatan of report, exploitation form and month of report, with
    small-cell suppression (:func:`suppress`); never a name, NIK or case number. Audited as
    ``report.export``."""
    rows = []
    for row in dashboard_cases_by_kecamatan(user=user):
        rows.append(["kecamatan", row.code, row.name or _("Elsewhere"), suppress(row.count)])
    for row in dashboard_cases_by_exploitation_form(user=user):
        rows.append(["exploitation_form", row.code, str(row.label), suppress(row.count)])
    for month, n in cases_by_month(user=user):
        rows.append(["month", month, month, suppress(n)])
    headers = ["breakdown", "code", "label", "cases"]
    export = _file(headers, rows, fmt=fmt, stem="case-counts")
    audit_record(
        actor=user,
        action="report.export",
        changes={"rows": export.rows, "format": fmt, "identities": False, "suppressed_below": 5},
    )
    return export
