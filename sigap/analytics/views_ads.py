"""The ad clustering page ``/analitik/iklan/`` (issue 10 §6): police and secretariat paste
ads or upload a CSV, see clusters with their templates and slot values, each phone/handle
linked to identifier records in their scope. Nothing is stored."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sigap.analytics.adpage import MAX_ADS, can_cluster_ads, clusters_for, parse_ads

MAX_CSV_BYTES = 2 * 1024 * 1024


class AdClusterForm(forms.Form):
    """Pasted ads (blank-line separated) and/or a CSV file (column ``text``)."""

    ads = forms.CharField(
        label=_("Ads"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One ad per block; separate ads by a blank line."),
    )
    csv_file = forms.FileField(
        label=_("Or a CSV file"),
        required=False,
        help_text=_('UTF-8, one ad per row (column "text", else the first column).'),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("csv_file")
        raw = None
        if upload is not None:
            if upload.size > MAX_CSV_BYTES:
                raise ValidationError(_("The CSV file is too large: at most 2 MB."))
            raw = upload.read()
        data["parsed"] = parse_ads(data.get("ads") or "", raw)
        if not data["parsed"]:
            raise ValidationError(_("Paste at least one ad or upload a CSV file."))
        return data


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ad_clusters(request):
    """GET: the form. POST: the clusters (inline, at most ``MAX_ADS`` ads). 403 for any role
    but police and secretariat; 400 with the form for invalid input."""
    if not can_cluster_ads(request.user):
        raise PermissionDenied
    clusters = None
    status = 200
    if request.method == "POST":
        form = AdClusterForm(request.POST, request.FILES)
        if form.is_valid():
            clusters = clusters_for(request.user, form.cleaned_data["parsed"])
        else:
            status = 400
    else:
        form = AdClusterForm()
    context = {"form": form, "clusters": clusters, "max_ads": MAX_ADS}
    return render(request, "analytics/ad_clusters.html", context, status=status)
