"""Form pieces rendered in Python where Django's template engine is the cost.

``{% select_options widget choose %}`` writes the ``<option>`` (and ``<optgroup>``) elements
of a ``<select>`` (``templates/django/forms/widgets/select.html``). Through the template
engine each option cost about 50 µs (a loop body of lookups, filters and an attribute loop):
the case list's filter form has 84 options and spent ~4.5 ms of every page on them (issue 8,
"each page ≤ 3 × the raw SQL it runs"). The markup is the same as before.
"""

from django import template
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: Django's own option template; a widget naming another one is rendered through it.
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
#: Django's label for the empty choice of a model choice field, replaced by ``choose``.
DJANGO_EMPTY_LABEL = "---------"


@register.simple_tag
def select_options(widget: dict, choose: str) -> SafeString:
    """The options of a select widget's context ``widget`` (``Select.get_context()["widget"]``:
    ``optgroups`` of ``(group name, [option dicts], index)``), one per line, each
    ``<option value="…" attrs>label</option>``; Django's empty label ``"---------"`` becomes
    ``choose`` (issue 13 §10). Values and labels are escaped; attributes follow
    ``django.forms.utils.flatatt`` (``True`` gives a bare attribute such as ``selected``,
    ``False`` and ``None`` none). An option with another ``template_name`` is rendered by it."""
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                parts.append("\n  " + render_to_string(option["template_name"], {"widget": option}))
                continue
            label = str(option["label"])
            text = choose if label == DJANGO_EMPTY_LABEL else label
            attrs = flatatt(option["attrs"]) if option["attrs"] else ""
            value = conditional_escape(str(option["value"]))
            parts.append(f'\n  <option value="{value}"{attrs}>{conditional_escape(text)}</option>')
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
