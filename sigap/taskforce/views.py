"""Task-force pages: overview, structure, meetings, attendance, action items, notulen PDF.

Order of checks (docs/access-model.md): login → permission (403) → record in scope
(``sigap.taskforce.selectors``, 404) → capability (``sigap.taskforce.access``, 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.core.pagination import CappedPaginator
from sigap.core.uploads import clean_upload
from sigap.taskforce import selectors, services
from sigap.taskforce.access import (
    ITEM_CHANGE_PERM,
    MANAGE_PERM,
    VIEW_PERM,
    can_manage,
    can_report_realisation,
    can_update_item,
    is_leadership,
)
from sigap.taskforce.choices import ActionItemStatus, MeetingStatus
from sigap.taskforce.forms import (
    ActionItemForm,
    ActivityForm,
    AttendanceForm,
    CompleteForm,
    IndicatorForm,
    MeetingForm,
    MeetingUpdateForm,
    MemberForm,
    ProgrammeForm,
    RealisationForm,
    ReopenForm,
    TaskForceForm,
)
from sigap.taskforce.notulen import notulen_pdf

PER_PAGE = 20


def _posted(request):
    """The POST data to bind a form to (an empty POST binds too, and fails validation)."""
    return request.POST if request.method == "POST" else None


def _require_manager(user) -> None:
    if not can_manage(user):
        raise PermissionDenied


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
@require_GET
def overview(request):
    """Each task force in scope: decree, chair, sub-task forces, members, the next meetings;
    counts of action items for the secretariat and leadership."""
    rows = []
    for tf in selectors.task_force_list(user=request.user):
        rows.append(
            {
                "tf": tf,
                "aggregates": selectors.coordination_aggregates(user=request.user, task_force=tf),
                "upcoming": list(
                    selectors.meeting_list(
                        user=request.user, task_force=tf, status=MeetingStatus.SCHEDULED
                    ).order_by("starts_at")[:5]
                ),
            }
        )
    return render(
        request,
        "taskforce/overview.html",
        {"rows": rows, "can_manage": can_manage(request.user)},
    )


def _tf_initial(tf) -> dict:
    return {f: getattr(tf, f) for f in TaskForceForm.base_fields}


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def task_force_edit(request, public_id):
    """The secretariat edits the decree, period and chairs, and adds members."""
    tf = selectors.task_force_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    form = TaskForceForm(_posted(request), initial=_tf_initial(tf))
    if request.method == "POST" and form.is_valid():
        try:
            services.task_force_save(actor=request.user, task_force=tf, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Task force saved."))
            return redirect("taskforce:overview")
    return render(
        request,
        "taskforce/taskforce_form.html",
        {"tf": tf, "form": form, "member_form": MemberForm()},
        status=400 if form.errors else 200,
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_POST
def member_add(request, public_id):
    """Add a member agency (or change its focal point)."""
    tf = selectors.task_force_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.member_set(
                actor=request.user,
                task_force=tf,
                agency=form.cleaned_data["agency"],
                focal_point=form.cleaned_data["focal_point"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Member saved."))
            return redirect("taskforce:taskforce-edit", public_id=tf.public_id)
    return render(
        request,
        "taskforce/taskforce_form.html",
        {"tf": tf, "form": TaskForceForm(initial=_tf_initial(tf)), "member_form": form},
        status=400,
    )


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
@require_GET
def meeting_list(request):
    """Meetings in scope, newest first, paginated; filter by status."""
    status = request.GET.get("status", "")
    if status not in MeetingStatus.values:
        status = ""
    page = CappedPaginator(
        selectors.meeting_list(user=request.user, status=status), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "taskforce/meeting_list.html",
        {
            "page": page,
            "status": status,
            "statuses": MeetingStatus.choices,
            "can_manage": can_manage(request.user),
        },
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    """The secretariat schedules a meeting of its task force."""
    _require_manager(request.user)
    task_forces = list(selectors.task_force_list(user=request.user))
    if not task_forces:
        raise PermissionDenied
    form = MeetingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        chosen = request.POST.get("task_force") or str(task_forces[0].public_id)
        tf = next((t for t in task_forces if str(t.public_id) == chosen), None)
        if tf is None:
            form.add_error(None, _("Choose a task force."))
        else:
            try:
                meeting = services.meeting_schedule(
                    actor=request.user, task_force=tf, data=form.meeting_data()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Meeting scheduled."))
                return redirect("taskforce:meeting-detail", public_id=meeting.public_id)
    return render(
        request,
        "taskforce/meeting_form.html",
        {"form": form, "task_forces": task_forces, "meeting": None},
        status=400 if form.errors else 200,
    )


def _detail_context(request, meeting) -> dict:
    user = request.user
    manage = can_manage(user)
    return {
        "meeting": meeting,
        "attendance": meeting.attendance.select_related("agency"),
        "items": selectors.action_item_list(user=user, meeting=meeting),
        "carried": selectors.meeting_carried_items(user=user, meeting=meeting),
        "carried_count": selectors.meeting_carried_count(meeting=meeting),
        "item_count": meeting.action_items.count(),
        "can_manage": manage,
        "leadership": is_leadership(user),
        "attendance_form": AttendanceForm() if manage else None,
        "item_form": ActionItemForm() if manage else None,
    }


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
@require_GET
def meeting_detail(request, public_id):
    """One meeting: details, agenda with carried items, attendance, minutes, action items
    (the secretariat sees every item, an agency its own, leadership the counts)."""
    meeting = selectors.meeting_get(user=request.user, public_id=public_id)
    return render(request, "taskforce/meeting_detail.html", _detail_context(request, meeting))


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, public_id):
    """Change a meeting's details, status and minutes."""
    meeting = selectors.meeting_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    initial = {
        **MeetingForm.initial_for(meeting),
        "status": meeting.status,
        "minutes": meeting.minutes,
    }
    form = MeetingUpdateForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                data=form.meeting_data(),
                minutes=form.cleaned_data["minutes"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("taskforce:meeting-detail", public_id=meeting.public_id)
    return render(
        request,
        "taskforce/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


def _post_on_meeting(request, public_id, form_class, save, success: str, form_key: str):
    meeting = selectors.meeting_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(meeting, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("taskforce:meeting-detail", public_id=meeting.public_id)
    context = _detail_context(request, meeting)
    context[form_key] = form
    return render(request, "taskforce/meeting_detail.html", context, status=400)


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_POST
def attendance_add(request, public_id):
    """Record one attendee (agency, name, position, present)."""
    return _post_on_meeting(
        request,
        public_id,
        AttendanceForm,
        lambda m, d: services.attendance_record(actor=request.user, meeting=m, **d),
        _("Attendance recorded."),
        "attendance_form",
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_POST
def action_item_add(request, public_id):
    """Record an action item decided at the meeting."""
    return _post_on_meeting(
        request,
        public_id,
        ActionItemForm,
        lambda m, d: services.action_item_create(actor=request.user, meeting=m, **d),
        _("Action item recorded."),
        "item_form",
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_GET
def meeting_notulen(request, public_id):
    """The minutes as a PDF (Indonesian). The secretariat's document: it lists every agency's
    action items, so only the secretariat downloads it (and distributes it). Audited."""
    meeting = selectors.meeting_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    pdf = notulen_pdf(
        meeting=meeting,
        attendance=list(meeting.attendance.select_related("agency")),
        items=list(selectors.action_item_list(user=request.user, meeting=meeting)),
        carried=selectors.meeting_carried_items(user=request.user, meeting=meeting),
    )
    audit_record(actor=request.user, action="meeting.notulen", target=meeting, changes={})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="notulen-{meeting.starts_at:%Y%m%d}.pdf"'
    )
    return response


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
@require_GET
def action_item_list(request):
    """My agency's action items (the secretariat: every item), open first by due date;
    filter by status and overdue."""
    status = request.GET.get("status", "")
    if status not in ActionItemStatus.values:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    page = CappedPaginator(
        selectors.action_item_list(user=request.user, status=status, overdue=overdue), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "taskforce/actionitem_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [(ActionItemStatus.OPEN, _("Open")), (ActionItemStatus.DONE, _("Done"))],
            "overdue": overdue,
            "leadership": is_leadership(request.user),
        },
    )


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_item_detail(request, public_id):
    """One action item; its owner agency (or the secretariat) marks it done with evidence."""
    if request.method == "POST" and not request.user.has_perm(ITEM_CHANGE_PERM):
        raise PermissionDenied  # the action's permission first, before any record is looked up
    item = selectors.action_item_get(user=request.user, public_id=public_id)
    may_update = can_update_item(request.user, item)
    form = CompleteForm(_posted(request), request.FILES or None)
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        if form.is_valid():
            attachment = None
            upload = form.cleaned_data.get("attachment")
            if upload:
                try:
                    cleaned = clean_upload(upload)
                except ApplicationError as exc:
                    form.add_error("attachment", exc.message)
                else:
                    attachment = _Named(cleaned.content_type, cleaned.data, upload.name)
            if not form.errors:
                try:
                    services.action_item_complete(
                        actor=request.user,
                        item=item,
                        evidence=form.cleaned_data["evidence"],
                        attachment=attachment,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Action item marked done."))
                    return redirect("taskforce:actionitem-detail", public_id=item.public_id)
    carries = item.carries.select_related("meeting").order_by("meeting__starts_at")
    return render(
        request,
        "taskforce/actionitem_detail.html",
        {
            "item": item,
            "form": form,
            "may_update": may_update and item.status != ActionItemStatus.DONE,
            "carries": carries,
            "reopen_form": ReopenForm() if can_manage(request.user) else None,
        },
        status=400 if form.errors else 200,
    )


class _Named:
    """A cleaned upload with its original name (for the download's file name only)."""

    def __init__(self, content_type, data, name):
        self.content_type, self.data, self.name = content_type, data, name


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_POST
def action_item_reopen(request, public_id):
    """The secretariat reopens an item marked done by mistake (written reason)."""
    item = selectors.action_item_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_reopen(
                actor=request.user, item=item, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Action item reopened."))
    else:
        messages.error(request, _("Give a reason."))
    return redirect("taskforce:actionitem-detail", public_id=item.public_id)


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
@require_GET
def action_item_attachment(request, public_id):
    """The evidence attachment of an item in scope; audited."""
    item = selectors.action_item_attachment(user=request.user, public_id=public_id)
    audit_record(actor=request.user, action="action_item.download", target=item, changes={})
    response = HttpResponse(bytes(item.attachment_data), content_type=item.attachment_type)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Regional action plan (RAD) ----------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2007 <= year <= 2100 else timezone.localdate().year


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
@require_GET
def rad_overview(request):
    """The action plan of the task forces in scope for one year: programmes by sub-task force,
    activities, indicators with baseline, target and quarterly values (computed ones marked;
    reported values shown to the responsible agency, the secretariat and leadership)."""
    year = _year(request)
    manage = can_manage(request.user)
    inactive = manage and request.GET.get("inactive") == "1"
    programmes = []
    for programme in selectors.programme_list(user=request.user, include_inactive=inactive):
        rows = []
        for activity in programme.activities.all():
            for indicator in activity.indicators.all():
                rows.append(
                    (
                        activity,
                        selectors.indicator_year(user=request.user, indicator=indicator, year=year),
                    )
                )
        programmes.append((programme, rows))
    return render(
        request,
        "taskforce/rad_overview.html",
        {"programmes": programmes, "year": year, "can_manage": manage, "inactive": inactive},
    )


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def indicator_detail(request, public_id):
    """One indicator; its responsible agency (or the secretariat) reports a quarter's
    realisation with evidence."""
    if request.method == "POST" and not request.user.has_perm(ITEM_CHANGE_PERM):
        raise PermissionDenied
    indicator = selectors.indicator_get(user=request.user, public_id=public_id)
    may_report = can_report_realisation(request.user, indicator)
    form = RealisationForm(_posted(request), initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.realisation_report(
                    actor=request.user, indicator=indicator, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Realisation saved."))
                return redirect("taskforce:indicator-detail", public_id=indicator.public_id)
    year = _year(request)
    return render(
        request,
        "taskforce/indicator_detail.html",
        {
            "indicator": indicator,
            "row": selectors.indicator_year(user=request.user, indicator=indicator, year=year),
            "year": year,
            "form": form if may_report else None,
        },
        status=400 if form.errors else 200,
    )


# --- RAD authoring by the secretariat (issue 11 §3) -------------------------------------------


def _rad_form_page(request, form, *, title: str, back: str, status: int = 200):
    return render(
        request,
        "taskforce/rad_form.html",
        {"form": form, "title": title, "back": back},
        status=400 if form.errors else status,
    )


def _rad_save(request, form, save, *, success: str):
    """Run ``save()`` (a service call) for a valid bound form; on the service's
    ValidationError put its messages on the form. Returns True when saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, success)
    return True


def _rad_back(programme=None) -> str:
    from django.urls import reverse

    url = reverse("taskforce:rad-overview")
    return f"{url}?inactive=1#prog-{programme.public_id}" if programme else url


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def rad_programme_create(request):
    """The secretariat adds a programme under a sub-task force."""
    from sigap.taskforce.models import SubTaskForce

    _require_manager(request.user)
    task_forces = selectors.task_force_list(user=request.user)
    subgroups = (
        SubTaskForce.objects.filter(task_force__in=task_forces)
        .select_related("task_force")
        .order_by("task_force__name", "kind")
    )
    year = timezone.localdate().year
    form = ProgrammeForm(
        _posted(request),
        subgroups=subgroups,
        initial={"first_year": year, "last_year": year + 4},
    )
    saved = {}

    def save():
        d = form.cleaned_data
        saved["p"] = services.programme_create(
            actor=request.user,
            subgroup=d["subgroup"],
            name=d["name"],
            first_year=d["first_year"],
            last_year=d["last_year"],
        )

    if _rad_save(request, form, save, success=_("Programme saved.")):
        return redirect(_rad_back(saved["p"]))
    return _rad_form_page(request, form, title=_("New programme"), back=_rad_back())


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def rad_programme_edit(request, public_id):
    """The secretariat renames a programme, changes its years or (de)activates it."""
    programme = selectors.programme_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    form = ProgrammeForm(
        _posted(request),
        editing=True,
        initial={
            "name": programme.name,
            "first_year": programme.first_year,
            "last_year": programme.last_year,
            "is_active": programme.is_active,
        },
    )

    def save():
        services.programme_update(actor=request.user, programme=programme, **form.cleaned_data)

    if _rad_save(request, form, save, success=_("Programme saved.")):
        return redirect(_rad_back(programme))
    return _rad_form_page(
        request,
        form,
        title=_("Edit programme: %(name)s") % {"name": programme.name},
        back=_rad_back(programme),
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def rad_activity_create(request, public_id):
    """The secretariat adds an activity to a programme, with its responsible agency."""
    programme = selectors.programme_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    form = ActivityForm(_posted(request))

    def save():
        services.activity_create(actor=request.user, programme=programme, **form.cleaned_data)

    if _rad_save(request, form, save, success=_("Activity saved.")):
        return redirect(_rad_back(programme))
    return _rad_form_page(
        request,
        form,
        title=_("New activity: %(name)s") % {"name": programme.name},
        back=_rad_back(programme),
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def rad_activity_edit(request, public_id):
    """The secretariat renames an activity, changes its agency or (de)activates it."""
    activity = selectors.activity_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    form = ActivityForm(
        _posted(request),
        editing=True,
        initial={"name": activity.name, "agency": activity.agency, "is_active": activity.is_active},
    )

    def save():
        services.activity_update(actor=request.user, activity=activity, **form.cleaned_data)

    if _rad_save(request, form, save, success=_("Activity saved.")):
        return redirect(_rad_back(activity.programme))
    return _rad_form_page(
        request,
        form,
        title=_("Edit activity: %(name)s") % {"name": activity.name},
        back=_rad_back(activity.programme),
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def rad_indicator_create(request, public_id):
    """The secretariat adds an indicator (baseline, yearly targets) to an activity."""
    activity = selectors.activity_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    form = IndicatorForm(_posted(request), programme=activity.programme)

    def save():
        services.indicator_create(actor=request.user, activity=activity, **form.service_kwargs())

    if _rad_save(request, form, save, success=_("Indicator saved.")):
        return redirect(_rad_back(activity.programme))
    return _rad_form_page(
        request,
        form,
        title=_("New indicator: %(name)s") % {"name": activity.name},
        back=_rad_back(activity.programme),
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def rad_indicator_edit(request, public_id):
    """The secretariat changes an indicator, its targets, or (de)activates it."""
    indicator = selectors.indicator_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    programme = indicator.activity.programme
    form = IndicatorForm(
        _posted(request),
        programme=programme,
        editing=True,
        initial=IndicatorForm.initial_for(indicator),
    )

    def save():
        services.indicator_update(actor=request.user, indicator=indicator, **form.service_kwargs())

    if _rad_save(request, form, save, success=_("Indicator saved.")):
        return redirect(_rad_back(programme))
    return _rad_form_page(
        request,
        form,
        title=_("Edit indicator: %(name)s") % {"name": indicator.name},
        back=_rad_back(programme),
    )


@login_required
@permission_required(MANAGE_PERM, raise_exception=True)
@require_POST
def attendance_remove(request, public_id, row_id):
    """The secretariat removes an attendance row typed by mistake (audited)."""
    from django.http import Http404

    meeting = selectors.meeting_get(user=request.user, public_id=public_id)
    _require_manager(request.user)
    row = meeting.attendance.filter(public_id=row_id).first()
    if row is None:
        raise Http404
    services.attendance_remove(actor=request.user, row=row)
    messages.success(request, _("Attendance row removed."))
    return redirect("taskforce:meeting-detail", public_id=meeting.public_id)
