"""The account page listing the user's API tokens, with revoke buttons (issue 7 #2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.api.models import ApiToken
from sigap.api.tokens import api_token_revoke, may_manage
from sigap.core.exceptions import ApplicationError


@login_required
@require_GET
def token_list(request):
    """The signed-in user's tokens (prefix, dates, state); never the keys."""
    rows = ApiToken.objects.filter(user=request.user).order_by("-created_at")[:100]
    return render(request, "api/token_list.html", {"tokens": rows})


@login_required
@require_POST
def token_revoke(request, public_id):
    """Revoke one of the user's tokens (an administrator uses the API or the admin)."""
    token = ApiToken.objects.filter(public_id=public_id, user=request.user).first()
    if token is None or not may_manage(request.user, token):
        messages.error(request, _("Token not found."))
        return redirect("api-pages:token-list")
    try:
        api_token_revoke(token=token, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Token revoked."))
    return redirect("api-pages:token-list")
