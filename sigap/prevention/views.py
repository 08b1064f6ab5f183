"""Community reports: the public pages (/lapor/, receipt, status) and the triage queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError
from sigap.core.ratelimit import over_limit
from sigap.prevention import services
from sigap.prevention.access import is_triage
from sigap.prevention.forms import (
    AppReportForm,
    PublicReportForm,
    StatusForm,
    TriageForm,
    new_challenge,
)
from sigap.prevention.models import (
    CommunityReport,
    ReportChannel,
    ReportStatus,
)
from sigap.prevention.selectors import report_get, report_list, report_status_by_receipt
from sigap.prevention.uploads import clean_upload

SUBMIT_LIMIT = 10  # public reports per client address per hour
STATUS_LIMIT = 30  # status checks per client address per hour
_RECEIPT_KEY = "prevention_receipt"


def _over_limit(kind: str, request, limit: int, window: int = 3600) -> bool:
    return over_limit(f"prevention:{kind}", request, limit=limit, window=window)


def _files(form) -> list:
    """Clean every uploaded file (type sniffing, size, EXIF stripped); errors on the form."""
    cleaned = []
    for f in form.cleaned_data.get("files") or []:
        try:
            cleaned.append(clean_upload(f))
        except ApplicationError as exc:
            form.add_error("files", exc.message)
    return cleaned


def _submit_kwargs(form) -> dict:
    d = form.cleaned_data
    return {
        "category": d["category"],
        "what_happened": d["what_happened"],
        "area": d.get("area"),
        "country": d.get("country") or "",
        "place_detail": d.get("place_detail") or "",
        "occurred_on": d.get("occurred_on"),
        "people_count": d.get("people_count"),
        "children_involved": d["children_involved"],
        "anonymous": bool(d.get("anonymous")),
        "contact_name": d.get("contact_name") or "",
        "contact": d.get("contact") or "",
        "contact_channel": d.get("contact_channel") or "none",
    }


@never_cache
@require_http_methods(["GET", "POST"])
def report_public(request):
    """``/lapor/``: anyone may report, anonymously if they wish. Throttled per address (429),
    honeypot and a small sum against robots; files sniffed, cleaned and stored encrypted."""
    status = 200
    if request.method == "POST":
        form = PublicReportForm(request.POST, request.FILES)
        if _over_limit("submit", request, SUBMIT_LIMIT):
            status = 429
            form.is_valid()
            form.add_error(None, _("Too many reports from your connection. Try again later."))
        elif form.is_valid():
            files = _files(form)
            if not form.errors:
                try:
                    report = services.report_submit(
                        channel=ReportChannel.PUBLIC_WEB, files=files, **_submit_kwargs(form)
                    )
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    request.session[_RECEIPT_KEY] = report.receipt_code
                    return redirect("prevention:report-received")
            status = 400
        else:
            status = 400
        question, token = new_challenge()
        form.data = form.data.copy()
        form.data["challenge_token"] = token
        form.data["challenge"] = ""
    else:
        question, token = new_challenge()
        form = PublicReportForm(initial={"challenge_token": token, "anonymous": True})
    return render(
        request,
        "prevention/report_public.html",
        {"form": form, "question": question},
        status=status,
    )


@never_cache
@require_GET
def report_received(request):
    """The receipt page, shown once after a report (the code travels in the session, never
    in the URL)."""
    code = request.session.pop(_RECEIPT_KEY, None)
    if not code:
        return redirect("prevention:report-public")
    return render(request, "prevention/report_received.html", {"code": code})


@never_cache
@require_http_methods(["GET", "POST"])
def report_status(request):
    """``/lapor/status/``: the status of a report by its receipt code, and nothing else."""
    report = None
    status = 200
    if request.method == "POST":
        form = StatusForm(request.POST)
        if _over_limit("status", request, STATUS_LIMIT):
            form.is_valid()
            form.add_error(None, _("Too many checks from your connection. Try again later."))
            status = 429
        elif form.is_valid():
            report = report_status_by_receipt(form.cleaned_data["code"])
            if report is None:
                form.add_error("code", _("No report has this code. Check it and try again."))
                status = 404
        else:
            status = 400
    else:
        form = StatusForm()
    return render(
        request, "prevention/report_status.html", {"form": form, "report": report}, status=status
    )


@require_GET
def area_autocomplete_public(request):
    """Area suggestions for the public form (reference data only; throttled per address)."""
    from sigap.areas.choices import AreaLevel
    from sigap.areas.selectors import area_search

    if _over_limit("areas", request, 600):
        return HttpResponse(status=429)
    query = (
        request.GET.get("q")
        or request.GET.get(request.headers.get("HX-Trigger-Name", ""), "")
        or ""
    )[:100]
    levels = [p for p in request.GET.get("level", "").split(",") if p in AreaLevel.values]
    areas = list(area_search(query=query, levels=levels or None, limit=20)) if query.strip() else []
    return HttpResponse(render_to_string("areas/_area_options.html", {"areas": areas}))


# --- In the app ----------------------------------------------------------------------------------


@login_required
@permission_required("prevention.add_communityreport", raise_exception=True)
@require_http_methods(["GET", "POST"])
def report_create(request):
    """Hotline operators, lurah and school counsellors enter a report with its channel."""
    form = AppReportForm(request.POST or None, request.FILES or None, initial={"anonymous": True})
    if request.method == "POST" and form.is_valid():
        files = _files(form)
        if not form.errors:
            try:
                report = services.report_submit(
                    actor=request.user,
                    channel=form.cleaned_data["channel"],
                    files=files,
                    **_submit_kwargs(form),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Report recorded. Receipt code: %(code)s") % {"code": report.receipt_code},
                )
                return redirect("prevention:report-detail", public_id=report.public_id)
    return render(request, "prevention/report_form.html", {"form": form})


@login_required
@permission_required("prevention.view_communityreport", raise_exception=True)
@require_GET
def report_queue(request):
    """The triage queue (or the reports one's agency entered): open first by follow-up date."""
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    page = Paginator(report_list(user=request.user, status=status, overdue=overdue), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "prevention/report_list.html",
        {"page": page, "status": status, "statuses": ReportStatus.choices, "overdue": overdue},
    )


def _get(request, public_id) -> CommunityReport:
    try:
        return report_get(user=request.user, public_id=public_id)
    except (CommunityReport.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc


@login_required
@permission_required("prevention.view_communityreport", raise_exception=True)
@require_GET
def report_detail(request, public_id):
    """One report: the facts, the flags, triage actions. Viewing is recorded (the narrative
    and contact may identify people)."""
    report = _get(request, public_id)
    audit_record(actor=request.user, action="community_report.view", target=report, changes={})
    return render(
        request,
        "prevention/report_detail.html",
        {
            "report": report,
            "form": TriageForm(),
            "can_triage": is_triage(request.user) and report.status in ("received", "in_review"),
            "attachments": list(report.attachments.only("public_id", "content_type", "size")),
        },
    )


@login_required
@permission_required("prevention.view_communityreport", raise_exception=True)
@require_POST
def report_act(request, public_id):
    """Triage actions: take, close (with a reason; duplicates name the other report), forward
    to the police, handle as a case."""
    report = _get(request, public_id)
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("prevention:report-detail", public_id=report.public_id)
    d = form.cleaned_data
    try:
        if d["action"] == "assign_me":
            services.report_assign(report=report, actor=request.user, assignee=request.user)
            messages.success(request, _("You are handling this report."))
        elif d["action"] == "close":
            other = None
            if d.get("duplicate_code"):
                other = report_status_by_receipt(d["duplicate_code"])
                if other is None:
                    raise ApplicationError(_("No report has this code. Check it and try again."))
            services.report_close(
                report=report, actor=request.user, reason=d.get("reason") or "", duplicate_of=other
            )
            messages.success(request, _("Report closed."))
        elif d["action"] == "forward":
            services.report_forward(
                report=report, actor=request.user, police_agency=d.get("police_agency")
            )
            messages.success(request, _("Report forwarded to the police."))
        elif d["action"] == "convert":
            case = services.report_convert(
                report=report, actor=request.user, report_area=d.get("report_area")
            )
            messages.success(
                request, _("Case %(number)s created from the report.") % {"number": case.number}
            )
            return redirect("cases:case-detail", public_id=case.public_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("prevention:report-detail", public_id=report.public_id)


@login_required
@permission_required("prevention.view_communityreport", raise_exception=True)
@require_GET
def attachment_download(request, public_id, attachment_id):
    """An attachment of a report the user may see; audited."""
    report = _get(request, public_id)
    try:
        attachment = report.attachments.get(public_id=attachment_id)
    except (ValidationError, report.attachments.model.DoesNotExist) as exc:
        raise Http404 from exc
    audit_record(actor=request.user, action="community_report.download", target=report, changes={})
    response = HttpResponse(
        services.attachment_bytes(attachment), content_type=attachment.content_type
    )
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
