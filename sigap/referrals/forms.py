"""Forms of the referral pages: send, accept (one or selected), decline, start, complete,
revoke; and of case transfers."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sigap.agencies.models import Agency, AgencyService, Service
from sigap.core.dates import DateKind
from sigap.core.forms import DateInputField
from sigap.referrals.models import SharingBasis


def _shown_name(participant, user) -> str:
    """The victim's name for a choice label, or the mask where the one identity rule
    (``identity_visible``, which notes a shown name for the access row) hides it, e.g. while
    the person's processing is restricted."""
    from sigap.cases.access import identity_mask, identity_visible

    if not identity_visible(user, participant):
        return identity_mask(participant)
    return participant.person.full_name


class SharingBasisForm(forms.Form):
    """The basis for sharing a victim's data (UU 27/2022 PDP); rules in the services."""

    sharing_basis = forms.ChoiceField(
        label=_("Basis for sharing the victims' data"),
        choices=SharingBasis.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Applies to every victim of the case. A child's data needs the consent of a parent "
            "or guardian who is not a suspect, or a lawful basis."
        ),
    )
    consent_given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=100,
        required=False,
        help_text=_("For consent: the person's role (e.g. victim, mother), never their name."),
    )
    consent_recorded_on = DateInputField(
        kind=DateKind.RECORD, label=_("Date consent was given"), required=False
    )
    legal_reference = forms.CharField(
        label=_("Legal reference"),
        max_length=200,
        required=False,
        help_text=_("For a legal obligation or public task, e.g. UU 21/2007 Pasal 51."),
    )
    override_reason = forms.CharField(
        label=_("Reason for sharing without consent or lawful basis"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Supervisors only; at least 20 characters. This is audited."),
    )

    def __init__(self, *args, can_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["override_reason"]
            self.fields["sharing_basis"].choices = [
                c for c in SharingBasis.choices if c[0] != SharingBasis.OVERRIDE
            ]

    def sharing_kwargs(self) -> dict:
        """The cleaned basis fields as keyword arguments for ``referral_send`` and
        ``transfer_request``."""
        d = self.cleaned_data
        return {
            "sharing_basis": d["sharing_basis"],
            "consent_given_by": d["consent_given_by"],
            "consent_recorded_on": d["consent_recorded_on"],
            "legal_reference": d["legal_reference"],
            "override_reason": d.get("override_reason", ""),
        }


# Services offered on one referral form: row 0 is ``service``/``to_agency`` (the names of the
# single-referral form, kept), row i ≥ 1 is ``service_i``/``to_agency_i``.
REFERRAL_FORM_ROWS = 3


def row_names(index: int) -> tuple[str, str]:
    """The field names of service row ``index``: (service, agency)."""
    return ("service", "to_agency") if index == 0 else (f"service_{index}", f"to_agency_{index}")


def agency_choices_for(*, service_code: str, exclude_agency_id) -> list[tuple[str, str]]:
    """The agency picker of one service row: ``(public_id, label)`` pairs.

    With a service chosen: the active agencies that offer it (``AgencyService`` rows), each
    labelled with its time limit in days (``days_limit``, UU 21/2007 Pasal 52), by name. With
    none: the active agencies that offer any service, labelled with their services (a
    kelurahan office offers none and is left out). The case's own agency
    (``exclude_agency_id``) is never offered. One query.
    """
    if service_code:
        links = (
            AgencyService.objects.filter(service__code=service_code, agency__is_active=True)
            .exclude(agency_id=exclude_agency_id)
            .select_related("agency")
            .order_by("agency__name")
        )
        return [
            (
                str(link.agency.public_id),
                ngettext(
                    "%(agency)s – within %(days)d day",
                    "%(agency)s – within %(days)d days",
                    link.days_limit,
                )
                % {"agency": link.agency, "days": link.days_limit},
            )
            for link in links
        ]
    agencies = (
        Agency.objects.filter(is_active=True, services__isnull=False)
        .exclude(pk=exclude_agency_id)
        .prefetch_related("services")
        .distinct()
        .order_by("name")
    )
    return [
        (str(a.public_id), f"{a} – {', '.join(s.name for s in a.services.all())}") for a in agencies
    ]


class ReferralForm(SharingBasisForm):
    """Refer one or several victims of a case to one or several services (issue 13 §5).

    ``victim``: the victims (several may be ticked); rows ``service``/``to_agency``,
    ``service_1``/``to_agency_1``, … (:func:`row_names`): each a service and the agency asked
    to provide it. The first row is required, the others optional. A row's agency picker
    lists only the agencies that offer the row's service, with their time limits
    (:func:`agency_choices_for`); the page refreshes it with htmx when the service changes,
    or with the "show the agencies" button without JavaScript.

    ``to_agency`` fields accept every active agency so that the service
    (``referral_service_check``), not the form, refuses an agency without the service or the
    case's own agency, with its clear message.
    """

    field_order = ["victim", "service", "to_agency"]

    victim = forms.MultipleChoiceField(
        label=_("Victims"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every victim to refer: each gets a referral for each service."),
        error_messages={"required": _("Select at least one victim.")},
    )
    note = forms.CharField(
        label=_("Note for the receiving agency"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not repeat the victim's personal details here."),
    )

    def __init__(
        self,
        *args,
        case,
        victims: list,
        user,
        can_override: bool = False,
        refresh_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, can_override=can_override, **kwargs)
        basis = self.fields["sharing_basis"]
        basis.label = _("Basis for sharing the victims' data")
        basis.help_text = _(
            "Applies to every victim ticked. A child's data needs the consent of a parent or "
            "guardian who is not a suspect, or a lawful basis."
        )
        self._victims = {str(v.public_id): v for v in victims}
        self.fields["victim"].choices = [(str(v.public_id), _shown_name(v, user)) for v in victims]
        own = case.handling_agency_id
        active = Agency.objects.filter(is_active=True)
        fields = {}
        for index in range(REFERRAL_FORM_ROWS):
            service_name, agency_name = row_names(index)
            first = index == 0
            service = forms.ModelChoiceField(
                label=_("Service") if first else _("Another service (optional)"),
                queryset=Service.objects.all(),
                to_field_name="code",
                required=first,
                empty_label=_("Choose a service"),
            )
            service.widget.attrs.update(
                {
                    "hx-post": refresh_url,
                    "hx-trigger": "change",
                    "hx-include": "closest form",
                    "hx-vals": '{"refresh": "1"}',
                    "hx-target": f"#picker-{index}",
                    "hx-select": f"#picker-{index}",
                    "hx-swap": "outerHTML",
                }
            )
            agency = forms.ModelChoiceField(
                label=_("Agency that provides it"),
                queryset=active,
                to_field_name="public_id",
                required=first,
                help_text=_(
                    "Only the agencies that offer the chosen service, with their time limit."
                ),
            )
            chosen = self._value(service_name)
            agency.widget.choices = [("", _("Choose an agency"))] + agency_choices_for(
                service_code=chosen, exclude_agency_id=own
            )
            agency.widget.attrs["data-service"] = chosen
            fields[service_name], fields[agency_name] = service, agency
        ordered = {"victim": self.fields.pop("victim")}
        ordered.update(fields)
        ordered.update(self.fields)
        self.fields = ordered

    def _value(self, name: str) -> str:
        source = self.data if self.is_bound else self.initial
        value = source.get(name) or ""
        return value.strip() if isinstance(value, str) else ""

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        """The service rows for the template: (index, service field, agency field)."""
        return [
            (i, self[row_names(i)[0]], self[row_names(i)[1]]) for i in range(REFERRAL_FORM_ROWS)
        ]

    def clean_victim(self):
        return [self._victims[key] for key in self.cleaned_data["victim"]]

    def clean(self):
        cleaned = super().clean()
        for index in range(1, REFERRAL_FORM_ROWS):
            service_name, agency_name = row_names(index)
            if cleaned.get(service_name) and not cleaned.get(agency_name):
                self.add_error(agency_name, _("Choose the agency for this service."))
            elif cleaned.get(agency_name) and not cleaned.get(service_name):
                self.add_error(service_name, _("Choose the service for this agency."))
        return cleaned

    def items(self) -> list[tuple[int, Service, Agency]]:
        """The filled rows: (row index, service, agency), in order."""
        d = self.cleaned_data
        out = []
        for index in range(REFERRAL_FORM_ROWS):
            service_name, agency_name = row_names(index)
            if d.get(service_name) and d.get(agency_name):
                out.append((index, d[service_name], d[agency_name]))
        return out


class VersionForm(forms.Form):
    """Accept: only the version the user saw (stale → ConflictError from the service)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DeclineForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompleteForm(VersionForm):
    delivered_on = DateInputField(kind=DateKind.RECORD, label=_("Date the service was delivered"))
    description = forms.CharField(
        label=_("Service delivered"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RevokeForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The receiving agency sees this reason."),
    )


def parse_bulk_selection(data) -> tuple[list[str], dict[str, int]]:
    """The referrals ticked in the inbox (``selected``: public ids) and the version shown for
    each (``v-<public_id>``). Values that are not UUIDs or integers are ignored."""
    ids, versions = [], {}
    for raw in data.getlist("selected"):
        try:
            key = str(uuid.UUID(str(raw)))
        except ValueError:
            continue
        if key not in ids:
            ids.append(key)
        version = data.get(f"v-{key}", "")
        if version.isdigit():
            versions[key] = int(version)
    return ids, versions


class TransferForm(SharingBasisForm):
    """Ask another agency to take the case over."""

    field_order = ["to_agency", "reason"]

    to_agency = forms.ModelChoiceField(
        label=_("Transfer to agency"), queryset=Agency.objects.none(), to_field_name="public_id"
    )
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. the victim moved to the area of the receiving agency."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = (
            Agency.objects.filter(is_active=True)
            .exclude(pk=case.handling_agency_id)
            .order_by("name")
        )


class TransferAcceptForm(VersionForm):
    """Accept a transfer: the open referrals and tasks shown (``items``, public ids joined by
    commas) and an explicit confirmation."""

    items = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=_(
            "I have reviewed the open referrals and tasks listed above; my agency takes the "
            "case over and they stay as they are until we hand them over."
        )
    )

    def confirmed_ids(self) -> list[str]:
        return [i for i in (self.cleaned_data.get("items") or "").split(",") if i]


class TransferDeclineForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
