"""``{% select_options %}`` writes the same markup the select template's option loop wrote,
escaped, in each language (issue 8: the case list's filter form spent ~4.5 ms per page on
its 84 options through the template engine)."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils.safestring import mark_safe
from django.utils.translation import override

from sigap.core.templatetags.sigap_forms import select_options

# The option loop of templates/django/forms/widgets/select.html before the tag (5e0a29e).
PREVIOUS_LOOP = Template(
    '{% load i18n %}{% translate "— choose —" as choose %}'
    "{% for group_name, group_choices, group_index in widget.optgroups %}"
    '{% if group_name %}\n  <optgroup label="{{ group_name }}">{% endif %}'
    "{% for option in group_choices %}\n  "
    '{% if option.template_name == "django/forms/widgets/select_option.html" %}'
    "<option value=\"{{ option.value|stringformat:'s' }}\""
    "{% for name, value in option.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
    '{% endfor %}>{% if option.label == "---------" %}{{ choose }}{% else %}'
    "{{ option.label }}{% endif %}</option>"
    "{% else %}{% include option.template_name with widget=option %}{% endif %}{% endfor %}"
    "{% if group_name %}\n  </optgroup>{% endif %}{% endfor %}"
)


class _Form(forms.Form):
    grouped = forms.ChoiceField(
        choices=[
            ("", "---------"),
            ("Grup <A>", [("1", "Satu & dua"), ("2", 'Dua "kutip"')]),
            ('3"><script>', "<script>alert(1)</script>"),
            ("4", mark_safe("<b>tebal</b>")),
        ],
        initial="2",
    )
    several = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B"), ("c", "C")], initial=["a", "c"], required=False
    )
    yes_no = forms.NullBooleanField(initial=True)


def _widget(name):
    bound = _Form()[name]
    return bound.field.widget.get_context(
        bound.html_name, bound.value(), bound.build_widget_attrs({})
    )["widget"]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("name", ["grouped", "several", "yes_no"])
def test_same_markup_as_the_template_loop(name, language):
    with override(language):
        widget = _widget(name)
        choose = Template('{% load i18n %}{% translate "— choose —" %}').render(Context())
        expected = PREVIOUS_LOOP.render(Context({"widget": widget}))
        assert select_options(widget, choose) == expected


def test_escapes_values_and_labels_but_not_safe_labels():
    html = select_options(_widget("grouped"), "— pilih —")
    assert "<script>" not in html
    assert 'value="3&quot;&gt;&lt;script&gt;"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<optgroup label="Grup &lt;A&gt;">' in html
    assert "<b>tebal</b>" in html  # a label marked safe is not escaped twice
    assert '<option value="2" selected>Dua &quot;kutip&quot;</option>' in html
    assert '<option value="">— pilih —</option>' in html


def test_the_rendered_select_uses_it_and_marks_several_selected():
    with override("id"):
        html = str(_Form()["several"])
    assert html.startswith('<select name="several" class="form-select"')
    assert html.count(" selected>") == 2
    assert html.endswith("</select>")
