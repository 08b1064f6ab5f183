"""Exports (issue 3 §2): the case list a user may see, masked by default, and aggregate
counts with small-cell suppression. Every export writes one audit row (``case.export`` or
``report.export``) with the number of rows, whether identities were included and the written
purpose: never the exported data itself.

- :func:`export_job_create` / :func:`export_job_run` (issue 12 §2): the case list as a
  background job (task ``reports.tasks.export_run``), streamed to a file in bounded memory,
  no row cap, downloadable by the requester only until it expires (:func:`export_job_file`).
  One row per visible case (``cases.selectors.case_list``; the requester's
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
import json
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sigap.analytics.disclosure import published_line
from sigap.audit.services import audit_record
from sigap.cases.access import _breakglass_case_ids as breakglass_case_ids
from sigap.cases.access import case_view_for, case_views, identity_mask, identity_visible
from sigap.cases.choices import CaseStatus, ExploitationForm, Modus, ParticipantRole
from sigap.cases.models import Case, CaseExploitation, Participant
from sigap.cases.selectors import CASE_LIST_ORDER, case_list
from sigap.core.exceptions import ApplicationError
from sigap.core.progress import side_progress
from sigap.core.tabular import FORMATS, FORMULA_PREFIXES, TableWriter, formula_safe
from sigap.reports.choices import DATASET_FORMATS, ExportDataset, ExportStatus
from sigap.reports.models import ExportJob
from sigap.reports.selectors import (
    cases_by_month,
    dashboard_cases_by_exploitation_form,
    dashboard_cases_by_kecamatan,
)
from sigap.reports.standards import COLUMNS as STANDARD_COLUMNS
from sigap.reports.standards import ROW_MAKERS, htcds_record, victim_facts
from sigap.reports.tasks import export_run

logger = logging.getLogger(__name__)
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

# Column headers people read (issue 13 §10): each machine name in words, translated when the
# file is written. The API keeps the machine names (a stable contract for programs).
COLUMN_LABELS = {
    "case_number": gettext_lazy("Case number"),
    "status": gettext_lazy("Status"),
    "reported_on": gettext_lazy("Reported on"),
    "opened_on": gettext_lazy("Taken on"),
    "closed_on": gettext_lazy("Closed on"),
    "kecamatan": gettext_lazy("Kecamatan"),
    "kelurahan": gettext_lazy("Kelurahan"),
    "handling_agency": gettext_lazy("Handling agency"),
    "modus": gettext_lazy("Modus"),
    "exploitation_forms": gettext_lazy("Forms of exploitation"),
    "victims": gettext_lazy("Victims"),
    "child_victims": gettext_lazy("Child victims"),
    "victim_names": gettext_lazy("Victims' names"),
    "victim_niks": gettext_lazy("Victims' NIK"),
    "breakdown": gettext_lazy("Breakdown"),
    "code": gettext_lazy("Code"),
    "label": gettext_lazy("Label"),
    "cases": gettext_lazy("Cases"),
    # The task-force report's XLSX (taskforce_render.XLSX_COLUMNS).
    "section": gettext_lazy("Section"),
    "item": gettext_lazy("Item"),
    "row": gettext_lazy("Row"),
    "column": gettext_lazy("Column"),
    "value": gettext_lazy("Value"),
    "unit": gettext_lazy("Unit"),
    "period": gettext_lazy("Period"),
    "source": gettext_lazy("Source"),
    "counting_rule": gettext_lazy("Counting rule"),
}

# File and sheet names of files written for a page (issue 13 §10), in the requester's
# language; the API keeps the machine stems ("case-counts", "cases").
FILE_STEMS = {
    "cases": pgettext_lazy("file name", "cases"),
    "case-counts": pgettext_lazy("file name", "case-counts"),
}


# The aggregate file's "breakdown" column, as a person reads it (the API keeps the codes).
BREAKDOWN_LABELS = {
    "kecamatan": gettext_lazy("Kecamatan"),
    "exploitation_form": gettext_lazy("Exploitation form"),
    "month": gettext_lazy("Month"),
}

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def column_headers(columns: list[str], language: str) -> list[str]:
    """``columns`` (machine names) as headers: their labels in ``language`` ("id", "en"), or
    the machine names themselves when ``language`` is empty (API files)."""
    if not language:
        return list(columns)
    with translation.override(language):
        return [str(COLUMN_LABELS.get(c, c)) for c in columns]


def file_stem(stem: str, language: str) -> str:
    """``stem`` as the name of a file (and its sheet) a person downloads: in ``language``
    ("jumlah-kasus"), or the machine stem itself when ``language`` is empty (API files)."""
    if not language or stem not in FILE_STEMS:
        return stem
    with translation.override(language):
        return str(FILE_STEMS[stem])


def _identity_cells(user, victims: list[Participant]) -> list[str]:
    names, niks = [], []
    for p in victims:
        shown = identity_visible(user, p)
        names.append(p.person.full_name if shown else identity_mask(p))
        if shown and p.person.nik:
            niks.append(p.person.nik)
    return ["; ".join(names), "; ".join(niks)]


# Columns read per case (values, not model instances: an export may hold a million rows).
CASE_FIELDS = (
    "id",
    "number",
    "status",
    "reported_on",
    "opened_at",
    "closed_at",
    "report_area__name",
    "report_area__parent__name",
    "handling_agency_id",
    "reporting_agency_id",
    "handling_agency__short_name",
    "handling_agency__name",
    "modus",
)


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _with_counts(cases, form_label: dict[str, str]):
    """``cases`` annotated (PostgreSQL) with ``x_forms`` (the labels of each case's
    exploitation forms, from ``form_label`` {code: label}, joined by ", " in entry order),
    ``x_victims`` and ``x_children`` (its victims and child victims): correlated subqueries
    served by the ``case_id`` indexes."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.db import models as m
    from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value, When

    label = m.Case(
        *[When(form=code, then=Value(text)) for code, text in form_label.items()],
        default=F("form"),
    )
    forms = (
        CaseExploitation.objects.filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(s=StringAgg(label, ", ", order_by="id"))
        .values("s")
    )
    victims = (
        Participant.objects.filter(case_id=OuterRef("pk"), role=ParticipantRole.VICTIM)
        .order_by()
        .values("case_id")
    )
    return cases.annotate(
        x_forms=Subquery(forms),
        x_victims=Subquery(
            victims.annotate(n=Count("id")).values("n"), output_field=IntegerField()
        ),
        x_children=Subquery(
            victims.annotate(n=Count("id", filter=Q(is_child=True))).values("n"),
            output_field=IntegerField(),
        ),
    )


def _case_rows(user, cases, *, identities: bool):
    """Yield one export row (a list, CASE_COLUMNS [+ IDENTITY_COLUMNS]) per case of the
    queryset ``cases`` (already scoped by ``case_list``), in its order.

    Reads the cases as value tuples in chunks of :data:`PROGRESS_EVERY`, and per chunk the
    exploitation forms and victims in one query each, so the cost per row is a few dict
    look-ups. What a row shows is decided per case by the one rule, ``case_view_for`` (and
    ``identity_visible`` per victim), given a bare ``Case`` carrying the fields they read.
    """
    status_label = {k: str(v) for k, v in CaseStatus.choices}
    tz = timezone.get_current_timezone()
    # case_view_for reads the case's handling and reporting agency, its status and whether
    # the user holds a break-glass grant for it: its answer is memoised on exactly those.
    breakglass = {row["case_id"] for row in breakglass_case_ids(user)}
    views: dict[tuple, object] = {}
    modus_label = {k: str(v) for k, v in Modus.choices}
    form_label = {k: str(v) for k, v in ExploitationForm.choices}
    # On PostgreSQL a masked export reads finished rows from one server-side cursor: the
    # exploitation forms and the victim counts come as correlated subqueries (index look-ups
    # per case), not as two "case_id IN (2,000 ids)" queries per chunk.
    in_query = not identities and connection.vendor == "postgresql"
    if in_query:
        values = _with_counts(cases.prefetch_related(None), form_label).values_list(
            *CASE_FIELDS, "x_forms", "x_victims", "x_children"
        )
    else:
        values = cases.prefetch_related(None).values_list(*CASE_FIELDS)
    for chunk in _chunks(values.iterator(chunk_size=PROGRESS_EVERY), PROGRESS_EVERY):
        forms: dict[int, list[str]] = defaultdict(list)
        victims: dict[int, list] = defaultdict(list)  # identities: the victims (Participant)
        counts: dict[int, tuple[int, int]] = {}  # (victims, child victims) per case
        if in_query:
            for r in chunk:
                if r[-3]:
                    forms[r[0]] = [r[-3]]  # the labels, already joined by ", "
                counts[r[0]] = (r[-2] or 0, r[-1] or 0)
            chunk = [r[:-3] for r in chunk]
        else:
            ids = [r[0] for r in chunk]
            for case_id, form in (
                CaseExploitation.objects.filter(case_id__in=ids)
                .order_by("case_id", "id")
                .values_list("case_id", "form")
            ):
                forms[case_id].append(form_label.get(form, form))
            victim_qs = Participant.objects.filter(case_id__in=ids, role=ParticipantRole.VICTIM)
            if identities:
                for p in victim_qs.select_related("person").order_by("case_id", "id"):
                    victims[p.case_id].append(p)
                for case_id, ps in victims.items():
                    counts[case_id] = (len(ps), sum(1 for p in ps if p.is_child))
            else:
                for case_id, is_child in victim_qs.values_list("case_id", "is_child"):
                    n, c = counts.get(case_id, (0, 0))
                    counts[case_id] = (n + 1, c + (1 if is_child else 0))
        for (
            case_id,
            number,
            status,
            reported_on,
            opened_at,
            closed_at,
            area_name,
            parent_name,
            handling_id,
            reporting_id,
            agency_short,
            agency_name,
            modus,
        ) in chunk:
            key = (handling_id, reporting_id, status, case_id in breakglass)
            case = None
            view = views.get(key)
            if view is None or identities:
                case = Case(
                    id=case_id,
                    status=status,
                    handling_agency_id=handling_id,
                    reporting_agency_id=reporting_id,
                )
                view = views[key] = case_view_for(user, case)
            row = [
                number,
                status_label.get(status, status),
                reported_on.isoformat() if reported_on else "",
                opened_at.astimezone(tz).date().isoformat() if opened_at else "",
                closed_at.astimezone(tz).date().isoformat() if closed_at else "",
                parent_name or "",
                area_name,
                (agency_short or agency_name or "") if not view.status_only else "",
            ]
            case_victims = victims.get(case_id, []) if view.full else []
            if view.full:
                n_victims, n_children = counts.get(case_id, (0, 0))
                row += [
                    modus_label.get(modus, modus),
                    ", ".join(forms.get(case_id, [])),
                    n_victims,
                    n_children,
                ]
            else:
                row += ["", "", "", ""]
            if identities:
                for p in case_victims:
                    p.case = case  # identity_visible reads the case's agency and status
                row += _identity_cells(user, case_victims) if view.full else ["", ""]
            yield row


def _copy_applies(job: ExportJob) -> bool:
    """Whether the export job's file is written by :func:`_csv_copy`: a masked CSV of the
    cases on PostgreSQL. Everything else goes row by row through :class:`TableWriter`."""
    return job.format == "csv" and not job.include_identities and connection.vendor == "postgresql"


def _csv_copy(user, cases, fh, *, headers: list[str], progress=None) -> int:
    """Write the masked case export of the queryset ``cases`` (scoped by ``case_list``) as CSV
    to the binary file ``fh`` with PostgreSQL's ``COPY ... TO STDOUT``; return the number of
    data rows. The file is the one :func:`_case_rows` through :class:`TableWriter` writes
    (UTF-8 with BOM, CRLF line ends, the same cells), several times faster: the database
    formats the rows, Python copies blocks.

    Nothing of the access rule moves into SQL: :func:`case_view_for` is asked in Python once
    per distinct (handling agency, reporting agency, status) of the exported cases, and once
    per case under a break-glass grant (:func:`sigap.cases.access.case_views`), and its two
    answers that shape a row (``full``, ``status_only``) are joined to the rows as a small
    table; a case whose key is missing (it changed meanwhile) gets the most restrictive
    answer. Text
    from data goes through the formula-safe rule of :mod:`sigap.core.tabular` (the same
    :data:`FORMULA_PREFIXES`), labels through :func:`formula_safe` before they are sent.
    A value holding a line break would get CRLF inside its quotes (names of areas and
    agencies have none).

    ``progress(rows)`` is called every ten thousand rows or so; the caller's connection is
    busy with the COPY meanwhile (see :func:`sigap.core.progress.side_progress`).
    """
    from django.db import connections
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    status_label = {k: formula_safe(str(v)) for k, v in CaseStatus.choices}
    modus_label = {k: formula_safe(str(v)) for k, v in Modus.choices}
    form_label = {k: str(v) for k, v in ExploitationForm.choices}
    base = cases.prefetch_related(None)
    order = list(base.query.order_by) or CASE_LIST_ORDER
    # (handling, reporting, status, break-glass) -> (full, status_only), from the one rule
    table = case_views(user, base)
    decisions: dict[tuple, tuple[bool, bool]] = {(0, 0, "", False): (False, True)}
    for (h, r, s), view in table.by_key.items():
        decisions[(h or 0, r or 0, s, False)] = (view.full, view.status_only)
    for (h, r, s), view in table.granted.values():
        decisions[(h or 0, r or 0, s, True)] = (view.full, view.status_only)
    bg_ids = sorted(table.granted)

    columns_in = {  # alias in the SQL -> the case's field
        "x_id": "id",
        "x_number": "number",
        "x_status": "status",
        "x_reported": "reported_on",
        "x_opened": "opened_at",
        "x_closed": "closed_at",
        "x_kel": "report_area__name",
        "x_kec": "report_area__parent__name",
        "x_h": "handling_agency_id",
        "x_r": "reporting_agency_id",
        "x_short": "handling_agency__short_name",
        "x_agency": "handling_agency__name",
        "x_modus": "modus",
    }
    inner = (
        _with_counts(base, form_label)
        .annotate(
            **{alias: F(field) for alias, field in columns_in.items()},
            x_pos=Window(RowNumber(), order_by=order),
        )
        .order_by()
        .values_list(*columns_in, "x_forms", "x_victims", "x_children", "x_pos")
    )
    with TableWriter(fh, fmt="csv", headers=headers):
        pass  # the byte-order mark and the header row
    try:
        inner_sql, inner_params = inner.query.sql_with_params()
    except EmptyResultSet:  # a scope that matches nothing (e.g. .none())
        return 0
    prefixes = list(FORMULA_PREFIXES)
    marks = ", ".join(["%s"] * len(prefixes))
    params: list = []  # in the order of their placeholders in the text

    def safe(col: str) -> str:
        params.extend(prefixes)
        return (
            f"CASE WHEN left({col}, 1) IN ({marks}) THEN '''' || {col} ELSE NULLIF({col}, '') END"
        )

    def label(col: str, labels: dict[str, str]) -> str:
        for code, text in labels.items():
            params.extend([code, text])
        whens = " ".join(["WHEN %s THEN %s"] * len(labels))
        return f"NULLIF(CASE {col} {whens} ELSE {col} END, '')"

    def local_date(col: str) -> str:
        params.append(timezone.get_current_timezone_name())
        return f"to_char(({col} AT TIME ZONE %s)::date, 'YYYY-MM-DD')"

    full = "COALESCE(v.is_full, false)"
    columns = [  # built in order: each helper appends its parameters as it is called
        safe("q.x_number"),
        label("q.x_status", status_label),
        "to_char(q.x_reported, 'YYYY-MM-DD')",
        local_date("q.x_opened"),
        local_date("q.x_closed"),
        safe("q.x_kec"),
        safe("q.x_kel"),
    ]
    agency = safe("COALESCE(NULLIF(q.x_short, ''), q.x_agency)")
    columns.append(f"CASE WHEN COALESCE(v.status_only, true) THEN NULL ELSE {agency} END")
    columns.append(f"CASE WHEN {full} THEN {label('q.x_modus', modus_label)} END")
    columns.append(f"CASE WHEN {full} THEN {safe('q.x_forms')} END")
    columns.append(f"CASE WHEN {full} THEN COALESCE(q.x_victims, 0) END")
    columns.append(f"CASE WHEN {full} THEN COALESCE(q.x_children, 0) END")
    params += inner_params
    rows_sql = ", ".join(["(%s::bigint, %s::bigint, %s::text, %s, %s, %s)"] * len(decisions))
    for key, answer in decisions.items():
        params.extend([*key, *answer])
    params.append(bg_ids)
    # Every value travels as a parameter; the text is built from our own fragments only.
    query = (
        f"SELECT {', '.join(columns)} FROM ({inner_sql}) AS q "  # noqa: S608
        f"LEFT JOIN (VALUES {rows_sql}) AS v(h, r, s, bg, is_full, status_only) "
        "ON v.h = COALESCE(q.x_h, 0) AND v.r = COALESCE(q.x_r, 0) AND v.s = q.x_status "
        "AND v.bg = (q.x_id = ANY(%s::bigint[])) ORDER BY q.x_pos"
    )
    lines = reported = 0
    with connections[cases.db].cursor() as cursor:
        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            for block in copy:
                data = bytes(block)
                fh.write(data.replace(b"\n", b"\r\n"))
                lines += data.count(b"\n")
                if progress and lines - reported >= PROGRESS_EVERY * 5:
                    progress(lines)
                    reported = lines
        return cursor.cursor.rowcount


def may_export_identities(user) -> bool:
    return user.has_perm("cases.export_identities")


def clean_filters(filters: dict | None) -> dict[str, str]:
    """Keep only the known list filters (codes) with a value; raises ApplicationError for an
    unknown filter name or a value that is not a short string."""
    clean = {}
    for key, value in (filters or {}).items():
        if key not in FILTERS:
            raise ApplicationError(_("Unknown export filter."))
        if value in (None, ""):
            continue
        if not isinstance(value, str) or len(value) > 40:
            raise ApplicationError(_("Invalid export filter value."))
        clean[key] = value
    return clean


def export_job_create(
    *,
    user,
    dataset: str = ExportDataset.CASES,
    fmt: str = "csv",
    filters: dict | None = None,
    include_identities: bool = False,
    purpose: str = "",
    header_language: str = "",
) -> ExportJob:
    """Queue an export for ``user`` and return its job (status ``queued``); the task worker
    writes the file (:func:`export_job_run`). Identities only for a user with
    ``cases.export_identities`` who asks for them with a purpose of at least 20 characters
    (otherwise the export is masked, or ApplicationError without the purpose). ApplicationError
    for an unknown dataset, format or filter. Audited as ``export.request`` with its purpose;
    the task is enqueued once the transaction commits, with the job's id only.
    """
    if dataset not in ExportDataset.values or dataset == ExportDataset.TASKFORCE_REPORT:
        # The task-force report has its own page and rules (taskforce_jobs).
        raise ApplicationError(_("Unknown export dataset."))
    if fmt not in DATASET_FORMATS[dataset]:
        raise ApplicationError(_("This dataset is not available in that format."))
    if dataset != ExportDataset.CASES:
        include_identities = False  # the standard formats never carry identities
    if not user.has_perm("cases.view_case"):
        raise PermissionDenied
    filters = clean_filters(filters)
    purpose = (purpose or "").strip()
    if include_identities:
        if not may_export_identities(user):
            include_identities = False  # masked output: the checkbox is not the permission
        elif len(purpose) < PURPOSE_MIN_CHARS:
            raise ApplicationError(
                _("Write the purpose of exporting identities in at least %(n)d characters.")
                % {"n": PURPOSE_MIN_CHARS}
            )
    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=user,
            dataset=dataset,
            format=fmt,
            filters=filters,
            include_identities=include_identities,
            purpose=purpose,
            header_language=header_language if header_language in LANGUAGE_CODES else "",
        )
        audit_record(
            actor=user,
            action="export.request",
            target=job,
            changes={
                "dataset": dataset,
                "format": fmt,
                "identities": include_identities,
                "purpose": purpose,
                "filters": filters,
            },
        )
        job_id = job.pk
        transaction.on_commit(lambda: export_run.enqueue(job_id=job_id))
    return job


PROGRESS_EVERY = 2000  # rows between progress updates (and the iterator's chunk size)


def _victim_count(cases) -> int:
    return Participant.objects.filter(
        case__in=cases.order_by().values("pk"), role=ParticipantRole.VICTIM
    ).count()


class JsonWriter:
    """Streams a JSON array of objects (the HTCDS exchange file) to a binary file object,
    one record per :meth:`writerow`; same interface as :class:`TableWriter`. JSON is not
    opened by spreadsheets, so no formula quoting applies; values are written as they are."""

    def __init__(self, fileobj, *, fmt: str = "json", headers: list[str], title: str = ""):
        self._fh = fileobj
        self.headers = headers
        self.rows = 0
        self._fh.write(b"[")

    def writerow(self, record: dict) -> None:
        if list(record) != self.headers:
            raise ValueError("record keys differ from the documented columns")
        self._fh.write((b",\n" if self.rows else b"\n") + json.dumps(record).encode())
        self.rows += 1

    def writerows(self, records: list[dict]) -> None:
        for record in records:
            self.writerow(record)

    def close(self) -> None:
        self._fh.write(b"\n]\n")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()


def _set(job: ExportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now(), **fields)


def export_job_run(*, job_id: int) -> None:
    """Write the file of export job ``job_id`` (called by the task worker; idempotent: a job
    already done or failed is left alone, one cut off while running starts again).

    Streams: cases are read in chunks of :data:`PROGRESS_EVERY` and written row by row through
    :class:`TableWriter` to a file under ``SIGAP_EXPORT_DIR``, so memory stays bounded
    whatever the row count; no row limit. Progress (``rows_written`` of ``rows_total``) is
    saved every chunk. The rows are those the *requester* may see now (``case_list``), masked
    as for them. On success the job is ``done``, expires after ``SIGAP_EXPORT_HOURS`` and a
    ``case.export`` audit row records rows, format, identities, purpose and filters; on any
    error the partial file is removed and the job is ``failed`` with a fixed message (nothing
    from the exception, which could quote personal data).
    """
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status in (ExportStatus.DONE, ExportStatus.FAILED):
        return
    user = job.owner
    _set(job, status=ExportStatus.RUNNING, started_at=timezone.now(), rows_written=0)
    if job.dataset == ExportDataset.TASKFORCE_REPORT:
        from sigap.reports.taskforce_jobs import taskforce_report_job_run

        taskforce_report_job_run(job=job)
        return
    export_dir = Path(settings.SIGAP_EXPORT_DIR)
    export_dir.mkdir(parents=True, exist_ok=True)
    file_name = f"{secrets.token_hex(16)}.{job.format}"
    partial = export_dir / (file_name + ".part")
    copy_csv = False
    try:
        cases = case_list(user=user, **job.filters)
        if job.dataset == ExportDataset.CASES:
            _set(job, rows_total=cases.count())
            headers = column_headers(
                CASE_COLUMNS + (IDENTITY_COLUMNS if job.include_identities else []),
                job.header_language,
            )
            # A masked CSV on PostgreSQL is formatted by the database (_csv_copy); every
            # other case export goes row by row through the one table writer.
            copy_csv = _copy_applies(job)
            rows = _case_rows(user, cases, identities=job.include_identities)
        else:
            # One row per victim of the cases the requester sees in full: the total is
            # the number of victims of the listed cases (an upper bound for progress).
            _set(job, rows_total=_victim_count(cases))
            headers = [c.name for c in STANDARD_COLUMNS[job.dataset]]
            facts = victim_facts(user, cases, chunk_size=PROGRESS_EVERY)
            if job.format == "json":
                rows = (htcds_record(f) for f in facts)
            else:
                rows = (ROW_MAKERS[job.dataset](f) for f in facts)
        with partial.open("wb") as fh:
            if copy_csv:
                with side_progress(
                    ExportJob, job.pk, field="rows_written", touch="updated_at"
                ) as write:
                    written = _csv_copy(user, cases, fh, headers=headers, progress=write)
            else:
                writer_cls = JsonWriter if job.format == "json" else TableWriter
                title = file_stem(job.dataset, job.header_language)
                with writer_cls(fh, fmt=job.format, headers=headers, title=title) as writer:
                    for chunk in _chunks(rows, PROGRESS_EVERY):
                        writer.writerows(chunk)
                        if len(chunk) == PROGRESS_EVERY:  # the last, partial one: "done" says it
                            _set(job, rows_written=writer.rows)
                written = writer.rows
        partial.rename(export_dir / file_name)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        logger.error("export job %s failed: %s", job.pk, type(exc).__name__)  # no message: PII
        _set(job, status=ExportStatus.FAILED, error=str(_("The export failed; try again.")))
        return
    finished = timezone.now()
    stamp = timezone.localtime(finished).strftime("%Y%m%d-%H%M")
    with transaction.atomic():
        _set(
            job,
            status=ExportStatus.DONE,
            rows_written=written,
            file_name=file_name,
            filename=f"sigap-{file_stem(job.dataset, job.header_language)}-{stamp}.{job.format}",
            finished_at=finished,
            expires_at=finished + timedelta(hours=settings.SIGAP_EXPORT_HOURS),
        )
        audit_record(
            actor=user,
            action="case.export",
            target=job,
            changes={
                "dataset": job.dataset,
                "rows": written,
                "format": job.format,
                "identities": job.include_identities,
                "fields": IDENTITY_COLUMNS if job.include_identities else [],
                "purpose": job.purpose,
                "filters": job.filters,
            },
        )


@transaction.atomic
def export_job_file(*, user, job: ExportJob) -> Path:
    """The path of ``job``'s file for its requester to download (Http404 for anyone else, or
    when the job is not done or has expired). Audited as ``export.download``."""
    if job.owner_id != user.pk or not job.is_downloadable:
        raise Http404
    path = Path(settings.SIGAP_EXPORT_DIR) / job.file_name
    if not path.is_file():
        raise Http404
    audit_record(
        actor=user, action="export.download", target=job, changes={"rows": job.rows_written}
    )
    return path


def export_prune(*, now=None) -> int:
    """Delete the files of expired export jobs (and of jobs whose owner is gone from them);
    returns how many files were removed. Run from cron (docs/operations.md)."""
    now = now or timezone.now()
    removed = 0
    expired = ExportJob.objects.filter(expires_at__lte=now).exclude(file_name="")
    for job in expired.only("id", "file_name").iterator():
        (Path(settings.SIGAP_EXPORT_DIR) / job.file_name).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(file_name="")
        removed += 1
    return removed


@transaction.atomic
def aggregate_export(*, user, fmt: str = "csv", header_language: str = "") -> ExportFile:
    """Counts of cases by kecamatan of report, exploitation form and month of report, with
    small-cell and complementary suppression (``sigap.analytics.disclosure.published_line``);
    never a name, NIK or case number. Audited as ``report.export``.

    Columns: breakdown, code, label, cases. With ``header_language`` ("id", "en") the headers,
    the breakdown names ("Bentuk eksploitasi") and the months ("Maret 2026") are written in
    that language; without it (API) the machine names and codes ("exploitation_form",
    "2026-03"). The code column keeps the Kemendagri area code, the form's code and the month
    as ``YYYY-MM`` either way."""

    # Each breakdown counts the same cases, so its total can be read off another breakdown
    # even though none is printed: every line goes through the suppression rule with its
    # total (complementary suppression), else one hidden 1-4 is the months' sum minus the
    # other kecamatan (``published_line``: "<5", or "*" on a line where a second count had
    # to be hidden).
    # The file a person reads names each breakdown and month in their language; an API file
    # (no ``header_language``) keeps the machine codes its readers parse.
    def breakdown(code: str) -> str:
        if not header_language:
            return code
        with translation.override(header_language):
            return str(BREAKDOWN_LABELS[code])

    def month_label(month: str) -> str:
        if not header_language:
            return month
        year, number = month.split("-")
        with translation.override(header_language):
            return f"{MONTHS[int(number)]} {year}"

    rows = []
    kecamatan = dashboard_cases_by_kecamatan(user=user)
    shown, _total = published_line([r.count for r in kecamatan], threshold=SMALL_CELL)
    for row, value in zip(kecamatan, shown, strict=True):
        rows.append([breakdown("kecamatan"), row.code, row.name or _("Elsewhere"), value])
    forms = dashboard_cases_by_exploitation_form(user=user)
    shown, _total = published_line([r.count for r in forms], threshold=SMALL_CELL)
    for row, value in zip(forms, shown, strict=True):
        rows.append([breakdown("exploitation_form"), row.code, str(row.label), value])
    months = cases_by_month(user=user)
    shown, _total = published_line([n for _month, n in months], threshold=SMALL_CELL)
    for (month, _n), value in zip(months, shown, strict=True):
        rows.append([breakdown("month"), month, month_label(month), value])
    headers = column_headers(["breakdown", "code", "label", "cases"], header_language)
    export = _file(headers, rows, fmt=fmt, stem=file_stem("case-counts", header_language))
    audit_record(
        actor=user,
        action="report.export",
        changes={"rows": export.rows, "format": fmt, "identities": False, "suppressed_below": 5},
    )
    return export
