"""Break-glass request page and the data-protection officer's data-subject request pages."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.agencies.choices import Role
from sigap.cases.access import membership_of
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.core.pagination import CappedPaginator
from sigap.privacy.choices import ACTIONS_FOR_REQUEST, ActionKind
from sigap.privacy.clock import breach_clock
from sigap.privacy.forms import (
    ActionDecisionForm,
    BreachForm,
    BreakGlassForm,
    SubjectActionForm,
    SubjectRequestCloseForm,
    SubjectRequestForm,
)
from sigap.privacy.notices import DEFAULT_CONTROLLER, breach_notice_render
from sigap.privacy.selectors import (
    breach_get,
    breach_list,
    privacy_notice_entries,
    subject_action_get,
    subject_action_list,
    subject_participant_find,
    subject_request_get,
    subject_request_list,
)
from sigap.privacy.services import (
    breach_mark_notified,
    breach_register,
    breakglass_allowed,
    breakglass_open,
    subject_action_approve,
    subject_action_prepare,
    subject_action_reject,
    subject_data_export,
    subject_request_close,
    subject_request_register,
)

CORRECTION_FIELDS = ("full_name", "nik", "date_of_birth", "phone", "address")


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


def _allowed_actions(dsr) -> list:
    """The actions that fit ``dsr`` now: an open request any of its kind's actions except a
    restriction already in place (or a lift of none); a closed one only lifting a restriction
    still in place."""
    person = dsr.participant.person if dsr.participant_id else None
    restricted = person is not None and person.identity_restricted
    allowed = []
    for kind in ACTIONS_FOR_REQUEST.get(dsr.kind, ()):
        if kind == ActionKind.LIFT:
            ok = restricted
        elif kind == ActionKind.RESTRICT:
            ok = dsr.is_open and not restricted
        else:
            ok = dsr.is_open
        if ok:
            allowed.append(kind)
    return allowed


def _detail(request, dsr, close_form=None, action_form=None):
    actions = list(subject_action_list(request=dsr))
    pending = next((a for a in actions if a.is_pending), None)
    person = dsr.participant.person if dsr.participant_id else None
    allowed = _allowed_actions(dsr)
    can_prepare = (
        pending is None and request.user.has_perm("privacy.prepare_subjectaction") and allowed
    )
    return render(
        request,
        "privacy/subject_request_detail.html",
        {
            "dsr": dsr,
            "close_form": close_form or SubjectRequestCloseForm(),
            "actions": actions,
            "pending": pending,
            "restricted": person is not None and person.identity_restricted,
            "erased": person is not None and person.erased_at is not None,
            "can_prepare": can_prepare,
            "action_form": action_form or SubjectActionForm(request_kind=dsr.kind, allowed=allowed),
            "decision_form": ActionDecisionForm(),
            "may_decide": pending is not None
            and pending.prepared_by_id != request.user.pk
            and request.user.has_perm("privacy.approve_subjectaction"),
        },
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


@require_POST
@dpo_required("privacy.prepare_subjectaction")
def subject_action_prepare_view(request, public_id):
    """Prepare carrying out a request (correction, erasure, restriction, lift, refusal); it
    takes effect only when a second person approves it."""
    dsr = subject_request_get(public_id=public_id)
    form = SubjectActionForm(request.POST, request_kind=dsr.kind, allowed=_allowed_actions(dsr))
    if form.is_valid():
        d = form.cleaned_data
        try:
            subject_action_prepare(
                actor=request.user,
                request=dsr,
                kind=d["kind"],
                values={k: d.get(k) for k in CORRECTION_FIELDS if k in d},
                refusal_basis=d.get("refusal_basis") or "",
                explanation=d.get("explanation") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Action prepared. A second person must approve it."))
            return redirect("privacy:request-detail", public_id=dsr.public_id)
    return _detail(request, dsr, action_form=form)


def _decide(request, public_id, *, approve: bool):
    action = subject_action_get(public_id=public_id)
    form = ActionDecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if approve:
            subject_action_approve(actor=request.user, action=action, comment=comment)
        else:
            subject_action_reject(actor=request.user, action=action, comment=comment)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Approved and carried out.") if approve else _("Action rejected.")
        )
    return redirect("privacy:request-detail", public_id=action.request.public_id)


@require_POST
@dpo_required("privacy.approve_subjectaction")
def subject_action_approve_view(request, public_id):
    """Second pair of eyes: approve and carry out the prepared action (not its preparer)."""
    return _decide(request, public_id, approve=True)


@require_POST
@dpo_required("privacy.approve_subjectaction")
def subject_action_reject_view(request, public_id):
    """Second pair of eyes: reject the prepared action with a comment; nothing changes."""
    return _decide(request, public_id, approve=False)


BREACH_PAGE_SIZE = 25


@dpo_required("privacy.view_breachincident")
def breach_list_view(request):
    """The breach register with each incident's 3 × 24-hour clock (UU 27/2022 PDP Pasal 46)."""
    page = CappedPaginator(breach_list(), BREACH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/breach_list.html", {"page": page, "now": timezone.now()})


@dpo_required("privacy.add_breachincident")
def breach_create(request):
    """Register a breach; the clock starts at the time of discovery."""
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = breach_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Breach registered."))
            return redirect("privacy:breach-detail", public_id=incident.public_id)
    return render(request, "privacy/breach_form.html", {"form": form})


@dpo_required("privacy.view_breachincident")
def breach_detail(request, public_id):
    """One breach: the clock (time left or overdue), the facts and the notice text to send."""
    incident = breach_get(public_id=public_id)
    return render(
        request,
        "privacy/breach_detail.html",
        {
            "incident": incident,
            "clock": breach_clock(incident),
            "notice": breach_notice_render(incident=incident),
        },
    )


@require_POST
@dpo_required("privacy.change_breachincident")
def breach_notified_view(request, public_id):
    """Record that the written notice was sent now; this stops the clock."""
    incident = breach_get(public_id=public_id)
    try:
        breach_mark_notified(actor=request.user, incident=incident)
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or _("Not recorded."))
    else:
        messages.success(request, _("Notice recorded as sent."))
    return redirect("privacy:breach-detail", public_id=incident.public_id)


def privacy_notice(request):
    """The privacy notice for data subjects (public, printable), generated from the record of
    processing activities: purposes, legal basis, data, recipients, retention, and the rights
    under UU 27/2022 with how to use them. Indonesian first (the site's default language)."""
    return render(
        request,
        "privacy/notice.html",
        {"entries": privacy_notice_entries(), "controller": DEFAULT_CONTROLLER},
    )
