"""Case pages: intake, the case page, people, journey, identification, notes and closing.

Views parse input, read through selectors, call one service per POST and render. Records are
fetched only through ``case_get`` (404 out of scope); what a page shows and which actions it
offers come from ``case_view_for`` and are checked again in every POST view (403 for a role
without the capability).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from sigap.audit.selectors import ACCESS_LOG_PAGE_SIZE, access_log_visible, target_access_log
from sigap.audit.services import audit_record
from sigap.cases import identity_log, modus, person_hooks, services
from sigap.cases.access import case_view_for, identity_mask, identity_visible, membership_of
from sigap.cases.choices import CaseStatus, ParticipantRole
from sigap.cases.forms import (
    CaseReportForm,
    IdentificationForm,
    JourneyForm,
    JourneyFormSet,
    ModusFactsForm,
    NoteForm,
    ParticipantForm,
    SimfoniNumberForm,
    VictimFormSet,
    filled_forms,
)
from sigap.cases.minimal import person_age
from sigap.cases.selectors import case_get, case_referrals
from sigap.cases.timeline import TimelineCursor, case_timeline_page
from sigap.cases.views_list import case_list  # noqa: F401 - the case list page, URL cases:case-list
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.core.pagination import CappedPaginator


def _person_datas(request, forms) -> list | None:
    """``PersonData`` of filled person forms after the duplicate check (issue 10 §1), or None
    when a form still needs a decision: each form's candidates (``sigap.people`` through
    ``person_hooks``) are kept on it for the page; a form with candidates needs the user to
    link to one of them or confirm a new person (``<prefix>-match_decision``: a person's
    public id or ``new``). A linked person must be one whose identity the user sees."""
    datas, ok = [], True
    for form in forms:
        data = form.to_data()
        form.match_field = form.add_prefix("match_decision")
        form.match_decision = decision = request.POST.get(form.match_field, "")
        form.candidates = person_hooks.candidates(request.user, data)
        if decision and decision != "new":
            data.link_to = person_hooks.linkable(request.user, decision)
            if data.link_to is None:
                form.add_error(None, _("You cannot link to this person."))
                ok = False
        elif not decision and form.candidates:
            form.add_error(
                None,
                _(
                    "This person may already be recorded. Link to the same person below, or "
                    "confirm that this is a new person."
                ),
            )
            ok = False
        datas.append(data)
    return datas if ok else None


def _to_case(case):
    return redirect("cases:case-detail", public_id=case.public_id)


def _guard(request, case, allowed: bool):
    """None when the capability is there; a redirect for a closed case; else 403."""
    if allowed:
        return None
    if case.status == CaseStatus.CLOSED:
        messages.error(request, _("This case is closed."))
        return _to_case(case)
    raise PermissionDenied


def _can_edit(user, case, view) -> bool:
    """Add people and journey steps: the handling case team while the case is open."""
    return view.can_identify and user.has_perm("cases.change_case")


@login_required
@permission_required("cases.add_case", raise_exception=True)
def case_create(request):
    """Intake form: the case, its victims and journey, recorded by one ``case_report`` call."""
    if request.method == "POST":
        form = CaseReportForm(request.POST)
        victims = VictimFormSet(request.POST, prefix="victims")
        journey = JourneyFormSet(request.POST, prefix="journey")
        modus_form = ModusFactsForm(request.POST, prefix="modus", with_destination=False)
        valid = all(
            [form.is_valid(), victims.is_valid(), journey.is_valid(), modus_form.is_valid()]
        )
        people = _person_datas(request, filled_forms(victims)) if valid else None
        if people is not None:
            d = form.cleaned_data
            try:
                case = services.case_report(
                    actor=request.user,
                    intake_channel=d["intake_channel"],
                    reported_on=d["reported_on"],
                    report_area=d["report_area"],
                    summary=d["summary"],
                    modus=d["modus"],
                    exploitation_forms=d["exploitation_forms"],
                    destination_country=d["destination_country"],
                    destination_area=d["destination_area"],
                    recruitment_channel=d["recruitment_channel"],
                    victims=people,
                    journey=[f.to_data() for f in filled_forms(journey)],
                    modus_facts=modus_form.to_data(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Case %(number)s recorded.") % {"number": case})
                return _to_case(case)
    else:
        membership = membership_of(request.user)
        area = membership.agency.area if membership else None
        initial = {"reported_on": timezone.localdate()}
        if area is not None and area.level in ("kelurahan", "desa"):
            initial["report_area"] = area
        form = CaseReportForm(initial=initial)
        victims = VictimFormSet(prefix="victims")
        journey = JourneyFormSet(prefix="journey")
        modus_form = ModusFactsForm(prefix="modus", with_destination=False)
    has_errors = bool(
        form.errors
        or victims.total_error_count()
        or journey.total_error_count()
        or modus_form.errors
    )
    context = {
        "form": form,
        "victims": victims,
        "journey": journey,
        "modus_form": modus_form,
        "has_errors": has_errors,
    }
    return render(request, "cases/case_form.html", context)


def _identity(user, participant) -> dict:
    """``show_identity`` and the ``mask`` to show instead (children: handling team only)."""
    show = identity_visible(user, participant)
    return {"show_identity": show, "mask": "" if show else identity_mask(participant)}


def _victim_rows(case, view, referrals, user=None):
    """Victims to show with their latest identification (prefetched by ``case_get``)."""
    if view.full:
        participants = [p for p in case.participants.all() if p.role == ParticipantRole.VICTIM]
    elif view.referral_only:
        seen, participants = set(), []
        for ref in referrals:
            if ref.is_open and ref.victim_id not in seen:
                seen.add(ref.victim_id)
                participants.append(ref.victim)
    else:
        participants = []
    rows = []
    for p in participants:
        idents = list(p.identifications.all()) if view.full else []
        rows.append(
            {
                "p": p,
                "person": p.person,
                "ident": idents[0] if idents else None,
                "age": person_age(p.person),
            }
            | _identity(user, p)
        )
    return rows


#: The sections of the case workspace (issue 13 §2), in tab order: (slug, label).
SECTIONS = (
    ("summary", _lazy("Summary")),
    ("victims", _lazy("Victims")),
    ("journey", _lazy("Journey")),
    ("identification", _lazy("Identification")),
    ("referrals", _lazy("Services and referrals")),
    ("rights", _lazy("Rights")),
    ("justice", _lazy("Justice")),
    ("documents", _lazy("Documents")),
    ("notes", _lazy("Notes")),
    ("access-log", _lazy("Access log")),
    ("timeline", _lazy("Timeline")),
)
#: Sections that show people (names or masks): reading one is audited like the case page.
PEOPLE_SECTIONS = {"victims", "identification", "referrals"}


def _sections_for(user, case, view) -> list[str]:
    """The section slugs ``user`` may open on ``case``, from the one case rule (CaseView)
    and the access-log rule; any other section answers 404."""
    allowed = {"summary"}
    if not view.status_only:
        allowed |= {"referrals", "rights", "justice", "documents", "timeline"}
    if view.full or view.referral_only:
        allowed.add("victims")
    if view.full:
        allowed |= {"journey", "identification", "notes"}
    if access_log_visible(user=user, case=case):
        allowed.add("access-log")
    return [slug for slug, _label in SECTIONS if slug in allowed]


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_detail(request, public_id):
    """The case page: header, next actions, section index and every section the user may
    see (works without JavaScript); its content depends on the user's view (access.py)."""
    return _workspace(request, public_id, None)


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_section(request, public_id, section):
    """One section of the case workspace, scoped exactly like the case page (404 out of
    scope or for a section the user may not open). An htmx request gets the section index
    and the section alone; a plain request the whole page with that section."""
    return _workspace(request, public_id, section)


def _workspace(request, public_id, section):
    case = case_get(user=request.user, public_id=public_id)
    view = case_view_for(request.user, case)
    allowed = _sections_for(request.user, case, view)
    if section is not None and section not in allowed:
        raise Http404
    shown = set(allowed) if section is None else {section}
    # On the whole page the merged lines (timeline, rights, justice) load on their own, when
    # scrolled to (htmx) or by their link: the page's queries stay those of the case itself.
    lazy = shown & {"timeline", "rights", "justice"} if section is None else set()
    context = {
        "case": case,
        "view": view,
        "section": section,
        "shown": shown,
        "lazy": lazy,
        "tabs": [(slug, label) for slug, label in SECTIONS if slug in allowed],
        # Receiving agencies (service providers, police) get the minimal field set: the
        # referred victim's name, age, sex and the referral with its note (cases.minimal).
        "minimal": view.referral_only and not view.full,
        "can_edit": _can_edit(request.user, case, view),
        "today": timezone.localdate(),
        "cases_one": [case],
        "access_log": None,  # the "who accessed" panel: only where access_log_visible
    }
    if shown & (PEOPLE_SECTIONS | {"summary"}):
        context |= _people_context(request, case, view, shown, section)
    if "summary" in shown:
        context |= _modus_context(case, view)
    if "notes" in shown:
        context["notes"] = CappedPaginator(
            case.notes.order_by("created_at", "id"), NOTES_PAGE_SIZE
        ).get_page(request.GET.get("note_page"))
    if "access-log" in shown:
        context["access_log"] = _access_log_page(request, case)
    if (shown - lazy) & {"timeline", "rights", "justice"}:
        context |= _timeline_context(request, case, shown - lazy)
    partial = request.headers.get("HX-Request") == "true" and (
        # htmx restoring a pushed URL after a cache miss wants the whole page.
        request.headers.get("HX-History-Restore-Request") != "true"
    )
    if section is not None and partial:
        return render(request, "cases/_workspace_body.html", context)
    return render(request, "cases/case_detail.html", context)


NOTES_PAGE_SIZE = 50


def _people_context(request, case, view, shown, section) -> dict:
    """Victims, other participants and referrals with their identity flags; audits the view
    when identities are shown (as the case page always has)."""
    referrals = list(case_referrals(user=request.user, case=case))
    for r in referrals:
        # The identity rule reads each victim's case: the one already loaded, not a query per
        # referral (issue 8 §4: the case page's queries grew with its referrals).
        r.case = case
        if r.victim.case_id == case.pk:
            r.victim.case = case
    victims = _victim_rows(case, view, referrals, request.user)
    others = []
    if view.full:
        # Non-punishment (issue 4 §6): a victim who is also a suspect is shown here only as a
        # victim (under screening); the suspect side is on the justice page (sigap.justice).
        victim_people = {p.person_id for p in case.participants.all() if p.role == "victim"}
        others = [
            {"p": p} | _identity(request.user, p)
            for p in case.participants.all()
            if p.role != ParticipantRole.VICTIM
            and not (p.role == ParticipantRole.SUSPECT and p.person_id in victim_people)
        ]
    for r in referrals:  # the victim column of the referrals table
        r.victim_identity = _identity(request.user, r.victim)
    if (victims or others) and shown & PEOPLE_SECTIONS:
        # Departure from "audit in the service": a read has no service, so the view records
        # that identities were shown (STYLE B4, views of sensitive records log a view event).
        changes = {
            "fields": (
                ["full_name", "date_of_birth", "origin_area"]
                if view.full
                else ["full_name", "sex", "age"]
            ),
            "scope": "full" if view.full else "referral",
            "people": len(victims) + len(others),
        }
        if section is not None:
            changes["section"] = section
        audit_record(actor=request.user, action="case.view", target=case, changes=changes)
        identity_log.recorded(case.pk)
    return {"victims": victims, "others": others, "referrals": referrals}


def _timeline_context(request, case, shown) -> dict:
    """The merged timeline's page (``before``/``skip`` cursor) and, for the rights and
    justice sections, the latest lines of their own kind."""
    out = {}
    if "timeline" in shown:
        cursor = TimelineCursor.parse(request.GET.get("before"), request.GET.get("skip"))
        out["timeline"] = case_timeline_page(user=request.user, case=case, cursor=cursor)
    for kind in ("rights", "justice"):
        if kind in shown:
            page = case_timeline_page(user=request.user, case=case, kinds={kind})
            out[f"{kind}_events"] = page.entries
    return out


def _modus_context(case, view) -> dict:
    """The modus facts and their screening flags for the case page (full view only: the
    story of the case is not a receiving agency's to see)."""
    if not view.full:
        return {"show_modus": False}
    facts = modus.CaseModusFacts.objects.filter(case=case).select_related("penampungan_area")
    facts = facts.first()
    return {
        "show_modus": True,
        "modus_facts": facts,
        "modus_screening": modus.screen_facts(case, facts),
    }


def _access_log_page(request, case):
    """The "who accessed this record" panel (issue 3 §5): a page of 50 for the handling case
    team and auditors, None for everyone else (the panel is not shown)."""
    if not access_log_visible(user=request.user, case=case):
        return None
    log = target_access_log(user=request.user, case=case)
    return Paginator(log, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("log_page"))


@require_POST
@login_required
@permission_required("cases.open_case", raise_exception=True)
def case_open(request, public_id):
    """'Take on this case': the user's agency becomes the handling agency."""
    case = case_get(user=request.user, public_id=public_id)
    if not case_view_for(request.user, case).can_open:
        raise PermissionDenied
    try:
        services.case_open(case=case, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your agency now handles this case."))
    return _to_case(case)


@login_required
@permission_required("cases.change_case", raise_exception=True)
def participant_create(request, public_id):
    case = case_get(user=request.user, public_id=public_id)
    view = case_view_for(request.user, case)
    if (response := _guard(request, case, _can_edit(request.user, case, view))) is not None:
        return response
    form = ParticipantForm(request.POST or None)
    people = None
    if request.method == "POST" and form.is_valid():
        people = _person_datas(request, [form])
    if people is not None:
        try:
            services.participant_add(
                case=case,
                actor=request.user,
                role=form.cleaned_data["role"],
                data=people[0],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Person added to the case."))
            return _to_case(case)
    return render(request, "cases/participant_form.html", {"case": case, "form": form})


@login_required
@permission_required("cases.change_case", raise_exception=True)
def journey_create(request, public_id):
    case = case_get(user=request.user, public_id=public_id)
    view = case_view_for(request.user, case)
    if (response := _guard(request, case, _can_edit(request.user, case, view))) is not None:
        return response
    form = JourneyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.journey_event_add(case=case, actor=request.user, data=form.to_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Journey step added."))
            return _to_case(case)
    return render(request, "cases/journey_form.html", {"case": case, "form": form})


@login_required
@permission_required("cases.change_case", raise_exception=True)
def simfoni_number_edit(request, public_id):
    """Record the SIMFONI-PPA registration number: the handling case team (as for journey
    steps); 404 outside the user's scope, 403 for a case the user may not edit."""
    case = case_get(user=request.user, public_id=public_id)
    view = case_view_for(request.user, case)
    if (response := _guard(request, case, _can_edit(request.user, case, view))) is not None:
        return response
    form = SimfoniNumberForm(request.POST or None, initial={"simfoni_number": case.simfoni_number})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_simfoni_number_set(
                case=case, actor=request.user, number=form.cleaned_data["simfoni_number"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("SIMFONI-PPA number saved."))
            return _to_case(case)
    return render(request, "cases/simfoni_form.html", {"case": case, "form": form})


@login_required
@permission_required("cases.change_case", raise_exception=True)
def modus_facts_edit(request, public_id):
    """Edit the structured modus facts: the handling case team (as for journey steps); 404
    outside the user's scope, 403 for a case the user may not edit. Audited by the service."""
    case = case_get(user=request.user, public_id=public_id)
    view = case_view_for(request.user, case)
    if (response := _guard(request, case, _can_edit(request.user, case, view))) is not None:
        return response
    form = ModusFactsForm(request.POST or None, initial=ModusFactsForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            modus.modus_facts_set(case=case, actor=request.user, data=form.to_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Modus facts saved."))
            return _to_case(case)
    return render(request, "cases/modus_form.html", {"case": case, "form": form})


@login_required
@permission_required("cases.identify_case", raise_exception=True)
def identification_create(request, public_id):
    """Record process, means and purpose for the chosen victims (UU 21/2007 Pasal 1 angka 1)."""
    case = case_get(user=request.user, public_id=public_id)
    view = case_view_for(request.user, case)
    if (response := _guard(request, case, view.can_identify)) is not None:
        return response
    victims = [p for p in case.participants.all() if p.role == ParticipantRole.VICTIM]
    form = IdentificationForm(request.POST or None, victims=victims, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.identification_record(
                case=case,
                actor=request.user,
                victims=form.selected_victims(),
                process=d["process"],
                means=d["means"],
                purpose=d["purpose"],
                notes=d["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Identification recorded."))
            return _to_case(case)
    context = {
        "case": case,
        "form": form,
        "has_child": any(v.is_child for v in victims),
    }
    return render(request, "cases/identification_form.html", context)


@login_required
@permission_required("cases.add_casenote", raise_exception=True)
def note_create(request, public_id):
    case = case_get(user=request.user, public_id=public_id)
    view = case_view_for(request.user, case)
    if (response := _guard(request, case, view.can_note)) is not None:
        return response
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_note_add(case=case, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Note added."))
            return _to_case(case)
    return render(request, "cases/note_form.html", {"case": case, "form": form})


@login_required
@permission_required("cases.close_case", raise_exception=True)
def case_close(request, public_id):
    """Closing needs a supervisor's approval (issue 4): this old entry point checks access as
    before (404 out of scope, 403 without the capability), then sends the user to the closure
    request page (``casework:closure-request``; supervisors decide there). The case is closed
    only by ``casework.services.closure_approve``, never directly from a view."""
    case = case_get(user=request.user, public_id=public_id)
    view = case_view_for(request.user, case)
    if (response := _guard(request, case, view.can_close)) is not None:
        return response
    return redirect("casework:closure-request", public_id=case.public_id)
