"""Pages of case documents: upload (handling team) and download (scoped, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.cases.access import identity_visible
from sigap.cases.selectors import case_get
from sigap.core.exceptions import ApplicationError
from sigap.documents import services
from sigap.documents.access import can_upload
from sigap.documents.forms import DocumentUploadForm
from sigap.documents.selectors import document_get

EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


def _participant_choices(user, case):
    choices = []
    for n, p in enumerate(case.participants.all(), start=1):
        if identity_visible(user, p):
            label = f"{p.person.full_name} ({p.get_role_display()})"
        else:
            label = _("Person %(n)s (%(role)s)") % {"n": n, "role": p.get_role_display()}
        choices.append((str(p.public_id), label))
    return choices


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_upload(request, public_id):
    """Attach a document to a case: the handling team only (403 for others who see the case,
    404 for those who do not)."""
    case = case_get(user=request.user, public_id=public_id)
    if not can_upload(request.user, case):
        raise PermissionDenied
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        participants=_participant_choices(request.user, case),
    )
    if request.method == "POST" and form.is_valid():
        pid = form.cleaned_data["participant"]
        participant = case.participants.filter(public_id=pid).first() if pid else None
        try:
            services.document_upload(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                participant=participant,
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("Document saved."))
            return redirect(reverse("cases:case-detail", args=[case.public_id]) + "#h-documents")
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/upload.html", {"case": case, "form": form}, status=status)


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_GET
def document_download(request, public_id):
    """The file of a document the user may see (``documents.access``), as an attachment;
    every download writes a ``document.download`` audit row. 404 out of scope."""
    document = document_get(user=request.user, public_id=public_id)
    data = services.document_read(actor=request.user, document=document)
    return file_response(document, data)


def file_response(document, data: bytes) -> HttpResponse:
    """An ``HttpResponse`` with the document's bytes as a download named by kind and id only
    (no title or person in the file name), never cached."""
    response = HttpResponse(data, content_type=document.content_type)
    ext = EXTENSIONS.get(document.content_type, "bin")
    name = f"{document.kind}-{str(document.public_id)[:8]}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
