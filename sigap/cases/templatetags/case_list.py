"""``{% case_row %}``: the cells of one row of the case list, written in Python.

Through the template engine a row cost ~0.25 ms (a reversed URL, two date formats, lookups
across four related objects, a loop over the exploitation forms): 6 ms of a 25-row page
whose SQL takes ~9 ms at a million cases (issue 8, "each page ≤ 3 × the raw SQL it runs").
"""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from sigap.cases.access import case_view_for
from sigap.core.rows import row_url

register = template.Library()


@register.simple_tag(takes_context=True)
def case_row(context, case, stage_cell="", show_forms=False):
    """The ``<td>`` cells of ``case`` (a ``Case`` from ``cases.selectors.case_list``, with its
    areas and agencies selected and ``listed_exploitations`` prefetched): the case number
    linking to the case page, the report date (``<time datetime="YYYY-MM-DD">`` and
    "j F Y" in the active language), the status, ``stage_cell`` (already-escaped HTML from
    ``{% stage_cell %}``), "kecamatan / kelurahan" of the report, the handling agency (or
    "Not yet taken on") and, with ``show_forms``, the exploitation forms (or "Not recorded").
    The handling agency reads "Not shown" on a row the user sees by status only
    (``case_view_for(...).status_only``: a reporter's or a transferred case), the forms on
    every row the user does not see in full (``.full``; a receiving agency's minimal view
    names the handling agency, as its case page and export do, but not the forms).
    Values are escaped by ``format_html``; the case-page URL is reversed once per render."""
    url = row_url(context, "cases:case-detail", case.public_id)
    area = case.report_area
    place = format_html("{} / {}", area.parent.name, area.name) if area.parent_id else area.name
    request = context.get("request")
    view = None if request is None else case_view_for(request.user, case, breakglass=False)
    full = view is None or view.full
    withheld = format_html('<span class="masked">{}</span>', _("Not shown"))
    if view is not None and view.status_only:  # number, dates, status, kelurahan only
        agency = withheld
    elif case.handling_agency_id:
        agency = format_html("{}", case.handling_agency)
    else:
        agency = format_html('<span class="masked">{}</span>', _("Not yet taken on"))
    cells = format_html(
        '<td><a href="{}">{}</a></td><td><time datetime="{}">{}</time></td><td>{}</td>{}'
        "<td>{}</td><td>{}</td>",
        url,
        case.number,
        case.reported_on.isoformat(),
        date_format(case.reported_on, "j F Y"),
        case.get_status_display(),
        stage_cell,
        place,
        agency,
    )
    if not show_forms:
        return cells
    items = case.exploitation_items()
    if not full:
        forms = withheld
    elif items:
        forms = format_html_join(", ", "{}", ((item.get_form_display(),) for item in items))
    else:
        forms = format_html('<span class="masked">{}</span>', _("Not recorded"))
    return format_html("{}<td>{}</td>", cells, forms)
