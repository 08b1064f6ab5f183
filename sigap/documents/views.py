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
    """``([(public_id, label)], {pk: label})`` of the case's people; labels follow the
    identity rule."""
    choices, by_pk = [], {}
    for n, p in enumerate(case.participants.select_related("person"), start=1):
        if identity_visible(user, p):
            label = f"{p.person.full_name} ({p.get_role_display()})"
        else:
            label = _("Person %(n)s (%(role)s)") % {"n": n, "role": p.get_role_display()}
        choices.append((str(p.public_id), label))
        by_pk[p.pk] = label
    return choices, by_pk


def _record_choices(case, labels: dict[int, str]):
    """``(value, label)`` for the records of ``case`` a document may belong to: its
    referrals, the stages of its justice process and the victims' rights. ``labels``: the
    participants' labels by primary key (as the "about" field shows them)."""
    from sigap.justice.models import StageEvent
    from sigap.referrals.models import Referral
    from sigap.rights.choices import RightCode

    choices = []
    for r in (
        Referral.objects.filter(case=case)
        .select_related("service", "to_agency")
        .order_by("sent_at", "id")
    ):
        choices.append(
            (
                f"referral:{r.public_id}",
                _("Referral: %(service)s to %(agency)s (%(victim)s)")
                % {
                    "service": r.service,
                    "agency": r.to_agency.short_name or r.to_agency.name,
                    "victim": labels.get(r.victim_id, "–"),
                },
            )
        )
    for e in StageEvent.objects.filter(case=case).order_by("occurred_on", "id"):
        choices.append(
            (
                f"stage:{e.public_id}",
                _("Justice process: %(stage)s, %(date)s")
                % {"stage": e.get_stage_display(), "date": e.occurred_on.strftime("%d-%m-%Y")},
            )
        )
    for code, label in RightCode.choices:
        choices.append((f"right:{code}", _("Right of the victim: %(right)s") % {"right": label}))
    return choices


def _attached(case, value: str) -> dict:
    """The record a form's ``attach_to`` value names, as keyword arguments of the service
    (an unknown id gives a record of no case, which the service refuses)."""
    from sigap.justice.models import StageEvent
    from sigap.referrals.models import Referral

    kind, _sep, ident = (value or "").partition(":")
    if kind == "referral":
        return {"referral": Referral.objects.filter(case=case, public_id=ident).first()}
    if kind == "stage":
        return {"justice_stage": StageEvent.objects.filter(case=case, public_id=ident).first()}
    if kind == "right":
        return {"right": ident}
    return {}


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_upload(request, public_id):
    """Attach a document to a case: the handling team only (403 for others who see the case,
    404 for those who do not)."""
    case = case_get(user=request.user, public_id=public_id)
    if not can_upload(request.user, case):
        raise PermissionDenied
    participants, by_pk = _participant_choices(request.user, case)
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        participants=participants,
        records=_record_choices(case, by_pk),
    )
    if request.method == "POST" and form.is_valid():
        pid = form.cleaned_data["participant"]
        participant = case.participants.filter(public_id=pid).first() if pid else None
        attached = _attached(case, form.cleaned_data["attach_to"])
        try:
            if None in attached.values():
                raise ApplicationError(_("That record is not part of this case."))
            services.document_upload(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                participant=participant,
                **attached,
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
