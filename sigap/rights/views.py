"""Victims' rights pages: the tracker of one case, and per victim the rights, repatriation,
restitution claim and LPSK protection forms.

Access, in order: login; the action permission (403); the case through
``rights_case_get`` (404 out of scope, and for a role that may not read the rights, such as
service providers); the victim of the case (404); then the capability to edit (403). Each
POST calls one service; a stale version re-renders the form with the user's input and a
message (nothing saved, nothing lost).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.rights import forms, services
from sigap.rights.access import rights_view_for
from sigap.rights.selectors import (
    case_rights,
    rights_case_get,
    rights_victim_get,
    victim_open_items,
)

VIEW = "cases.view_case"
EDIT = "cases.change_case"


def _load(request, case_id, victim_id, capability: str = "edit"):
    """Case and victim for an edit page: 404 out of scope, 403 without the capability
    (``RightsView`` attribute: ``edit`` for everything, ``edit_claim`` or
    ``edit_protection`` for the pages the prosecutor and LPSK also use)."""
    case, view = rights_case_get(user=request.user, case_id=case_id)
    if capability == "edit" and not view.read_all:
        raise PermissionDenied
    victim = rights_victim_get(case=case, victim_id=victim_id)
    if capability != "edit":  # Kejari and LPSK: only for a victim referred to them
        view = rights_view_for(request.user, case, victim=victim)
    if not getattr(view, capability):
        raise PermissionDenied
    row = case_rights(user=request.user, case=case, view=view, victim_id=victim.public_id)[0]
    return case, row, view


def _run(form, call) -> bool:
    """Call the service; map its errors onto ``form``. True when it succeeded."""
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    else:
        return True
    return False


def _back(case):
    return redirect("rights:case-rights", case_id=case.public_id)


@login_required
@permission_required(VIEW, raise_exception=True)
def case_rights_page(request, case_id):
    """Every victim of the case: rights, repatriation, restitution, LPSK protection."""
    case, view = rights_case_get(user=request.user, case_id=case_id)
    rows = case_rights(user=request.user, case=case, view=view)
    shown = [str(r.victim.public_id) for r in rows if r.show_identity]
    if shown:
        # A read has no service: the view records that victims' identities were shown.
        audit_record(
            actor=request.user,
            action="rights.view",
            target=case,
            changes={"fields": ["full_name"], "participants": shown},
        )
    return render(request, "rights/case_rights.html", {"case": case, "view": view, "rows": rows})


def _form_page(request, case, row, form, *, title, extra=None):
    context = {"case": case, "row": row, "form": form, "title": title, **(extra or {})}
    return render(request, "rights/victim_form.html", context)


@login_required
@permission_required(EDIT, raise_exception=True)
def victim_rights_edit(request, case_id, victim_id):
    """The typed-in rights of one victim; derived rights are shown with their source."""
    case, row, _view = _load(request, case_id, victim_id)
    editable = [r for r in row.rights if r.editable]
    initial = [
        {
            "right": r.code,
            "status": r.record.status if r.record else "",
            "evidence_on": r.record.evidence_on if r.record else None,
            "evidence_note": r.record.evidence_note if r.record else "",
            "referral": str(r.record.referral.public_id) if r.record and r.record.referral else "",
            "delivery": str(r.record.delivery.public_id) if r.record and r.record.delivery else "",
            "expected_version": r.version,
        }
        for r in editable
    ]
    formset = forms.RightFormSet(
        request.POST or None,
        initial=initial,
        prefix="rights",
        form_kwargs={"referrals": row.referrals},
    )
    error = None
    if request.method == "POST" and formset.is_valid():
        changes = [c for c in (f.to_change() for f in formset.forms) if c is not None]
        try:
            services.rights_update(
                case=case, victim=row.victim, actor=request.user, changes=changes
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Rights saved."))
            return _back(case)
    labels = {r.code: r for r in editable}
    context = {
        "case": case,
        "row": row,
        "pairs": [(labels.get(f.initial.get("right")), f) for f in formset.forms],
        "formset": formset,
        "derived": [r for r in row.rights if not r.editable],
        "error": error,
    }
    return render(request, "rights/victim_rights_form.html", context)


@login_required
@permission_required(EDIT, raise_exception=True)
def repatriation_edit(request, case_id, victim_id):
    case, row, _view = _load(request, case_id, victim_id)
    current = row.repatriation
    if current is not None:
        initial = {
            "kind": current.kind,
            "destination_area": current.destination_area,
            "country": current.country.code if current.country else "",
            "mission": current.mission,
            "travel_on": current.travel_on,
            "status": current.status,
            "expected_version": current.version,
        }
    else:
        initial = {
            "kind": "domestic",
            "destination_area": row.victim.person.origin_area,
            "status": "planned",
            "expected_version": 0,
        }
    form = forms.RepatriationForm(request.POST or None, initial=initial)
    confirm = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.repatriation_set(
                case=case,
                victim=row.victim,
                actor=request.user,
                kind=d["kind"],
                destination_area=d["destination_area"],
                country=d["country"],
                mission=d["mission"],
                travel_on=d["travel_on"],
                status=d["status"],
                expected_version=d["expected_version"],
                confirmed_ids=form.confirmed(),
            )
        except services.RelocationNotConfirmed as exc:
            referrals, tasks = victim_open_items(victim=row.victim)
            ids = exc.extra["referrals"] + exc.extra["tasks"]
            form.data = form.data.copy()
            form.data["confirmed_ids"] = ",".join(ids)
            confirm = {"message": exc.message, "referrals": referrals, "tasks": tasks}
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Repatriation saved."))
            return _back(case)
    title = _("Repatriation")
    return _form_page(request, case, row, form, title=title, extra={"confirm": confirm})


@login_required
@permission_required(VIEW, raise_exception=True)
def restitution_edit(request, case_id, victim_id):
    """The claim side of restitution; awarded and paid amounts come from the justice app.
    The case team edits every field; the prosecutor and LPSK see only their own fields
    (``RightsView.claim_fields``, issue 13 §7)."""
    case, row, view = _load(request, case_id, victim_id, "edit_claim")
    claim = row.restitution.claim
    initial = {"expected_version": claim.version if claim else 0}
    if claim is not None:
        for name in ("claimed_on", "amount_claimed", "assessed_on", "amount_assessed"):
            initial[name] = getattr(claim, name)
        initial["amount_in_indictment"] = claim.amount_in_indictment
    form = forms.RestitutionClaimForm(
        request.POST or None, initial=initial, allowed=view.claim_fields
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.restitution_claim_set(
                case=case, victim=row.victim, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Restitution saved."))
        return _back(case)
    return _form_page(request, case, row, form, title=_("Restitution claim"))


@login_required
@permission_required(VIEW, raise_exception=True)
def protection_edit(request, case_id, victim_id):
    """The LPSK protection of one victim: the case team, or LPSK on a case referred to it."""
    case, row, _view = _load(request, case_id, victim_id, "edit_protection")
    current = row.protection
    initial = {"expected_version": current.version if current else 0}
    if current is not None:
        initial.update(
            applied_on=current.applied_on,
            decided_on=current.decided_on,
            decision=current.decision,
            protection_forms=current.forms,
        )
    form = forms.LpskForm(request.POST or None, initial=initial)

    def save():
        d = dict(form.cleaned_data)
        d["forms"] = d.pop("protection_forms")
        services.protection_set(case=case, victim=row.victim, actor=request.user, **d)

    if request.method == "POST" and form.is_valid() and _run(form, save):
        messages.success(request, _("LPSK protection saved."))
        return _back(case)
    return _form_page(request, case, row, form, title=_("LPSK protection"))
