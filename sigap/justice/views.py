"""Justice pages: the process of one case, its forms, and the victim's printable summary.

Records come only through ``justice_case_get`` (404 out of scope or for a reader who may not
see the process); each write page checks the capability (403) before the form, then calls one
service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.audit.services import audit_record
from sigap.cases.services import PersonData
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.justice import forms, services
from sigap.justice.selectors import justice_case_get, justice_record, victim_summary

VIEW = "justice.view_justice"
MANAGE = "justice.manage_justice"
VERDICT = "justice.record_verdict"


def _load(request, case_id, capability: str | None = None):
    case, view = justice_case_get(user=request.user, case_id=case_id)
    if capability and not getattr(view, capability):
        raise PermissionDenied
    return case, view


def _rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def _choices(record):
    """Form choices from the page's record: values are public_ids; labels what the user may see."""
    suspects = [(str(r.participant.public_id), f"{r.label}: {r.name}") for r in record.suspects]
    victims = [(str(p.public_id), name) for p, name in record.victims]
    names = {p.pk: name for p, name in record.victims}
    verdicts, orders = [], []
    for row in record.suspects:
        for v in row.verdicts:
            verdicts.append(
                (str(v.public_id), f"{row.label}: {v.get_level_display()}, {v.decided_on:%d-%m-%Y}")
            )
            for o in v.restitution_orders.all():
                label = f"{row.label} → {names.get(o.victim_id, '')}: {_rupiah(o.amount_rupiah)}"
                orders.append((str(o.public_id), label))
    return {"suspects": suspects, "victims": victims, "verdicts": verdicts, "orders": orders}


def _form_page(request, case, form, *, title, submit, save, success):
    """GET: the form; POST: validate, call ``save(cleaned_data)`` and return to the case."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, success)
            return redirect("justice:case-detail", case_id=case.public_id)
    context = {"case": case, "form": form, "title": title, "submit": submit}
    return render(request, "justice/justice_form.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def case_detail(request, case_id):
    """The justice process of a case: reports, stages, suspects, charges, verdicts,
    restitution. Police and the case team only."""
    case, _view = _load(request, case_id)
    record = justice_record(user=request.user, case=case)
    if record.suspects or record.orders:
        # A read has no service: the view records that suspects' and victims' data was shown.
        audit_record(
            actor=request.user,
            action="justice.view",
            target=case,
            changes={"fields": ["full_name"], "suspects": len(record.suspects)},
        )
    return render(request, "justice/case_detail.html", {"case": case, "record": record})


@login_required
@permission_required(MANAGE, raise_exception=True)
def police_report_create(request, case_id):
    case, _view = _load(request, case_id, "manage")
    form = forms.PoliceReportForm(request.POST or None)
    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Record a police report"),
        submit=gettext_lazy("Save the report"),
        save=lambda d: services.police_report_add(case=case, actor=request.user, **d),
        success=_("Police report recorded."),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def stage_advance(request, case_id):
    case, _view = _load(request, case_id, "manage")
    form = forms.StageForm(request.POST or None)
    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Change the stage of the process"),
        submit=gettext_lazy("Save the stage"),
        save=lambda d: services.justice_stage_advance(case=case, actor=request.user, **d),
        success=_("Stage recorded."),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def suspect_create(request, case_id):
    case, _view = _load(request, case_id, "manage")
    form = forms.SuspectForm(request.POST or None)

    def save(d):
        data = PersonData(full_name=d["full_name"], sex=d["sex"], estimated_age=d["estimated_age"])
        services.suspect_add(case=case, actor=request.user, data=data, roles=d["roles"])

    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Add a suspect"),
        submit=gettext_lazy("Add the suspect"),
        save=save,
        success=_("Suspect added."),
    )


def _participant(record, public_id, kind: str):
    pool = (
        [r.participant for r in record.suspects]
        if kind == "suspect"
        else [p for p, _n in record.victims]
    )
    return next(p for p in pool if str(p.public_id) == str(public_id))


@login_required
@permission_required(MANAGE, raise_exception=True)
def suspect_charges(request, case_id):
    """Set a suspect's roles and the articles charged (choose the suspect in the form)."""
    case, _view = _load(request, case_id, "manage")
    record = justice_record(user=request.user, case=case)
    initial = {"suspect": request.GET.get("suspect", "")}
    form = forms.SuspectChargesForm(
        request.POST or None, initial=initial, suspects=_choices(record)["suspects"]
    )

    def save(d):
        services.suspect_charges_set(
            case=case,
            actor=request.user,
            suspect=_participant(record, d["suspect"], "suspect"),
            roles=d["roles"],
            articles=list(d["articles"]),
        )

    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Roles and charges of a suspect"),
        submit=gettext_lazy("Save roles and charges"),
        save=save,
        success=_("Roles and charges saved."),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def screening_create(request, case_id):
    """Non-punishment (issue 4 §6): record that a victim is under screening."""
    case, _view = _load(request, case_id, "manage")
    record = justice_record(user=request.user, case=case)
    form = forms.ScreeningForm(request.POST or None, victims=_choices(record)["victims"])

    def save(d):
        services.victim_screening_record(
            case=case,
            actor=request.user,
            victim=_participant(record, d["victim"], "victim"),
            reason=d["reason"],
            also_suspect=d["also_suspect"],
        )

    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Victim under screening"),
        submit=gettext_lazy("Record the screening"),
        save=save,
        success=_("Screening recorded. The person stays a victim on the victim-services pages."),
    )


@login_required
@permission_required(VERDICT, raise_exception=True)
def verdict_create(request, case_id):
    case, _view = _load(request, case_id, "record_verdict")
    record = justice_record(user=request.user, case=case)
    choices = _choices(record)
    form = forms.VerdictForm(
        request.POST or None, suspects=choices["suspects"], victims=choices["victims"]
    )

    def save(d):
        restitution = {
            _participant(record, vid, "victim"): amount
            for vid, amount in form.restitution().items()
        }
        services.verdict_record(
            case=case,
            actor=request.user,
            suspect=_participant(record, d["suspect"], "suspect"),
            level=d["level"],
            court=d["court"],
            decided_on=d["decided_on"],
            outcome=d["outcome"],
            prison_months=d["prison_months"],
            fine_rupiah=d["fine_rupiah"] or 0,
            final_notice_on=d["final_notice_on"],
            restitution=restitution,
        )

    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Record a verdict"),
        submit=gettext_lazy("Save the verdict"),
        save=save,
        success=_("Verdict recorded."),
    )


def _verdict(record, public_id):
    return next(
        v for r in record.suspects for v in r.verdicts if str(v.public_id) == str(public_id)
    )


@login_required
@permission_required(VERDICT, raise_exception=True)
def final_notice_create(request, case_id):
    case, _view = _load(request, case_id, "record_verdict")
    record = justice_record(user=request.user, case=case)
    form = forms.FinalNoticeForm(request.POST or None, verdicts=_choices(record)["verdicts"])

    def save(d):
        services.verdict_final_notice_set(
            case=case,
            actor=request.user,
            verdict=_verdict(record, d["verdict"]),
            final_notice_on=d["final_notice_on"],
        )

    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Notice of the final verdict"),
        submit=gettext_lazy("Save the notice date"),
        save=save,
        success=_("Notice date recorded; the restitution deadline is set."),
    )


@login_required
@permission_required(VERDICT, raise_exception=True)
def payment_create(request, case_id):
    case, _view = _load(request, case_id, "record_verdict")
    record = justice_record(user=request.user, case=case)
    form = forms.PaymentForm(request.POST or None, orders=_choices(record)["orders"])

    def save(d):
        order = next(o for o in record.orders if str(o.public_id) == d["order"])
        services.restitution_payment_record(
            case=case,
            actor=request.user,
            order=order,
            paid_on=d["paid_on"],
            amount_rupiah=d["amount_rupiah"],
        )

    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Record a restitution payment"),
        submit=gettext_lazy("Save the payment"),
        save=save,
        success=_("Payment recorded."),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def summary_print(request, case_id, victim_id):
    """The victim's printable progress summary (UU 21/2007 Pasal 36): the handling case team
    prints it for the victim. Audited as ``justice.summary_print``."""
    case, _view = _load(request, case_id, "print_summary")
    summary = victim_summary(user=request.user, case=case, victim_id=victim_id)
    audit_record(
        actor=request.user,
        action="justice.summary_print",
        target=case,
        changes={"participant": str(summary.victim.public_id), "fields": ["full_name"]},
    )
    return render(request, "justice/summary_print.html", {"case": case, "s": summary})
