"""``{% case_row %}`` writes the cells the case list's row markup wrote (issue 8: ~0.25 ms a
row through the template engine): the same HTML, up to whitespace between tags, for a case
handled by an agency with exploitation forms and one in the intake queue without, in both
languages, with and without the forms column."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from sigap.cases.models import CaseExploitation
from sigap.cases.selectors import case_list
from sigap.cases.services import case_report

pytestmark = pytest.mark.django_db

# The row of cases/case_list.html before the tag (5e0a29e).
PREVIOUS_ROW = Template(
    "{% load i18n casework %}{% for case in cases %}<tr>"
    "<td><a href=\"{% url 'cases:case-detail' case.public_id %}\">{{ case.number }}</a></td>"
    "<td><time datetime=\"{{ case.reported_on|date:'Y-m-d' }}\">"
    '{{ case.reported_on|date:"j F Y" }}</time></td>'
    "<td>{{ case.get_status_display }}</td>"
    "{% stage_cell stages case %}"
    "<td>{% if case.report_area.parent %}{{ case.report_area.parent.name }} / {% endif %}"
    "{{ case.report_area.name }}</td>"
    "<td>{% if case.handling_agency %}{{ case.handling_agency }}{% else %}"
    '<span class="masked">{% translate "Not yet taken on" %}</span>{% endif %}</td>'
    "{% if show_forms %}<td>{% for item in case.exploitation_items %}"
    "{{ item.get_form_display }}{% if not forloop.last %}, {% endif %}{% empty %}"
    '<span class="masked">{% translate "Not recorded" %}</span>{% endfor %}</td>{% endif %}'
    "</tr>{% endfor %}"
)
NEW_ROW = Template(
    "{% load casework case_list %}{% for case in cases %}"
    "{% stage_cell stages case as stage %}<tr>{% case_row case stage show_forms %}</tr>"
    "{% endfor %}"
)


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("show_forms", [True, False])
@pytest.mark.parametrize("language", ["id", "en"])
def test_same_cells_as_the_template_markup(
    open_case, caseworker_a, reporter_kemayoran, areas, language, show_forms
):
    from sigap.casework.selectors import case_list_stages

    for form in ("forced_labour", "sexual_exploitation"):
        CaseExploitation.objects.get_or_create(case=open_case, form=form)
    case_report(
        actor=reporter_kemayoran,
        intake_channel="walk_in",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic.",
    )
    cases = list(case_list(user=caseworker_a))
    assert len(cases) == 2 and {bool(c.handling_agency_id) for c in cases} == {True, False}
    request = RequestFactory().get("/")
    request.user = caseworker_a
    with translation.override(language):
        stages = case_list_stages(user=caseworker_a, cases=cases)
        context = {"cases": cases, "stages": stages, "show_forms": show_forms, "request": request}
        expected = _squeeze(PREVIOUS_ROW.render(Context(context)))
        assert _squeeze(NEW_ROW.render(Context(context))) == expected
    assert str(open_case.public_id) in expected and "data-stage=" in expected
    assert ('class="masked"' in expected) is True  # the intake case has no agency
    assert (", " in expected) is show_forms  # two forms, joined
