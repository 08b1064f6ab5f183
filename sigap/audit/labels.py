"""Readable, translated labels for audit action codes (``"<entity>.<verb>"``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ENTITIES = {
    "case": gettext_lazy("Case"),
    "case_note": gettext_lazy("Case note"),
    "case_transfer": gettext_lazy("Case transfer"),
    "participant": gettext_lazy("Person in case"),
    "person": gettext_lazy("Person"),
    "identification": gettext_lazy("Identification"),
    "journey": gettext_lazy("Journey"),
    "referral": gettext_lazy("Referral"),
    "assessment": gettext_lazy("Assessment"),
    "plan": gettext_lazy("Case plan"),
    "closure": gettext_lazy("Closure"),
    "task": gettext_lazy("Task"),
    "followups": gettext_lazy("Follow-ups"),
    "conference": gettext_lazy("Case conference"),
    "justice": gettext_lazy("Justice process"),
    "rights": gettext_lazy("Victims' rights"),
    "privacy": gettext_lazy("Data protection"),
    "report": gettext_lazy("Report"),
    "auth": gettext_lazy("Account"),
    "user": gettext_lazy("User"),
    "membership": gettext_lazy("Membership"),
    "role": gettext_lazy("Role"),
    "crypto": gettext_lazy("Encryption keys"),
    "screening": gettext_lazy("Job-offer screening"),
    "screening_ruleset": gettext_lazy("Screening rules"),
    "licensed_agency": gettext_lazy("Licensed placement companies (P3MI)"),
    "community_report": gettext_lazy("Community report (prevention)"),
    "api_token": gettext_lazy("API token"),
    "export": gettext_lazy("Export"),
    "notification": gettext_lazy("Notifications"),
    "seed": gettext_lazy("Demo data"),
    "taskforce": gettext_lazy("Task force"),
    "meeting": gettext_lazy("Task-force meeting"),
    "action_item": gettext_lazy("Action item"),
    "rad": gettext_lazy("Regional action plan (RAD)"),
    "identifier": gettext_lazy("Identifier"),
    "network": gettext_lazy("Network view"),
    "outreach": gettext_lazy("Outreach activity"),
    "outreach_plan": gettext_lazy("Outreach plan"),
    "area_population": gettext_lazy("Area population"),
    "document": gettext_lazy("Case document"),
    "import_job": gettext_lazy("Register import"),
}
VERBS = {
    "view": gettext_lazy("viewed"),
    "publish": gettext_lazy("published"),
    "assign": gettext_lazy("assigned"),
    "forward": gettext_lazy("forwarded"),
    "convert": gettext_lazy("converted into a case"),
    "download": gettext_lazy("downloaded"),
    "import": gettext_lazy("imported"),
    "report": gettext_lazy("reported"),
    "open": gettext_lazy("taken on"),
    "close": gettext_lazy("closed"),
    "reopen": gettext_lazy("reopened"),
    "record": gettext_lazy("recorded"),
    "add": gettext_lazy("added"),
    "send": gettext_lazy("sent"),
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "complete": gettext_lazy("completed"),
    "revoke": gettext_lazy("revoked"),
    "start": gettext_lazy("started"),
    "export": gettext_lazy("exported"),
    "break_glass": gettext_lazy("emergency access (break-glass)"),
    "anonymise": gettext_lazy("anonymised"),
    "transfer": gettext_lazy("transferred"),
    "request": gettext_lazy("requested"),
    "approve": gettext_lazy("approved"),
    "reject": gettext_lazy("rejected"),
    "submit": gettext_lazy("submitted"),
    "create": gettext_lazy("created"),
    "update": gettext_lazy("updated"),
    "cancel": gettext_lazy("cancelled"),
    "consent_override": gettext_lazy("consent overridden"),
    "escalate": gettext_lazy("escalated"),
    "remind": gettext_lazy("reminder sent"),
    "login": gettext_lazy("logged in"),
    "logout": gettext_lazy("logged out"),
    "login_failed": gettext_lazy("failed login"),
    "token": gettext_lazy("API token issued"),
    "2fa_enrol": gettext_lazy("two-factor enrolled"),
    "2fa_failed": gettext_lazy("wrong two-factor code"),
    "2fa_verify": gettext_lazy("two-factor verified"),
    "summary_print": gettext_lazy("progress summary printed"),
    "subject_export": gettext_lazy("data-subject export"),
    # Whole codes whose last word alone would mislead (issue 13 §10: no raw key shown).
    "password_change": gettext_lazy("password changed"),
    "rotate_keys": gettext_lazy("keys rotated"),
    "schedule": gettext_lazy("scheduled"),
    "restitution_payment": gettext_lazy("restitution payment recorded"),
    "stage_advance": gettext_lazy("stage advanced"),
    "suspect_charges_set": gettext_lazy("suspect's charges set"),
    "verdict_final_notice": gettext_lazy("final verdict notice sent"),
    "victim_screening": gettext_lazy("victim screening recorded"),
    "set": gettext_lazy("set"),
    "preferences": gettext_lazy("preferences changed"),
    "request_register": gettext_lazy("request registered"),
    "request_close": gettext_lazy("request closed"),
    "permissions_sync": gettext_lazy("permissions synchronised"),
    "run": gettext_lazy("run"),
    "reassign": gettext_lazy("handed over"),
    "deactivate": gettext_lazy("deactivated"),
    "police_report_add": gettext_lazy("police report added"),
    "suspect_add": gettext_lazy("suspect added"),
    "verdict_record": gettext_lazy("verdict recorded"),
    "carry": gettext_lazy("carried over to the next meeting"),
    "mark_public": gettext_lazy("marked public/shared"),
    "attendance": gettext_lazy("attendance recorded"),
    "remove": gettext_lazy("removed"),
    "notulen": gettext_lazy("minutes (notulen) printed"),
    "simfoni_number": gettext_lazy("SIMFONI-PPA number recorded"),
    "modus_facts": gettext_lazy("modus facts recorded"),
    "match": gettext_lazy("duplicate check run"),
    "merge": gettext_lazy("merged"),
    "undo": gettext_lazy("merge undone"),
    "link_run": gettext_lazy("record linkage started"),
    "link_confirm": gettext_lazy("confirmed as the same person"),
    "link_reject": gettext_lazy("confirmed as different persons"),
    "link_undo": gettext_lazy("decision on a suggested pair undone"),
    "realisation": gettext_lazy("realisation recorded"),
    "release": gettext_lazy("open-data release written"),
    "taskforce": gettext_lazy("task-force report made"),
    # Data-subject rights carried out with four eyes, breach register (sigap.privacy).
    "correct": gettext_lazy("identity corrected"),
    "restrict": gettext_lazy("processing restricted"),
    "restrict_lift": gettext_lazy("restriction lifted"),
    "erase": gettext_lazy("identity erased"),
    "prepare": gettext_lazy("prepared for approval"),
    "register": gettext_lazy("registered"),
    "notified": gettext_lazy("notice recorded as sent"),
    "upload": gettext_lazy("uploaded"),
    # Compound verbs: the object is part of the label, or three different events of one
    # entity would read alike ("RAD: dibuat" for a programme, an activity and an indicator).
    "activity_create": gettext_lazy("activity created"),
    "activity_update": gettext_lazy("activity updated"),
    "indicator_create": gettext_lazy("indicator created"),
    "indicator_update": gettext_lazy("indicator updated"),
    "programme_create": gettext_lazy("programme created"),
    "programme_update": gettext_lazy("programme updated"),
    "targets_update": gettext_lazy("targets updated"),
    "member_add": gettext_lazy("member added"),
    "member_update": gettext_lazy("member updated"),
    "subgroup_update": gettext_lazy("sub-task force updated"),
    "attendance_remove": gettext_lazy("attendance row removed"),
    "photo_download": gettext_lazy("photo downloaded"),
    "merge_undo": gettext_lazy("merge undone"),
    "open_data_release": gettext_lazy("open-data release written"),
    "action_prepare": gettext_lazy("data-subject action prepared for approval"),
    "action_approve": gettext_lazy("data-subject action approved"),
    "action_reject": gettext_lazy("data-subject action rejected"),
    "breach_register": gettext_lazy("data breach registered"),
    "breach_notified": gettext_lazy("breach notice recorded as sent"),
}


def action_label_known(code: str) -> bool:
    """Whether ``code`` reads as words in full (entity and verb both labelled)."""
    entity, _sep, verb = code.partition(".")
    return entity in ENTITIES and (verb in VERBS or verb.rsplit("_", 1)[-1] in VERBS)


def model_label(label_lower: str) -> str:
    """``"accounts.user"`` (``AuditEvent.target_type``) → the model's translated
    ``verbose_name`` ("Pengguna"); a label no model has any more stays as it is, and an
    empty one is "–"."""
    from django.apps import apps
    from django.utils.text import capfirst

    if not label_lower:
        return "–"
    try:
        model = apps.get_model(label_lower)
    except (LookupError, ValueError):
        return label_lower
    return str(capfirst(model._meta.verbose_name))


def action_label(code: str) -> str:
    """``"case.view"`` → ``"Kasus: dilihat"`` in the active language; unknown parts stay
    as they are, so a new action code is never hidden."""
    entity, _sep, verb = code.partition(".")
    entity_label = ENTITIES.get(entity, entity)
    verb_label = VERBS.get(verb) or VERBS.get(verb.rsplit("_", 1)[-1]) or verb
    return _("%(entity)s: %(verb)s") % {"entity": entity_label, "verb": verb_label}
