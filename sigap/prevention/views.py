"""Community reports: the public pages (/lapor/, receipt, status) and the triage queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError
from sigap.core.pagination import CappedPaginator
from sigap.core.ratelimit import over_limit
from sigap.core.uploads import clean_upload
from sigap.prevention import reference, services
from sigap.prevention.access import is_triage
from sigap.prevention.forms import (
    AppReportForm,
    OutreachForm,
    PlanForm,
    PublicReportForm,
    StatusForm,
    TriageForm,
    new_challenge,
)
from sigap.prevention.models import (
    CommunityReport,
    OutreachActivity,
    OutreachPhoto,
    ReportChannel,
    ReportStatus,
)
from sigap.prevention.selectors import (
    early_warning,
    outreach_get,
    outreach_list,
    plan_vs_realised,
    report_get,
    report_list,
    report_status_by_receipt,
)

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


# --- Outreach register (issue 9 §4) -------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@permission_required("prevention.view_outreachactivity", raise_exception=True)
@require_GET
def outreach_list_view(request):
    """Outreach activities of the user's agency (the secretariat: all), newest first."""
    year = _year(request)
    page = CappedPaginator(outreach_list(user=request.user, year=year), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "prevention/outreach_list.html", {"page": page, "year": year})


@login_required
@permission_required("prevention.add_outreachactivity", raise_exception=True)
@require_http_methods(["GET", "POST"])
def outreach_create(request):
    """Record an outreach session; photos are cleaned (EXIF/GPS removed) and stored
    encrypted like report attachments."""
    form = OutreachForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        photos = []
        for f in form.cleaned_data.get("photos") or []:
            try:
                photos.append(clean_upload(f))
            except ApplicationError as exc:
                form.add_error("photos", exc.message)
        if not form.errors:
            d = form.cleaned_data
            try:
                activity = services.outreach_record(
                    actor=request.user,
                    organiser=d["organiser"],
                    kind=d["kind"],
                    topic=d["topic"],
                    place_kind=d["place_kind"],
                    area=d.get("area"),
                    place_name=d.get("place_name") or "",
                    held_on=d["held_on"],
                    girls=d["girls"],
                    boys=d["boys"],
                    women=d["women"],
                    men=d["men"],
                    materials=d.get("materials") or "",
                    partners=d.get("partners") or [],
                    photos=photos,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Outreach activity recorded."))
                return redirect("prevention:outreach-detail", public_id=activity.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "prevention/outreach_form.html", {"form": form}, status=status)


def _activity(request, public_id):
    try:
        return outreach_get(user=request.user, public_id=public_id)
    except (OutreachActivity.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc


@login_required
@permission_required("prevention.view_outreachactivity", raise_exception=True)
@require_GET
def outreach_detail(request, public_id):
    """One outreach session (aggregate counts only: no participant is named)."""
    activity = _activity(request, public_id)
    photos = list(activity.photos.only("public_id", "content_type", "size"))
    return render(
        request, "prevention/outreach_detail.html", {"activity": activity, "photos": photos}
    )


@login_required
@permission_required("prevention.view_outreachactivity", raise_exception=True)
@require_GET
def outreach_photo(request, public_id, photo_id):
    """A photo of an activity the user may see (decrypted on the way out); audited."""
    activity = _activity(request, public_id)
    try:
        photo = activity.photos.get(public_id=photo_id)
    except (ValidationError, OutreachPhoto.DoesNotExist) as exc:
        raise Http404 from exc
    audit_record(actor=request.user, action="outreach.photo_download", target=activity, changes={})
    response = HttpResponse(services.attachment_bytes(photo), content_type=photo.content_type)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@permission_required("prevention.view_outreachplan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def outreach_plans(request):
    """Plan vs realised per quarter (kelurahan, kecamatan, schools by Sudin Pendidikan, OPD),
    and the form to set a quarter's plan (``prevention.add_outreachplan``)."""
    year = _year(request)
    can_plan = request.user.has_perm("prevention.add_outreachplan")
    status = 200
    form = PlanForm(user=request.user, initial={"year": year})
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        form = PlanForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.outreach_plan_set(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Plan saved."))
                return redirect(
                    f"{reverse('prevention:outreach-plans')}?year={form.cleaned_data['year']}"
                )
        status = 400
    return render(
        request,
        "prevention/outreach_plans.html",
        {
            "year": year,
            "groups": plan_vs_realised(user=request.user, year=year),
            "form": form,
            "can_plan": can_plan,
        },
        status=status,
    )


# --- Early-warning view (issue 9 §5) ------------------------------------------------------------


def _score_chart(rows) -> str:
    """The ranked scores as a horizontal bar chart drawn by pygal, returned as a data URI for
    an ``<img>`` (the page's CSP allows no inline style; an SVG image keeps its own)."""
    import base64

    import pygal
    from pygal.style import Style

    style = Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1a1a1a",
        foreground_strong="#1a1a1a",
        foreground_subtle="#555555",
        colors=("#b3261e",),
        font_family="sans-serif",
    )
    chart = pygal.HorizontalBar(
        style=style,
        show_legend=False,
        width=800,
        height=max(200, 28 * len(rows) + 80),
        js=[],
        title=_("Hot-spot score"),
    )
    chart.x_labels = [w.name for w in reversed(rows)]
    chart.add(_("Score"), [w.score for w in reversed(rows)])
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


CHART_ROWS = 15


@login_required
@permission_required("prevention.view_early_warning", raise_exception=True)
@require_GET
def early_warning_view(request):
    """Early warning per kelurahan: reports, high-risk screenings, indicated cases (1-4 shown
    as "<5"), outreach done, schools reached and the hot-spot score, ranked; aggregates only."""
    data = early_warning(user=request.user)
    top = data.kelurahan[:CHART_ROWS]
    return render(
        request,
        "prevention/early_warning.html",
        {
            "data": data,
            "chart": _score_chart(top) if top else "",
            "chart_rows": top,
            "reference": reference,
        },
    )
