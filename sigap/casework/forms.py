"""Forms of case work. They parse input only; the rules live in ``casework.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.agencies.models import Agency, Service
from sigap.cases.access import identity_mask, identity_visible
from sigap.cases.choices import ClosureReason
from sigap.casework.choices import NeedDomain, NeedLevel, NotificationVerb, TaskKind
from sigap.casework.services import DecisionData, NeedData, PlannedServiceData
from sigap.core.dates import DateKind
from sigap.core.forms import DateInputField, StrictFormSet

BLANK = [("", "---------")]


def victim_choices(user, victims) -> list[tuple[str, str]]:
    """Victims as ``(public_id, label)``; a hidden identity shows its mask, never the name."""
    return [
        (
            str(p.public_id),
            p.person.full_name if identity_visible(user, p) else identity_mask(p),
        )
        for p in victims
    ]


class _VictimChoiceMixin:
    def _set_victims(self, user, victims, required=True):
        self._victims = {str(p.public_id): p for p in victims}
        field = self.fields["participant"]
        field.choices = BLANK + victim_choices(user, victims)
        field.required = required

    def selected_victim(self):
        return self._victims.get(self.cleaned_data.get("participant") or "")


class AssessmentForm(_VictimChoiceMixin, forms.Form):
    """A level and a note per domain (fields ``level_<domain>`` and ``note_<domain>``)."""

    participant = forms.ChoiceField(label=_("Victim"))
    assessed_on = DateInputField(kind=DateKind.RECORD, label=_("Assessment date"))
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user=None, victims=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_victims(user, victims)
        for value, label in NeedDomain.choices:
            self.fields[f"level_{value}"] = forms.ChoiceField(
                label=_("%(domain)s: level of need") % {"domain": label},
                choices=NeedLevel.choices,
                initial=NeedLevel.NONE,
            )
            self.fields[f"note_{value}"] = forms.CharField(
                label=_("%(domain)s: note") % {"domain": label}, required=False, max_length=1000
            )

    def needs(self) -> list[NeedData]:
        d = self.cleaned_data
        return [
            NeedData(domain=v, level=d[f"level_{v}"], note=d.get(f"note_{v}") or "")
            for v in NeedDomain.values
        ]


class PlanForm(_VictimChoiceMixin, forms.Form):
    """Goals of a plan; ``participant`` on creation only, ``expected_version`` on edits."""

    participant = forms.ChoiceField(label=_("Victim"))
    goals = forms.CharField(
        label=_("Goals"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, user=None, victims=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["participant"]
            self.fields["expected_version"].required = True
        else:
            self._set_victims(user, victims)
            del self.fields["expected_version"]


class PlannedServiceForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.all())
    agency = forms.ModelChoiceField(
        label=_("Provider agency"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
    )
    due_on = DateInputField(label=_("Due date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def to_data(self) -> PlannedServiceData:
        d = self.cleaned_data
        return PlannedServiceData(
            service=d["service"], agency=d.get("agency"), due_on=d["due_on"], note=d["note"]
        )


PlannedServiceFormSet = forms.formset_factory(
    PlannedServiceForm, formset=StrictFormSet, extra=2, max_num=30, validate_max=True
)


class VersionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ClosureRequestForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=BLANK + ClosureReason.choices)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ClosureDecisionForm(PlanDecisionForm):
    """Approve (closes the case) or reject with a comment; the case version seen."""


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TaskForm(_VictimChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices, initial=TaskKind.OTHER)
    due_on = DateInputField(label=_("Due date"))
    participant = forms.ChoiceField(label=_("Victim (optional)"), required=False)
    assignee_agency = forms.ModelChoiceField(
        label=_("Assigned agency"), queryset=Agency.objects.none(), required=False
    )
    assignee_user = forms.ChoiceField(label=_("Assigned to (optional)"), required=False)

    def __init__(self, *args, user=None, victims=(), agencies=None, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_victims(user, victims, required=False)
        if agencies is not None:
            self.fields["assignee_agency"].queryset = agencies
        self._users = {str(u.public_id): u for u in users}
        self.fields["assignee_user"].choices = BLANK + [(str(u.public_id), str(u)) for u in users]

    def selected_user(self):
        return self._users.get(self.cleaned_data.get("assignee_user") or "")


class FollowupForm(_VictimChoiceMixin, forms.Form):
    participant = forms.ChoiceField(label=_("Victim"))
    start_on = DateInputField(
        label=_("Reintegration started on"),
        help_text=_("Follow-ups are due 1, 3, 6 and 12 months later. Day-month-year."),
    )

    def __init__(self, *args, user=None, victims=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_victims(user, victims)


class ReassignForm(forms.Form):
    """Step 1 chooses tasks and the new assignee; step 2 (``confirm``) repeats the list."""

    tasks = forms.MultipleChoiceField(
        label=_("Open tasks to hand over"), widget=forms.CheckboxSelectMultiple
    )
    to_user = forms.ChoiceField(label=_("Hand over to"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirmed_ids = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, tasks=(), users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._tasks = {str(t.public_id): t for t in tasks}
        self._users = {str(u.public_id): u for u in users}
        self.fields["tasks"].choices = [
            (str(t.public_id), f"{t.title} ({t.due_on:%d-%m-%Y})") for t in tasks
        ]
        self.fields["to_user"].choices = BLANK + [(str(u.public_id), str(u)) for u in users]

    def selected_tasks(self):
        return [self._tasks[i] for i in self.cleaned_data["tasks"] if i in self._tasks]

    def selected_user(self):
        return self._users.get(self.cleaned_data.get("to_user") or "")

    def confirmed(self) -> list[str]:
        raw = self.cleaned_data.get("confirmed_ids") or ""
        return [i for i in raw.split(",") if i]


class ConferenceForm(forms.Form):
    """A case conference: date, agencies present, other participants' roles, summary."""

    held_on = DateInputField(kind=DateKind.RECORD, label=_("Date of the conference"))
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies present"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    participant_roles = forms.CharField(
        label=_("Other participants"),
        max_length=500,
        required=False,
        help_text=_("Their roles, e.g. psychologist, victim's mother; never names."),
    )
    summary = forms.CharField(
        label=_("Summary of the discussion"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(is_active=True).order_by("name")


class DecisionForm(forms.Form):
    """One decision; with an agency and a due date it becomes a task of that agency."""

    text = forms.CharField(label=_("Decision"), max_length=200, required=False)
    assignee_agency = forms.ModelChoiceField(
        label=_("Agency responsible (makes it a task)"),
        queryset=Agency.objects.none(),
        required=False,
    )
    due_on = DateInputField(label=_("Due date"), required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["assignee_agency"].queryset = agencies

    def to_data(self) -> DecisionData:
        d = self.cleaned_data
        return DecisionData(
            text=d.get("text") or "",
            assignee_agency=d.get("assignee_agency"),
            due_on=d.get("due_on"),
        )


DecisionFormSet = forms.formset_factory(
    DecisionForm, formset=StrictFormSet, extra=2, max_num=30, validate_max=True
)


class NotificationPreferencesForm(forms.Form):
    """E-mail on or off per kind of notification (in-app notifications are always kept)."""

    email_verbs = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"),
        choices=NotificationVerb.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
