"""The printable leaflet "Kenali tanda-tanda lowongan kerja palsu" (issue 9 §6), drawn with
reportlab from the active screening ruleset: the same red flags, labels and sources that the
screening uses (``sigap.analytics.selectors.ruleset_active``), so the leaflet and the checker
never disagree. Hotline numbers come from the ``SIGAP_HOTLINES`` setting.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# A red flag weighing at least this much (or marked critical) is printed in the first section,
# "the strongest signs"; every other red flag follows in the second.
HIGH_WEIGHT = 3


def red_flags(ruleset: dict) -> tuple[list[dict], list[dict]]:
    """``(strong, other)`` red-flag rules of ``ruleset`` (mitigations left out), each sorted by
    weight (highest first), then code. Strong: ``weight >= HIGH_WEIGHT`` or ``critical``."""
    flags = [r for r in ruleset.get("rules", []) if r.get("kind", "red_flag") == "red_flag"]
    flags.sort(key=lambda r: (-float(r.get("weight", 0)), r["code"]))
    strong = [r for r in flags if float(r.get("weight", 0)) >= HIGH_WEIGHT or r.get("critical")]
    other = [r for r in flags if r not in strong]
    return strong, other


def _label(rule: dict, lang: str) -> str:
    label = rule.get("label", {})
    return label.get(lang) or label.get("id") or rule["code"]


def leaflet_pdf(*, ruleset: dict, hotlines: list[tuple[str, str]] | None = None) -> bytes:
    """The leaflet as PDF bytes (A4, one or two pages) in the active language (labels from the
    ruleset's ``label[lang]``, Indonesian otherwise). ``hotlines``: ``[(label, number)]``,
    default ``settings.SIGAP_HOTLINES``."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    lang = (get_language() or "id")[:2]
    hotlines = settings.SIGAP_HOTLINES if hotlines is None else hotlines
    strong, other = red_flags(ruleset)
    styles = getSampleStyleSheet()
    title = ParagraphStyle("t", parent=styles["Title"], fontSize=20, leading=24)
    body = ParagraphStyle("b", parent=styles["BodyText"], fontSize=11, leading=14)
    small = ParagraphStyle("s", parent=body, fontSize=8, leading=10, textColor=colors.grey)
    head = ParagraphStyle("h", parent=styles["Heading2"], textColor=colors.HexColor("#b3261e"))

    def items(rules):
        return ListFlowable(
            [
                ListItem(
                    [
                        Paragraph(f"<b>{escape(_label(r, lang))}</b>", body),
                        Paragraph(escape(r.get("source", "")), small),
                    ]
                )
                for r in rules
            ],
            bulletType="bullet",
            leftIndent=12,
        )

    story = [
        Paragraph(escape(_("Know the signs of a fake job offer")), title),
        Paragraph(
            escape(
                _(
                    "Most trafficking starts with a job offer. Before you pay or leave, check "
                    "the offer against these signs. One strong sign is enough to stop and ask."
                )
            ),
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("The strongest signs")), head),
        items(strong),
    ]
    if other:
        story += [Paragraph(escape(_("Other warning signs")), head), items(other)]
    story += [
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Safe ways to work abroad")), head),
        Paragraph(
            escape(
                _(
                    "Go through a licensed placement company (P3MI) or the government "
                    "programme, with a work visa and a written contract signed before you "
                    "leave. Placement must not cost you money you have to owe (UU 18/2017)."
                )
            ),
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Ask or report: free, confidential")), head),
    ]
    if hotlines:
        table = Table(
            [[escape(label), escape(number)] for label, number in hotlines],
            colWidths=[95 * mm, 60 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTSIZE", (0, 0), (-1, -1), 12),
                    ("FONTNAME", (1, 0), (1, -1), "Helvetica-Bold"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ]
            )
        )
        story.append(table)
    story += [
        Spacer(1, 3 * mm),
        Paragraph(
            escape(
                _("Check an offer online, or report without giving your name: %(url)s")
                % {"url": "/cek-lowongan/ · /lapor/"}
            ),
            body,
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            escape(
                _("Gugus Tugas PP-TPPO Kota Administrasi Jakarta Pusat. Screening rules %(v)s.")
                % {"v": ruleset.get("version", "")}
            ),
            small,
        ),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Know the signs of a fake job offer"),
        author="SIGAP",
    )
    doc.build(story)
    return out.getvalue()
