"""SVG charts of the dashboard, drawn server-side by pygal (issue 12 §4): no JavaScript, no CDN.

Each chart is returned as a ``data:image/svg+xml;base64,...`` URI for an ``<img>`` (the page's
Content-Security-Policy allows ``img-src data:`` but no inline styles, and pygal styles its
SVG inline); the template puts the chart's data table right after it, which is what screen
readers read (the image's alt text names the chart and points to the table).
"""

from __future__ import annotations

import base64
import math
import re

import pygal
from pygal.style import Style

from sigap.reports.dashboards import Series

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#1f5fa8", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207"),
    font_family="sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=16,
    value_font_size=12,
)
CONFIG = {
    "style": STYLE,
    "js": [],  # pygal's default loads a tooltip script from a CDN
    "disable_xml_declaration": True,
    "show_legend": True,
    "legend_at_bottom": True,
    "print_values": False,
    "width": 720,
    "height": 360,
    "explicit_size": True,
    "no_data_text": "0",
}


def _number(value) -> str:
    """Whole numbers with Indonesian thousands dots: 10000000 → "10.000.000"."""
    return f"{value:,.0f}".replace(",", ".")


def _value_labels(series: Series) -> list[int]:
    """Whole-number ticks from 0 past the largest value, about eight of them (pygal would
    otherwise label fractions of a case)."""
    top = max([v for row in series.rows for v in row[1:]] + [1])
    step = max(1, math.ceil(top / 8))
    if step > 10:
        magnitude = 10 ** (len(str(step)) - 1)
        step = math.ceil(step / magnitude) * magnitude
    return list(range(0, top + step, step))


def _chart(series: Series):
    kind = series.kind
    if kind == "pie":
        chart = pygal.Pie(inner_radius=0.45, **CONFIG)
        for label, value, *_rest in series.rows:
            chart.add(str(label), value)
        return chart
    # Whole labels (pygal would cut "2026-01" to "2026-…" to fit 12 months in 720 px);
    # slanted from 7 labels on so that whole month labels do not overlap.
    rotation = 30 if len(series.rows) > 6 else 0
    if kind == "line":
        chart = pygal.Line(x_label_rotation=rotation, truncate_label=-1, **CONFIG)
    elif kind in ("vbar", "stacked"):
        chart = pygal.Bar(x_label_rotation=rotation, truncate_label=-1, **CONFIG)
    else:
        height = max(220, 40 + 28 * len(series.rows))
        chart = pygal.HorizontalBar(**{**CONFIG, "height": height, "show_legend": False})
    labels = [str(row[0]) for row in series.rows]
    chart.y_labels = _value_labels(series)
    chart.value_formatter = _number
    if kind == "bar":
        # Horizontal bars draw from the bottom up: reverse so the largest is on top.
        chart.x_labels = list(reversed(labels))
        chart.add(str(series.headings[1]), [row[1] for row in reversed(series.rows)])
        return chart
    chart.x_labels = labels
    for index, heading in enumerate(series.headings[1:], start=1):
        chart.add(str(heading), [row[index] for row in series.rows])
    return chart


_SCRIPT = re.compile(r"<script\b.*?</script>|<!--.*?-->", re.S)


def chart_svg(series: Series) -> str:
    """The SVG document (text) of ``series``'s chart, without pygal's inline configuration
    script and credit comments (an image runs no script anyway; this keeps the file inert)."""
    return _SCRIPT.sub("", _chart(series).render(is_unicode=True))


def chart_data_uri(series: Series) -> str:
    """``series``'s chart as a ``data:`` URI for an ``<img src>``."""
    svg = chart_svg(series).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
