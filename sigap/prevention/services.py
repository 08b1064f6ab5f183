"""Writes for community reports (issue 9 §1-2): submit (public or in the app), assign, close,
forward to the police, mark as duplicate, convert into a case. One transaction each, with its
audit row inside; no personal value in any audit row."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.agencies.choices import AgencyKind
from sigap.audit.services import audit_record
from sigap.cases.access import membership_of
from sigap.core.exceptions import ApplicationError
from sigap.core.uploads import MAX_FILES, CleanFile, blob_bytes, stored_blob
from sigap.prevention.access import is_triage, outreach_may_record_for
from sigap.prevention.calendar import add_working_days
from sigap.prevention.models import (
    OPEN_REPORT_STATUSES,
    AreaPopulation,
    CloseReason,
    CommunityReport,
    OutreachActivity,
    OutreachKind,
    OutreachPhoto,
    OutreachPlan,
    PlaceKind,
    ReportAttachment,
    ReportChannel,
    ReportStatus,
)

FOLLOW_UP_WORKING_DAYS = 3
# Reports where people may be held or exploited now, or a child is at risk (triage first).
URGENT_CATEGORIES = {"holding_house", "exploitation", "child"}
# No 0/O or 1/I: codes are read aloud over the phone.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _receipt_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"LPR-{raw[:4]}-{raw[4:]}"


def _screen(text: str) -> tuple[str, list[str], str]:
    from sigap.analytics.services import screening_run

    try:
        result = screening_run(text=text)
    except ApplicationError:
        return "", [], ""
    return result.risk_level, sorted(result.flag_codes), result.ruleset_version


@transaction.atomic
def report_submit(
    *,
    actor=None,
    channel: str,
    category: str,
    what_happened: str,
    area=None,
    country: str = "",
    place_detail: str = "",
    occurred_on=None,
    people_count: int | None = None,
    children_involved: str = "unknown",
    anonymous: bool = True,
    contact_name: str = "",
    contact: str = "",
    contact_channel: str = "none",
    files: list[CleanFile] | None = None,
) -> CommunityReport:
    """Store a report and its cleaned attachments; returns it with its receipt code.

    ``actor`` is None for the public form (channel ``public_web``); in the app it is the user
    whose agency enters it. The text is screened for job-offer red flags (risk level and flag
    codes kept for triage); holding houses, exploitation, children at risk and reports with
    children involved are "high" whatever the text. Follow-up is due in three working days
    (Asia/Jakarta). Raises ApplicationError for more than ``MAX_FILES`` files or an empty
    narrative; nothing is stored then.
    """
    if not (what_happened or "").strip():
        raise ApplicationError(_("Tell us what happened."))
    files = files or []
    if len(files) > MAX_FILES:
        raise ApplicationError(_("At most %(n)s files.") % {"n": MAX_FILES})
    membership = membership_of(actor) if actor is not None else None
    if actor is not None and membership is None:
        raise ApplicationError(_("Only users of a member agency can enter reports."))
    if anonymous:
        contact_name, contact, contact_channel = "", "", "none"
    risk, flags, version = _screen(what_happened)
    if category in URGENT_CATEGORIES or children_involved == "yes":
        # People may be held or a child is at risk now: first in the queue whatever the text.
        risk = "high"
    today = timezone.localdate()
    report = CommunityReport(
        receipt_code=_receipt_code(),
        channel=channel,
        category=category,
        what_happened=what_happened.strip(),
        area=area,
        country=country or "",
        place_detail=place_detail or "",
        occurred_on=occurred_on,
        people_count=people_count,
        children_involved=children_involved,
        anonymous=anonymous,
        contact_name=contact_name,
        contact=contact,
        contact_channel=contact_channel,
        risk_level=risk,
        flag_codes=flags,
        ruleset_version=version,
        follow_up_due=add_working_days(today, FOLLOW_UP_WORKING_DAYS),
        created_by=actor,
        created_by_agency=membership.agency if membership else None,
    )
    while CommunityReport.objects.filter(receipt_code=report.receipt_code).exists():
        report.receipt_code = _receipt_code()
    report.save()
    for f in files:
        ReportAttachment.objects.create(report=report, **_stored_blob(f))
    audit_record(
        actor=actor,
        action="community_report.submit",
        target=report,
        changes={"channel": channel, "category": category, "attachments": len(files)},
    )
    return report


def _stored_blob(f: CleanFile) -> dict:
    """Fields of a stored file (report attachment or outreach photo): see
    ``sigap.core.uploads.stored_blob``."""
    return stored_blob(f)


def attachment_bytes(attachment) -> bytes:
    """The decrypted bytes of a report attachment or an outreach photo."""
    return blob_bytes(attachment.data)


def _require_triage(actor) -> None:
    if not is_triage(actor):
        raise ApplicationError(_("Only the secretariat and UPT PPA triage reports."))


def _require_open(report: CommunityReport) -> None:
    if report.status not in OPEN_REPORT_STATUSES:
        raise ApplicationError(_("This report is no longer open."))


def _set_status(report: CommunityReport, status: str) -> None:
    report.status = status
    report.status_changed_at = timezone.now()


@transaction.atomic
def report_assign(*, report: CommunityReport, actor, assignee) -> CommunityReport:
    """Assign an open report to a triage user of the same agency (or the actor). Moves it to
    ``in_review``. Raises ApplicationError otherwise."""
    _require_triage(actor)
    _require_open(report)
    if (
        not is_triage(assignee)
        or membership_of(assignee).agency_id != membership_of(actor).agency_id
    ):
        raise ApplicationError(_("Assign to a triage user of your own agency."))
    report.assigned_to = assignee
    _set_status(report, ReportStatus.IN_REVIEW)
    report.save(update_fields=["assigned_to", "status", "status_changed_at", "updated_at"])
    audit_record(actor=actor, action="community_report.assign", target=report, changes={})
    return report


@transaction.atomic
def report_close(
    *, report: CommunityReport, actor, reason: str, duplicate_of: CommunityReport | None = None
) -> CommunityReport:
    """Close an open report with a reason; ``duplicate`` needs the other (open or handled)
    report, which must differ. Raises ApplicationError otherwise."""
    _require_triage(actor)
    _require_open(report)
    if reason not in CloseReason.values:
        raise ApplicationError(_("Choose a reason."))
    if reason == CloseReason.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == report.pk:
            raise ApplicationError(_("Give the receipt code of the other report."))
        report.duplicate_of = duplicate_of
    report.close_reason = reason
    _set_status(report, ReportStatus.CLOSED)
    report.save(
        update_fields=["close_reason", "duplicate_of", "status", "status_changed_at", "updated_at"]
    )
    audit_record(
        actor=actor, action="community_report.close", target=report, changes={"reason": reason}
    )
    return report


@transaction.atomic
def report_forward(*, report: CommunityReport, actor, police_agency) -> CommunityReport:
    """Forward an open report to a police unit (which then sees it). Raises ApplicationError
    when the agency is not a police unit."""
    _require_triage(actor)
    _require_open(report)
    if police_agency is None or police_agency.kind != AgencyKind.POLICE:
        raise ApplicationError(_("Choose a police unit."))
    report.forwarded_to = police_agency
    _set_status(report, ReportStatus.FORWARDED)
    report.save(update_fields=["forwarded_to", "status", "status_changed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="community_report.forward",
        target=report,
        changes={"agency": str(police_agency.public_id)},
    )
    return report


_CHANNEL_TO_INTAKE = {
    ReportChannel.PUBLIC_WEB: "online",
    ReportChannel.HOTLINE: "hotline",
    ReportChannel.KELURAHAN: "kelurahan_report",
    ReportChannel.SCHOOL: "school_report",
    ReportChannel.AGENCY: "agency_referral",
}


@transaction.atomic
def report_convert(*, report: CommunityReport, actor, report_area=None):
    """Turn an open report into a case reported by the actor's agency, carrying over the
    narrative, the place and the date (no retyping). ``report_area`` (a kelurahan/desa) is
    needed when the report has none at that level. Returns the case. Raises ApplicationError
    or the case service's ValidationError; nothing is stored then."""
    from sigap.cases.services import case_report

    _require_triage(actor)
    _require_open(report)
    area = report_area or report.area
    if area is None or area.level not in ("kelurahan", "desa"):
        raise ApplicationError(_("Choose the kelurahan or desa where it happened."))
    summary = report.what_happened
    if report.place_detail:
        summary += "\n\n" + _("Place: %(place)s") % {"place": report.place_detail}
    summary += "\n\n" + _("From community report %(code)s.") % {"code": report.receipt_code}
    case = case_report(
        actor=actor,
        intake_channel=_CHANNEL_TO_INTAKE.get(report.channel, "other"),
        report_area=area,
        summary=summary[:5000],
        reported_on=timezone.localtime(report.created_at).date(),
        destination_country=report.country or "",
    )
    report.case = case
    _set_status(report, ReportStatus.CONVERTED)
    report.save(update_fields=["case", "status", "status_changed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="community_report.convert",
        target=report,
        changes={"case": str(case.public_id)},
    )
    return case


# --- Outreach register (issue 9 §4) -------------------------------------------------------------


@transaction.atomic
def outreach_record(
    *,
    actor,
    organiser,
    kind: str,
    topic: str,
    place_kind: str,
    held_on,
    area=None,
    place_name: str = "",
    girls: int = 0,
    boys: int = 0,
    women: int = 0,
    men: int = 0,
    materials: str = "",
    partners=(),
    photos: list[CleanFile] | None = None,
) -> OutreachActivity:
    """Record one outreach session of ``organiser`` with its aggregate audience counts.

    Rules (``access.outreach_may_record_for``): reporters record for their own agency, the
    secretariat for any. ``area`` must be a kelurahan/desa (required unless ``place_kind`` is
    online); the date may not be in the future; at least one participant; at most
    ``MAX_FILES`` photos (already cleaned by ``uploads.clean_upload``). Raises
    ApplicationError otherwise; nothing is stored then.
    """
    if not outreach_may_record_for(actor, organiser):
        raise ApplicationError(_("You may record activities of your own agency only."))
    if kind not in OutreachKind.values or place_kind not in PlaceKind.values:
        raise ApplicationError(_("Choose the kind of activity and the place."))
    if not (topic or "").strip():
        raise ApplicationError(_("Give the topic."))
    if area is None and place_kind != PlaceKind.ONLINE:
        raise ApplicationError(_("Choose the kelurahan where it was held."))
    if area is not None and area.level not in ("kelurahan", "desa"):
        raise ApplicationError(_("Choose the kelurahan where it was held."))
    if held_on is None or held_on > timezone.localdate():
        raise ApplicationError(_("This date is in the future."))
    counts = [girls, boys, women, men]
    if any(c is None or c < 0 for c in counts) or sum(counts) == 0:
        raise ApplicationError(_("Give the number of participants."))
    photos = photos or []
    if len(photos) > MAX_FILES:
        raise ApplicationError(_("At most %(n)s files.") % {"n": MAX_FILES})
    activity = OutreachActivity.objects.create(
        organiser=organiser,
        kind=kind,
        topic=topic.strip(),
        place_kind=place_kind,
        area=area,
        place_name=(place_name or "").strip(),
        held_on=held_on,
        girls=girls,
        boys=boys,
        women=women,
        men=men,
        materials=(materials or "").strip(),
        created_by=actor,
    )
    partner_list = [p for p in partners if p.pk != organiser.pk]
    if partner_list:
        activity.partners.set(partner_list)
    for f in photos:
        OutreachPhoto.objects.create(activity=activity, **_stored_blob(f))
    audit_record(
        actor=actor,
        action="outreach.record",
        target=activity,
        changes={"kind": kind, "participants": sum(counts), "photos": len(photos)},
    )
    return activity


@transaction.atomic
def outreach_plan_set(
    *, actor, agency, year: int, quarter: int, planned_sessions: int, planned_participants: int
) -> OutreachPlan:
    """Set (create or replace) ``agency``'s plan for one quarter. Same rule as recording.
    Raises ApplicationError for another agency (reporters), a quarter outside 1-4, a year
    outside 2000-2100 or negative numbers."""
    if not outreach_may_record_for(actor, agency):
        raise ApplicationError(_("You may plan for your own agency only."))
    if quarter not in (1, 2, 3, 4) or not (2000 <= year <= 2100):
        raise ApplicationError(_("Choose a year and a quarter."))
    if planned_sessions < 0 or planned_participants < 0:
        raise ApplicationError(_("Numbers may not be negative."))
    plan, created = OutreachPlan.objects.update_or_create(
        agency=agency,
        year=year,
        quarter=quarter,
        defaults={
            "planned_sessions": planned_sessions,
            "planned_participants": planned_participants,
        },
    )
    audit_record(
        actor=actor,
        action="outreach_plan.create" if created else "outreach_plan.update",
        target=plan,
        changes={
            "planned_sessions": planned_sessions,
            "planned_participants": planned_participants,
        },
    )
    return plan


@transaction.atomic
def population_import(*, actor, csv_text: str) -> int:
    """Load residents per kelurahan/desa from CSV text with a header ``code,population,year,
    source`` (code: Kemendagri with dots). Replaces the rows of the codes given; returns their
    number. Raises ApplicationError naming the first bad line (unknown or non-kelurahan code,
    a population that is not a positive whole number, a missing year or source); nothing is
    stored then. The source (e.g. "Dukcapil DKI Jakarta, semester I 2025") is required: the
    view shows residents only where their origin is known."""
    import csv
    import io

    from sigap.areas.models import Area

    reader = csv.DictReader(io.StringIO(csv_text))
    if not {"code", "population", "year", "source"} <= set(reader.fieldnames or []):
        raise ApplicationError(_("The file needs the columns code, population, year, source."))
    rows = list(reader)
    codes = {(r.get("code") or "").strip() for r in rows}
    levels = dict(
        Area.objects.filter(code__in=codes, level__in=["kelurahan", "desa"]).values_list(
            "code", "level"
        )
    )
    loaded = 0
    for line, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        try:
            population, year = int(row["population"]), int(row["year"])
        except (TypeError, ValueError):
            population = year = 0
        source = (row.get("source") or "").strip()[:200]
        if code not in levels or population <= 0 or not (1900 < year < 2100) or not source:
            raise ApplicationError(
                _("Line %(line)s: a known kelurahan code, a population, a year and a source.")
                % {"line": line}
            )
        AreaPopulation.objects.update_or_create(
            area_id=code, defaults={"population": population, "year": year, "source": source}
        )
        loaded += 1
    audit_record(actor=actor, action="area_population.import", changes={"rows": loaded})
    return loaded
