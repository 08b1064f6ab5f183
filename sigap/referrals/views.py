"""Referral pages: send a referral from a case, the inbox (accept many at once), the referral
page and its actions (accept, decline, start, complete; revoke by the sending agency).

Referrals are read only through ``sigap.referrals.selectors`` (404 out of scope); each POST
calls one service and redirects (POST/redirect/GET). Who sees a victim's name is decided by
``referral_victim_visible``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sigap.cases.access import case_view_for, identity_mask, membership_of
from sigap.cases.choices import ParticipantRole
from sigap.cases.selectors import case_get, case_list
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.core.pagination import keyset_page
from sigap.referrals import services
from sigap.referrals.choices import BULK_ACCEPT_MAX, ReferralStatus
from sigap.referrals.forms import (
    CompleteForm,
    DeclineForm,
    ReferralForm,
    RevokeForm,
    VersionForm,
    parse_bulk_selection,
    row_names,
)
from sigap.referrals.selectors import (
    INBOX_RECEIVED,
    INBOX_SENT,
    inbox_order,
    referral_get,
    referral_victim_visible,
)
from sigap.referrals.selectors import (
    referral_inbox as referral_inbox_select,
)

PAGE_SIZE = 25


@login_required
@permission_required("referrals.add_referral", raise_exception=True)
def referral_create(request, case_id):
    """Refer one or several victims of a case the user's agency handles to one or several
    services; calls ``referral_send_many`` (all or nothing).

    A POST with ``refresh`` (the service select through htmx, or the "show the agencies"
    button without JavaScript) sends nothing: it shows the form again as filled in, each
    agency picker narrowed to the agencies offering its row's service.
    """
    case = case_get(user=request.user, public_id=case_id)
    if not case_view_for(request.user, case).can_refer:
        raise PermissionDenied
    victims = [p for p in case.participants.all() if p.role == ParticipantRole.VICTIM]
    kwargs = {
        "case": case,
        "victims": victims,
        "user": request.user,
        "can_override": request.user.has_perm("referrals.override_consent"),
        "refresh_url": request.path,
    }
    if request.method == "POST" and request.POST.get("refresh"):
        initial = {
            key: request.POST.getlist(key) if key == "victim" else request.POST.get(key)
            for key in request.POST
            if key not in ("csrfmiddlewaretoken", "refresh")
        }
        form = ReferralForm(initial=initial, **kwargs)
    elif request.method == "POST":
        form = ReferralForm(request.POST, **kwargs)
    else:
        chosen = request.GET.get("victim", "")
        form = ReferralForm(initial={"victim": [chosen] if chosen else []}, **kwargs)
    if request.method == "POST" and form.is_bound and form.is_valid():
        d = form.cleaned_data
        rows = form.items()
        try:
            sent = services.referral_send_many(
                case=case,
                actor=request.user,
                victims=d["victim"],
                items=[services.ReferralItem(service=s, to_agency=a) for _i, s, a in rows],
                note=d["note"],
                **form.sharing_kwargs(),
            )
        except services.ReferralBatchError as exc:
            service_name, agency_name = row_names(rows[exc.item_index][0])
            renamed = {"service": service_name, "to_agency": agency_name}
            add_service_errors(
                form,
                ValidationError({renamed.get(k, k): v for k, v in exc.error_dict.items()}),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if len(sent) == 1:
                messages.success(request, _("Referral sent."))
            else:
                messages.success(
                    request,
                    ngettext("%(n)d referral sent.", "%(n)d referrals sent.", len(sent))
                    % {"n": len(sent)},
                )
            return redirect("cases:case-detail", public_id=case.public_id)
    return render(request, "referrals/referral_form.html", {"case": case, "form": form})


@require_GET
@login_required
@permission_required("referrals.view_referral", raise_exception=True)
def referral_inbox(request):
    """Referrals received by the user's agency (open first) and those it sent; paginated."""
    box = INBOX_SENT if request.GET.get("box") == INBOX_SENT else INBOX_RECEIVED
    status = request.GET.get("status", "")
    if status not in ReferralStatus.values:
        status = ""
    qs = referral_inbox_select(user=request.user, box=box, status=status)
    # The count stops at COUNT_CAP rows; deep pages and the last page are reached by an opaque
    # cursor (a seek on the inbox index), never a growing OFFSET (issue 8 §4).
    page = keyset_page(
        qs,
        per_page=PAGE_SIZE,
        order=inbox_order(box),
        scope=f"referrals.{box}",
        page=request.GET.get("page"),
        cursor=request.GET.get("cursor"),
        last=request.GET.get("last") == "1",
    )
    params = [("box", box)] + ([("status", status)] if status else [])
    rows = []
    for r in page.object_list:
        show = referral_victim_visible(user=request.user, referral=r)
        rows.append({"ref": r, "show_name": show, "mask": "" if show else identity_mask(r.victim)})
    context = {
        "box": box,
        "status": status,
        "statuses": ReferralStatus.choices,
        "page": page,
        "page_prefix": f"?{urlencode(params)}&",
        "rows": rows,
        "today": timezone.localdate(),
        "can_send": request.user.has_perm("referrals.add_referral"),
        # Only when this page has a referral left to accept (no button without checkboxes).
        "can_bulk": box == INBOX_RECEIVED
        and _may_respond(request.user)
        and any(row["ref"].status == ReferralStatus.SENT for row in rows),
    }
    return render(request, "referrals/referral_inbox.html", context)


def _may_respond(user) -> bool:
    membership = membership_of(user)
    return membership is not None and user.has_perm("referrals.respond_referral")


@require_POST
@login_required
@permission_required("referrals.respond_referral", raise_exception=True)
def referral_accept_selected(request):
    """Accept the referrals ticked in the inbox, each through ``referral_accept``; one message
    per refused row (case number and reason). Referrals outside the received box count as
    not found. At most ``BULK_ACCEPT_MAX``; one query to load them."""
    ids, versions = parse_bulk_selection(request.POST)
    if not ids:
        messages.error(request, _("Select at least one referral."))
        return redirect("referrals:referral-inbox")
    if len(ids) > BULK_ACCEPT_MAX:
        messages.error(
            request, _("Select at most %(n)d referrals at a time.") % {"n": BULK_ACCEPT_MAX}
        )
        return redirect("referrals:referral-inbox")
    found = list(referral_inbox_select(user=request.user).filter(public_id__in=ids))
    results = (
        services.referral_accept_many(referrals=found, actor=request.user, versions=versions)
        if found
        else []
    )
    accepted = sum(1 for r in results if r.ok)
    if accepted:
        messages.success(
            request,
            ngettext("%(n)d referral accepted.", "%(n)d referrals accepted.", accepted)
            % {"n": accepted},
        )
    for r in results:
        if not r.ok:
            messages.error(
                request,
                _("Case %(number)s: %(error)s")
                % {"number": r.referral.case.number, "error": r.error},
            )
    missing = len(ids) - len(found)
    if missing:
        messages.error(
            request,
            ngettext(
                "%(n)d selected referral was not found.",
                "%(n)d selected referrals were not found.",
                missing,
            )
            % {"n": missing},
        )
    return redirect(f"{reverse('referrals:referral-inbox')}?box={INBOX_RECEIVED}")


def _is_receiver(user, referral) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and membership.agency_id == referral.to_agency_id
        and user.has_perm("referrals.respond_referral")
    )


def _detail(
    request, referral, *, accept=None, decline=None, complete=None, start=None, revoke=None
):
    version = {"expected_version": referral.version}
    show_name = referral_victim_visible(user=request.user, referral=referral)
    context = {
        "referral": referral,
        "show_name": show_name,
        "victim_mask": "" if show_name else identity_mask(referral.victim),
        "case_visible": case_list(user=request.user).filter(pk=referral.case_id).exists(),
        "can_respond": _is_receiver(request.user, referral),
        "can_revoke": services.referral_can_revoke(referral=referral, user=request.user),
        "accept_form": accept or VersionForm(initial=version, prefix="accept"),
        "decline_form": decline or DeclineForm(initial=version, prefix="decline"),
        "start_form": start or VersionForm(initial=version, prefix="start"),
        "revoke_form": revoke or RevokeForm(initial=version, prefix="revoke"),
        "complete_form": complete
        or CompleteForm(
            initial={**version, "delivered_on": timezone.localdate()}, prefix="complete"
        ),
        "today": timezone.localdate(),
    }
    return render(request, "referrals/referral_detail.html", context)


@require_GET
@login_required
@permission_required("referrals.view_referral", raise_exception=True)
def referral_detail(request, public_id):
    referral = referral_get(user=request.user, public_id=public_id)
    return _detail(request, referral)


def _respond(request, public_id, form_class, prefix, call, success, allowed=_is_receiver):
    """Shared body of the actions: check ``allowed`` (403), validate, call the service."""
    referral = referral_get(user=request.user, public_id=public_id)
    if not allowed(request.user, referral):
        raise PermissionDenied
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            call(referral, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:  # includes ConflictError (stale expected_version)
            form.add_error(None, exc.message)
        else:
            messages.success(request, success)
            return redirect("referrals:referral-detail", public_id=referral.public_id)
    return _detail(request, referral, **{prefix: form})


@require_POST
@login_required
@permission_required("referrals.respond_referral", raise_exception=True)
def referral_accept(request, public_id):
    def call(referral, d):
        services.referral_accept(
            referral=referral, actor=request.user, expected_version=d["expected_version"]
        )

    return _respond(request, public_id, VersionForm, "accept", call, _("Referral accepted."))


@require_POST
@login_required
@permission_required("referrals.respond_referral", raise_exception=True)
def referral_decline(request, public_id):
    def call(referral, d):
        services.referral_decline(
            referral=referral,
            actor=request.user,
            reason=d["reason"],
            expected_version=d["expected_version"],
        )

    return _respond(request, public_id, DeclineForm, "decline", call, _("Referral declined."))


@require_POST
@login_required
@permission_required("referrals.respond_referral", raise_exception=True)
def referral_complete(request, public_id):
    def call(referral, d):
        services.referral_complete(
            referral=referral,
            actor=request.user,
            delivered_on=d["delivered_on"],
            description=d["description"],
            expected_version=d["expected_version"],
        )

    return _respond(
        request,
        public_id,
        CompleteForm,
        "complete",
        call,
        _("Referral completed: service recorded."),
    )


@require_POST
@login_required
@permission_required("referrals.respond_referral", raise_exception=True)
def referral_start(request, public_id):
    def call(referral, d):
        services.referral_start(
            referral=referral, actor=request.user, expected_version=d["expected_version"]
        )

    return _respond(
        request, public_id, VersionForm, "start", call, _("Service started: in progress.")
    )


def _may_revoke(user, referral) -> bool:
    return services.referral_can_revoke(referral=referral, user=user)


@require_POST
@login_required
@permission_required("referrals.add_referral", raise_exception=True)
def referral_revoke(request, public_id):
    """The sending agency (the case's handling agency) withdraws the referral, with a reason."""

    def call(referral, d):
        services.referral_revoke(
            referral=referral,
            actor=request.user,
            reason=d["reason"],
            expected_version=d["expected_version"],
        )

    return _respond(
        request,
        public_id,
        RevokeForm,
        "revoke",
        call,
        _("Referral revoked."),
        allowed=_may_revoke,
    )
