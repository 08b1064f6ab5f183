"""Forms of the task-force pages. Dates are typed DD-MM-YYYY and times HH:MM in WIB
(Asia/Jakarta, the task force's zone); services check the rules."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.agencies.models import Agency
from sigap.core.dates import WIB
from sigap.core.forms import DateInputField
from sigap.taskforce.choices import ComputedSource, MeetingKind, MeetingStatus, TaskForceLevel
from sigap.taskforce.models import SubTaskForce
from sigap.taskforce.services import MeetingData


def _agencies():
    return Agency.objects.filter(is_active=True).order_by("name")


class TaskForceForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    level = forms.ChoiceField(label=_("level"), choices=TaskForceLevel.choices)
    decree_reference = forms.CharField(
        label=_("decree (SK) reference"), max_length=200, required=False
    )
    period_start = DateInputField(label=_("period start"), required=False)
    period_end = DateInputField(label=_("period end"), required=False)
    chair = forms.CharField(label=_("chair"), max_length=200, required=False)
    daily_chair = forms.CharField(label=_("daily chair"), max_length=200, required=False)


class MemberForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("agency"), queryset=Agency.objects.none())
    focal_point = forms.CharField(
        label=_("focal point (username)"),
        max_length=150,
        required=False,
        help_text=_("A user of that agency who follows up its action items."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()

    def clean_focal_point(self):
        username = self.cleaned_data.get("focal_point", "").strip()
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user with that username."))
        return user


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    day = DateInputField(label=_("date"))
    time = forms.TimeField(
        label=_("time (WIB)"),
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "09:00"}),
    )
    place = forms.CharField(label=_("place"), max_length=300)
    chair = forms.CharField(label=_("chaired by"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    @classmethod
    def initial_for(cls, meeting) -> dict:
        local = meeting.starts_at.astimezone(WIB)
        return {
            "kind": meeting.kind,
            "title": meeting.title,
            "day": local.date(),
            "time": local.time(),
            "place": meeting.place,
            "chair": meeting.chair,
            "agenda": meeting.agenda,
        }

    def meeting_data(self) -> MeetingData:
        d = self.cleaned_data
        return MeetingData(
            kind=d["kind"],
            title=d["title"],
            starts_at=datetime.combine(d["day"], d["time"], tzinfo=WIB),
            place=d["place"],
            chair=d.get("chair", ""),
            agenda=d.get("agenda", ""),
        )


class MeetingUpdateForm(MeetingForm):
    status = forms.ChoiceField(label=_("status"), choices=MeetingStatus.choices)
    minutes = forms.CharField(
        label=_("minutes"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )


class AttendanceForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("agency"), queryset=Agency.objects.none())
    person_name = forms.CharField(label=_("name"), max_length=200)
    position = forms.CharField(label=_("position"), max_length=200, required=False)
    present = forms.BooleanField(label=_("present"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()


class ActionItemForm(forms.Form):
    owner_agency = forms.ModelChoiceField(
        label=_("responsible agency"), queryset=Agency.objects.none()
    )
    description = forms.CharField(
        label=_("action"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    due_on = DateInputField(label=_("due date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = _agencies()


class CompleteForm(forms.Form):
    evidence = forms.CharField(
        label=_("evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What was done, when and where; a document number if there is one."),
    )
    attachment = forms.FileField(
        label=_("attachment (optional)"),
        required=False,
        help_text=_("PDF, JPEG, PNG or WebP, at most 5 MB."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)


class RealisationForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2007, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("quarter"),
        coerce=int,
        choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    value = forms.DecimalField(label=_("realisation"), min_value=0, max_digits=12, decimal_places=2)
    evidence = forms.CharField(
        label=_("evidence"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


# --- RAD authoring (issue 11 §3) ---------------------------------------------------------------


class ProgrammeForm(forms.Form):
    """A RAD programme under one sub-task force, for a span of years."""

    subgroup = forms.ModelChoiceField(
        label=_("sub-task force"), queryset=SubTaskForce.objects.none()
    )
    name = forms.CharField(label=_("programme"), max_length=300)
    first_year = forms.IntegerField(label=_("first year"), min_value=2007, max_value=2100)
    last_year = forms.IntegerField(label=_("last year"), min_value=2007, max_value=2100)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, subgroups=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subgroup"].queryset = (
            subgroups if subgroups is not None else SubTaskForce.objects.none()
        )
        self.fields["subgroup"].label_from_instance = lambda sg: (
            f"{sg.get_kind_display()} ({sg.task_force.name})"
        )
        if editing:
            del self.fields["subgroup"]
        else:
            del self.fields["is_active"]


class ActivityForm(forms.Form):
    """An activity of a programme and its responsible agency."""

    name = forms.CharField(label=_("activity"), max_length=300)
    agency = forms.ModelChoiceField(label=_("responsible agency"), queryset=Agency.objects.none())
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()
        if not editing:
            del self.fields["is_active"]


class IndicatorForm(forms.Form):
    """An indicator with baseline and one optional target field per year of the programme
    (``target_<year>``); ``computed`` empty means the responsible agency reports it."""

    name = forms.CharField(label=_("indicator"), max_length=300)
    unit = forms.CharField(label=_("unit"), max_length=60)
    baseline = forms.DecimalField(
        label=_("baseline"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    baseline_year = forms.IntegerField(
        label=_("baseline year"), required=False, min_value=2000, max_value=2100
    )
    computed = forms.ChoiceField(label=_("computed by SIGAP"), required=False)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, programme, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computed"].choices = [
            ("", _("No: reported each quarter by the responsible agency")),
            *ComputedSource.choices,
        ]
        self.years = list(range(programme.first_year, programme.last_year + 1))
        for year in self.years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=capfirst(_("target %(year)s") % {"year": year}),
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
            )
        if not editing:
            del self.fields["is_active"]

    @staticmethod
    def initial_for(indicator) -> dict:
        """Initial values from an existing indicator, its targets included."""
        initial = {
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline": indicator.baseline,
            "baseline_year": indicator.baseline_year,
            "computed": indicator.computed,
            "is_active": indicator.is_active,
        }
        for t in indicator.targets.all():
            initial[f"target_{t.year}"] = t.target
        return initial

    def service_kwargs(self) -> dict:
        """Keyword arguments for ``indicator_create`` / ``indicator_update``."""
        d = self.cleaned_data
        kwargs = {
            "name": d["name"],
            "unit": d["unit"],
            "baseline": d.get("baseline"),
            "baseline_year": d.get("baseline_year"),
            "computed": d.get("computed") or "",
            "targets": {
                y: d[f"target_{y}"] for y in self.years if d.get(f"target_{y}") is not None
            },
        }
        if "is_active" in self.fields:
            kwargs["is_active"] = d.get("is_active", False)
        return kwargs


# Labels are the models' lower-case verbose names; forms show them with a capital (lazily, so
# the active language still decides the text).
for _form in (
    TaskForceForm,
    MemberForm,
    MeetingForm,
    MeetingUpdateForm,
    AttendanceForm,
    ActionItemForm,
    CompleteForm,
    ReopenForm,
    RealisationForm,
    ProgrammeForm,
    ActivityForm,
    IndicatorForm,
):
    for _field in _form.base_fields.values():
        _field.label = capfirst(_field.label)
