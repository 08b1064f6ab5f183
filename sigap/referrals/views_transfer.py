"""Case transfer pages: request (handling agency), list, detail, accept / decline (receiving
agency), cancel (requesting agency).

Access, in order: login; ``cases.change_case`` (403); the record (a case through the case
selectors, a transfer through ``transfer_get``: 404 out of scope); the capability (403). The
receiving agency does not see the case itself before it accepts: the transfer page shows
the case number, the reason, the basis for sharing and the open referrals and tasks that
stay as they are, never a victim's name.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.cases.selectors import case_get
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.referrals.choices import TransferStatus
from sigap.referrals.forms import (
    TransferAcceptForm,
    TransferDeclineForm,
    TransferForm,
    VersionForm,
)
from sigap.referrals.selectors import case_handover_items, transfer_get, transfer_list
from sigap.referrals.services import transfers as services

PAGE_SIZE = 25


def _run(form, call) -> bool:
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except ApplicationError as exc:  # includes ConflictError (stale version or list)
        form.add_error(None, exc.message)
    else:
        return True
    return False


@login_required
@permission_required("cases.change_case", raise_exception=True)
def transfer_request(request, case_id):
    """The handling team asks another agency to take the case over."""
    case = case_get(user=request.user, public_id=case_id)
    if not services.transfer_can_request(case=case, user=request.user):
        raise PermissionDenied
    form = TransferForm(
        request.POST or None,
        case=case,
        can_override=request.user.has_perm("referrals.override_consent"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            transfer = services.transfer_request(
                case=case,
                actor=request.user,
                to_agency=d["to_agency"],
                reason=d["reason"],
                **form.sharing_kwargs(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Transfer requested."))
            return redirect("referrals:transfer-detail", public_id=transfer.public_id)
    return render(request, "referrals/transfer_form.html", {"case": case, "form": form})


@require_GET
@login_required
@permission_required("cases.change_case", raise_exception=True)
def transfer_inbox(request):
    """Transfers requested by or addressed to the user's agency, waiting ones first."""
    page = Paginator(transfer_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/transfer_inbox.html", {"page": page})


def _detail(request, transfer, *, accept=None, decline=None, cancel=None):
    version = {"expected_version": transfer.version}
    pending = transfer.status == TransferStatus.REQUESTED
    can_respond = pending and services.transfer_can_respond(transfer=transfer, user=request.user)
    items = case_handover_items(case=transfer.case) if pending else None
    context = {
        "transfer": transfer,
        "items": items,
        "can_respond": can_respond,
        "can_cancel": pending
        and services.transfer_can_cancel(transfer=transfer, user=request.user),
        "accept_form": accept
        or TransferAcceptForm(
            initial={**version, "items": ",".join(items.ids) if items else ""}, prefix="accept"
        ),
        "decline_form": decline or TransferDeclineForm(initial=version, prefix="decline"),
        "cancel_form": cancel or VersionForm(initial=version, prefix="cancel"),
    }
    return render(request, "referrals/transfer_detail.html", context)


@require_GET
@login_required
@permission_required("cases.change_case", raise_exception=True)
def transfer_detail(request, public_id):
    return _detail(request, transfer_get(user=request.user, public_id=public_id))


def _act(request, public_id, form_class, prefix, allowed, call, success):
    transfer = transfer_get(user=request.user, public_id=public_id)
    if not allowed(transfer=transfer, user=request.user):
        raise PermissionDenied
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid() and _run(form, lambda: call(transfer, form)):
        messages.success(request, success)
        return redirect("referrals:transfer-detail", public_id=transfer.public_id)
    return _detail(request, transfer, **{prefix: form})


@require_POST
@login_required
@permission_required("cases.change_case", raise_exception=True)
def transfer_accept(request, public_id):
    def call(transfer, form):
        services.transfer_accept(
            transfer=transfer,
            actor=request.user,
            confirmed_ids=form.confirmed_ids(),
            expected_version=form.cleaned_data["expected_version"],
        )

    return _act(
        request,
        public_id,
        TransferAcceptForm,
        "accept",
        services.transfer_can_respond,
        call,
        _("Transfer accepted: your agency now handles the case."),
    )


@require_POST
@login_required
@permission_required("cases.change_case", raise_exception=True)
def transfer_decline(request, public_id):
    def call(transfer, form):
        services.transfer_decline(
            transfer=transfer,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["expected_version"],
        )

    return _act(
        request,
        public_id,
        TransferDeclineForm,
        "decline",
        services.transfer_can_respond,
        call,
        _("Transfer declined."),
    )


@require_POST
@login_required
@permission_required("cases.change_case", raise_exception=True)
def transfer_cancel(request, public_id):
    def call(transfer, form):
        services.transfer_cancel(
            transfer=transfer,
            actor=request.user,
            expected_version=form.cleaned_data["expected_version"],
        )

    return _act(
        request,
        public_id,
        VersionForm,
        "cancel",
        services.transfer_can_cancel,
        call,
        _("Transfer request cancelled."),
    )
