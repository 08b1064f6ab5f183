"""Role → permission table. One Django Group per role; ``roles_sync()`` keeps them in line.

Which *actions* a role may take is decided here; which *records* it sees is decided by
``sigap.cases.access`` (docs/access-model.md).
"""

from django.contrib.auth.models import Group, Permission

from sigap.agencies.choices import Role

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

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.REPORTER: ["cases.add_case", "cases.view_case"],
    Role.CASE_MANAGER: _CASE_TEAM,
    Role.SUPERVISOR: [
        *_CASE_TEAM,
        "referrals.override_consent",
        "casework.approve_plan",
        "casework.approve_closure",
    ],
    Role.SECRETARIAT: [
        "cases.add_case",
        "cases.view_case",
        "cases.view_aggregates",
        "referrals.view_referral",
    ],
    Role.SERVICE_PROVIDER: [
        "cases.view_case",
        "cases.add_casenote",
        "referrals.view_referral",
        "referrals.respond_referral",
    ],
    Role.POLICE: [
        "cases.view_case",
        "cases.add_casenote",
        "referrals.view_referral",
        "referrals.respond_referral",
        "justice.view_justice",
        "justice.manage_justice",
    ],
    Role.LEADERSHIP: ["cases.view_aggregates"],
    Role.AUDITOR: ["audit.view_auditevent"],
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
    ],
}


def roles_sync() -> dict[str, int]:
    """Create or update one Group per role with exactly the permissions above.

    Returns ``{role: number_of_permissions}``. Raises LookupError naming a permission that
    does not exist (a typo or a missing migration).
    """
    result = {}
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        perms = []
        for name in perm_names:
            app_label, codename = name.split(".")
            try:
                perms.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist as exc:
                raise LookupError(f"Unknown permission {name}") from exc
        group.permissions.set(perms)
        result[str(role)] = len(perms)
    return result
