"""The minutes (notulen) of a meeting as a PDF, in Indonesian, made with reportlab (the one PDF
library of the project). The date is written out ("Rabu, 3 Juli 2024",
:func:`sigap.core.dates.indonesian_long_date`) and the time is in WIB.

Contents: the heading (task force, kind, title), day and date, time, place, chair; the agenda
with the items carried over from earlier meetings; attendance by agency; the minutes text; the
action items decided (responsible agency, action, due date, status). Everything is the task
force's own record: no victim data is ever part of a meeting record.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sigap.core.dates import WIB, indonesian_long_date

KIND_ID = {
    "coordination": "Rapat Koordinasi",
    "technical": "Rapat Teknis",
    "evaluation": "Rapat Evaluasi",
}
STATUS_ID = {"open": "Terbuka", "carried": "Dibawa ke rapat berikutnya", "done": "Selesai"}


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "–").replace("\n", "<br/>"), style)


def _table(rows, widths, style) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def notulen_pdf(*, meeting, attendance, items, carried) -> bytes:
    """Render the minutes of ``meeting`` and return the PDF bytes (A4).

    ``attendance``: Attendance rows; ``items``: the ActionItems decided at the meeting;
    ``carried``: the ActionItems carried onto its agenda. The caller decides who may have it
    (``sigap.taskforce.views.meeting_notulen``: the secretariat).
    """
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=11)
    title = ParagraphStyle("t", parent=styles["Title"], fontSize=15, alignment=TA_CENTER)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=12)

    local = timezone.localtime(meeting.starts_at, WIB)
    story = [
        _p("NOTULEN", title),
        _p(f"{KIND_ID.get(meeting.kind, meeting.kind)} – {meeting.task_force.name}", body),
        _p(meeting.title, h2),
        Spacer(1, 0.2 * cm),
    ]
    facts = [
        ["Hari, tanggal", indonesian_long_date(local)],
        ["Waktu", f"{local:%H.%M} WIB"],
        ["Tempat", meeting.place],
        ["Pimpinan rapat", meeting.chair or "–"],
    ]
    facts_table = Table(
        [[_p(k, body), _p(v, body)] for k, v in facts], colWidths=[4 * cm, 12.5 * cm]
    )
    story += [facts_table, Spacer(1, 0.3 * cm), _p("Agenda", h2), _p(meeting.agenda, body)]
    if carried:
        story.append(_p("Tindak lanjut dari rapat sebelumnya", h2))
        rows = [[_p(h, small) for h in ("Instansi", "Tindak lanjut", "Tenggat", "Status")]]
        for item in carried:
            rows.append(
                [
                    _p(str(item.owner_agency), small),
                    _p(item.description, small),
                    _p(indonesian_long_date(item.due_on, weekday=False), small),
                    _p(STATUS_ID.get(item.status, item.status), small),
                ]
            )
        story.append(_table(rows, [4 * cm, 7.5 * cm, 3 * cm, 2.5 * cm], small))
    story.append(_p("Daftar hadir", h2))
    rows = [[_p(h, small) for h in ("No.", "Instansi", "Nama", "Jabatan", "Kehadiran")]]
    for n, row in enumerate(attendance, start=1):
        rows.append(
            [
                _p(str(n), small),
                _p(str(row.agency), small),
                _p(row.person_name, small),
                _p(row.position, small),
                _p("Hadir" if row.present else "Tidak hadir", small),
            ]
        )
    story.append(_table(rows, [1 * cm, 4.5 * cm, 4 * cm, 4.5 * cm, 2.5 * cm], small))
    story += [_p("Jalannya rapat", h2), _p(meeting.minutes, body)]
    story.append(_p("Rencana tindak lanjut", h2))
    rows = [[_p(h, small) for h in ("No.", "Instansi", "Tindak lanjut", "Tenggat", "Status")]]
    for n, item in enumerate(items, start=1):
        rows.append(
            [
                _p(str(n), small),
                _p(str(item.owner_agency), small),
                _p(item.description, small),
                _p(indonesian_long_date(item.due_on, weekday=False), small),
                _p(STATUS_ID.get(item.status, item.status), small),
            ]
        )
    story.append(_table(rows, [1 * cm, 4 * cm, 6.5 * cm, 3 * cm, 2.5 * cm], small))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Notulen {meeting.title}",
        author=str(meeting.task_force.secretariat_agency),
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    doc.build(story)
    return buffer.getvalue()
