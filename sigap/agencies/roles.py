"""Role → permission table. One Django Group per role; ``roles_sync()`` keeps them in line.

Which *actions* a role may take is decided here; which *records* it sees is decided by
``sigap.cases.access`` (docs/access-model.md). Roles are defined in code: the Group admin is
read-only, and every change ``roles_sync()`` makes to a group is audited
(``role.permissions_sync``, issue 3 §5).
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from sigap.agencies.choices import Role
from sigap.audit.services import audit_record

# Permissions that belong to no model's Meta: ``roles_sync()`` creates them on the named model.
# ``cases.export_identities``: export victims' names and NIK in the case-list export (issue 3
# §2; still masked for children unless the user may see the child's identity).
CUSTOM_PERMISSIONS: dict[str, tuple[str, str]] = {
    "cases.export_identities": ("cases.Case", "Can export victims' identities (names, NIK)"),
}

# The data-protection officer's data-subject request register (UU 27/2022 PDP Pasal 5-15).
_DPO_REQUESTS = [
    "privacy.add_datasubjectrequest",
    "privacy.view_datasubjectrequest",
    "privacy.change_datasubjectrequest",
    # Carrying requests out with four eyes: one DPO prepares, another approves (issue 7 #12).
    "privacy.prepare_subjectaction",
    "privacy.approve_subjectaction",
    # The breach register with the 3 × 24-hour clock (UU 27/2022 PDP Pasal 46).
    "privacy.view_breachincident",
    "privacy.add_breachincident",
    "privacy.change_breachincident",
]

_CASE_TEAM = [
    "cases.add_case",
    "cases.view_case",
    "cases.change_case",
    "cases.open_case",
    "cases.identify_case",
    "cases.close_case",
    "cases.add_casenote",
    "cases.view_aggregates",
    "referrals.add_referral",
    "referrals.view_referral",
    "justice.view_justice",
    "justice.manage_justice",
    "justice.record_verdict",
]

# Community reports (issue 9 §1-2): entered by reporters, the secretariat and case teams;
# which reports each sees is decided by sigap.prevention.access.
_REPORTS = ["prevention.add_communityreport", "prevention.view_communityreport"]
# Outreach register and plans (issue 9 §4): reporters for their own agency, the secretariat for
# all (sigap.prevention.access.outreach_scope_q); the early-warning view (§5) over aggregates.
_OUTREACH = [
    "prevention.add_outreachactivity",
    "prevention.view_outreachactivity",
    "prevention.add_outreachplan",
    "prevention.view_outreachplan",
    "prevention.view_early_warning",
]

# Task-force coordination (issue 11; sigap/taskforce/access.py): every member agency's roles
# read it and update their own agency's action items; the secretariat runs it; leadership reads.
_COORDINATION = ["taskforce.view_coordination", "taskforce.change_actionitem"]

# Every role that receives referrals (service providers, police, Kejari, LPSK): its inbox,
# the referred case's minimal view and notes (sigap.cases.access.REFERRAL_RECEIVER_ROLES).
_RECEIVER = [
    "cases.view_case",
    "cases.add_casenote",
    "referrals.view_referral",
    "referrals.respond_referral",
]

# Bulk import of registers (issue 12 §7): the agencies that record cases themselves.
_IMPORT = ["imports.add_importjob", "imports.view_importjob"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.REPORTER: ["cases.add_case", "cases.view_case", *_REPORTS, *_COORDINATION, *_OUTREACH],
    Role.CASE_MANAGER: [*_CASE_TEAM, *_REPORTS, *_COORDINATION, *_IMPORT],
    Role.SUPERVISOR: [
        *_CASE_TEAM,
        "referrals.override_consent",
        "cases.export_identities",
        "casework.approve_plan",
        "casework.approve_closure",
        *_REPORTS,
        *_COORDINATION,
        *_IMPORT,
    ],
    Role.SECRETARIAT: [
        "cases.add_case",
        "cases.view_case",
        "cases.view_aggregates",
        "referrals.view_referral",
        *_REPORTS,
        *_COORDINATION,
        "taskforce.manage_coordination",
        *_OUTREACH,
        *_IMPORT,
    ],
    Role.SERVICE_PROVIDER: [*_RECEIVER, *_COORDINATION],
    Role.POLICE: [
        *_RECEIVER,
        "justice.view_justice",
        "justice.manage_justice",
        "prevention.view_communityreport",  # reports forwarded to the police unit
        *_COORDINATION,
    ],
    # Kejari (issue 13 §7): answers the referrals sent to it (its inbox), records P21, the
    # prosecution, charges, verdicts and restitution payments on the cases referred to it, and
    # the restitution amount in the indictment (sigap.justice.access, sigap.rights.access).
    Role.PROSECUTOR: [
        *_RECEIVER,
        "justice.view_justice",
        "justice.manage_justice",
        "justice.record_verdict",
        *_COORDINATION,
    ],
    # LPSK (issue 13 §7): answers its referrals, reads the justice process of the cases
    # referred to it, records protection decisions and its restitution assessment.
    Role.LPSK: [*_RECEIVER, "justice.view_justice", *_COORDINATION],
    Role.LEADERSHIP: [
        "cases.view_aggregates",
        "taskforce.view_coordination",
        "prevention.view_early_warning",
    ],
    Role.AUDITOR: ["audit.view_auditevent", *_DPO_REQUESTS],
    Role.PLATFORM_ADMIN: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "agencies.view_agency",
        "agencies.add_agency",
        "agencies.change_agency",
        "agencies.view_membership",
        "agencies.add_membership",
        "agencies.change_membership",
        "agencies.view_service",
        "agencies.change_service",
        "agencies.view_agencyservice",
        "agencies.add_agencyservice",
        "agencies.change_agencyservice",
        "areas.view_area",
        "areas.change_area",
        # Job-offer screening (issue 9 §3): rulesets are read here and published by command;
        # the P3MI registry is kept up to date by the admin.
        "analytics.view_screeningruleset",
        "analytics.change_screeningruleset",
        "analytics.view_licensedagency",
        "analytics.add_licensedagency",
        "analytics.change_licensedagency",
    ],
}


def _ensure_custom_permissions() -> None:
    for name, (model_label, verbose) in CUSTOM_PERMISSIONS.items():
        codename = name.split(".")[1]
        content_type = ContentType.objects.get_for_model(apps.get_model(model_label))
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": verbose}
        )


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create or update one Group per role with exactly the permissions above.

    Returns ``{role: number_of_permissions}``. Raises LookupError naming a permission that
    does not exist (a typo or a missing migration). Each group whose permissions change gets
    one ``role.permissions_sync`` audit row naming the role and the added and removed
    permissions (``app_label.codename``); a run that changes nothing writes nothing.
    """
    _ensure_custom_permissions()
    result = {}
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=role)
        perms = []
        for name in perm_names:
            app_label, codename = name.split(".")
            try:
                perms.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist as exc:
                raise LookupError(f"Unknown permission {name}") from exc
        before = set(group.permissions.values_list("content_type__app_label", "codename"))
        after = {(p.content_type.app_label, p.codename) for p in perms}
        group.permissions.set(perms)
        if before != after or created:
            audit_record(
                actor=None,
                action="role.permissions_sync",
                changes={
                    "role": str(role),
                    "created": created,
                    "added": sorted(f"{a}.{c}" for a, c in after - before),
                    "removed": sorted(f"{a}.{c}" for a, c in before - after),
                },
            )
        result[str(role)] = len(perms)
    return result
