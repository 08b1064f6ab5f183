"""The shared form fields: Kemendagri area input and DD-MM-YYYY dates."""

from datetime import date

import pytest
from django import forms

from sigap.core.forms import AreaField, DateInputField, add_service_errors


@pytest.fixture
def kelurahan_field():
    return AreaField(levels=["kelurahan", "desa"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "31.71.03.1001",
        " 31.71.03.1001 ",
        "Kemayoran (31.71.03.1001)",
        "Kel. Kemayoran, Kemayoran, Jakarta Pusat (31.71.03.1001)",
        "kemayoran",  # a unique name at the allowed levels
    ],
)
def test_area_field_accepts_code_label_or_unique_name(areas, kelurahan_field, typed):
    assert kelurahan_field.clean(typed).code == "31.71.03.1001"


@pytest.mark.django_db
def test_area_field_unknown_code_is_an_error(areas):
    with pytest.raises(forms.ValidationError) as exc:
        AreaField().clean("31.71.99.9999")
    assert exc.value.code == "unknown_code"
    assert "31.71.99.9999" in exc.value.messages[0]


@pytest.mark.django_db
def test_area_field_ambiguous_name_is_an_error(areas):
    # "Kemayoran" is both a kecamatan and a kelurahan.
    with pytest.raises(forms.ValidationError) as exc:
        AreaField().clean("Kemayoran")
    assert exc.value.code == "ambiguous"


@pytest.mark.django_db
def test_area_field_unknown_name_is_an_error(areas):
    with pytest.raises(forms.ValidationError) as exc:
        AreaField().clean("Nowhere-in-particular")
    assert exc.value.code == "not_found"


@pytest.mark.django_db
def test_area_field_rejects_a_wrong_level(areas, kelurahan_field):
    with pytest.raises(forms.ValidationError) as exc:
        kelurahan_field.clean("31.71.03")
    assert exc.value.code == "wrong_level"


@pytest.mark.django_db
def test_area_field_empty(areas):
    assert AreaField(required=False).clean("  ") is None
    with pytest.raises(forms.ValidationError) as exc:
        AreaField().clean("")
    assert exc.value.code == "required"


@pytest.mark.django_db
def test_area_input_renders_datalist_and_htmx_attributes(areas):
    class F(forms.Form):
        origin = AreaField(levels=["kelurahan", "desa"])

    html = str(F(initial={"origin": areas["33.01.01.2001"]})["origin"])
    assert 'list="id_origin-options"' in html
    assert '<datalist id="id_origin-options"></datalist>' in html
    assert 'hx-target="#id_origin-options"' in html
    assert "kelurahan,desa" in html
    assert 'value="Hanum (33.01.01.2001)"' in html


@pytest.mark.parametrize("typed", ["17-08-2005", "2005-08-17", "17/08/2005", "17-8-2005"])
def test_date_field_accepts_day_month_year(typed):
    assert DateInputField().clean(typed) == date(2005, 8, 17)


@pytest.mark.parametrize("typed", ["08-17-2005", "2005/17/08", "tomorrow"])
def test_date_field_rejects_other_formats(typed):
    with pytest.raises(forms.ValidationError) as exc:
        DateInputField().clean(typed)
    assert exc.value.code == "invalid"


def test_date_field_renders_day_month_year():
    class F(forms.Form):
        d = DateInputField()

    html = str(F(initial={"d": date(2005, 8, 17)})["d"])
    assert 'value="17-08-2005"' in html
    assert 'placeholder="DD-MM-YYYY"' in html


def test_add_service_errors_maps_known_and_unknown_fields():
    class F(forms.Form):
        name = forms.CharField(required=False)

    form = F({"name": "x"})
    assert form.is_valid()
    add_service_errors(
        form, forms.ValidationError({"name": ["bad name"], "elsewhere": ["bad other"]})
    )
    assert form.errors["name"] == ["bad name"]
    assert form.non_field_errors() == ["bad other"]
    form2 = F({"name": "x"})
    form2.is_valid()
    add_service_errors(form2, forms.ValidationError("plain"))
    assert form2.non_field_errors() == ["plain"]
