"""Renderers of the task-force report (``taskforce_report.TaskforceReport``): PDF with
reportlab, XLSX through the formula-safe writer (``sigap.core.tabular.TableWriter``).

They draw only what the report holds: a hidden count is written as :data:`HIDDEN` ("*"),
never as a number, and a legend says so. Dates are ISO (2026-07-01) so the text of the PDF has
no stray small numbers; counts use the Indonesian thousands separator (1.250).
Strings are translated in the active language: call them inside ``translation.override``.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sigap.core.tabular import TableWriter
from sigap.reports.exports import column_headers
from sigap.reports.taskforce_report import WIB, Figure, Table, TaskforceReport

HIDDEN = "*"


def fmt_value(value: int | None, unit: str = "count") -> str:
    """``None`` → "*"; numbers with "." as thousands separator; Rupiah with "Rp"."""
    if value is None:
        return HIDDEN
    text = f"{value:,}".replace(",", ".")
    return f"Rp {text}" if unit == "rupiah" else text


def _legend(report: TaskforceReport) -> str:
    return _(
        "* = not shown: counts below %(n)s are hidden, and where a total is shown another "
        "count is hidden with them so the total cannot reveal them. Amounts are shown only "
        "when at least %(n)s records make them up."
    ) % {"n": report.threshold}


def _generated(report: TaskforceReport) -> str:
    return timezone.localtime(report.generated_at, WIB).strftime("%Y-%m-%d %H:%M WIB")


def _table_rows(table: Table) -> list[tuple[str, str, int | None]]:
    """(row label, column label, value) for every entry, totals last."""
    data, out = table.data, []
    total = str(_("Total"))
    rows = [str(r) for r in table.row_labels] or [""]
    for i, row_label in enumerate(rows):
        for j, col in enumerate(table.col_labels):
            out.append((row_label, str(col), data.cells[i][j]))
        if data.row_totals is not None and table.row_labels:
            out.append((row_label, total, data.row_totals[i]))
    if data.col_totals is not None:
        for j, col in enumerate(table.col_labels):
            out.append((total, str(col), data.col_totals[j]))
    if data.has_grand_total:
        out.append((total, total, data.grand_total))
    return out


# ---------------------------------------------------------------------------------------------
# XLSX


# The columns by machine name; the file carries their labels (``exports.COLUMN_LABELS``) in
# the active language, as every file written for people (issue 13 §10).
XLSX_COLUMNS = [
    "section",
    "item",
    "row",
    "column",
    "value",
    "unit",
    "period",
    "source",
    "counting_rule",
]

# The unit column in words (``Figure.unit`` and tables: "count" or "rupiah").
UNIT_LABELS = {
    "count": gettext_lazy("number"),
    "rupiah": gettext_lazy("rupiah"),
}


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def render_xlsx(report: TaskforceReport) -> bytes:
    """One sheet, one line per number: section, item, row and column labels, the value (a
    number, or "*" when hidden), unit, period, source and counting rule. Headers, unit words
    and the sheet's name are in the active language."""
    buffer = io.BytesIO()
    period = report.period.label
    headers = column_headers(XLSX_COLUMNS, translation.get_language() or settings.LANGUAGE_CODE)
    title = str(pgettext("sheet name", "report"))
    with TableWriter(buffer, fmt="xlsx", headers=headers, title=title) as writer:
        for section in report.sections:
            for f in section.figures:
                writer.writerow(_xlsx_figure(section.title, f, period))
            for t in section.tables:
                for row_label, col_label, value in _table_rows(t):
                    writer.writerow(
                        [
                            str(section.title),
                            str(t.title),
                            row_label,
                            col_label,
                            HIDDEN if value is None else value,
                            unit_label("count"),
                            period,
                            str(t.source),
                            str(t.rule),
                        ]
                    )
        writer.writerow([str(_("Note")), _legend(report), "", "", "", "", period, "", ""])
        writer.writerow(
            [str(_("Note")), str(_("Generated")), "", "", _generated(report), "", "", "", ""]
        )
    return buffer.getvalue()


def _xlsx_figure(section_title, f: Figure, period: str) -> list:
    return [
        str(section_title),
        str(f.label),
        "",
        "",
        HIDDEN if f.value is None else f.value,
        unit_label(f.unit),
        period,
        str(f.source),
        str(f.rule),
    ]


# ---------------------------------------------------------------------------------------------
# PDF


def render_pdf(report: TaskforceReport) -> bytes:
    """An A4 PDF: title, period and legend, then per section its figures (label, value,
    source, counting rule) and its tables (with totals), each with period, source and rule."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    cell = styles["BodyText"].clone("cell", fontSize=9, leading=11)
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]
    )

    def p(text, style=cell):
        return Paragraph(escape(str(text)), style)

    period = report.period.label
    story = [
        Paragraph(escape(_("Task force report (Laporan Gugus Tugas PP-TPPO)")), styles["Title"]),
        p(_("Period: %(period)s") % {"period": period}, styles["Heading3"]),
        p(_("Generated: %(when)s") % {"when": _generated(report)}, small),
        p(_legend(report), small),
        Spacer(1, 0.4 * cm),
    ]
    for section in report.sections:
        story.append(p(section.title, styles["Heading2"]))
        if section.figures:
            rows = [[p(_("Indicator")), p(_("Value")), p(_("Source and counting rule"))]]
            for f in section.figures:
                rows.append(
                    [
                        p(f.label),
                        p(fmt_value(f.value, f.unit)),
                        p(
                            _("%(source)s. %(rule)s Period: %(period)s.")
                            % {"source": f.source, "rule": f.rule, "period": period},
                            small,
                        ),
                    ]
                )
            story += [
                PdfTable(rows, colWidths=[5 * cm, 3.2 * cm, 8.8 * cm], style=grid),
                Spacer(1, 0.3 * cm),
            ]
        for t in section.tables:
            story.append(p(t.title, styles["Heading4"]))
            data = t.data
            with_rows = bool(t.row_labels)
            header = ([p("")] if with_rows else []) + [p(c) for c in t.col_labels]
            if data.row_totals is not None:
                header.append(p(_("Total")))
            rows = [header]
            for i, cells in enumerate(data.cells):
                line = [p(t.row_labels[i])] if with_rows else []
                line += [p(fmt_value(v)) for v in cells]
                if data.row_totals is not None:
                    line.append(p(fmt_value(data.row_totals[i])))
                rows.append(line)
            if data.col_totals is not None:
                line = [p(_("Total"))] + [p(fmt_value(v)) for v in data.col_totals]
                if data.row_totals is not None:
                    line.append(p(fmt_value(data.grand_total)))
                rows.append(line)
            story += [
                PdfTable(rows, style=grid, hAlign="LEFT", repeatRows=1),
                p(
                    _("Period: %(period)s. Source: %(source)s. Counting rule: %(rule)s")
                    % {"period": period, "source": t.source, "rule": t.rule},
                    small,
                ),
                Spacer(1, 0.3 * cm),
            ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=str(_("Task force report")),
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
    )
    doc.build(story)
    return buffer.getvalue()


RENDERERS = {"pdf": render_pdf, "xlsx": render_xlsx}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
