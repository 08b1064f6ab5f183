"""The one record-scoping rule for cases and referrals (STYLE B3, NetBox ``restrict``).

Every list, count, search, picker, dashboard number and API route reaches cases through
``Case.objects.visible_to(user)`` and referrals through ``Referral.objects.visible_to(user)``,
which call the functions below. Superusers get no bypass: a user without a membership sees
no case (docs/access-model.md).

It lives in ``cases`` rather than ``agencies`` because it names case and referral fields;
``agencies`` sits to the left of both in the dependency order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from sigap.agencies.choices import AgencyKind, Role

CASE_TEAM_ROLES = {Role.CASE_MANAGER, Role.SUPERVISOR}
# Roles that answer referrals sent to their agency (their inbox) and see the referred case
# through them. Justice-side receivers (police, Kejari, LPSK) keep the case after the
# referral is completed: their work on it (investigation, prosecution, protection) goes on.
JUSTICE_RECEIVER_ROLES = {Role.POLICE, Role.PROSECUTOR, Role.LPSK}
REFERRAL_RECEIVER_ROLES = {Role.SERVICE_PROVIDER, *JUSTICE_RECEIVER_ROLES}
# Roles that may ask for time-limited emergency access to an out-of-scope case.
BREAKGLASS_ROLES = {Role.CASE_MANAGER, Role.SUPERVISOR, Role.SECRETARIAT, Role.POLICE}


def membership_of(user):
    """The user's Membership, or None for anonymous, inactive or agency-less users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.membership
    except apps.get_model("agencies", "Membership").DoesNotExist:
        return None


def _referred_case_ids(agency, *, open_only: bool):
    Referral = apps.get_model("referrals", "Referral")  # noqa: N806 - lazy: no import rightward
    from sigap.referrals.choices import OPEN_STATUSES, ReferralStatus

    qs = Referral.objects.filter(to_agency=agency)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    else:
        qs = qs.exclude(status__in=[ReferralStatus.DECLINED, ReferralStatus.REVOKED])
    return qs.values("case_id")


def _breakglass_case_ids(user):
    Grant = apps.get_model("privacy", "BreakGlassGrant")  # noqa: N806 - lazy: no import rightward
    return Grant.objects.active().filter(user=user).values("case_id")


def has_breakglass(user, case) -> bool:
    """True when ``user`` holds an unexpired break-glass grant for ``case``."""
    Grant = apps.get_model("privacy", "BreakGlassGrant")  # noqa: N806
    return Grant.objects.active().filter(user=user, case=case).exists()


def case_scope_q(user, *, breakglass: bool = True, prefix: str = "") -> Q | None:
    """Filter for the cases ``user`` may see, or None for none at all (see _role_scope_q),
    widened by the user's unexpired break-glass grants (issue 3 §4; audited, time-limited).

    ``breakglass=False``: without the grants, for work an emergency does not justify. A grant
    opens one case for a victim's safety or an urgent legal duty (docs/access-model.md), not
    register-wide work such as the review of duplicate persons (``sigap.people.linkage``).
    ``prefix``: the path from the queried model to ``Case`` (``"case__"`` for referrals), so
    that a query on another model joins the case instead of listing its ids.
    """
    q = _role_scope_q(user, prefix=prefix)
    membership = membership_of(user)
    if membership is None:
        return q
    if breakglass and membership.role in BREAKGLASS_ROLES:
        grants = Q(**{f"{prefix}pk__in": _breakglass_case_ids(user)})
        return grants if q is None else q | grants
    return q


def _role_scope_q(user, *, prefix: str = "") -> Q | None:
    """Filter for the cases ``user`` may see, or None for none at all.

    - case manager / supervisor: cases their agency handles or reported; at a UPT PPA also
      reported cases not yet taken on by any agency (the intake queue);
    - secretariat: cases its own agency handles or reported (city-wide figures come from
      aggregates, not from case records);
    - reporter (kelurahan, kecamatan, school): the cases their agency reported;
    - service provider: cases with a referral to their agency that is still open;
    - police, prosecutor (Kejari), LPSK: cases referred to their agency (not declined or
      revoked);
    - leadership, auditor, platform admin: none (aggregates or audit only).

    ``prefix``: as for ``case_scope_q``.
    """
    membership = membership_of(user)
    if membership is None:
        return None
    agency, role = membership.agency, membership.role

    def f(**kw):
        return Q(**{prefix + k: v for k, v in kw.items()})

    if role in CASE_TEAM_ROLES:
        q = f(handling_agency=agency) | f(reporting_agency=agency)
        if agency.kind == AgencyKind.UPT_PPA:
            q |= f(status="reported", handling_agency__isnull=True)
        return q
    if role == Role.SECRETARIAT:
        return f(handling_agency=agency) | f(reporting_agency=agency)
    if role == Role.REPORTER:
        return f(reporting_agency=agency)
    if role == Role.SERVICE_PROVIDER:
        return f(pk__in=_referred_case_ids(agency, open_only=True))
    if role in JUSTICE_RECEIVER_ROLES:
        return f(pk__in=_referred_case_ids(agency, open_only=False))
    return None


def referral_scope_q(user) -> Q | None:
    """Filter for the referrals ``user`` may see, or None for none.

    Case team and secretariat: the referrals of the cases they see in full (``full_view_q``,
    the one view rule), plus those their own agency sent on a case still in their scope
    (``case_scope_q``; e.g. sent while it handled the case, before a transfer). Not the other
    referrals of a case they see by status only (one their agency reported but another
    handles): a referral's service, reasons and delivery notes are the case's content. Never
    a referral of a case that is 404 for them.
    Service providers, police, prosecutors and LPSK: referrals addressed to their agency
    (they answer them: their inbox).
    Others: none. A case manager at an agency that receives a referral does not see it: the
    receiving agency's service-provider or police users answer it (issue 7 finding 1).

    Joins the case (``case__...``) rather than listing case ids, so a referral list is read
    along the referral indexes whatever the number of the agency's cases.
    """
    membership = membership_of(user)
    if membership is None:
        return None
    agency, role = membership.agency, membership.role
    if role in CASE_TEAM_ROLES or role == Role.SECRETARIAT:
        full = full_view_q(user, prefix="case__")
        scope = case_scope_q(user, prefix="case__")
        sent = None if scope is None else Q(from_agency=agency) & scope
        if full is None or sent is None:
            return full if sent is None else sent
        return full | sent
    if role in REFERRAL_RECEIVER_ROLES:
        return Q(to_agency=agency)
    return None


def _full_view_rule(role) -> tuple[bool, bool]:
    """The one view rule's ``full`` before break-glass, for a case within the user's scope,
    as the two handling states that give it: (the case is handled by the user's own agency,
    the case is not yet handled by any agency). Case team: both (its cases and the intake
    queue); secretariat: its agency's handled cases only; every other role: neither.
    ``case_view_for`` asks it of one case, ``full_view_q`` turns it into a filter."""
    if role in CASE_TEAM_ROLES:
        return True, True
    if role == Role.SECRETARIAT:
        return True, False
    return False, False


def full_view_q(user, *, breakglass: bool = True, prefix: str = "") -> Q | None:
    """Filter for the cases ``user`` sees in full (``case_view_for(...).full``), or None for
    none: the cases of ``case_scope_q`` whose handling state gives the full view
    (``_full_view_rule``, which ``case_view_for`` reads too), plus, for the roles that may
    break glass, the cases of the user's unexpired grants (``breakglass=False``: without
    them). ``prefix``: as for ``case_scope_q``. Plain columns of the case (and the grants'
    ids): index-served, no query over the agency's cases before the filter is used.

    ``sigap/cases/tests/test_access.py`` checks that it agrees with ``case_view_for`` for
    every role, agency relation and status, with and without a grant."""
    membership = membership_of(user)
    if membership is None:
        return None
    own, unhandled = _full_view_rule(membership.role)
    held = Q(**{f"{prefix}handling_agency": membership.agency}) if own else None
    if unhandled:
        none_yet = Q(**{f"{prefix}handling_agency__isnull": True})
        held = none_yet if held is None else held | none_yet
    scope = None if held is None else _role_scope_q(user, prefix=prefix)
    q = None if scope is None else scope & held
    if breakglass and membership.role in BREAKGLASS_ROLES:
        grants = Q(**{f"{prefix}pk__in": _breakglass_case_ids(user)})
        q = grants if q is None else q | grants
    return q


def sees_cases_in_full(user) -> bool:
    """Whether ``user``'s role may see any case in full (``full_view_q`` is not None: the case
    team and secretariat for their agency's cases, break-glass roles under a grant); false
    for reporters and receiving agencies, whose counts and filters over a case's content
    could only ever answer 0. No query."""
    return full_view_q(user) is not None


@dataclass(frozen=True)
class CaseView:
    """What parts of a visible case a user may see or do (field-level access, first version).

    ``full``: identities, journey, suspects, notes; ``status_only``: number, status and dates
    (reporters); ``referral_only``: the referred victim and the referral (service providers).
    """

    full: bool
    status_only: bool
    referral_only: bool
    can_open: bool
    can_identify: bool
    can_refer: bool
    can_close: bool
    can_note: bool


def case_view_for(user, case, *, breakglass: bool = True) -> CaseView:
    """Capabilities of ``user`` on a ``case`` already known to be visible to them.
    ``breakglass=False``: as if the user held no break-glass grant (see ``case_scope_q``)."""
    membership = membership_of(user)
    role = membership.role if membership else None
    agency = membership.agency if membership else None
    handles = (
        case.handling_agency_id is not None
        and agency is not None
        and (case.handling_agency_id == agency.id)
    )
    team = role in CASE_TEAM_ROLES
    is_open = case.status != "closed"
    own, unhandled = _full_view_rule(role)
    full = (own and handles) or (unhandled and case.handling_agency_id is None)
    if not full and breakglass and role in BREAKGLASS_ROLES:
        full = has_breakglass(user, case)
    return CaseView(
        full=full,
        status_only=role == Role.REPORTER or (not full and role not in REFERRAL_RECEIVER_ROLES),
        referral_only=role in REFERRAL_RECEIVER_ROLES,
        can_open=team and case.status == "reported" and user.has_perm("cases.open_case"),
        can_identify=team and handles and is_open and user.has_perm("cases.identify_case"),
        can_refer=team and handles and is_open and user.has_perm("referrals.add_referral"),
        can_close=team and handles and is_open and user.has_perm("cases.close_case"),
        can_note=(full or role in REFERRAL_RECEIVER_ROLES)
        and is_open
        and user.has_perm("cases.add_casenote"),
    )


@dataclass(frozen=True)
class ViewTable:
    """The one view rule's answers for a set of cases, asked once per distinct key.

    ``by_key``: (handling agency id, reporting agency id, status) -> the ``CaseView`` of a
    case with that key for a user holding no break-glass grant on it; ``granted``: case id ->
    (its key, its ``CaseView`` under the user's active break-glass grant), for the granted
    cases among the set only. Ids may be ``None`` (no agency yet)."""

    by_key: dict[tuple[int | None, int | None, str], CaseView]
    granted: dict[int, tuple[tuple[int | None, int | None, str], CaseView]]


def case_views(user, cases) -> ViewTable:
    """``case_view_for`` asked for every case of the queryset ``cases`` (already within the
    user's scope) at the cost of one grouped query plus one per break-glass grant set: a
    case's view depends only on its handling agency, reporting agency and status, and on
    whether the user holds a grant for it. What a set-based reader (a filter, a count, a
    ``COPY`` export) needs in order to apply the one rule without a second copy of it.
    Raises nothing; an empty queryset gives empty tables."""
    Case = cases.model  # noqa: N806 - the queryset's model: no import of models here
    keys = ("handling_agency_id", "reporting_agency_id", "status")
    by_key = {}
    for h, r, s in cases.order_by().values_list(*keys).distinct():
        case = Case(id=0, status=s, handling_agency_id=h, reporting_agency_id=r)
        by_key[(h, r, s)] = case_view_for(user, case, breakglass=False)
    granted = {}
    grant_ids = [row["case_id"] for row in _breakglass_case_ids(user)]
    if grant_ids:
        for pk, h, r, s in cases.filter(pk__in=grant_ids).order_by().values_list("pk", *keys):
            case = Case(id=pk, status=s, handling_agency_id=h, reporting_agency_id=r)
            granted[pk] = ((h, r, s), case_view_for(user, case))
    return ViewTable(by_key=by_key, granted=granted)


def in_full_view(user, cases):
    """``cases`` (a ``Case`` queryset already within the user's scope) narrowed to those
    ``user`` sees in full (``case_view_for(...).full``, the one view rule): what a count or a
    filter over a case's content (victims, modus, exploitation forms, destination,
    identification) may use, so that a reporter (status only) or a service provider (minimal
    view) cannot read hidden fields back from a count or a filter over one or two cases.

    The rule is asked through :func:`full_view_q` (a filter on the case's own columns and
    the user's break-glass grants; no query of its own). Returns a queryset; the caller's
    filters and ordering are kept."""
    full = full_view_q(user)
    return cases.none() if full is None else cases.filter(full)


def is_protected_child(participant) -> bool:
    """Children get the stricter rule; so does a person of unknown age (precaution)."""
    return participant.is_child is not False


def is_handling_team(user, case) -> bool:
    """Whether ``user`` is a case manager or supervisor of the handling agency of ``case`` (or,
    before any agency has taken the case on, of the reporting agency or a UPT PPA: the intake
    queue). No query beyond the user's membership.
    """
    membership = membership_of(user)
    if membership is None or membership.role not in CASE_TEAM_ROLES:
        return False
    if case.handling_agency_id is not None:
        return case.handling_agency_id == membership.agency_id
    return (
        case.reporting_agency_id == membership.agency_id
        or membership.agency.kind == AgencyKind.UPT_PPA
    )


def identity_visible(user, participant, *, referral=None, breakglass: bool = True) -> bool:
    """The one identity rule (see ``_identity_visible``). Each identity it lets a user see
    during a request is noted, and the request writes an access row for it
    (``sigap.cases.identity_log``; issue 7 finding 6)."""
    visible = _identity_visible(user, participant, referral=referral, breakglass=breakglass)
    if visible:
        from sigap.cases import identity_log

        identity_log.note(participant, case_id=referral.case_id if referral else None)
    return visible


def _identity_visible(user, participant, *, referral=None, breakglass: bool = True) -> bool:
    """Whether ``user`` may see the identity (name, NIK, phone, address, date of birth) of
    ``participant``, whose case is already known to be visible to them (issue 3 §1–2).

    - a child (or a person of unknown age): only the handling agency's case managers and
      supervisors; not the secretariat, not break-glass, not service providers or police;
    - an adult: users with full access to the case (case_view_for(...).full), and service
      providers and police with an open referral of that victim to their agency;
    - everyone else: no;
    - and nobody while the person's processing is restricted (``Person.identity_restricted``,
      UU 27/2022 PDP Pasal 11 and 41): checked first, before any role.

    ``referral``: when the identity is shown on a referral of this participant (inbox, referral
    page, API), pass it: its case is used and, when it is itself the open referral to the
    user's agency, no query is needed (lists stay at a bounded number of queries).
    ``breakglass=False``: a break-glass grant does not count (``case_scope_q``).
    """
    membership = membership_of(user)
    if membership is None:
        return False
    if participant.person.identity_restricted:
        # Restriction of processing (UU 27/2022 PDP Pasal 41): hidden from everyone, the
        # handling case team included, until the data-protection officer lifts it.
        return False
    from sigap.referrals.choices import OPEN_STATUSES  # lazy: referrals sits to the right

    case = referral.case if referral is not None else participant.case
    if is_protected_child(participant):
        return is_handling_team(user, case)
    receiver = membership.role in REFERRAL_RECEIVER_ROLES
    if (
        receiver
        and referral is not None
        and referral.to_agency_id == membership.agency_id
        and referral.status in OPEN_STATUSES
    ):
        return True
    if case_view_for(user, case, breakglass=breakglass).full:
        return True
    if receiver:
        return participant.referrals.filter(
            to_agency_id=membership.agency_id, status__in=OPEN_STATUSES
        ).exists()
    return False


def identity_searchable_q(prefix: str = "person__") -> Q:
    """The query form of the restriction clause of the identity rule above, for searches that
    match keyed hashes in SQL (the case list's name and NIK search): a person whose processing
    is restricted is never found by their identity. Same flag, same rule; ``prefix`` is the
    path from the queried model to ``Person``."""
    return Q(**{f"{prefix}identity_restricted": False})


def identity_mask(participant) -> str:
    """What replaces a hidden identity: initials plus "child" for a protected child (as the
    press writes about child victims), else a plain "hidden". Never the full name.
    """
    from django.utils.translation import gettext as _

    if is_protected_child(participant):
        words = [w for w in participant.person.full_name.split() if w[:1].isalpha()]
        initials = " ".join(f"{w[0].upper()}." for w in words[:3])
        return _("%(initials)s (child)") % {"initials": initials} if initials else _("child")
    return _("hidden")
