"""The ad clustering page ``/analitik/iklan/`` (issue 10 §6): police and secretariat paste
ads or upload a CSV, see clusters with their templates and slot values, each phone/handle
linked to identifier records in their scope. Nothing is stored."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sigap.analytics.adpage import (
    INLINE_MAX,
    MAX_ADS,
    ad_run_clusters,
    ad_run_start,
    can_cluster_ads,
    clusters_for,
    parse_ads,
)
from sigap.people.models import AdClusterRun, AdClusterRunStatus

MAX_CSV_BYTES = 10 * 1024 * 1024


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
                raise ValidationError(_("The CSV file is too large: at most 10 MB."))
            raw = upload.read()
        data["parsed"] = parse_ads(data.get("ads") or "", raw)
        if not data["parsed"]:
            raise ValidationError(_("Paste at least one ad or upload a CSV file."))
        return data


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ad_clusters(request):
    """GET: the form and the user's recent runs. POST: up to ``INLINE_MAX`` ads the clusters
    at once; more (up to ``MAX_ADS``) start a background run and redirect to its page. 403 for
    any role but police and secretariat; 400 with the form for invalid input."""
    if not can_cluster_ads(request.user):
        raise PermissionDenied
    clusters = None
    status = 200
    if request.method == "POST":
        form = AdClusterForm(request.POST, request.FILES)
        if form.is_valid():
            ads = form.cleaned_data["parsed"]
            if len(ads) > INLINE_MAX:
                run = ad_run_start(actor=request.user, ads=ads)
                return redirect("analytics:ad-cluster-run", public_id=run.public_id)
            clusters = clusters_for(request.user, ads)
        else:
            status = 400
    else:
        form = AdClusterForm()
    runs = AdClusterRun.objects.visible_to(request.user).only(
        "public_id", "status", "ads_total", "progress", "created_at"
    )[:10]
    context = {
        "form": form,
        "clusters": clusters,
        "max_ads": MAX_ADS,
        "inline_max": INLINE_MAX,
        "runs": runs,
    }
    return render(request, "analytics/ad_clusters.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET"])
def ad_cluster_run(request, public_id):
    """One background run: its progress (the page refreshes itself while it runs), then the
    clusters linked for the viewer now. 403 for any role but police and secretariat; 404 for
    a run of someone else."""
    if not can_cluster_ads(request.user):
        raise PermissionDenied
    run = AdClusterRun.objects.visible_to(request.user).filter(public_id=public_id).first()
    if run is None:
        raise Http404
    context = {
        "run": run,
        "clusters": ad_run_clusters(request.user, run),
        "running": run.status in (AdClusterRunStatus.QUEUED, AdClusterRunStatus.RUNNING),
    }
    return render(request, "analytics/ad_cluster_run.html", context)
