"""Form fields shared by every app: dates typed as DD-MM-YYYY and Kemendagri area pickers.

Also :func:`add_service_errors`, which maps a service's ``ValidationError`` onto a form so the
page shows it next to the right field (or at the top when the field is not on the form).
"""

from __future__ import annotations

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]

# 31 | 31.71 | 31.71.03 | 31.71.03.1001
AREA_CODE_RE = re.compile(r"^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")
AREA_LABEL_CODE_RE = re.compile(r"\((\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?)\)\s*$")


class DateInputField(forms.DateField):
    """A date typed as ``DD-MM-YYYY`` (also ``YYYY-MM-DD`` and ``DD/MM/YYYY``).

    A plain text input, so the browser's locale and time zone play no part: "17-08-2005" is
    ``date(2005, 8, 17)`` everywhere. Shown back as ``DD-MM-YYYY``. ``kind`` (a
    ``sigap.core.dates.DateKind``) applies the one date rule: not in the user's future and
    not before the kind's floor.
    """

    def __init__(self, *, kind=None, **kwargs):
        self.kind = kind
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d-%m-%Y",
                attrs={"placeholder": "DD-MM-YYYY", "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        kwargs.setdefault("help_text", _("Day-month-year, e.g. 17-08-2005."))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Enter a date as DD-MM-YYYY, e.g. 17-08-2005.")

    def validate(self, value):
        """With a ``kind`` (:class:`sigap.core.dates.DateKind`): the one date rule, against
        the request user's today (``UserTimeZoneMiddleware``; default zone outside a request)."""
        super().validate(value)
        if self.kind is not None:
            from sigap.core.dates import date_problems, request_user, user_today

            problems = date_problems(value, kind=self.kind, today=user_today(request_user()))
            if problems:
                raise ValidationError(problems, code="implausible_date")


class NameField(forms.CharField):
    """A personal name, cleaned by :func:`sigap.core.text.name_clean` (NFKC, no zero-width or
    bidi control characters, single spaces). A name made only of such characters is empty, so
    a required field reports it as missing."""

    def to_python(self, value):
        from sigap.core.text import name_clean

        return name_clean(super().to_python(value))


class AreaInput(forms.TextInput):
    """Text input plus a ``<datalist>`` filled by htmx from ``areas:area-autocomplete``.

    sigap.js turns the typed text into the ``q`` parameter of the request (the input's own
    name, e.g. ``victims-0-origin_area``, is not what the endpoint expects).
    """

    def __init__(
        self, *, levels: list[str] | None = None, attrs=None, url_name="areas:area-autocomplete"
    ):
        self.levels = list(levels or [])
        self.url_name = url_name  # the public report form uses an endpoint without login
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id') or 'id_' + name}-options"
        widget_attrs.update(
            {
                "list": list_id,
                "data-area-autocomplete": "",
                "hx-get": reverse(self.url_name),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        if self.levels:
            widget_attrs["hx-vals"] = json.dumps({"level": ",".join(self.levels)})
        context["list_id"] = list_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        html = self._render(self.template_name, context, renderer)
        return html + format_html('<datalist id="{}"></datalist>', context["list_id"])

    def format_value(self, value):
        if value is None or value == "":
            return None
        return str(value)  # an Area renders as "Kemayoran (31.71.03.1001)"


class AreaField(forms.Field):
    """A Kemendagri area typed as a code, as "<name> (<code>)", or as an exact unique name.

    ``levels`` restricts the allowed levels (e.g. ``["kelurahan", "desa"]``) and the suggestions.
    Cleans to an :class:`sigap.areas.models.Area` (or None when optional and empty).
    """

    default_error_messages = {
        "unknown_code": _("Unknown area code %(code)s. Choose an area from the suggestions."),
        "not_found": _("No area has this name. Choose an area from the suggestions."),
        "ambiguous": _(
            "Several areas have this name. Choose one from the suggestions or type its code."
        ),
        "wrong_level": _("Choose an area of this level: %(levels)s."),
    }

    def __init__(
        self, *, levels: list[str] | None = None, url_name="areas:area-autocomplete", **kwargs
    ):
        self.levels = list(levels or [])
        kwargs.setdefault("widget", AreaInput(levels=self.levels, url_name=url_name))
        kwargs.setdefault(
            "help_text", _("Type a name and pick from the list, or type the Kemendagri code.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "" if value is None else value

    def to_python(self, value):
        from sigap.areas.models import Area, normalize_name
        from sigap.areas.selectors import area_get

        if isinstance(value, Area):
            return value
        text = (value or "").strip()
        if not text:
            return None
        code = text if AREA_CODE_RE.match(text) else None
        if code is None:
            match = AREA_LABEL_CODE_RE.search(text)
            code = match.group(1) if match else None
        if code is not None:
            area = area_get(code=code)
            if area is None:
                raise ValidationError(
                    self.error_messages["unknown_code"], code="unknown_code", params={"code": code}
                )
            return area
        qs = Area.objects.filter(name_key=normalize_name(text))
        if self.levels:
            qs = qs.filter(level__in=self.levels)
        found = list(qs.values_list("code", flat=True)[:2])
        if not found:
            raise ValidationError(self.error_messages["not_found"], code="not_found")
        if len(found) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return area_get(code=found[0])

    def validate(self, value):
        super().validate(value)
        if value is not None and self.levels and value.level not in self.levels:
            raise ValidationError(
                self.error_messages["wrong_level"],
                code="wrong_level",
                params={"levels": ", ".join(self.levels)},
            )

    def has_changed(self, initial, data):
        initial_text = "" if initial is None else str(initial)
        return initial_text != (data or "").strip()


class StrictFormSet(forms.BaseFormSet):
    """A formset that refuses tampered management data instead of silently dropping rows
    (issue 7, finding 9: ``TOTAL_FORMS=-1`` saved a case without the victim filled in).

    On top of Django's checks, the formset is invalid (a non-form error, nothing saved) when:

    - ``TOTAL_FORMS`` or ``INITIAL_FORMS`` is negative, or ``INITIAL_FORMS > TOTAL_FORMS``;
    - ``TOTAL_FORMS`` exceeds ``absolute_max`` (Django would quietly cut the extra rows);
    - the POST holds a field of a row numbered ``TOTAL_FORMS`` or higher (a filled row that
      the declared count would leave out).

    Use it as ``formset_factory(..., formset=StrictFormSet)`` for every formset.
    """

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self._non_form_errors is None:
            return
        if self._management_tampered():
            self._non_form_errors.append(
                _(
                    "The form's row count was changed or does not match the rows sent, "
                    "so nothing was saved. Reload the page and enter the data again."
                )
            )

    def _management_tampered(self) -> bool:
        management = self.management_form
        if not management.is_valid():
            return False  # Django already reports missing or invalid management data
        total = management.cleaned_data[forms.formsets.TOTAL_FORM_COUNT]
        initial = management.cleaned_data[forms.formsets.INITIAL_FORM_COUNT]
        if total < 0 or initial < 0 or initial > total or total > self.absolute_max:
            return True
        row_re = re.compile(rf"^{re.escape(self.prefix)}-(\d+)-")
        for key in self.data:
            match = row_re.match(key)
            if match and int(match.group(1)) >= total:
                return True
        return False


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to ``form``: per field when the form has that
    field, otherwise as a non-field error. Never raises for unknown field names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            messages = [m for error in errors for m in error.messages]
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)
