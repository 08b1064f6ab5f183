"""The identifiers page of a case (issue 10 §3): list, add, mark public/shared."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.cases.access import identity_mask, identity_visible
from sigap.cases.selectors import case_get
from sigap.core.forms import add_service_errors
from sigap.people import identifiers
from sigap.people.forms import IdentifierForm


def _participants(user, case) -> dict[str, tuple]:
    """{public id: (participant, label)}: the name where the identity may be seen, else the
    mask (children outside the handling team)."""
    out = {}
    for p in case.participants.all():
        label = p.person.full_name if identity_visible(user, p) else identity_mask(p)
        out[str(p.public_id)] = (p, f"{label} ({p.get_role_display()})")
    return out


@login_required
@permission_required("cases.view_case", raise_exception=True)
def identifier_list(request, public_id):
    """GET: the identifiers the user may see. POST ``action=public`` (analysts) marks one
    public/shared; any other POST adds one (handling case team, police). 404 out of scope,
    403 for a role without the page or the action."""
    case = case_get(user=request.user, public_id=public_id)
    if not identifiers.can_view_case_identifiers(request.user, case):
        raise PermissionDenied
    people = _participants(request.user, case)
    form = IdentifierForm(participants=[(k, v[1]) for k, v in people.items()])
    if request.method == "POST" and request.POST.get("action") == "public":
        shown, _hidden = identifiers.identifier_list(user=request.user, case=case)
        target = next(
            (i for i in shown if str(i.public_id) == request.POST.get("identifier")), None
        )
        if target is None or not identifiers.can_mark_public(request.user):
            raise PermissionDenied
        identifiers.identifier_mark_public(
            actor=request.user, identifier=target, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Marked as public or shared: it will not link cases."))
        return redirect("people:identifier-list", public_id=case.public_id)
    if request.method == "POST":
        if not identifiers.can_add(request.user, case):
            raise PermissionDenied
        form = IdentifierForm(request.POST, participants=[(k, v[1]) for k, v in people.items()])
        if form.is_valid():
            d = form.cleaned_data
            try:
                identifiers.identifier_add(
                    actor=request.user,
                    case=case,
                    participant=people[d["participant"]][0] if d["participant"] else None,
                    kind=d["kind"],
                    value=d["value"],
                    qualifier=d["qualifier"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Identifier added."))
                return redirect("people:identifier-list", public_id=case.public_id)
    shown, hidden = identifiers.identifier_list(user=request.user, case=case)
    if shown:
        audit_record(  # a read of personal data: the view records it (as case_detail does)
            actor=request.user,
            action="identifier.view",
            target=case,
            changes={"identifiers_shown": len(shown), "fields": ["value"]},
        )
    context = {
        "case": case,
        "identifiers": shown,
        "hidden": hidden,
        "form": form if identifiers.can_add(request.user, case) else None,
        "can_mark_public": identifiers.can_mark_public(request.user),
    }
    return render(request, "people/identifier_list.html", context)
