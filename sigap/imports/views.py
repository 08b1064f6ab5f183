"""Pages of bulk imports (issue 12 §7): the list with the upload form, the job page (mapping
form, dry-run result with every row error, commit button, progress polled with htmx).

Access: login; ``imports.add_importjob`` (403); a job is visible to its agency's users with
that permission (``ImportJob.objects`` filtered by agency; 404 otherwise); continuing it
(mapping, commit) is for the uploader (the service refuses others).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.cases.access import membership_of
from sigap.core.exceptions import ApplicationError
from sigap.imports import parsing, services
from sigap.imports.models import ImportJob, ImportStatus

PERM = "imports.add_importjob"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Register file"),
        help_text=gettext_lazy(
            "CSV (comma or semicolon) or XLSX, at most 10 MB and 20,000 rows; the first row "
            "holds the column names. One row is one victim and becomes one reported case."
        ),
    )


class MappingForm(forms.Form):
    """One select per target field, choices = the file's column names."""

    def __init__(self, *args, headers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)")), *[(h, h) for h in headers if h]]
        for target in parsing.TARGETS:
            self.fields[target.key] = forms.ChoiceField(
                label=target.label, choices=choices, required=False
            )
            if target.required:
                self.fields[target.key].label = f"{target.label} *"


def _jobs(user):
    membership = membership_of(user)
    if membership is None:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(agency=membership.agency)


def _job(user, public_id) -> ImportJob:
    job = _jobs(user).select_related("owner").filter(public_id=public_id).first()
    if job is None:
        raise Http404
    return job


@login_required
@permission_required(PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_list(request):
    """The agency's imports (newest first, paged) and the upload form."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > parsing.MAX_BYTES:
            form.add_error("file", _("The file is larger than 10 MB; split it into smaller files."))
        else:
            try:
                job = services.import_upload(actor=request.user, data=upload.read())
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("imports:import-detail", public_id=job.public_id)
    page = Paginator(_jobs(request.user).select_related("owner"), 25).get_page(
        request.GET.get("page")
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/list.html", {"form": form, "page_obj": page}, status=status)


def _context(request, job, form=None):
    return {
        "job": job,
        "form": form,
        "mine": job.owner_id == request.user.pk,
        "running": job.status in (ImportStatus.CHECKING, ImportStatus.COMMITTING),
        "errors_shown": job.errors[:500],
        "warnings_shown": job.warnings[:200],
    }


@login_required
@permission_required(PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_detail(request, public_id):
    """Map the columns (POST starts the dry run), see its result, commit."""
    job = _job(request.user, public_id)
    form = MappingForm(request.POST or None, headers=job.headers, initial=job.mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_map(actor=request.user, job=job, mapping=form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        except ValueError as exc:
            for key, message in exc.args[0].items():
                form.add_error(key, message)
        else:
            messages.success(request, _("The check has started."))
            return redirect("imports:import-detail", public_id=job.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/detail.html", _context(request, job, form), status=status)


@login_required
@permission_required(PERM, raise_exception=True)
@require_GET
def import_status(request, public_id):
    """The job's status and progress (the htmx-polled part of the job page)."""
    job = _job(request.user, public_id)
    context = _context(request, job)
    response = render(request, "imports/_status.html", context)
    if getattr(request, "htmx", False) and not context["running"]:
        response["HX-Refresh"] = "true"  # finished: reload once to show the result
    return response


@login_required
@permission_required(PERM, raise_exception=True)
@require_POST
def import_commit(request, public_id):
    """Start the all-or-nothing commit; refused while the dry run found errors."""
    job = _job(request.user, public_id)
    try:
        services.import_commit_request(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import has started."))
    return redirect("imports:import-detail", public_id=job.public_id)
