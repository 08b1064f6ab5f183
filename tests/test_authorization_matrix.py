"""Authorization matrix (issue 3, "Must show"): every URL × every role × every kind of record.

The test walks ``django.urls.get_resolver()`` and fails for any URL name without a rule in
``REGISTRY`` (a new view must state who may use it) and for any rule whose URL is gone. For
each (URL, role, record) it requests the page as that user (GET, and POST with an empty body
for state-changing endpoints) and checks:

- the status: anonymous → login (HTML) or 401 (API); a role without the action's permission →
  403 whatever the record (so the answer reveals nothing about it); a record outside the
  user's scope → 404, exactly as for an id that does not exist (never 403, never 200); a role
  that sees the record but may not take the action → 403; otherwise 2xx/3xx (400 for API
  input errors);
- the body (HTML or JSON): no victim marker the user is not entitled to see
  (docs/access-model.md) and no number of a case outside the user's scope.

Separate tests check counts (list totals, dashboard numbers), name search as an oracle, the
referral picker, and the Django admin (excluded from the matrix).

World (synthetic; the surnames are unique markers searched for in every answer):

- case A: reported by Kelurahan Kemayoran, handled by UPT PPA; victims "Melati Rahasiaalfa"
  (referred to Sudin Kesehatan, accepted: open), "Kenanga Rahasiabeta" (referred to Sudin
  Sosial, completed) and the child "Anggrek Rahasiaanak" (referred to Sudin Kesehatan, sent;
  a child's identity stays with the handling case team);
- case B: reported by Kelurahan Gambir, still in the UPT PPA intake queue; "Dahlia Rahasiagama";
- case C: reported and handled by Sudin Sosial (another agency's case team); "Teratai
  Rahasiadelta", referred to Polres (sent: open).

Expectations below are written from the documented access model, not read from the code.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import AREAS
from sigap.agencies.choices import AgencyKind, Role

# --- Roles -------------------------------------------------------------------------------------

ANON = "anonymous"
# persona → (role, agency code); the conftest personas plus an auditor and a superuser.
PERSONAS: dict[str, tuple[str, str] | None] = {
    "reporter_kemayoran": (Role.REPORTER, "kelurahan-31-71-03-1001"),
    "reporter_gambir": (Role.REPORTER, "kelurahan-31-71-01-1001"),
    "caseworker_a": (Role.CASE_MANAGER, "upt-ppa-dki"),
    "supervisor_a": (Role.SUPERVISOR, "upt-ppa-dki"),
    "caseworker_b": (Role.CASE_MANAGER, "sudin-sosial-jakpus"),
    "health_provider": (Role.SERVICE_PROVIDER, "sudin-kesehatan-jakpus"),
    "social_provider": (Role.SERVICE_PROVIDER, "sudin-sosial-jakpus"),
    "police_officer": (Role.POLICE, "polres-jakpus-ppa"),
    "prosecutor_officer": (Role.PROSECUTOR, "kejari-jakpus"),
    "lpsk_officer": (Role.LPSK, "lpsk"),
    "secretariat_user": (Role.SECRETARIAT, "sudin-ppapp-jakpus"),
    "leadership_user": (Role.LEADERSHIP, "pemkot-jakpus"),
    "auditor_user": (Role.AUDITOR, "pemkot-jakpus"),
    "platform_admin": (Role.PLATFORM_ADMIN, "pemkot-jakpus"),
    "superuser": None,  # is_superuser, no membership: no bypass of record scope
}
ROLES = [ANON, *PERSONAS]

# Action permissions each role holds (docs/access-model.md; sigap/agencies/roles.py).
_TEAM = {
    "view_case",
    "add_case",
    "change_case",
    "open_case",
    "identify_case",
    "close_case",
    "add_casenote",
    "view_aggregates",
    "add_referral",
    "view_referral",
    "view_justice",
    "manage_justice",
    "record_verdict",
}
_RECEIVER = {"view_case", "add_casenote", "view_referral", "respond_referral"}
_APPROVER = {"approve_plan", "approve_closure"}  # casework decisions: supervisors
_ALL = _TEAM | _RECEIVER | _APPROVER
PERMS: dict[str, set[str]] = {
    ANON: set(),
    "reporter_kemayoran": {"add_case", "view_case"},
    "reporter_gambir": {"add_case", "view_case"},
    "caseworker_a": _TEAM,
    "supervisor_a": _TEAM | _APPROVER,
    "caseworker_b": _TEAM,
    "health_provider": _RECEIVER,
    "social_provider": _RECEIVER,
    "police_officer": _RECEIVER | {"view_justice", "manage_justice"},
    "prosecutor_officer": _RECEIVER | {"view_justice", "manage_justice", "record_verdict"},
    "lpsk_officer": _RECEIVER | {"view_justice"},
    "secretariat_user": {"add_case", "view_case", "view_aggregates", "view_referral"},
    "leadership_user": {"view_aggregates"},
    "auditor_user": set(),
    "platform_admin": set(),
    "superuser": _ALL,
}
# Task-force coordination (issue 11; sigap/taskforce/access.py): every agency role reads it and
# updates its own agency's action items; the secretariat manages; leadership reads only.
_COORD = {"view_coordination", "change_actionitem"}
for _role in (
    "reporter_kemayoran",
    "reporter_gambir",
    "caseworker_a",
    "supervisor_a",
    "caseworker_b",
    "health_provider",
    "social_provider",
    "police_officer",
    "prosecutor_officer",
    "lpsk_officer",
    "secretariat_user",
    "superuser",
):
    PERMS[_role] = PERMS[_role] | _COORD
PERMS["secretariat_user"] |= {"manage_coordination"}
PERMS["superuser"] |= {"manage_coordination"}
PERMS["leadership_user"] = PERMS["leadership_user"] | {"view_coordination"}
AUDITORS = {"auditor_user"}
AUDIT_PERM = AUDITORS | {"superuser"}  # audit.view_auditevent
BREAKGLASS = {"caseworker_a", "supervisor_a", "caseworker_b", "police_officer", "secretariat_user"}

# --- Record scope (expected) -------------------------------------------------------------------

CASES = ["A", "B", "C", "missing"]
REFERRALS = ["health", "child", "social", "police", "kejari", "lpsk", "missing"]
# "kejari" (accepted) and "lpsk" (sent): Teratai of case C to the prosecutor's office and to
# LPSK, each answered by its own role (issue 13 §7).
REFERRAL_CASE = {
    "health": "A",
    "child": "A",
    "social": "A",
    "police": "C",
    "kejari": "C",
    "lpsk": "C",
}

CASE_VISIBLE: dict[str, set[str]] = {
    "reporter_kemayoran": {"A"},  # its own report, status only
    "reporter_gambir": {"B"},
    "caseworker_a": {"A", "B"},  # handles A; B is in the UPT PPA intake queue
    "supervisor_a": {"A", "B"},
    "caseworker_b": {"C"},
    "health_provider": {"A"},  # open referral to Sudin Kesehatan
    "police_officer": {"C"},  # referral to Polres
    "prosecutor_officer": {"C"},  # referral to Kejari
    "lpsk_officer": {"C"},  # referral to LPSK
}
CASE_FULL = {"caseworker_a": {"A", "B"}, "supervisor_a": {"A", "B"}, "caseworker_b": {"C"}}
CASE_HANDLES = {"caseworker_a": {"A"}, "supervisor_a": {"A"}, "caseworker_b": {"C"}}
CASE_STATUS = {"A": "open", "B": "reported", "C": "open"}
REFERRAL_VISIBLE: dict[str, set[str]] = {
    "caseworker_a": {"health", "child", "social"},  # sent by its agency
    "supervisor_a": {"health", "child", "social"},
    # Sudin Sosial's case team sees the referrals of the case it handles (C), not "social",
    # which is addressed to its agency: its service providers answer that one (issue 7 #1).
    "caseworker_b": {"police", "kejari", "lpsk"},
    "health_provider": {"health", "child"},
    "social_provider": {"social"},  # completed: the referral stays, the case does not
    "police_officer": {"police"},
    "prosecutor_officer": {"kejari"},
    "lpsk_officer": {"lpsk"},
}
RECEIVES = {
    "health_provider": {"health", "child"},
    "social_provider": {"social"},
    "police_officer": {"police"},
    "prosecutor_officer": {"kejari"},
    "lpsk_officer": {"lpsk"},
}

# Victim markers and who may see each name anywhere in the UI or API.
MARKERS = {
    "Rahasiaalfa": "Melati",  # A, open referral to Sudin Kesehatan
    "Rahasiabeta": "Kenanga",  # A, referral to Sudin Sosial completed
    "Rahasiaanak": "Anggrek",  # A, child, referred to Sudin Kesehatan (sent): still only
    # the handling agency's case team sees a child's identity (issue 3 §2)
    "Rahasiagama": "Dahlia",  # B, intake queue
    "Rahasiadelta": "Teratai",  # C, handled by Sudin Sosial, open referral to Polres
}
MARKER_CASE = {
    "Rahasiaalfa": "A",
    "Rahasiabeta": "A",
    "Rahasiaanak": "A",
    "Rahasiagama": "B",
    "Rahasiadelta": "C",
}
ENTITLED: dict[str, set[str]] = {
    "caseworker_a": {"Rahasiaalfa", "Rahasiabeta", "Rahasiaanak", "Rahasiagama"},
    "supervisor_a": {"Rahasiaalfa", "Rahasiabeta", "Rahasiaanak", "Rahasiagama"},
    "caseworker_b": {"Rahasiadelta"},
    "health_provider": {"Rahasiaalfa"},
    "police_officer": {"Rahasiadelta"},
    "prosecutor_officer": {"Rahasiadelta"},  # adult, open referral to Kejari
    "lpsk_officer": {"Rahasiadelta"},  # adult, open referral to LPSK
}


def sees_case(role: str, case: str) -> bool:
    return case in CASE_VISIBLE.get(role, set())


def sees_referral(role: str, ref: str) -> bool:
    return ref in REFERRAL_VISIBLE.get(role, set())


def case_numbers_allowed(role: str) -> set[str]:
    """Cases whose number may appear: visible cases and the cases of visible referrals."""
    refs = REFERRAL_VISIBLE.get(role, set())
    return CASE_VISIBLE.get(role, set()) | {REFERRAL_CASE[r] for r in refs}


# --- Expected status -----------------------------------------------------------------------------

OK = "ok"  # 2xx or 3xx (not a redirect to the login page)
OK_OR_400 = "ok-or-400"  # API write with an empty body: 2xx, or 400/409 refused by the rules
LOGIN = "login"  # HTML: redirect to the login page
REDIRECT = "redirect"  # any 3xx (logout sends everyone to the login page)


def html(role, perm=None, visible=True, capable=True):
    """HTML views: login first, then the action permission, then the record, then the rule."""
    if role == ANON:
        return LOGIN
    if perm and perm not in PERMS[role]:
        return 403
    if not visible:
        return 404
    return OK if capable else 403


def api(role, perms=(), visible=True, ok=OK):
    """API views: 401 without credentials, 403 without the permission, 404 out of scope."""
    if role == ANON:
        return 401
    if any(p not in PERMS[role] for p in perms):
        return 403
    return ok if visible else 404


def _case_rule(perm, capability: Callable[[str, str], bool]):
    def rule(role, obj):
        return html(role, perm, sees_case(role, obj), capability(role, obj))

    return rule


def _section_rule(slug: str):
    """The case workspace's sections (issue 13 §2): 404 out of scope and for a section the
    role's view of the case does not include (sigap.cases.views._sections_for)."""

    def opens(role, obj):
        full = obj in CASE_FULL.get(role, set())
        receiver = role in RECEIVES  # service providers and police: the referral view
        if slug == "summary":
            return True
        if slug in ("journey", "identification", "notes"):
            return full
        if slug == "access-log":
            return obj in CASE_HANDLES.get(role, set()) or role == "auditor_user"
        return full or receiver

    return lambda role, obj: html(role, "view_case", sees_case(role, obj) and opens(role, obj))


def _handles(role, obj):
    return obj in CASE_HANDLES.get(role, set()) and CASE_STATUS.get(obj) != "closed"


def _can_open(role, obj):
    return role in CASE_FULL and CASE_STATUS.get(obj) == "reported"


def _can_note(role, obj):
    full = obj in CASE_FULL.get(role, set())
    receiver = role in RECEIVES
    return (full or receiver) and CASE_STATUS.get(obj) != "closed"


def _receives(role, obj):
    return obj in RECEIVES.get(role, set())


def _sends(role, obj):
    """The case team of the agency handling the referral's case (the sender) may revoke it."""
    return _handles(role, REFERRAL_CASE.get(obj, "missing"))


def _link_reviewer(role, ok):
    """Police, secretariat and the case team (sigap.people.linkage.ANALYST_ROLES)."""
    if role == ANON:
        return LOGIN
    reviewers = {"police_officer", "secretariat_user", "caseworker_a", "supervisor_a"}
    return ok if role in reviewers | {"caseworker_b"} else 403  # caseworker_b: Sudin Sosial


def _sees_link(role):
    """The world's link suggestion joins a victim of case A and one of case C."""
    return sees_case(role, "A") or sees_case(role, "C")


ADRUN_OWNER = "police_officer"  # the world's ad clustering run is theirs


def _ad_analyst(role, ok):
    """Police and secretariat pages outside any record (the ad clustering page)."""
    if role == ANON:
        return LOGIN
    return ok if role in ("police_officer", "secretariat_user") else 403


def _const(value):
    return lambda role, obj: value


def _login_required(role, obj):
    return LOGIN if role == ANON else OK


def _api_auth(role, obj):
    return api(role)


EXPORT_OWNER = "supervisor_a"  # the world's export job (masked case list) is theirs


def _export_owner(role, obj, anonymous):
    if role == ANON:
        return anonymous
    return OK if role == EXPORT_OWNER and obj == "mine" else 404


def _dpo(role, obj=None):
    """Data-subject request pages: login, then the auditor role, then the record."""
    if role == ANON:
        return LOGIN
    if role not in AUDITORS:
        return 403
    return 404 if obj == "missing" else OK


# Justice process (sigap/justice/access.py): read by case managers/supervisors with full view
# of the case and by police of a case referred to them; written by the handling agency's case
# team and by those police; verdicts, payments and the victim's summary: handling case team.
JUSTICE_READ = {
    **CASE_FULL,
    "police_officer": {"C"},
    "prosecutor_officer": {"C"},
    "lpsk_officer": {"C"},
}
JUSTICE_MANAGE = {**CASE_HANDLES, "police_officer": {"C"}, "prosecutor_officer": {"C"}}
# Verdicts and restitution payments: the handling case team, and Kejari on a case referred to it.
JUSTICE_VERDICT = {**CASE_HANDLES, "prosecutor_officer": {"C"}}
SUMMARY_VICTIM = {"A": "Rahasiaalfa", "B": "Rahasiagama", "C": "Rahasiadelta"}


def _reads_justice(role, obj):
    return obj in JUSTICE_READ.get(role, set())


def _justice_rule(perm, capable):
    return lambda r, o: html(r, perm, _reads_justice(r, o), capable(r, o))


def _records_verdict(role, obj):
    return obj in JUSTICE_VERDICT.get(role, set()) and CASE_STATUS.get(obj) != "closed"


def _manages_justice(role, obj):
    return obj in JUSTICE_MANAGE.get(role, set())


# Victims' rights (sigap/rights/access.py): read with full access to the case, or by police of
# a case referred to them (restitution and LPSK protection only, read-only); written by the
# handling agency's case team of an open case. Service providers never.
RIGHTS_READ = {
    **CASE_FULL,
    "police_officer": {"C"},
    "prosecutor_officer": {"C"},
    "lpsk_officer": {"C"},
}
# Issue 13 §7: on an open case referred to them, Kejari writes the indictment amount of the
# restitution claim, LPSK its assessment and the protection record.
CLAIM_WRITERS = {"prosecutor_officer": {"C"}, "lpsk_officer": {"C"}}
PROTECTION_WRITERS = {"lpsk_officer": {"C"}}


def _reads_rights(role, obj):
    return obj in RIGHTS_READ.get(role, set())


def _rights_edit(role, obj):
    return html(role, "change_case", _reads_rights(role, obj), _handles(role, obj))


def _rights_part_edit(writers):
    """Restitution claim and LPSK protection pages: any case viewer reaches the rule, then
    scope (404), then the capability: the case team or the named writers (403)."""

    def rule(role, obj):
        capable = _handles(role, obj) or obj in writers.get(role, set())
        return html(role, "view_case", _reads_rights(role, obj), capable)

    return rule


def _rights_api_write(role, obj):
    status = api(role, ["view_case", "change_case"], _reads_rights(role, obj), ok=OK_OR_400)
    return 403 if status == OK_OR_400 and not _handles(role, obj) else status


IMPORTERS = {"caseworker_a", "supervisor_a", "caseworker_b", "secretariat_user", "superuser"}


def _import_rule(status):
    return lambda r, o: LOGIN if r == ANON else status if r in IMPORTERS else 403


def _rights_api_part_write(writers):
    def rule(role, obj):
        status = api(role, ["view_case"], _reads_rights(role, obj), ok=OK_OR_400)
        capable = _handles(role, obj) or obj in writers.get(role, set())
        return 403 if status == OK_OR_400 and not capable else status

    return rule


# Case work: a draft and a submitted plan on case A, and a task on A for caseworker_a.
PLANS = ["draft", "submitted", "missing"]
TASKS = ["A", "missing"]


def _full(role, obj):
    return obj in CASE_FULL.get(role, set())


def _supervises(role, obj):
    return role == "supervisor_a" and _handles(role, obj)


def _sees_plan(role, obj):
    """Plans are case content: full access to their case (A)."""
    return obj != "missing" and _full(role, "A")


def _sees_task(role, obj):
    """The task of case A is assigned to UPT PPA, the handling agency (full access)."""
    return obj != "missing" and _full(role, "A")


def _plan_rule(perm, capable):
    return lambda r, o: html(r, perm, _sees_plan(r, o), _handles(r, "A") and capable(r, o))


def _post_only(perm):
    """POST-only views: login, then the permission, then 405 for GET."""
    return lambda r, o: LOGIN if r == ANON else (403 if perm not in PERMS[r] else 405)


MERGERS = {"caseworker_a", "supervisor_a", "caseworker_b", "secretariat_user"}


def _sees_identifiers(role, obj):
    return _full(role, obj) or (role == "police_officer" and sees_case(role, obj))


def _adds_identifiers(role, obj):
    return _handles(role, obj) or (role == "police_officer" and sees_case(role, obj))


def _identifiers_api(role, obj, capable, ok):
    status = api(role, ["view_case"], sees_case(role, obj), ok=ok)
    return 403 if status == ok and not capable else status


def _records_persons(role):
    """Intake duplicate check (sigap.people): login, then add_case or change_case."""
    if role == ANON:
        return LOGIN
    return OK if {"add_case", "change_case"} & PERMS[role] else 403


@dataclass(frozen=True)
class Rule:
    """How the matrix calls a URL and what each role should get.

    ``arg``: ``none`` / ``case`` / ``referral`` / ``area`` / ``agency`` / ``reset`` (the kind of
    URL argument; ``kwarg`` names it). ``get``/``post``: ``(role, obj) -> expected``; ``post``
    is None for read-only endpoints. ``queries``: query strings tried with GET (lists, search).
    """

    arg: str
    get: Callable
    post: Callable | None = None
    kwarg: str = "public_id"
    queries: tuple[str, ...] = ("",)
    public: bool = False
    victim: bool = False  # also pass ``victim_id``: a victim of the case (SUMMARY_VICTIM)


# Community reports (issue 9 §1-2; sigap.prevention.access): triage (secretariat, UPT PPA case
# team) sees the reports of its territory, the entering agency its own, police the forwarded.
REPORTS = ["public", "gambir", "police", "missing"]
_TRIAGE = {"secretariat_user", "caseworker_a", "supervisor_a"}
REPORT_SEES = {
    "public": _TRIAGE,
    "gambir": _TRIAGE | {"reporter_gambir"},
    "police": _TRIAGE | {"police_officer"},
    "missing": set(),
}
REPORT_VIEW = _TRIAGE | {
    "reporter_kemayoran",
    "reporter_gambir",
    "caseworker_b",
    "supervisor_a",
    "police_officer",
    "superuser",
}
REPORT_ADD = REPORT_VIEW - {"police_officer"}


def _report_rule(role, obj):
    if role == ANON:
        return LOGIN
    if role not in REPORT_VIEW:
        return 403
    return OK if role in REPORT_SEES.get(obj, set()) else 404


def _report_act(role, obj):
    """Triage actions: an empty POST is refused with a message and a redirect (3xx) for those
    who see the report; 404 for those who do not."""
    expected = _report_rule(role, obj)
    return REDIRECT if expected == OK else expected


# Outreach register (issue 9 §4; sigap.prevention.access.outreach_scope_q): reporters see their
# own agency's activities, the secretariat all; the world holds one activity of Kelurahan
# Kemayoran. Early-warning view (§5): reporters, secretariat and leadership (aggregates).
OUTREACH = ["kemayoran", "missing"]
OUTREACH_ROLES = {"reporter_kemayoran", "reporter_gambir", "secretariat_user", "superuser"}
OUTREACH_SEES = {"kemayoran": {"reporter_kemayoran", "secretariat_user"}, "missing": set()}
EARLY_WARNING_ROLES = OUTREACH_ROLES | {"leadership_user"}


def _outreach_list(role, obj):
    return LOGIN if role == ANON else OK if role in OUTREACH_ROLES else 403


def _outreach_rule(role, obj):
    if role == ANON:
        return LOGIN
    if role not in OUTREACH_ROLES:
        return 403
    return OK if role in OUTREACH_SEES.get(obj, set()) else 404


def _outreach_create_post(role, obj):
    """An empty form is refused (400) for those who may record; no membership records nothing."""
    return LOGIN if role == ANON else 400 if role in OUTREACH_ROLES else 403


# Task force (sigap/taskforce/access.py). Members of the world's task force: Sudin PPAPP
# (secretariat), UPT PPA, Sudin Kesehatan, Polres; Sudin Sosial and the kelurahan are not.
# Meetings: secretariat, leadership and members' users. Action items: the secretariat, and
# the owner agency's users ("health" → Sudin Kesehatan, "police" → Polres); leadership reads
# counts only. Managing (structure, meetings, attendance, items, notulen): the secretariat.
TF_MEMBERS = {
    "secretariat_user",
    "leadership_user",
    "caseworker_a",
    "supervisor_a",
    "health_provider",
    "police_officer",
}
ITEMS = ["health", "police", "missing"]
ITEM_SEES = {
    "health": {"secretariat_user", "health_provider"},
    "police": {"secretariat_user", "police_officer"},
}
TF_MANAGER = "secretariat_user"


def _tf_sees(role, obj):
    return obj != "missing" and role in TF_MEMBERS


def _tf_manage(role, obj, ok=OK):
    expected = html(role, "manage_coordination", _tf_sees(role, obj), role == TF_MANAGER)
    return ok if expected == OK else expected


def _item_sees(role, obj):
    return role in ITEM_SEES.get(obj, set())


def _tf_post_only(perm):
    return lambda r, o: LOGIN if r == ANON else (403 if perm not in PERMS[r] else 405)


# Case documents (issue 13 §8; sigap/documents/access.py): case A holds a document about the
# adult Melati (open referral to Sudin Kesehatan), one about the child Anggrek (referral to
# Sudin Kesehatan, sent) and one about Kenanga (referral to Sudin Sosial, completed). The
# handling team sees all three; a service provider only the adult victim's with an open
# referral to its agency: never a child's, never once the referral is closed.
DOCUMENTS = ["adult", "child", "closed", "missing"]
DOCUMENT_SEES = {
    "caseworker_a": {"adult", "child", "closed"},
    "supervisor_a": {"adult", "child", "closed"},
    "health_provider": {"adult"},
}


def _document_download(role, obj, api_route=False):
    visible = obj in DOCUMENT_SEES.get(role, set())
    if api_route:
        return api(role, ["view_case"], visible)
    return html(role, "view_case", visible)


def _document_upload(role, obj):
    """The handling team (the intake queue included) of a case that is not closed."""
    return html(role, "change_case", sees_case(role, obj), _full(role, obj))


def _case_assign(role, obj, post=False):
    """Issue 13 §7: a supervisor of the handling agency assigns; a case manager of it takes a
    case without one (the world's open cases were taken on by case managers: none free)."""
    if role == ANON:
        return LOGIN
    if not sees_case(role, obj):
        return 404
    if not _full(role, obj):
        return 403
    if role == "supervisor_a" and obj == "A":
        return 400 if post else OK  # an empty POST names no case manager
    return 403


REGISTRY: dict[str, Rule] = {
    "casework:caseload": Rule(
        "none", lambda r, o: LOGIN if r == ANON else OK if r == "supervisor_a" else 403
    ),
    "casework:case-assign": Rule(
        "case", _case_assign, post=lambda r, o: _case_assign(r, o, post=True)
    ),
    "taskforce:overview": Rule("none", lambda r, o: html(r, "view_coordination")),
    "taskforce:taskforce-edit": Rule(
        "taskforce", _tf_manage, post=lambda r, o: _tf_manage(r, o, ok=400)
    ),
    "taskforce:member-add": Rule(
        "taskforce",
        _tf_post_only("manage_coordination"),
        post=lambda r, o: _tf_manage(r, o, ok=400),
    ),
    "taskforce:meeting-list": Rule(
        "none", lambda r, o: html(r, "view_coordination"), queries=("", "?status=held")
    ),
    "taskforce:meeting-create": Rule(
        "none",
        lambda r, o: html(r, "manage_coordination", True, r == TF_MANAGER),
        post=lambda r, o: (
            400
            if html(r, "manage_coordination", True, r == TF_MANAGER) == OK
            else html(r, "manage_coordination", True, r == TF_MANAGER)
        ),
    ),
    "taskforce:meeting-detail": Rule(
        "meeting", lambda r, o: html(r, "view_coordination", _tf_sees(r, o))
    ),
    "taskforce:meeting-edit": Rule(
        "meeting", _tf_manage, post=lambda r, o: _tf_manage(r, o, ok=400)
    ),
    "taskforce:attendance-add": Rule(
        "meeting",
        _tf_post_only("manage_coordination"),
        post=lambda r, o: _tf_manage(r, o, ok=400),
    ),
    "taskforce:actionitem-add": Rule(
        "meeting",
        _tf_post_only("manage_coordination"),
        post=lambda r, o: _tf_manage(r, o, ok=400),
    ),
    "taskforce:meeting-notulen": Rule("meeting", _tf_manage),
    "taskforce:actionitem-list": Rule(
        "none",
        lambda r, o: html(r, "view_coordination"),
        queries=("", "?status=open", "?overdue=1"),
    ),
    "taskforce:actionitem-detail": Rule(
        "item",
        lambda r, o: html(r, "view_coordination", _item_sees(r, o)),
        # empty evidence: refused with the form (400) for the owner agency and the secretariat
        post=lambda r, o: (
            403
            if r != ANON and "change_actionitem" not in PERMS[r]
            else (
                400
                if html(r, "view_coordination", _item_sees(r, o)) == OK
                else html(r, "view_coordination", _item_sees(r, o))
            )
        ),
    ),
    "taskforce:actionitem-reopen": Rule(
        "item",
        _tf_post_only("manage_coordination"),
        # the item is not done: refused with a message and a redirect back
        post=lambda r, o: html(r, "manage_coordination", _item_sees(r, o), r == TF_MANAGER),
    ),
    "taskforce:actionitem-attachment": Rule(
        # no item of the world has an attachment: 404 once past login and permission
        "item",
        lambda r, o: (lambda e: 404 if e == OK else e)(
            html(r, "view_coordination", _item_sees(r, o))
        ),
    ),
    "taskforce:rad-overview": Rule(
        "none", lambda r, o: html(r, "view_coordination"), queries=("", "?year=2025")
    ),
    # The world's indicator belongs to an activity of Sudin Kesehatan: its users and the
    # secretariat report realisations (an empty form: 400); other members who see it: 403.
    "taskforce:indicator-detail": Rule(
        "indicator",
        lambda r, o: html(r, "view_coordination", _tf_sees(r, o)),
        post=lambda r, o: (
            403
            if r != ANON and "change_actionitem" not in PERMS[r]
            else (
                lambda e: (
                    (400 if r in ("secretariat_user", "health_provider") else 403) if e == OK else e
                )
            )(html(r, "view_coordination", _tf_sees(r, o)))
        ),
    ),
    # RAD authoring (issue 11 §3): the secretariat only; an empty form is refused (400).
    "taskforce:programme-create": Rule(
        "none",
        lambda r, o: html(r, "manage_coordination", True, r == TF_MANAGER),
        post=lambda r, o: (
            400
            if html(r, "manage_coordination", True, r == TF_MANAGER) == OK
            else html(r, "manage_coordination", True, r == TF_MANAGER)
        ),
    ),
    "taskforce:programme-edit": Rule(
        "programme", _tf_manage, post=lambda r, o: _tf_manage(r, o, ok=400)
    ),
    "taskforce:activity-create": Rule(
        "programme", _tf_manage, post=lambda r, o: _tf_manage(r, o, ok=400)
    ),
    "taskforce:activity-edit": Rule(
        "activity", _tf_manage, post=lambda r, o: _tf_manage(r, o, ok=400)
    ),
    "taskforce:indicator-create": Rule(
        "activity", _tf_manage, post=lambda r, o: _tf_manage(r, o, ok=400)
    ),
    "taskforce:indicator-edit": Rule(
        "indicator", _tf_manage, post=lambda r, o: _tf_manage(r, o, ok=400)
    ),
    # The row id is unknown in every case: 404 once past the meeting's scope and the right.
    "taskforce:attendance-remove": Rule(
        "meeting",
        _tf_post_only("manage_coordination"),
        post=lambda r, o: (lambda e: 404 if e == OK else e)(_tf_manage(r, o)),
    ),
    "api:meeting-list": Rule("none", lambda r, o: api(r, ["view_coordination"])),
    "api:meeting-detail": Rule(
        "meeting", lambda r, o: api(r, ["view_coordination"], _tf_sees(r, o))
    ),
    "api:actionitem-list": Rule("none", lambda r, o: api(r, ["view_coordination"])),
    "api:actionitem-detail": Rule(
        "item", lambda r, o: api(r, ["view_coordination"], _item_sees(r, o))
    ),
    "api:actionitem-complete": Rule(
        "item",
        lambda r, o: 401 if r == ANON else 403,
        post=lambda r, o: api(
            r, ["view_coordination", "change_actionitem"], _item_sees(r, o), ok=OK_OR_400
        ),
    ),
    "prevention:outreach-list": Rule("none", _outreach_list, queries=("", "?year=2026")),
    "prevention:outreach-create": Rule("none", _outreach_list, post=_outreach_create_post),
    "prevention:outreach-plans": Rule(
        "none", _outreach_list, post=_outreach_create_post, queries=("", "?year=2026")
    ),
    "prevention:outreach-detail": Rule("outreach", _outreach_rule),
    "prevention:outreach-photo": Rule(
        "outreach", lambda r, o: 404 if _outreach_rule(r, o) == OK else _outreach_rule(r, o)
    ),
    "prevention:early-warning": Rule(
        "none", lambda r, o: LOGIN if r == ANON else OK if r in EARLY_WARNING_ROLES else 403
    ),
    # Community reports: public pages store nothing on an empty form.
    "prevention:report-public": Rule("none", _const(OK), post=_const(400), public=True),
    "prevention:report-received": Rule("none", _const(REDIRECT), public=True),
    "prevention:report-status": Rule("none", _const(OK), post=_const(400), public=True),
    "prevention:area-autocomplete": Rule("none", _const(OK), public=True, queries=("", "?q=Kemay")),
    "prevention:report-list": Rule(
        "none",
        lambda r, o: LOGIN if r == ANON else OK if r in REPORT_VIEW else 403,
        queries=("", "?status=received", "?overdue=1"),
    ),
    "prevention:report-create": Rule(
        "none",
        lambda r, o: LOGIN if r == ANON else OK if r in REPORT_ADD else 403,
        post=lambda r, o: LOGIN if r == ANON else OK if r in REPORT_ADD else 403,
    ),
    "prevention:report-detail": Rule("report", _report_rule),
    "prevention:report-act": Rule(
        "report",
        lambda r, o: LOGIN if r == ANON else 405 if r in REPORT_VIEW else 403,
        post=_report_act,
    ),
    "prevention:attachment-download": Rule(
        "report", lambda r, o: 404 if _report_rule(r, o) == OK else _report_rule(r, o)
    ),
    # Public or account pages (no record scope).
    "healthz": Rule("none", _const(OK), public=True),
    "unnamed:/": Rule("none", _const(OK), public=True),  # redirect to the dashboard
    "accounts:login": Rule("none", _const(OK), post=_const(OK), public=True),
    "accounts:logout": Rule("none", _const(405), post=_const(REDIRECT), public=True),
    "accounts:2fa-setup": Rule("none", _login_required, post=_login_required),
    # Own password (issue 13 §9): any signed-in user; an empty POST re-shows the form.
    "accounts:password_change": Rule("none", _login_required, post=_login_required),
    "accounts:password_change_done": Rule("none", _login_required),
    "accounts:2fa-verify": Rule("none", _login_required, post=_login_required),
    "accounts:password_reset": Rule("none", _const(OK), post=_const(OK), public=True),
    "accounts:password_reset_done": Rule("none", _const(OK), public=True),
    "accounts:password_reset_confirm": Rule("reset", _const(OK), public=True),
    "accounts:password_reset_complete": Rule("none", _const(OK), public=True),
    "areas:area-autocomplete": Rule(
        "none", _login_required, queries=("?q=Kema", "?q=Rahasia&format=json", "?q=Gambir")
    ),
    "reports:dashboard": Rule("none", _login_required),
    # Charts (issue 12 §4): every signed-in user; numbers follow the dashboard's scope.
    "reports:charts": Rule(
        "none",
        _login_required,
        queries=("", "?start=2026-01-01&end=2026-12-31&kecamatan=31.71.03"),
    ),
    "privacy:breakglass": Rule(
        "none",
        lambda r, o: LOGIN if r == ANON else (OK if r in BREAKGLASS else 403),
        post=lambda r, o: LOGIN if r == ANON else (OK if r in BREAKGLASS else 403),
    ),
    # Exports (sigap/reports/exports.py): the case list a user may see, masked by default;
    # aggregate counts with small-cell suppression. An empty POST re-renders the form.
    # Monthly recap PDF (issue 12 §5): roles with aggregate figures.
    "reports:monthly-recap": Rule(
        "none", lambda r, o: html(r, "view_aggregates"), queries=("", "?month=2026-01")
    ),
    "reports:case-export": Rule(
        "none", lambda r, o: html(r, "view_case"), post=lambda r, o: html(r, "view_case")
    ),
    "reports:aggregate-export": Rule(
        "none",
        lambda r, o: html(r, "view_aggregates"),
        post=lambda r, o: html(r, "view_aggregates"),
    ),
    # Task-force report (issue 11 §4): the form for every role with aggregate figures; an
    # empty POST is an invalid form (200). The job it makes is an export job (rules below).
    "reports:taskforce-report": Rule(
        "none",
        lambda r, o: html(r, "view_aggregates"),
        post=lambda r, o: html(r, "view_aggregates"),
    ),
    # Export jobs: private to the requester (404 for everyone else, whatever the role).
    "reports:export-job": Rule("export", lambda r, o: _export_owner(r, o, LOGIN)),
    "reports:export-job-download": Rule("export", lambda r, o: _export_owner(r, o, LOGIN)),
    # Data-subject requests (sigap/privacy): the auditor / data-protection officer only; a
    # superuser holds the permissions but not the role (403).
    "privacy:request-list": Rule("none", lambda r, o: _dpo(r)),
    "privacy:request-create": Rule("none", lambda r, o: _dpo(r), post=lambda r, o: _dpo(r)),
    "privacy:request-detail": Rule("dsr", lambda r, o: _dpo(r, o)),
    "privacy:request-close": Rule("dsr", _const(405), post=lambda r, o: _dpo(r, o)),
    "privacy:request-export": Rule("dsr", _const(405), post=lambda r, o: _dpo(r, o)),
    # Carrying a request out with four eyes (issue 7 #12): prepared and approved by the DPO
    # role holding privacy.prepare_/approve_subjectaction; the world's action was prepared by
    # the only auditor, so an approval by them is refused on the page (redirect, nothing done).
    "privacy:request-action": Rule("dsr", _const(405), post=lambda r, o: _dpo(r, o)),
    "privacy:action-approve": Rule("action", _const(405), post=lambda r, o: _dpo(r, o)),
    "privacy:action-reject": Rule("action", _const(405), post=lambda r, o: _dpo(r, o)),
    # Breach register with the 3 × 24-hour clock (UU 27/2022 Pasal 46): the DPO role only.
    "privacy:breach-list": Rule("none", lambda r, o: _dpo(r)),
    "privacy:breach-create": Rule("none", lambda r, o: _dpo(r), post=lambda r, o: _dpo(r)),
    "privacy:breach-detail": Rule("breach", lambda r, o: _dpo(r, o)),
    "privacy:breach-notified": Rule("breach", _const(405), post=lambda r, o: _dpo(r, o)),
    # The privacy notice for data subjects: public, generated from the processing register.
    "privacy:notice": Rule("none", _const(OK), public=True),
    # Cases.
    "cases:case-list": Rule(
        "none",
        lambda r, o: html(r, "view_case"),
        # A search term is POSTed and kept in the session (never in a URL); ``?q=`` is only
        # dropped by a redirect, ``?s=1`` applies the stored term.
        post=lambda r, o: html(r, "view_case"),
        queries=("", "?q=Rahasia", "?s=1", "?status=reported", "?status=open"),
    ),
    "cases:case-create": Rule(
        "none", lambda r, o: html(r, "add_case"), post=lambda r, o: html(r, "add_case")
    ),
    "cases:case-detail": Rule("case", _case_rule("view_case", lambda r, o: True)),
    **{
        f"cases:case-section-{slug}": Rule(
            "case", _section_rule(slug), queries=("", "?before=2020-01-01T00:00:00%2B00:00")
        )
        for slug in (
            "summary",
            "victims",
            "journey",
            "identification",
            "referrals",
            "rights",
            "justice",
            "documents",
            "notes",
            "access-log",
            "timeline",
        )
    },
    "cases:case-open": Rule(
        "case", _const(405), post=_case_rule("open_case", _can_open)
    ),  # POST only: require_POST answers 405 before the login check
    "cases:participant-create": Rule(
        "case", _case_rule("change_case", _handles), post=_case_rule("change_case", _handles)
    ),
    "cases:journey-create": Rule(
        "case", _case_rule("change_case", _handles), post=_case_rule("change_case", _handles)
    ),
    "cases:simfoni-number": Rule(
        "case", _case_rule("change_case", _handles), post=_case_rule("change_case", _handles)
    ),
    # Structured modus facts (issue 13 §4): the handling case team, as for journey steps.
    "cases:modus-facts": Rule(
        "case", _case_rule("change_case", _handles), post=_case_rule("change_case", _handles)
    ),
    "cases:identification-create": Rule(
        "case", _case_rule("identify_case", _handles), post=_case_rule("identify_case", _handles)
    ),
    "cases:note-create": Rule(
        "case", _case_rule("add_casenote", _can_note), post=_case_rule("add_casenote", _can_note)
    ),
    "cases:case-close": Rule(
        "case", _case_rule("close_case", _handles), post=_case_rule("close_case", _handles)
    ),
    "documents:document-upload": Rule(
        "case",
        _document_upload,
        # An empty form is refused with its errors (400) for those who may upload.
        post=lambda r, o: 400 if _document_upload(r, o) == OK else _document_upload(r, o),
    ),
    "documents:document-download": Rule("document", _document_download),
    "api:case-document-list": Rule("case", lambda r, o: api(r, ["view_case"], sees_case(r, o))),
    "api:document-download": Rule(
        "document", lambda r, o: _document_download(r, o, api_route=True)
    ),
    # Referrals.
    "referrals:referral-inbox": Rule(
        "none", lambda r, o: html(r, "view_referral"), queries=("", "?box=sent")
    ),
    "referrals:referral-create": Rule(
        "case",
        _case_rule("add_referral", _handles),
        post=_case_rule("add_referral", _handles),
        kwarg="case_id",
    ),
    "referrals:referral-detail": Rule(
        "referral", lambda r, o: html(r, "view_referral", sees_referral(r, o))
    ),
    **{
        f"referrals:referral-{action}": Rule(
            "referral",
            _const(405),
            post=lambda r, o: html(r, "respond_referral", sees_referral(r, o), _receives(r, o)),
        )
        for action in ("accept", "decline", "start", "complete")
    },
    "referrals:referral-accept-selected": Rule(
        "none",
        _const(405),
        post=lambda r, o: LOGIN if r == ANON else (OK if "respond_referral" in PERMS[r] else 403),
    ),
    "referrals:referral-revoke": Rule(
        "referral",
        _const(405),
        post=lambda r, o: html(r, "add_referral", sees_referral(r, o), _sends(r, o)),
    ),
    # Case transfers: the handling team requests one; the world holds no transfer, so any id
    # is unknown (404) for those with the permission. Who sees and answers a real transfer:
    # sigap/referrals/tests/test_transfers.py.
    "referrals:transfer-inbox": Rule("none", lambda r, o: html(r, "change_case")),
    "referrals:transfer-request": Rule(
        "case",
        _case_rule("change_case", _handles),
        post=_case_rule("change_case", _handles),
        kwarg="case_id",
    ),
    "referrals:transfer-detail": Rule(
        "referral", lambda r, o: html(r, "change_case", visible=False)
    ),
    **{
        f"referrals:transfer-{action}": Rule(
            "referral",
            _const(405),
            post=lambda r, o: html(r, "change_case", visible=False),
        )
        for action in ("accept", "decline", "cancel")
    },
    # Justice process (sigap/justice).
    "justice:case-detail": Rule(
        "case", _justice_rule("view_justice", lambda r, o: True), kwarg="case_id"
    ),
    **{
        f"justice:{page}": Rule(
            "case",
            _justice_rule("manage_justice", _manages_justice),
            post=_justice_rule("manage_justice", _manages_justice),
            kwarg="case_id",
        )
        for page in (
            "police-report-create",
            "stage-advance",
            "suspect-create",
            "suspect-charges",
            "screening-create",
        )
    },
    **{
        f"justice:{page}": Rule(
            "case",
            _justice_rule("record_verdict", _records_verdict),
            post=_justice_rule("record_verdict", _records_verdict),
            kwarg="case_id",
        )
        for page in ("verdict-create", "final-notice-create", "payment-create")
    },
    "justice:summary-print": Rule(
        "case", _justice_rule("view_justice", _handles), kwarg="case_id", victim=True
    ),
    # Victims' rights (sigap/rights).
    "rights:case-rights": Rule(
        "case", lambda r, o: html(r, "view_case", _reads_rights(r, o)), kwarg="case_id"
    ),
    **{
        f"rights:{page}": Rule(
            "case", _rights_edit, post=_rights_edit, kwarg="case_id", victim=True
        )
        for page in ("victim-rights-edit", "repatriation-edit")
    },
    "rights:restitution-edit": Rule(
        "case",
        _rights_part_edit(CLAIM_WRITERS),
        post=_rights_part_edit(CLAIM_WRITERS),
        kwarg="case_id",
        victim=True,
    ),
    "rights:protection-edit": Rule(
        "case",
        _rights_part_edit(PROTECTION_WRITERS),
        post=_rights_part_edit(PROTECTION_WRITERS),
        kwarg="case_id",
        victim=True,
    ),
    # Audit: the auditor (data-protection officer) only; superusers hold the permission but
    # not the role, so they get an empty list and 404 for every case.
    "audit:event-list": Rule(
        "none",
        lambda r, o: LOGIN if r == ANON else (OK if r in AUDIT_PERM else 403),
        queries=("", "?action=case.view", "?date_from=01-01-2026&date_to=31-12-2026"),
    ),
    "audit:case-access-log": Rule(
        "case",
        lambda r, o: (
            LOGIN
            if r == ANON
            else 403
            if r not in AUDIT_PERM
            else (OK if r in AUDITORS and o != "missing" else 404)
        ),
    ),
    # Change history of a case: the case team (full access to the case) only.
    "audit:case-history": Rule("case", _case_rule("view_case", _full)),
    # Case work (sigap/casework): full access to the case to read; the handling team of an
    # open case to write; a supervisor of the handling agency to decide.
    "casework:my-work": Rule("none", _login_required),
    "casework:notification-list": Rule("none", _login_required),
    # Own e-mail preferences only (issue 13 §1): any signed-in user.
    "casework:notification-preferences": Rule("none", _login_required, post=_login_required),
    "casework:notification-read": Rule(
        "none", lambda r, o: LOGIN if r == ANON else 405, post=_login_required
    ),
    "casework:case-work": Rule("case", _case_rule("view_case", _full)),
    "casework:conference-list": Rule("case", _case_rule("view_case", _full)),
    "casework:conference-create": Rule(
        "case", _case_rule("change_case", _handles), post=_case_rule("change_case", _handles)
    ),
    **{
        f"casework:{page}": Rule(
            "case", _case_rule("change_case", _handles), post=_case_rule("change_case", _handles)
        )
        for page in (
            "assessment-create",
            "plan-create",
            "task-create",
            "task-reassign",
            "followups-schedule",
        )
    },
    "casework:closure-request": Rule(
        "case", _case_rule("close_case", _handles), post=_case_rule("close_case", _handles)
    ),
    "casework:closure-decide": Rule(
        "case",
        _case_rule("approve_closure", _supervises),
        post=_case_rule("approve_closure", _supervises),
    ),
    "casework:case-reopen": Rule(  # no case of the world is closed: nobody may reopen
        "case",
        _case_rule("close_case", _const(False)),
        post=_case_rule("close_case", _const(False)),
    ),
    "casework:plan-edit": Rule(
        "plan",
        _plan_rule("change_case", lambda r, o: o == "draft"),
        post=_plan_rule("change_case", lambda r, o: o == "draft"),
    ),
    "casework:plan-submit": Rule(
        "plan", _post_only("change_case"), post=_plan_rule("change_case", _const(True))
    ),
    "casework:plan-decide": Rule(
        "plan",
        _plan_rule("approve_plan", lambda r, o: r == "supervisor_a"),
        post=_plan_rule("approve_plan", lambda r, o: r == "supervisor_a"),
    ),
    "casework:task-complete": Rule(
        "task", _post_only("view_case"), post=lambda r, o: html(r, "view_case", _sees_task(r, o))
    ),
    "api:caseplan-list": Rule("none", lambda r, o: api(r, ["view_case"])),
    "api:caseplan-detail": Rule("plan", lambda r, o: api(r, ["view_case"], _sees_plan(r, o))),
    **{
        f"api:caseplan-{action}": Rule(
            "plan",
            lambda r, o: 401 if r == ANON else 403,
            post=lambda r, o, perm=perm: api(r, [perm], _sees_plan(r, o), ok=OK_OR_400),
        )
        for action, perm in (
            ("submit", "change_case"),
            ("approve", "approve_plan"),
            ("reject", "approve_plan"),
        )
    },
    "api:task-list": Rule("none", lambda r, o: api(r, ["view_case"])),
    "api:task-detail": Rule("task", lambda r, o: api(r, ["view_case"], _sees_task(r, o))),
    "api:task-complete": Rule(
        "task",
        lambda r, o: 401 if r == ANON else 403,
        post=lambda r, o: api(r, ["view_case"], _sees_task(r, o), ok=OK_OR_400),
    ),
    "api:rights-detail": Rule("case", lambda r, o: api(r, ["view_case"], _reads_rights(r, o))),
    **{
        f"api:rights-{action}": Rule(
            "case", lambda r, o: 401 if r == ANON else 403, post=_rights_api_write
        )
        for action in ("right", "repatriation")
    },
    "api:rights-restitution": Rule(
        "case",
        lambda r, o: 401 if r == ANON else 403,
        post=_rights_api_part_write(CLAIM_WRITERS),
    ),
    "api:rights-protection": Rule(
        "case",
        lambda r, o: 401 if r == ANON else 403,
        post=_rights_api_part_write(PROTECTION_WRITERS),
    ),
    # Duplicate check at intake (issue 10 §1, sigap.people): those who record persons
    # (cases.add_case or cases.change_case); an empty row looks nothing up. POST only.
    # Bulk import (issue 12 §7): case teams and the secretariat (imports.add_importjob); a job
    # is seen by its agency only, so the matrix's id (nobody's) is 404 for them.
    "imports:import-list": Rule(
        "none",
        lambda r, o: LOGIN if r == ANON else OK if r in IMPORTERS else 403,
        post=lambda r, o: LOGIN if r == ANON else 400 if r in IMPORTERS else 403,
    ),
    "imports:import-detail": Rule("token", _import_rule(404), post=_import_rule(404)),
    "imports:import-status": Rule("token", _import_rule(404), post=_import_rule(405)),
    "imports:import-commit": Rule("token", _import_rule(405), post=_import_rule(404)),
    # Following a notification marks it read (issue 13 §1): one's own only; the matrix's
    # id is nobody's, so 404 for every signed-in user; GET only.
    "casework:notification-open": Rule(
        "token",
        lambda r, o: LOGIN if r == ANON else 404,
        post=lambda r, o: LOGIN if r == ANON else 405,
    ),
    "people:person-check": Rule("none", _const(405), post=lambda r, o: _records_persons(r)),
    # Identifiers of a case (issue 10 §3, sigap.people.identifiers): the page for full view
    # of the case and for police on a case referred to them; adding (any POST without
    # action=public) for the handling case team of an open case and those police.
    "people:identifier-list": Rule(
        "case",
        lambda r, o: html(r, "view_case", sees_case(r, o), _sees_identifiers(r, o)),
        post=lambda r, o: html(
            r, "view_case", sees_case(r, o), _sees_identifiers(r, o) and _adds_identifiers(r, o)
        ),
    ),
    # Network view (issue 10 §5, sigap.people.network): police and secretariat only (any other
    # role 403 whatever the case), within case scope (404 outside).
    "people:network-case": Rule(
        "case",
        lambda r, o: (
            html(r, "view_case", sees_case(r, o))
            if r in ("police_officer", "secretariat_user")
            else (LOGIN if r == ANON else 403)
        ),
    ),
    # ... and around a person: 404 unless one of the person's cases is in scope.
    "people:network-person": Rule(
        "person",
        lambda r, o: (
            html(r, "view_case", sees_case(r, MARKER_CASE.get(o, "missing")))
            if r in ("police_officer", "secretariat_user")
            else (LOGIN if r == ANON else 403)
        ),
    ),
    # API.
    # Job-offer screening (issue 9 §3): the public self-check stores nothing (an empty form is
    # 400 for everyone); the API is for any member agency's user (no membership: 403).
    "analytics:job-check": Rule("none", _const(OK), post=_const(400), public=True),
    "analytics:leaflet": Rule("none", _const(OK), public=True),
    # Ad clustering page (issue 10 §6, sigap.analytics.adpage): police and secretariat only;
    # an empty form is 400 for them, 403 for every other role.
    "analytics:ad-clusters": Rule(
        "none",
        lambda r, o: _ad_analyst(r, OK),
        post=lambda r, o: _ad_analyst(r, 400),
    ),
    # ... a background run: its owner alone (another analyst 404, other roles 403).
    "analytics:ad-cluster-run": Rule(
        "adrun",
        lambda r, o: _ad_analyst(r, OK if r == ADRUN_OWNER and o == "mine" else 404),
    ),
    "api:screening-list": Rule(
        "none",
        lambda r, o: 401 if r == ANON else 403 if r == "superuser" else 405,
        post=lambda r, o: 401 if r == ANON else 403 if r == "superuser" else 400,
    ),
    # Export jobs: POST queues one (view_case; an empty body is a 400); GET on the list is not
    # an action (403); a job and its file are the requester's only.
    "api:export-list": Rule(
        "none",
        lambda r, o: 401 if r == ANON else 403,
        post=lambda r, o: api(r, ["view_case"], ok=OK_OR_400),
    ),
    "api:export-detail": Rule("export", lambda r, o: _export_owner(r, o, 401)),
    "api:export-download": Rule("export", lambda r, o: _export_owner(r, o, 401)),
    # The same duplicate check as JSON: a member of an agency who records persons (the
    # superuser has no membership: 403); an empty body is a 400.
    "api:person-match": Rule(
        "none",
        lambda r, o: (
            401 if r == ANON else 405 if _records_persons(r) == OK and r != "superuser" else 403
        ),
        post=lambda r, o: (
            401 if r == ANON else 400 if _records_persons(r) == OK and r != "superuser" else 403
        ),
    ),
    # Merge of two person records (issue 10 §2): case teams and the secretariat (the service
    # decides which applies); an empty body is a 400; undoing a merge that does not exist 404.
    "api:person-merge": Rule(
        "none",
        lambda r, o: 401 if r == ANON else 405 if r in MERGERS else 403,
        post=lambda r, o: 401 if r == ANON else 400 if r in MERGERS else 403,
    ),
    # The merge pages: the person must be one whose identity the user sees (404 otherwise);
    # an empty POST names no other record (400). No merge exists in the world (404).
    "people:person-merge": Rule(
        "person",
        lambda r, o: (
            LOGIN
            if r == ANON
            else (OK if o in ENTITLED.get(r, set()) else 404)
            if r in MERGERS
            else 403
        ),
        post=lambda r, o: (
            LOGIN
            if r == ANON
            else (400 if o in ENTITLED.get(r, set()) else 404)
            if r in MERGERS
            else 403
        ),
    ),
    "people:merge-list": Rule(
        "none", lambda r, o: LOGIN if r == ANON else OK if r in MERGERS else 403
    ),
    "people:merge-detail": Rule(
        "token", lambda r, o: LOGIN if r == ANON else 404 if r in MERGERS else 403
    ),
    # Batch-linkage suggestions (issue 10 §4, sigap.people.linkage): police, secretariat and
    # the case team only; a run is started by POST (redirect). A suggestion is seen by a
    # reviewer who sees the case of one of its two records (the world's: Rahasiaalfa in A ~
    # Rahasiadelta in C); an empty POST takes no decision (400).
    "people:link-list": Rule(
        "none", lambda r, o: _link_reviewer(r, OK), post=lambda r, o: _link_reviewer(r, OK)
    ),
    "people:link-detail": Rule(
        "link",
        lambda r, o: _link_reviewer(r, OK if o == "AC" and _sees_link(r) else 404),
        post=lambda r, o: _link_reviewer(r, 400 if o == "AC" and _sees_link(r) else 404),
    ),
    # Undoing a decision: POST only (405 to GET once signed in); the world's pair is still
    # open, so a reviewer who may see it gets 400 (nothing to undo), others as for its page.
    "people:link-undo": Rule(
        "link",
        lambda r, o: LOGIN if r == ANON else 405,
        post=lambda r, o: _link_reviewer(r, 400 if o == "AC" and _sees_link(r) else 404),
    ),
    "people:merge-undo": Rule(
        "token",
        lambda r, o: LOGIN if r == ANON else 405,
        post=lambda r, o: LOGIN if r == ANON else 404 if r in MERGERS else 403,
    ),
    # The DPO's four-eyes actions in JSON (issue 7 #12): the auditor role only; an empty
    # body is a 400; the world's action was prepared by the only auditor, who may not approve
    # it (400), and rejecting it needs a comment (400).
    "api:subjectaction-list": Rule(
        "none",
        lambda r, o: 401 if r == ANON else OK if r in AUDITORS else 403,
        post=lambda r, o: 401 if r == ANON else 400 if r in AUDITORS else 403,
        queries=("", "?status=pending"),
    ),
    "api:subjectaction-approve": Rule(
        "action",
        lambda r, o: 401 if r == ANON else 403,  # a GET on a POST-only action: refused
        post=lambda r, o: (
            401 if r == ANON else (404 if o == "missing" else 400) if r in AUDITORS else 403
        ),
    ),
    "api:subjectaction-reject": Rule(
        "action",
        lambda r, o: 401 if r == ANON else 403,  # a GET on a POST-only action: refused
        post=lambda r, o: (
            401 if r == ANON else (404 if o == "missing" else 400) if r in AUDITORS else 403
        ),
    ),
    "api:person-merge-undo": Rule(
        "token",
        lambda r, o: 401 if r == ANON else 405 if r in MERGERS else 403,
        post=lambda r, o: 401 if r == ANON else 404 if r in MERGERS else 403,
    ),
    # Identifiers of a case (issue 10 §3): as the page, in JSON; an empty body is a 400.
    "api:case-identifiers": Rule(
        "case",
        lambda r, o: _identifiers_api(r, o, _sees_identifiers(r, o), OK),
        post=lambda r, o: _identifiers_api(
            r, o, _sees_identifiers(r, o) and _adds_identifiers(r, o), 400
        ),
    ),
    "api:auth-token": Rule("none", _const(405), post=_const(400), public=True),
    # API tokens (issue 7 #2): one's own list; revoking another's token is 404.
    "api:token-list": Rule("none", _api_auth),
    "api:token-revoke": Rule(
        "token", lambda r, o: 401 if r == ANON else 405, post=lambda r, o: 401 if r == ANON else 404
    ),
    "api-pages:token-list": Rule("none", _login_required),
    "api-pages:token-revoke": Rule(
        "token", lambda r, o: LOGIN if r == ANON else 405, post=_login_required
    ),
    "api:schema": Rule("none", _const(OK), public=True),
    # Browsable API documentation (Swagger UI, served locally): public like the schema.
    "api:docs": Rule("none", _const(OK), public=True),
    "api:api-root": Rule("none", _api_auth),
    "api:area-list": Rule("none", _api_auth, queries=("", "?search=Kema", "?parent=31.71.03")),
    "api:area-detail": Rule("area", _api_auth, kwarg="code"),
    "api:agency-list": Rule("none", _api_auth),
    "api:agency-detail": Rule("agency", _api_auth),
    "api:case-list": Rule(
        "none",
        lambda r, o: api(r, ["view_case"]),
        post=lambda r, o: api(r, ["add_case"], ok=400),
        queries=("", "?search=TPPO", "?search=TPPO-3171-2025", "?status=reported"),
    ),
    # Identity search by POST (names and NIK stay out of URLs); an empty body is a 400.
    "api:case-search": Rule(
        "none",
        lambda r, o: 401 if r == ANON else 403,  # POST-only action: GET is no action
        post=lambda r, o: api(r, ["view_case"], ok=400),
    ),
    "api:case-detail": Rule("case", lambda r, o: api(r, ["view_case"], sees_case(r, o))),
    # Modus facts (issue 13 §4): GET for the full view of the case; PUT (tested per role in
    # sigap/cases/tests/test_modus.py) for the handling case team.
    "api:case-modus-facts": Rule(
        "case",
        lambda r, o: (
            403
            if api(r, ["view_case"], sees_case(r, o)) == OK and not _full(r, o)
            else api(r, ["view_case"], sees_case(r, o))
        ),
    ),
    "api:referral-list": Rule(
        "none",
        lambda r, o: api(r, ["view_referral"]),
        post=lambda r, o: api(r, ["add_referral"], ok=400),
        queries=("", "?direction=received", "?direction=sent", "?status=completed"),
    ),
    "api:referral-detail": Rule(
        "referral", lambda r, o: api(r, ["view_referral"], sees_referral(r, o))
    ),
    **{
        f"api:referral-{action}": Rule(
            "referral",
            # GET is no action of the viewset: ActionPermission refuses it whatever the record.
            lambda r, o: 401 if r == ANON else 403,
            post=lambda r, o: api(
                r, ["view_referral", "respond_referral"], sees_referral(r, o), ok=OK_OR_400
            ),
        )
        for action in ("accept", "decline", "start", "complete")
    },
    "api:referral-revoke": Rule(
        "referral",
        lambda r, o: 401 if r == ANON else 403,
        post=lambda r, o: api(
            r,
            ["view_referral", "add_referral"],
            sees_referral(r, o),
            ok=OK_OR_400 if _sends(r, o) else 403,
        ),
    ),
    "api:justice-list": Rule("none", lambda r, o: api(r, ["view_justice"])),
    "api:justice-detail": Rule("case", lambda r, o: api(r, ["view_justice"], _reads_justice(r, o))),
    **{
        f"api:justice-{action}": Rule(
            "case",
            lambda r, o: 401 if r == ANON else 403,  # POST-only actions
            post=lambda r, o, perm=perm: api(
                r, ["view_justice", perm], _reads_justice(r, o), ok=OK_OR_400
            ),
        )
        for action, perm in (
            ("stage", "manage_justice"),
            ("police-reports", "manage_justice"),
            ("payments", "record_verdict"),
        )
    },
}

EXCLUDED_NAMESPACES = {"admin"}  # the Django admin: see test_admin_* below
EXCLUDED_NAMES = {"set_language"}  # django.conf.urls.i18n: switches the language cookie only


# --- URL enumeration -----------------------------------------------------------------------------


def _walk(resolver, namespaces=(), prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern, ns, prefix + str(pattern.pattern))
        else:
            route = prefix + str(pattern.pattern)
            name = ":".join((*namespaces, pattern.name)) if pattern.name else f"unnamed:/{route}"
            yield namespaces, name


def project_url_names() -> set[str]:
    """Every URL name in the project (``cases:case-detail``, ``api:case-list``, ...)."""
    names = set()
    for namespaces, name in _walk(get_resolver()):
        if set(namespaces) & EXCLUDED_NAMESPACES or name in EXCLUDED_NAMES:
            continue
        names.add(name)
    return names


def test_every_url_has_a_rule():
    names = project_url_names()
    missing = sorted(names - REGISTRY.keys())
    stale = sorted(REGISTRY.keys() - names)
    assert not missing, f"URLs without an authorization rule in REGISTRY: {missing}"
    assert not stale, f"REGISTRY rules for URLs that no longer exist: {stale}"


# --- The world (built once per module) -----------------------------------------------------------


@dataclass
class World:
    users: dict
    cases: dict  # "A" → Case
    referrals: dict  # "health" → Referral
    agency_id: str
    victims: dict  # marker → Participant
    plans: dict = dataclass_field(default_factory=dict)  # "draft"/"submitted" → CasePlan
    requests: dict = dataclass_field(default_factory=dict)  # "dsr" → DataSubjectRequest
    tasks: dict = dataclass_field(default_factory=dict)  # "A" → Task
    taskforce: dict = dataclass_field(default_factory=dict)  # "tf"/"meeting"/"health"/"police"
    reports: dict = dataclass_field(default_factory=dict)  # "public"/"gambir"/"police" → report
    exports: dict = dataclass_field(default_factory=dict)  # "mine" → ExportJob (done)
    outreach: dict = dataclass_field(default_factory=dict)  # "kemayoran" → OutreachActivity
    actions: dict = dataclass_field(default_factory=dict)  # "pending" → SubjectAction
    breaches: dict = dataclass_field(default_factory=dict)  # "open" → BreachIncident
    documents: dict = dataclass_field(default_factory=dict)  # "adult"/"child"/"closed" → doc
    adruns: dict = dataclass_field(default_factory=dict)  # "mine" → AdClusterRun of police
    links: dict = dataclass_field(default_factory=dict)  # "AC" → LinkSuggestion alfa ~ delta


def _build_world() -> World:
    from sigap.accounts.services import user_create
    from sigap.agencies.models import Agency, Service
    from sigap.agencies.roles import roles_sync
    from sigap.agencies.services import agencies_load_defaults, membership_set
    from sigap.areas.models import Area, normalize_name
    from sigap.cases.services import PersonData, case_open, case_report
    from sigap.referrals.services import referral_accept, referral_complete, referral_send

    for code, level, name, parent in AREAS:
        Area.objects.create(
            code=code, level=level, name=name, name_key=normalize_name(name), parent_id=parent
        )
    agencies_load_defaults(kota_code="31.71")
    roles_sync()
    users = {}
    for key, spec in PERSONAS.items():
        if spec is None:
            users[key] = user_create(username=key, password="x" * 20, first_name="Root")
            users[key].is_superuser = True
            users[key].save(update_fields=["is_superuser"])
            continue
        role, agency_code = spec
        users[key] = user_create(username=key, password="x" * 20, first_name=str(role).title())
        membership_set(user=users[key], agency=Agency.objects.get(code=agency_code), role=role)
    area = {code: Area.objects.get(code=code) for code, *_ in AREAS}

    def person(first, marker, born):
        return PersonData(
            full_name=f"{first} {marker}",
            sex="F",
            date_of_birth=born,
            origin_area=area["33.01.01.2001"],
        )

    def report(actor, kelurahan, victims):
        return case_report(
            actor=actor,
            intake_channel="kelurahan_report",
            report_area=area[kelurahan],
            summary="Synthetic report for the authorization matrix.",
            # 2025: numbers TPPO-3171-2025-000n, unlike the 2026 example in help texts.
            reported_on=date(2025, 6, 2),
            modus="migrant_worker",
            exploitation_forms=["forced_labour"],
            destination_country="MY",
            victims=victims,
        )

    adult, child = date(1998, 3, 1), date(2014, 5, 1)
    case_a = report(
        users["reporter_kemayoran"],
        "31.71.03.1001",
        [
            person("Melati", "Rahasiaalfa", adult),
            person("Kenanga", "Rahasiabeta", adult),
            person("Anggrek", "Rahasiaanak", child),
        ],
    )
    case_a = case_open(case=case_a, actor=users["caseworker_a"])
    case_b = report(
        users["reporter_gambir"], "31.71.01.1001", [person("Dahlia", "Rahasiagama", adult)]
    )
    case_c = report(
        users["caseworker_b"], "31.71.01.1001", [person("Teratai", "Rahasiadelta", adult)]
    )
    case_c = case_open(case=case_c, actor=users["caseworker_b"])
    victims = {}
    for case in (case_a, case_b, case_c):
        for p in case.participants.select_related("person"):
            victims[p.person.full_name.split()[1]] = p
    assert victims["Rahasiaanak"].is_child and not victims["Rahasiaalfa"].is_child

    def refer(case, actor, victim, agency_code, service_code):
        return referral_send(
            sharing_basis="public_task",
            legal_reference="UU 21/2007 Pasal 51",
            case=case,
            actor=actor,
            victim=victims[victim],
            to_agency=Agency.objects.get(code=agency_code),
            service=Service.objects.get(code=service_code),
        )

    child_ref = refer(
        case_a, users["caseworker_a"], "Rahasiaanak", "sudin-kesehatan-jakpus", "health_rehab"
    )
    health = refer(
        case_a, users["caseworker_a"], "Rahasiaalfa", "sudin-kesehatan-jakpus", "health_rehab"
    )
    health = referral_accept(referral=health, actor=users["health_provider"])
    social = refer(
        case_a, users["caseworker_a"], "Rahasiabeta", "sudin-sosial-jakpus", "social_rehab"
    )
    social = referral_accept(referral=social, actor=users["social_provider"])
    social = referral_complete(
        referral=social,
        actor=users["social_provider"],
        delivered_on=timezone.localdate(),
        description="Synthetic service delivered.",
    )
    police = refer(
        case_c, users["caseworker_b"], "Rahasiadelta", "polres-jakpus-ppa", "law_enforcement"
    )
    kejari = refer(case_c, users["caseworker_b"], "Rahasiadelta", "kejari-jakpus", "prosecution")
    kejari = referral_accept(referral=kejari, actor=users["prosecutor_officer"])
    lpsk = refer(case_c, users["caseworker_b"], "Rahasiadelta", "lpsk", "protection")
    from sigap.casework.services import PlannedServiceData, plan_create, plan_submit, task_create

    def plan(marker):
        due = timezone.localdate() + timedelta(days=7)
        return plan_create(
            case=case_a,
            participant=victims[marker],
            actor=users["caseworker_a"],
            goals="Synthetic goals.",
            services=[PlannedServiceData(service=Service.objects.get(code="shelter"), due_on=due)],
        )

    plans = {
        "draft": plan("Rahasiabeta"),
        "submitted": plan_submit(plan=plan("Rahasiaalfa"), actor=users["caseworker_a"]),
    }
    tasks = {
        "A": task_create(
            case=case_a,
            actor=users["caseworker_a"],
            title="Synthetic task",
            kind="other",
            due_on=timezone.localdate(),
            assignee_user=users["caseworker_a"],
        )
    }
    from sigap.privacy.services import subject_request_register

    requests = {
        "dsr": subject_request_register(
            actor=users["auditor_user"], kind="correction", case_number=case_a.number
        )
    }
    from sigap.privacy.services import breach_register, subject_action_prepare

    restriction = subject_request_register(
        actor=users["auditor_user"],
        kind="restriction",
        case_number=case_a.number,
        participant=victims["Rahasiabeta"],
    )
    actions = {
        "pending": subject_action_prepare(
            actor=users["auditor_user"], request=restriction, kind="restrict"
        )
    }
    breaches = {
        "open": breach_register(
            actor=users["auditor_user"],
            discovered_at=timezone.now() - timedelta(hours=80),
            description="Synthetic breach for the matrix.",
            data_affected="Synthetic data categories",
            subjects_affected=2,
        )
    }
    from sigap.prevention.services import report_forward, report_submit

    def community(actor, kelurahan, channel):
        return report_submit(
            actor=actor,
            channel=channel,
            category="holding_house",
            what_happened="Synthetic community report.",
            area=area[kelurahan],
        )

    reports = {
        "public": community(None, "31.71.03.1001", "public_web"),
        "gambir": community(users["reporter_gambir"], "31.71.01.1001", "kelurahan"),
        "police": report_forward(
            report=community(None, "31.71.03.1001", "public_web"),
            actor=users["secretariat_user"],
            police_agency=Agency.objects.get(code="polres-jakpus-ppa"),
        ),
    }
    from sigap.prevention.services import outreach_record

    outreach = {
        "kemayoran": outreach_record(
            actor=users["reporter_kemayoran"],
            organiser=Agency.objects.get(code="kelurahan-31-71-03-1001"),
            kind="sosialisasi",
            topic="Synthetic outreach",
            place_kind="rw",
            area=area["31.71.03.1001"],
            held_on=timezone.localdate(),
            women=10,
        )
    }
    from sigap.reports.exports import export_job_create, export_job_run

    taskforce = _build_taskforce(users)
    documents = _build_documents(users, case_a, victims)
    mine = export_job_create(user=users[EXPORT_OWNER], fmt="csv")
    export_job_run(job_id=mine.pk)  # the world's transaction never commits: run it here
    mine.refresh_from_db()
    from sigap.analytics.adpage import ad_run_execute, ad_run_start

    adrun = ad_run_start(actor=users[ADRUN_OWNER], ads=["Lowongan kerja sintetis."])
    ad_run_execute(run_id=adrun.pk)
    from sigap.people.models import LinkSuggestion

    pair = sorted([victims["Rahasiaalfa"].person_id, victims["Rahasiadelta"].person_id])
    link = LinkSuggestion.objects.create(
        person_a_id=pair[0], person_b_id=pair[1], match_weight=9.5, match_probability=0.99
    )
    return World(
        links={"AC": link},
        taskforce=taskforce,
        documents=documents,
        outreach=outreach,
        reports=reports,
        exports={"mine": mine},
        adruns={"mine": adrun},
        requests=requests,
        actions=actions,
        breaches=breaches,
        users=users,
        cases={"A": case_a, "B": case_b, "C": case_c},
        referrals={
            "health": health,
            "child": child_ref,
            "social": social,
            "police": police,
            "kejari": kejari,
            "lpsk": lpsk,
        },
        agency_id=str(Agency.objects.get(code="upt-ppa-dki").public_id),
        victims=victims,
        plans=plans,
        tasks=tasks,
    )


def _build_documents(users, case_a, victims) -> dict:
    """Three PDFs on case A, one about each victim (see DOCUMENTS)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.documents.services import document_upload

    about = {"adult": "Rahasiaalfa", "child": "Rahasiaanak", "closed": "Rahasiabeta"}
    return {
        key: document_upload(
            actor=users["caseworker_a"],
            case=case_a,
            kind="medical",
            title=f"Synthetic document {key}",
            upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF\n"),
            participant=victims[marker],
        )
        for key, marker in about.items()
    }


ITEM_MARKERS = {"health": "Tugasrahasiakesehatan", "police": "Tugasrahasiapolisi"}


def _build_taskforce(users) -> dict:
    """The task force of the matrix (members as in TF_MEMBERS' agencies), a held meeting and
    one action item each for Sudin Kesehatan and Polres, with marker words."""
    from datetime import datetime

    from sigap.agencies.models import Agency
    from sigap.core.dates import WIB
    from sigap.taskforce import services as tf

    secretariat = users["secretariat_user"]
    task_force = tf.task_force_save(
        actor=secretariat,
        name="Gugus Tugas matriks",
        level="kota",
        secretariat_agency=Agency.objects.get(code="sudin-ppapp-jakpus"),
    )
    for code in (
        "sudin-ppapp-jakpus",
        "upt-ppa-dki",
        "sudin-kesehatan-jakpus",
        "polres-jakpus-ppa",
    ):
        tf.member_set(
            actor=secretariat, task_force=task_force, agency=Agency.objects.get(code=code)
        )
    meeting = tf.meeting_schedule(
        actor=secretariat,
        task_force=task_force,
        data=tf.MeetingData(
            kind="coordination",
            title="Rakor matriks",
            starts_at=datetime(2025, 7, 2, 9, 0, tzinfo=WIB),
            place="Ruang rapat",
        ),
    )
    out = {"tf": task_force, "meeting": meeting}
    programme = tf.programme_create(
        actor=secretariat,
        subgroup=task_force.subgroups.get(kind="health_rehab"),
        name="Program matriks",
        first_year=2025,
        last_year=2026,
    )
    activity = tf.activity_create(
        actor=secretariat,
        programme=programme,
        name="Kegiatan matriks",
        agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
    )
    out["programme"], out["activity"] = programme, activity
    out["indicator"] = tf.indicator_create(
        actor=secretariat, activity=activity, name="Indikator matriks", unit="orang"
    )
    for key, code in (("health", "sudin-kesehatan-jakpus"), ("police", "polres-jakpus-ppa")):
        out[key] = tf.action_item_create(
            actor=secretariat,
            meeting=meeting,
            owner_agency=Agency.objects.get(code=code),
            description=f"{ITEM_MARKERS[key]}: synthetic action item",
            due_on=date(2025, 8, 1),
        )
    return out


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The scenario, created once in a transaction rolled back after the module; each test
    runs inside it in its own savepoint (``db``), so POSTs that succeed are undone too."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


MISSING = uuid.UUID("00000000-0000-4000-8000-000000000000")


def _url(name: str, rule: Rule, obj: str | None, w: World) -> str:
    if name.startswith("unnamed:"):
        return name.removeprefix("unnamed:")
    kwargs = {}
    if rule.arg == "case":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.cases[obj].public_id
        if rule.victim:
            victim = w.victims.get(SUMMARY_VICTIM.get(obj, ""))
            kwargs["victim_id"] = victim.public_id if victim else MISSING
    elif rule.arg == "person":  # the person record of a victim marker
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.victims[obj].person.public_id
    elif rule.arg == "referral":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.referrals[obj].public_id
    elif rule.arg == "dsr":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.requests[obj].public_id
    elif rule.arg == "export":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.exports[obj].public_id
    elif rule.arg == "adrun":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.adruns[obj].public_id
    elif rule.arg == "link":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.links[obj].public_id
    elif rule.arg == "action":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.actions[obj].public_id
    elif rule.arg == "breach":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.breaches[obj].public_id
    elif rule.arg in ("plan", "task"):
        objects = w.plans if rule.arg == "plan" else w.tasks
        kwargs[rule.kwarg] = MISSING if obj == "missing" else objects[obj].public_id
    elif rule.arg == "report":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.reports[obj].public_id
        if name == "prevention:attachment-download":
            kwargs["attachment_id"] = MISSING
    elif rule.arg in ("taskforce", "meeting", "item", "indicator", "programme", "activity"):
        key = {
            "taskforce": "tf",
            "meeting": "meeting",
            "indicator": "indicator",
            "programme": "programme",
            "activity": "activity",
        }.get(rule.arg, obj)
        if obj == "missing":
            kwargs[rule.kwarg] = MISSING
        else:
            kwargs[rule.kwarg] = w.taskforce[key].public_id
        if name == "taskforce:attendance-remove":
            kwargs["row_id"] = MISSING
    elif rule.arg == "outreach":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.outreach[obj].public_id
        if name == "prevention:outreach-photo":
            kwargs["photo_id"] = MISSING
    elif rule.arg == "document":
        kwargs[rule.kwarg] = MISSING if obj == "missing" else w.documents[obj].public_id
    elif rule.arg == "area":
        kwargs[rule.kwarg] = "31.71.03"
    elif rule.arg == "agency":
        kwargs[rule.kwarg] = w.agency_id
    elif rule.arg == "reset":
        kwargs = {"uidb64": "MQ", "token": "set-password"}
    elif rule.arg == "token":  # another user's or no token: never found
        kwargs[rule.kwarg] = MISSING
    return reverse(name, kwargs=kwargs)


def _client(role: str, w: World) -> Client:
    client = Client()
    if role != ANON:
        client.force_login(w.users[role])
    return client


def _check_status(response, expected, where: str):
    status = response.status_code
    if expected == OK:
        ok = 200 <= status < 400 and "/accounts/login/" not in response.get("Location", "")
    elif expected == OK_OR_400:
        ok = 200 <= status < 300 or status in (400, 409)
    elif expected == REDIRECT:
        ok = 300 <= status < 400
    elif expected == LOGIN:
        ok = status == 302 and "/accounts/login/" in response["Location"]
    else:
        ok = status == expected
    assert ok, f"{where}: expected {expected}, got {status}"


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _check_body(response, role: str, w: World, where: str):
    body = _body(response).lower()
    entitled = ENTITLED.get(role, set())
    leaked = [m for m in MARKERS if m not in entitled and m.lower() in body]
    assert not leaked, f"{where}: victim names {leaked} leaked to {role}"
    allowed_cases = case_numbers_allowed(role)
    if role in AUDITORS and where.split()[1].startswith(("audit:", "privacy:request-")):
        # The audit log and the request register name a case by its number, no content.
        allowed_cases = set(w.cases)
    numbers = [c.number for k, c in w.cases.items() if k not in allowed_cases]
    shown = [n for n in numbers if n.lower() in body]
    assert not shown, f"{where}: case numbers {shown} outside {role}'s scope"


# Issue 7 finding 6: every answer that shows a victim's name writes an access row (an audit
# event whose action ends in ".view") for the viewer, whatever the route. Walking every route
# of the matrix as every role enforces it for routes added later too.
def _view_rows(user) -> int:
    from sigap.audit.models import AuditEvent

    if user is None:
        return 0
    return AuditEvent.objects.filter(actor=user, action__endswith=".view").count()


def _check_identity_view_recorded(response, role: str, user, before: int, where: str):
    body = _body(response).lower()
    shown = [m for m in ENTITLED.get(role, set()) if m.lower() in body]
    if shown and user is not None:
        assert _view_rows(user) > before, f"{where}: names {shown} shown with no access row"


def _matrix():
    for name in sorted(REGISTRY):
        for role in ROLES:
            yield pytest.param(name, role, id=f"{name}|{role}")


def _objects(rule: Rule, role: str) -> list[str | None]:
    objs = {
        "case": CASES,
        "referral": REFERRALS,
        "plan": PLANS,
        "task": TASKS,
        "dsr": ["dsr", "missing"],
        "person": ["Rahasiaalfa", "Rahasiagama", "Rahasiadelta", "missing"],
        "report": REPORTS,
        "outreach": OUTREACH,
        "export": ["mine", "missing"],
        "adrun": ["mine", "missing"],
        "link": ["AC", "missing"],
        "taskforce": ["tf", "missing"],
        "meeting": ["tf", "missing"],
        "item": ITEMS,
        "indicator": ["tf", "missing"],
        "programme": ["tf", "missing"],
        "activity": ["tf", "missing"],
        "action": ["pending", "missing"],
        "breach": ["open", "missing"],
        "document": DOCUMENTS,
    }.get(rule.arg, [None])
    # Anonymous users are sent to the login page before any record is looked up.
    return objs[:1] if role == ANON else objs


def _check_one(client, name, rule, role, obj, world) -> None:
    url = _url(name, rule, obj, world)
    for query in rule.queries:
        where = f"GET {name}{query} as {role} on {obj}"
        user = world.users.get(role)
        before = _view_rows(user)
        response = client.get(url + query, HTTP_ACCEPT="text/html,application/json")
        _check_status(response, rule.get(role, obj), where)
        _check_body(response, role, world, where)
        _check_identity_view_recorded(response, role, user, before, where)
    if rule.post is not None:
        where = f"POST {name} as {role} on {obj}"
        if name.startswith("api:"):  # the API speaks JSON only (415 for a form body)
            response = client.post(url, "{}", content_type="application/json")
        else:
            response = client.post(url, {})
        _check_status(response, rule.post(role, obj), where)
        _check_body(response, role, world, where)


@pytest.mark.parametrize(("name", "role"), list(_matrix()))
def test_matrix(world, db, name, role):
    """Status and body of one URL for one role on every kind of record, GET then POST.

    Each record is tried in its own savepoint (a POST that succeeds is undone); all failures
    of the row are reported together.
    """
    rule = REGISTRY[name]
    cache.clear()  # the token endpoint's throttle counts per client address
    client = _client(role, world)
    failures = []
    for obj in _objects(rule, role):
        try:
            with transaction.atomic():
                try:
                    _check_one(client, name, rule, role, obj, world)
                finally:
                    transaction.set_rollback(True)
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", list(PERSONAS))
def test_action_items_stay_with_their_agency(world, db, role):
    """An action item's text appears only for its owner agency and the secretariat, on every
    page and API answer that lists items (leadership gets counts, never the text)."""
    client = _client(role, world)
    meeting = world.taskforce["meeting"].public_id
    urls = [
        reverse("taskforce:overview"),
        reverse("taskforce:meeting-list"),
        reverse("taskforce:meeting-detail", kwargs={"public_id": meeting}),
        reverse("taskforce:actionitem-list"),
        reverse("casework:my-work"),
        reverse("api:actionitem-list"),
        reverse("api:meeting-detail", kwargs={"public_id": meeting}),
    ]
    for url in urls:
        body = _body(client.get(url, HTTP_ACCEPT="text/html,application/json"))
        for key, marker in ITEM_MARKERS.items():
            entitled = role in ITEM_SEES[key]
            if url in (urls[3], urls[4], urls[5]) or (url == urls[2] and role in TF_MEMBERS):
                assert (marker in body) == entitled, (url, role, key)
            else:
                assert marker not in body or entitled, (url, role, key)


# --- Counts, search, pickers, dashboard ----------------------------------------------------------

LISTING_ROLES = [r for r in PERSONAS if "view_case" in PERMS[r]]


@pytest.mark.parametrize("role", LISTING_ROLES)
def test_case_list_counts_only_cases_in_scope(world, db, role):
    client = _client(role, world)
    expected = {world.cases[k].public_id for k in CASE_VISIBLE.get(role, set())}
    page = client.get(reverse("cases:case-list")).context["page_obj"]
    assert page.paginator.count == len(expected)
    assert {c.public_id for c in page.object_list} == expected
    data = client.get(reverse("api:case-list")).json()
    assert data["count"] == len(expected)
    assert {uuid.UUID(c["public_id"]) for c in data["results"]} == expected


@pytest.mark.parametrize("role", [r for r in PERSONAS if "view_referral" in PERMS[r]])
def test_referral_list_counts_only_referrals_in_scope(world, db, role):
    client = _client(role, world)
    expected = {world.referrals[k].public_id for k in REFERRAL_VISIBLE.get(role, set())}
    data = client.get(reverse("api:referral-list")).json()
    assert data["count"] == len(expected)
    assert {uuid.UUID(r["public_id"]) for r in data["results"]} == expected
    for box in ("received", "sent"):
        page = client.get(reverse("referrals:referral-inbox"), {"box": box}).context["page"]
        assert {row.public_id for row in page.object_list} <= expected


@pytest.mark.parametrize("role", LISTING_ROLES)
@pytest.mark.parametrize("marker", list(MARKERS))
def test_name_search_is_no_oracle(world, db, role, marker):
    """Searching a victim's name finds a case only for users who may see that name: a hit
    for anyone else would tell them which case the person is in."""
    client = _client(role, world)
    allowed = (
        {world.cases[MARKER_CASE[marker]].public_id}
        if marker in ENTITLED.get(role, set())
        else set()
    )
    response = client.post(reverse("cases:case-list"), {"q": marker}, follow=True)
    found = {c.public_id for c in response.context["page_obj"].object_list}
    assert found <= allowed
    assert response.context["searching"]  # the term was applied, through the session
    data = client.post(
        reverse("api:case-search"), {"name": marker}, content_type="application/json"
    ).json()
    assert {uuid.UUID(c["public_id"]) for c in data["results"]} <= allowed
    assert data["count"] == len(data["results"])


@pytest.mark.parametrize("role", sorted(ENTITLED))
def test_entitled_users_see_the_names(world, db, role):
    """The positive side of the body check: each entitled name is really shown (in the API
    case detail), so a marker that never renders cannot make the matrix pass vacuously."""
    client = _client(role, world)
    for marker in ENTITLED[role]:
        url = reverse(
            "api:case-detail", kwargs={"public_id": world.cases[MARKER_CASE[marker]].public_id}
        )
        assert marker in client.get(url).content.decode(), (role, marker)


def test_case_team_finds_its_victims_by_name(world, db):
    """The positive side of the oracle test (it would pass with search switched off)."""
    client = _client("caseworker_a", world)
    response = client.post(reverse("cases:case-list"), {"q": "Rahasiaalfa"}, follow=True)
    page = response.context["page_obj"]
    assert [c.public_id for c in page.object_list] == [world.cases["A"].public_id]
    assert all("Rahasiaalfa" not in url for url, _status in response.redirect_chain)
    data = client.post(
        reverse("api:case-search"), {"name": "Rahasiaalfa"}, content_type="application/json"
    ).json()
    assert [uuid.UUID(c["public_id"]) for c in data["results"]] == [world.cases["A"].public_id]


@pytest.mark.parametrize("role", LISTING_ROLES)
def test_api_get_search_refuses_names(world, db, role):
    """A name in ``GET ?search=`` is refused (400) for everyone: it would land in URLs."""
    response = _client(role, world).get(reverse("api:case-list"), {"search": "Rahasiaalfa"})
    assert response.status_code == 400


@pytest.mark.parametrize("role", LISTING_ROLES)
def test_case_export_stays_in_scope(world, db, role):
    """The case export (identities asked for) holds the visible cases only, and names only
    where the role may see them (supervisors: ``cases.export_identities``)."""
    from sigap.reports.tests.export_helpers import post_and_download

    response = post_and_download(
        _client(role, world),
        reverse("reports:case-export"),
        {"fmt": "csv", "include_identities": "on", "purpose": "Synthetic export for the matrix."},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _body(response).strip().splitlines()
    assert len(rows) - 1 == len(CASE_VISIBLE.get(role, set()))
    _check_body(response, role, world, f"POST reports:case-export as {role}")


@pytest.mark.parametrize("role", [r for r in PERSONAS if "view_aggregates" in PERMS[r]])
def test_aggregate_export_has_no_identity(world, db, role):
    response = _client(role, world).post(reverse("reports:aggregate-export"), {"fmt": "csv"})
    assert response.status_code == 200
    _check_body(response, "nobody", world, f"POST reports:aggregate-export as {role}")
    if PERSONAS[role] is not None:  # a superuser has no agency: no city-wide counts at all
        assert "<5" in _body(response)  # three cases in the world: each non-zero count is small


def test_referral_picker_offers_only_this_cases_victims(world, db):
    client = _client("caseworker_a", world)
    url = reverse("referrals:referral-create", kwargs={"case_id": world.cases["A"].public_id})
    form = client.get(url).context["form"]
    victims = {value for value, _label in form.fields["victim"].choices if value}
    expected = {
        str(world.victims[m].public_id) for m in ("Rahasiaalfa", "Rahasiabeta", "Rahasiaanak")
    }
    assert victims == expected


def test_area_autocomplete_answers_reference_data_only(world, db):
    client = _client("reporter_gambir", world)
    rows = client.get(reverse("areas:area-autocomplete"), {"q": "Kema", "format": "json"}).json()
    assert {r["code"] for r in rows} == {"31.71.03", "31.71.03.1001"}
    assert set(rows[0]) == {"code", "name", "level", "label"}


# Dashboard: city-wide for roles with ``view_aggregates`` and a membership; else own scope.
CITY_WIDE = {"caseworker_a", "supervisor_a", "caseworker_b", "secretariat_user", "leadership_user"}


@pytest.mark.parametrize("role", list(PERSONAS))
def test_dashboard_counts_stay_in_scope(world, db, role):
    context = _client(role, world).get(reverse("reports:dashboard")).context
    scope = set(CASE_STATUS) if role in CITY_WIDE else CASE_VISIBLE.get(role, set())
    assert context["city_wide"] is (role in CITY_WIDE)
    totals = context["totals"]
    assert totals.reported == sum(CASE_STATUS[c] == "reported" for c in scope)
    assert totals.handled == sum(CASE_STATUS[c] == "open" for c in scope)
    assert sum(row.count for row in context["by_kecamatan"]) == len(scope)
    # Exploitation forms are case content: counted only over cases seen in full (city-wide
    # roles: all); a status-only or referral-only view counts none (no break-glass here).
    full = scope if role in CITY_WIDE else set()
    assert max((row.count for row in context["by_form"]), default=0) == len(full)
    # Still "sent": the child's referral to Sudin Kesehatan and those to Polres and LPSK.
    waiting = {"health_provider": 1, "police_officer": 1, "lpsk_officer": 1}.get(role, 0)
    assert context["referrals"].waiting == waiting


@pytest.mark.parametrize("role", list(PERSONAS))
def test_chart_counts_stay_in_scope(world, db, role):
    from django.core.cache import cache

    cache.clear()
    response = _client(role, world).get(reverse("reports:charts"), {"start": "2000-01-01"})
    charts = {series.key: series for series, _uri in response.context["charts"]}
    scope = set(CASE_STATUS) if role in CITY_WIDE else CASE_VISIBLE.get(role, set())
    assert charts["kecamatan"].total == len(scope)
    assert sum(row[1] for row in charts["over_time"].rows) == len(scope)


# --- Django admin (excluded from the matrix) -----------------------------------------------------

CASE_DATA_APPS = {"cases", "referrals", "people", "casework", "justice"}
# Everything the admin may show: users, reference data, the audit log and the data-protection
# registers. A new registration must be added here on purpose (and never hold case content).
ADMIN_ALLOWED = {
    "accounts.User",
    "agencies.Agency",
    "agencies.Membership",
    "agencies.Service",
    "analytics.LicensedAgency",  # public registry of licensed placement companies (P3MI)
    "analytics.ScreeningRuleset",  # screening rules (data, no personal data), read-only
    "areas.Area",
    "audit.AuditEvent",
    "auth.Group",
    "api.ApiToken",  # prefix, owner and dates only; the keys are never stored
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "justice.Article",  # reference table of criminal-law articles, read-only
    "otp_totp.TOTPDevice",
    "privacy.BreachIncident",
    "privacy.BreakGlassGrant",  # case number and reason only; auditor / superuser
    "privacy.DataSubjectRequest",
    "privacy.ProcessingActivity",
}


def test_admin_registers_no_case_data_models():
    registered = {m._meta.label for m in admin.site._registry}
    unexpected = sorted(registered - ADMIN_ALLOWED)
    assert not unexpected, f"models in the admin without a decision in ADMIN_ALLOWED: {unexpected}"
    case_data = [r for r in registered if r.split(".")[0] in CASE_DATA_APPS]
    assert case_data == ["justice.Article"], case_data


@pytest.mark.parametrize("role", ["caseworker_a", "leadership_user", "reporter_kemayoran"])
def test_admin_redirects_non_staff_to_its_login(world, db, role):
    response = _client(role, world).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def _admin_client(role, world):
    user = world.users[role]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return _client(role, world)


def test_platform_admin_sees_no_case_data_in_admin(world, db):
    client = _admin_client("platform_admin", world)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    apps = {app["app_label"] for app in response.context["available_apps"]}
    assert "accounts" in apps  # the page lists what the role administers ...
    assert not apps & (CASE_DATA_APPS | {"privacy", "audit"})  # ... and no case content
    _check_body(response, "platform_admin", world, "admin index")


@pytest.mark.parametrize("role", ["platform_admin", "superuser"])
def test_admin_changelists_show_no_victim_names(world, db, role):
    client = _admin_client(role, world)
    checked = 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code in (200, 403), url
        checked += response.status_code == 200
        _check_body(response, "nobody", world, f"admin {url} as {role}")
    assert checked >= 3


def test_matrix_covers_status_rules():
    """Guard the registry itself: every object-taking rule answers 404 out of scope for some
    role (so the scope part of the matrix is exercised) and 403 for another."""
    for name, rule in REGISTRY.items():
        if rule.arg not in ("case", "referral"):
            continue
        answers = {
            (rule.post or rule.get)(role, obj)
            for role in ROLES
            for obj in (CASES if rule.arg == "case" else REFERRALS)
        }
        assert 404 in answers, name
        assert 403 in answers, name


# --- Restriction of processing (UU 27/2022 PDP Pasal 41; issue 7 #12) ----------------------------
# A restricted person's identity is hidden from everyone, the handling case team included, by
# the one identity rule. Walking every GET route of the matrix as the users who could see
# "Rahasiaalfa" before enforces it for every page, list, search and API answer, including
# routes added later.


@pytest.mark.parametrize("role", ["caseworker_a", "supervisor_a", "health_provider"])
def test_restricted_identity_is_hidden_on_every_route(world, db, role):
    from sigap.cases.services import person_restriction_set
    from sigap.reports.tests.export_helpers import post_and_download

    marker = "Rahasiaalfa"
    client = _client(role, world)
    assert (
        marker
        in client.get(
            reverse("api:case-detail", args=[world.cases["A"].public_id])
        ).content.decode()
    )  # noqa: E501 - the positive side first
    person_restriction_set(
        person=world.victims[marker].person, actor=world.users["auditor_user"], restricted=True
    )
    for name, rule in REGISTRY.items():
        if name.startswith("unnamed:") or rule.public:
            continue
        for obj in _objects(rule, role):
            url = _url(name, rule, obj, world)
            for query in rule.queries:
                body = _body(client.get(url + query, HTTP_ACCEPT="text/html,application/json"))
                assert marker.lower() not in body.lower(), f"GET {name}{query} on {obj}"
    response = client.post(reverse("cases:case-list"), {"q": marker}, follow=True)
    if response.context and "page_obj" in response.context:
        assert list(response.context["page_obj"].object_list) == []
    data = client.post(
        reverse("api:case-search"), {"name": marker}, content_type="application/json"
    )
    assert marker.lower() not in data.content.decode().lower()
    assert data.status_code != 200 or data.json()["count"] == 0
    export = post_and_download(
        client,
        reverse("reports:case-export"),
        {"fmt": "csv", "include_identities": "on", "purpose": "Synthetic export for the matrix."},
    )
    assert marker.lower() not in _body(export).lower()


# --- Every role at every kind of agency (issue 7, Build: "not only the pairs the roles were
# designed for"). A user of an agency that has no part in any case of the world — whatever its
# role and whatever the agency's kind — must see no victim's name and no case number anywhere:
# on every list, count, search, dashboard and API list, and on the detail routes of the world's
# cases, referrals and persons (which must answer 403/404, never a server error). The one
# exception is the UPT PPA intake queue: a case manager or supervisor of any UPT PPA sees the
# reported case B (and its victim) until one UPT PPA takes it on (docs/access-model.md).
KIND_WALK_ARGS = ("none", "case", "referral")


def _kind_agency(kind: str):
    """An agency of ``kind`` that has no part in the world's cases (made for the test)."""
    from sigap.agencies.models import Agency

    code = f"matrix-{kind}".replace("_", "-")
    agency, _created = Agency.objects.get_or_create(
        code=code, defaults={"name": f"Instansi uji {kind}", "kind": kind}
    )
    return agency


def _kind_allowed(role: str, kind: str) -> tuple[set[str], set[str]]:
    """(victim markers, case keys) a user of an uninvolved agency may see."""

    if kind == AgencyKind.UPT_PPA and role in (Role.CASE_MANAGER, Role.SUPERVISOR):
        return {"Rahasiagama"}, {"B"}
    return set(), set()


@pytest.mark.parametrize(
    "kind",
    [
        k
        for k, _label in __import__(
            "sigap.agencies.choices", fromlist=["AgencyKind"]
        ).AgencyKind.choices
    ],
)
def test_every_role_at_every_agency_kind_sees_no_case_it_has_no_part_in(world, db, kind):
    from sigap.accounts.services import user_create
    from sigap.agencies.services import membership_set

    agency = _kind_agency(kind)
    failures = []
    for role in Role.values:
        user = user_create(username=f"kind-{kind}-{role}", password="x" * 20, first_name="Uji")
        membership_set(user=user, agency=agency, role=role)
        client = Client()
        client.force_login(user)
        markers, case_keys = _kind_allowed(role, kind)
        hidden_numbers = [c.number.lower() for k, c in world.cases.items() if k not in case_keys]
        for name, rule in sorted(REGISTRY.items()):
            if rule.arg not in KIND_WALK_ARGS or name.startswith("unnamed:"):
                continue
            if role == Role.AUDITOR and name.startswith(("audit:", "privacy:", "casework:my-work")):
                continue  # the DPO's registers name case numbers by design (no content)
            objs = (
                [None]
                if rule.arg == "none"
                else [o for o in _objects(rule, role) if o != "missing"]
            )
            for obj in objs:
                url = _url(name, rule, obj, world)
                for query in rule.queries[:1]:
                    where = f"GET {name}{query} as {role}@{kind} on {obj}"
                    cache.clear()
                    response = client.get(url + query, HTTP_ACCEPT="text/html,application/json")
                    if response.status_code >= 500:
                        failures.append(f"{where}: {response.status_code}")
                        continue
                    body = _body(response).lower()
                    leaked = [m for m in MARKERS if m not in markers and m.lower() in body]
                    shown = [n for n in hidden_numbers if n in body]
                    if leaked or shown:
                        failures.append(f"{where}: names {leaked}, case numbers {shown}")
    assert not failures, "\n".join(failures[:40])
