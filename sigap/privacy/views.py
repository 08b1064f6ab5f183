"""Break-glass request page and the data-protection officer's data-subject request pages."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.agencies.choices import Role
from sigap.cases.access import membership_of
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.privacy.forms import BreakGlassForm, SubjectRequestCloseForm, SubjectRequestForm
from sigap.privacy.selectors import (
    subject_participant_find,
    subject_request_get,
    subject_request_list,
)
from sigap.privacy.services import (
    breakglass_allowed,
    breakglass_open,
    subject_data_export,
    subject_request_close,
    subject_request_register,
)


@login_required
def breakglass(request):
    """Ask for time-limited access to an out-of-scope case with a written reason (audited)."""
    if not breakglass_allowed(request.user):
        raise PermissionDenied
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = breakglass_open(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.warning(
                request,
                _(
                    "Emergency access granted until %(time)s. It is "
                    "logged and reported to the data-protection officer."
                )
                % {"time": grant.expires_at.astimezone().strftime("%H:%M")},
            )
            return redirect("cases:case-detail", public_id=grant.case.public_id)
    return render(request, "privacy/breakglass.html", {"form": form})


def dpo_required(perm: str):
    """The data-protection officer's pages: the auditor role and ``perm``; else 403. A
    superuser without the role gets 403 too (no bypass for victim data)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            membership = membership_of(request.user)
            if membership is None or membership.role != Role.AUDITOR:
                raise PermissionDenied
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@dpo_required("privacy.view_datasubjectrequest")
def subject_request_list_view(request):
    """The register: open requests first by due date, overdue ones highlighted."""
    return render(
        request,
        "privacy/subject_request_list.html",
        {"requests": subject_request_list()[:500]},
    )


@dpo_required("privacy.add_datasubjectrequest")
def subject_request_create(request):
    """Register a request; the subject is matched in the case by NIK (keyed hash) or reference."""
    form = SubjectRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        participant = None
        if d.get("nik") or d.get("reference"):
            participant = subject_participant_find(
                case_number=d["case_number"], nik=d.get("nik") or "", reference=d.get("reference")
            )
            if participant is None:
                form.add_error(None, _("No person in this case matches the NIK or reference."))
        if not form.errors:
            try:
                dsr = subject_request_register(
                    actor=request.user,
                    kind=d["kind"],
                    case_number=d["case_number"],
                    received_on=d.get("received_on"),
                    participant=participant,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Request registered."))
                return redirect("privacy:request-detail", public_id=dsr.public_id)
    return render(request, "privacy/subject_request_form.html", {"form": form})


def _detail(request, dsr, close_form=None):
    return render(
        request,
        "privacy/subject_request_detail.html",
        {"dsr": dsr, "close_form": close_form or SubjectRequestCloseForm()},
    )


@dpo_required("privacy.view_datasubjectrequest")
def subject_request_detail(request, public_id):
    return _detail(request, subject_request_get(public_id=public_id))


@require_POST
@dpo_required("privacy.change_datasubjectrequest")
def subject_request_close_view(request, public_id):
    """Record the outcome (correction made, processing restricted, copy handed over, or the
    legal exception for a refusal) and close the request."""
    dsr = subject_request_get(public_id=public_id)
    form = SubjectRequestCloseForm(request.POST)
    if form.is_valid():
        try:
            subject_request_close(actor=request.user, request=dsr, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Request closed."))
            return redirect("privacy:request-detail", public_id=dsr.public_id)
    return _detail(request, dsr, form)


@require_POST
@dpo_required("privacy.view_datasubjectrequest")
def subject_request_export(request, public_id):
    """The copy of one person's data for an access request, as a JSON download (audited)."""
    dsr = subject_request_get(public_id=public_id)
    try:
        data = subject_data_export(actor=request.user, request=dsr)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("privacy:request-detail", public_id=dsr.public_id)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"sigap-subject-access-{dsr.public_id}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
