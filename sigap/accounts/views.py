"""Two-factor enrolment and verification pages; password change."""

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from sigap.accounts.forms import TokenForm
from sigap.accounts.services import TwoFactorError, password_change, twofactor_verify
from sigap.accounts.twofactor import (
    base32_secret,
    has_confirmed_device,
    pending_device,
    qr_data_uri,
)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _locked(request):
    logout(request)
    return render(request, "accounts/locked.html", status=403)


@login_required
def twofactor_setup(request):
    """Enrol a TOTP device: show the QR code and secret, confirm with a first code."""
    if has_confirmed_device(request.user):
        return redirect("accounts:2fa-verify")
    device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor_verify(
                request=request, user=request.user, token=form.cleaned_data["token"], confirm=True
            )
        except TwoFactorError as exc:
            if exc.locked:
                return _locked(request)
            form.add_error("token", _("The code is not correct. Check your device's clock."))
        else:
            messages.success(request, _("Two-factor authentication is now active."))
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/twofactor_setup.html",
        {
            "form": form,
            "qr": qr_data_uri(device),
            "secret": base32_secret(device),
            "next": _next_url(request),
        },
    )


@login_required
def twofactor_verify_view(request):
    """Ask for the current TOTP code after the password step."""
    if not has_confirmed_device(request.user):
        return redirect("accounts:2fa-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor_verify(request=request, user=request.user, token=form.cleaned_data["token"])
        except TwoFactorError as exc:
            if exc.locked:
                return _locked(request)
            form.add_error("token", _("The code is not correct."))
        else:
            return redirect(_next_url(request))
    return render(
        request, "accounts/twofactor_verify.html", {"form": form, "next": _next_url(request)}
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password in the app (issue 13 §9): the old password, then the new one
    twice, checked by the project's password validators; audited
    (:func:`sigap.accounts.services.password_change`). The session stays signed in."""

    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        password_change(form=form, request=self.request)
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())
