"""Break-glass request page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sigap.privacy.forms import BreakGlassForm
from sigap.privacy.services import breakglass_allowed, breakglass_open


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
