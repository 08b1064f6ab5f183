"""Monthly recap for the Wali Kota (issue 12 §5): one A4 page of key numbers (reportlab), on
demand from the dashboard and from ``manage.py monthly_recap --month YYYY-MM --output FILE``.

The numbers are the chart dashboard's (sigap.reports.dashboards) for the month, over the
requesting user's scope (city-wide for ``cases.view_aggregates``): no second access rule, no
name, case number or identity. Each generation is audited as ``report.export``.
"""

from __future__ import annotations

import calendar
import io
import math
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError
from sigap.reports.dashboards import Filters, dashboard_charts


def parse_month(text: str) -> date:
    """``"2026-05"`` → date(2026, 5, 1); ApplicationError (translated) for anything else."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError) as exc:
        raise ApplicationError(_("Give the month as YYYY-MM, e.g. 2026-05.")) from exc


@dataclass(frozen=True)
class RecapFigures:
    """The key numbers of one month (counts over the user's scope; Rupiah for amounts)."""

    month: date
    cases: int
    victims: int
    children: int
    identified_within_7: int
    identified_total: int
    services_within_7: int
    services_total: int
    overdue_referrals: int
    verdicts: int
    restitution_awarded: int
    restitution_paid: int
    year_to_date: int
    year_to_date_last_year: int
    months: list  # (month label "Jan" ..., last year, this year), January to the month


def recap_figures(*, user, month: date, today: date | None = None) -> RecapFigures:
    """Key numbers of ``month`` for ``user`` from the dashboard selectors (period = that
    calendar month; year-to-date compares January..that month with the year before)."""
    end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    today = min(today or end, end)
    charts = {
        s.key: s
        for s in dashboard_charts(user=user, filters=Filters(start=month, end=end), today=today)
    }
    over = charts["over_time"].rows
    ident = [row[1] for row in charts["identification"].rows]
    service = [row[1] for row in charts["service"].rows]
    restitution = charts["restitution"].rows
    yoy = charts["year_on_year"].rows[: month.month]  # January .. the recap's month
    return RecapFigures(
        month=month,
        cases=sum(row[1] for row in over),
        victims=sum(row[2] for row in over),
        children=charts["children"].rows[0][1],  # rows: children, adults, age unknown
        identified_within_7=ident[0],
        identified_total=sum(ident),
        services_within_7=service[0],
        services_total=sum(service),
        overdue_referrals=charts["overdue"].total,
        verdicts=charts["verdicts"].total,
        restitution_awarded=sum(row[1] for row in restitution),
        restitution_paid=sum(row[2] for row in restitution),
        year_to_date=sum(row[2] for row in yoy),
        year_to_date_last_year=sum(row[1] for row in yoy),
        months=yoy,
    )


def _rupiah(value: int) -> str:
    return "Rp " + f"{value:,.0f}".replace(",", ".")


def _trend(figures: RecapFigures) -> Drawing:
    drawing = Drawing(16 * cm, 5.5 * cm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 20, 15 * cm - 30, 4.5 * cm
    chart.data = [[r[1] for r in figures.months] or [0], [r[2] for r in figures.months] or [0]]
    chart.categoryAxis.categoryNames = [r[0] for r in figures.months] or [""]
    chart.valueAxis.valueMin = 0
    top = max([v for series in chart.data for v in series] + [1])
    chart.valueAxis.valueStep = max(1, math.ceil(top / 5))  # whole cases on the axis
    chart.bars[0].fillColor = colors.HexColor("#9aa5b1")
    chart.bars[1].fillColor = colors.HexColor("#1f5fa8")
    drawing.add(chart)
    return drawing


def recap_pdf_bytes(figures: RecapFigures, *, area_name: str) -> bytes:
    """One A4 page: title, the key-number table and the cases-per-month bars (last year grey,
    this year blue)."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Monthly TPPO recap"),
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
    )
    month_name = date_format(figures.month, "F Y")  # "Maret 2026" in the active language

    def pct(part, whole):
        return f"{part} / {whole}" + (f" ({round(100 * part / whole)}%)" if whole else "")

    rows = [
        [_("Figure"), _("Value")],
        [_("Cases reported this month"), str(figures.cases)],
        [_("Victims in those cases"), str(figures.victims)],
        [_("of whom children"), str(figures.children)],
        [
            _("Victims identified within 7 days of the report"),
            pct(figures.identified_within_7, figures.identified_total),
        ],
        [
            _("Referrals with the service started by the due date"),
            pct(figures.services_within_7, figures.services_total),
        ],
        [_("Referrals overdue (still open)"), str(figures.overdue_referrals)],
        [_("Court verdicts"), str(figures.verdicts)],
        [_("Restitution awarded"), _rupiah(figures.restitution_awarded)],
        [_("Restitution paid"), _rupiah(figures.restitution_paid)],
        [
            _("Cases from January to this month: this year / last year"),
            f"{figures.year_to_date} / {figures.year_to_date_last_year}",
        ],
    ]
    table = Table(rows, colWidths=[11 * cm, 6 * cm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e7eb")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9aa5b1")),
                ("ALIGN", (1, 1), (1, -1), "RIGHT"),
            ]
        )
    )
    story = [
        Paragraph(_("Monthly TPPO recap for the Wali Kota"), styles["Title"]),
        Paragraph(f"{area_name} · {month_name}", styles["Heading2"]),
        Paragraph(
            _(
                "Counts of cases reported in the month and their victims, over the whole "
                "city; no names. Goal: zero cases."
            ),
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
        table,
        Spacer(1, 0.6 * cm),
        Paragraph(_("Cases per month: last year (grey) and this year (blue)"), styles["Heading3"]),
        _trend(figures),
    ]
    doc.build(story)
    return buffer.getvalue()


@transaction.atomic
def monthly_recap(*, user, month: date, area_name: str, today: date | None = None) -> bytes:
    """The recap PDF of ``month`` for ``user`` (their dashboard scope); audited as
    ``report.export`` (format pdf, month; no data)."""
    figures = recap_figures(user=user, month=month, today=today)
    content = recap_pdf_bytes(figures, area_name=area_name)
    audit_record(
        actor=user,
        action="report.export",
        changes={"report": "monthly_recap", "month": f"{month:%Y-%m}", "format": "pdf"},
    )
    return content
