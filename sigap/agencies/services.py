"""Writes for agencies, the service catalogue and memberships."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from sigap.agencies.choices import AgencyKind, Role
from sigap.agencies.models import Agency, AgencyService, Membership, Service
from sigap.agencies.reference import CITY_AGENCIES, SERVICES
from sigap.areas.models import Area
from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError


@transaction.atomic
def agencies_load_defaults(*, kota_code: str = "31.71") -> dict[str, int]:
    """Create the service catalogue, the city's member agencies and one office per kecamatan
    and kelurahan of ``kota_code``. Idempotent: existing rows (maybe edited in the admin) are
    left as they are. Requires the areas to be loaded; raises ApplicationError otherwise.
    Returns counts of rows created: ``{"services": n, "agencies": n}``.
    """
    kota = Area.objects.filter(code=kota_code).first()
    if kota is None:
        raise ApplicationError(f"Area {kota_code} not loaded; run load_areas first")
    created = {"services": 0, "agencies": 0}
    services = {}
    for code, name, name_en, basis, days in SERVICES:
        service, made = Service.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "legal_basis": basis, "default_days": days},
        )
        services[code] = service
        created["services"] += made
    for code, name, short, kind, area_code, offered in CITY_AGENCIES:
        agency, made = Agency.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "area_id": area_code or None,
            },
        )
        created["agencies"] += made
        if made:
            for service_code in offered:
                AgencyService.objects.get_or_create(
                    agency=agency,
                    service=services[service_code],
                    defaults={"days_limit": services[service_code].default_days},
                )
    for area in Area.objects.filter(
        code__startswith=kota_code + ".", level__in=["kecamatan", "kelurahan"]
    ).order_by("code"):
        kind = AgencyKind.KECAMATAN if area.level == "kecamatan" else AgencyKind.KELURAHAN
        prefix = "Kecamatan" if area.level == "kecamatan" else "Kelurahan"
        _agency, made = Agency.objects.get_or_create(
            code=f"{area.level}-{area.code.replace('.', '-')}",
            defaults={
                "name": f"Kantor {prefix} {area.name}",
                "short_name": f"{prefix} {area.name}",
                "kind": kind,
                "area": area,
            },
        )
        created["agencies"] += made
    return created


@transaction.atomic
def membership_set(*, user, agency: Agency, role: str, actor=None) -> Membership:
    """Put ``user`` in ``agency`` with ``role`` (replacing any earlier membership) and in the
    role's Group only. Audited as ``membership.set`` (a change of role, issue 3).
    """
    if role not in Role.values:
        raise ApplicationError(f"Unknown role {role}")
    membership, _created = Membership.objects.update_or_create(
        user=user, defaults={"agency": agency, "role": role}
    )
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=role))
    audit_record(
        actor=actor,
        action="membership.set",
        target=user,
        changes={"agency": str(agency.public_id), "role": role},
    )
    return membership
