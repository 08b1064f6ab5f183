"""Default agencies, service catalogue and role groups (agencies_load_defaults, roles_sync)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from sigap.agencies.choices import AgencyKind, Role, ServiceCode
from sigap.agencies.models import Agency, AgencyService, Service
from sigap.agencies.roles import ROLE_PERMISSIONS, roles_sync
from sigap.agencies.services import agencies_load_defaults
from sigap.areas.services import areas_load_csv
from sigap.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db

NAMED_MEMBERS = {
    "sudin-ppapp-jakpus": AgencyKind.SECRETARIAT,
    "upt-ppa-dki": AgencyKind.UPT_PPA,
    "sudin-pendidikan-1": AgencyKind.EDUCATION,
    "sudin-pendidikan-2": AgencyKind.EDUCATION,
    "sudin-sosial-jakpus": AgencyKind.SOCIAL,
    "sudin-kesehatan-jakpus": AgencyKind.HEALTH,
    "sudin-nakertransgi-jakpus": AgencyKind.MANPOWER,
    "polres-jakpus-ppa": AgencyKind.POLICE,
    "kejari-jakpus": AgencyKind.PROSECUTOR,
    "imigrasi-jakpus": AgencyKind.IMMIGRATION,
    "lpsk": AgencyKind.LPSK,
    "bp3mi-jakarta": AgencyKind.MIGRANT_PROTECTION,
}

# The catalogue the issue names (law enforcement is an extra referral target for police).
ISSUE_SERVICES = {
    "health_rehab",
    "social_rehab",
    "repatriation",
    "reintegration",
    "legal_aid",
    "shelter",
    "accompaniment",
    "restitution",
}


def test_all_named_member_agencies_exist_with_their_kind(reference):
    found = dict(Agency.objects.filter(code__in=NAMED_MEMBERS).values_list("code", "kind"))
    assert found == NAMED_MEMBERS
    secretariat = Agency.objects.get(kind=AgencyKind.SECRETARIAT)
    assert secretariat.code == "sudin-ppapp-jakpus"


def test_one_office_per_kecamatan_and_kelurahan_in_the_slice(reference):
    offices = dict(
        Agency.objects.filter(kind__in=[AgencyKind.KECAMATAN, AgencyKind.KELURAHAN]).values_list(
            "code", "area_id"
        )
    )
    assert offices == {
        "kecamatan-31-71-01": "31.71.01",
        "kecamatan-31-71-03": "31.71.03",
        "kelurahan-31-71-01-1001": "31.71.01.1001",
        "kelurahan-31-71-03-1001": "31.71.03.1001",
        "kelurahan-31-71-03-1002": "31.71.03.1002",
    }
    # Nothing generated outside the kota (the Cilacap village in the slice).
    assert not Agency.objects.filter(area__code__startswith="33").exists()


def test_service_catalogue_codes(reference):
    codes = set(Service.objects.values_list("code", flat=True))
    assert codes >= ISSUE_SERVICES
    assert codes == set(ServiceCode.values)


def test_agencies_offer_services_with_their_time_limits(reference):
    health = AgencyService.objects.get(
        agency__code="sudin-kesehatan-jakpus", service__code="health_rehab"
    )
    assert health.days_limit == 7
    offered = set(
        AgencyService.objects.filter(agency__code="sudin-sosial-jakpus").values_list(
            "service__code", flat=True
        )
    )
    assert {"social_rehab", "shelter", "repatriation"} <= offered


def test_loading_defaults_twice_creates_nothing_and_keeps_admin_edits(reference):
    Agency.objects.filter(code="lpsk").update(short_name="LPSK (edited)")
    counts = (Agency.objects.count(), Service.objects.count(), AgencyService.objects.count())
    assert agencies_load_defaults(kota_code="31.71") == {"services": 0, "agencies": 0}
    assert (
        Agency.objects.count(),
        Service.objects.count(),
        AgencyService.objects.count(),
    ) == counts
    assert Agency.objects.get(code="lpsk").short_name == "LPSK (edited)"


def test_defaults_need_the_areas_loaded(db):
    with pytest.raises(ApplicationError):
        agencies_load_defaults(kota_code="31.71")
    assert not Agency.objects.exists()


def test_full_areas_give_8_kecamatan_and_44_kelurahan_offices(db):
    areas_load_csv(path=settings.SHARED_DATA_DIR / "wilayah-indonesia.csv")
    agencies_load_defaults(kota_code="31.71")
    assert Agency.objects.filter(kind=AgencyKind.KECAMATAN).count() == 8
    assert Agency.objects.filter(kind=AgencyKind.KELURAHAN).count() == 44
    assert Agency.objects.get(code="kelurahan-31-71-03-1001").area.name == "Kemayoran"
    assert set(NAMED_MEMBERS) <= set(Agency.objects.values_list("code", flat=True))


# --- roles_sync --------------------------------------------------------------------------


def _perms(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_roles_sync_gives_each_role_group_exactly_its_permissions(reference):
    for role in Role.values:
        group = Group.objects.get(name=role)
        assert _perms(group) == set(ROLE_PERMISSIONS[role]), role


def test_roles_sync_is_idempotent_and_removes_stray_permissions(reference):
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=Role.LEADERSHIP)
    group.permissions.add(Permission.objects.get(codename="view_case"))
    counts = roles_sync()
    assert counts[Role.LEADERSHIP] == len(ROLE_PERMISSIONS[Role.LEADERSHIP])
    assert "cases.view_case" not in _perms(group)


@pytest.mark.parametrize(
    ("persona", "allowed", "denied"),
    [
        ("reporter_kemayoran", ["cases.add_case"], ["cases.open_case", "cases.close_case"]),
        ("caseworker_a", ["cases.open_case", "referrals.add_referral"], ["audit.view_auditevent"]),
        ("health_provider", ["referrals.respond_referral"], ["cases.add_case"]),
        ("leadership_user", ["cases.view_aggregates"], ["cases.view_case"]),
        ("platform_admin", ["accounts.add_user"], ["cases.view_case"]),
    ],
)
def test_membership_role_grants_the_groups_permissions(request, persona, allowed, denied):
    user = request.getfixturevalue(persona)
    for perm in allowed:
        assert user.has_perm(perm), perm
    for perm in denied:
        assert not user.has_perm(perm), perm


def test_changing_role_leaves_only_the_new_group(reporter_kemayoran, upt_ppa):
    from sigap.agencies.services import membership_set

    membership_set(user=reporter_kemayoran, agency=upt_ppa, role=Role.CASE_MANAGER)
    names = set(reporter_kemayoran.groups.values_list("name", flat=True))
    assert names == {Role.CASE_MANAGER}
