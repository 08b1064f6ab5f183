"""Test personas shared by every app's tests (healthchecks' alice/bob/charlie).

Reference data: a tiny slice of real Kemendagri areas (Jakarta Pusat, Kemayoran, one village
outside Jakarta) plus the real service catalogue and city agencies, created per test DB.
"""

import pytest

from sigap.agencies.choices import Role

TEST_PASSWORD = "correct horse battery staple"

AREAS = [
    ("31", "provinsi", "DKI Jakarta", None),
    ("31.71", "kota", "Kota Administrasi Jakarta Pusat", "31"),
    ("31.71.03", "kecamatan", "Kemayoran", "31.71"),
    ("31.71.03.1001", "kelurahan", "Kemayoran", "31.71.03"),
    ("31.71.03.1002", "kelurahan", "Kebon Kosong", "31.71.03"),
    ("31.71.01", "kecamatan", "Gambir", "31.71"),
    ("31.71.01.1001", "kelurahan", "Gambir", "31.71.01"),
    ("33", "provinsi", "Jawa Tengah", None),
    ("33.01", "kabupaten", "Kabupaten Cilacap", "33"),
    ("33.01.01", "kecamatan", "Dayeuhluhur", "33.01"),
    ("33.01.01.2001", "desa", "Hanum", "33.01.01"),
]


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language (Bahasa Indonesia). A request made
    with the English cookie activates English on the thread, and nothing deactivates it
    (Django's LocaleMiddleware neither), so a later test on the same worker would read
    English messages where it expects Indonesian ones."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def areas(db):
    """Create the small area slice; returns ``{code: Area}``."""
    from sigap.areas.models import Area, normalize_name

    result = {}
    for code, level, name, parent in AREAS:
        result[code] = Area.objects.create(
            code=code, level=level, name=name, name_key=normalize_name(name), parent_id=parent
        )
    return result


@pytest.fixture
def reference(areas):
    """Areas + service catalogue + Jakarta Pusat agencies + role groups."""
    from sigap.agencies.roles import roles_sync
    from sigap.agencies.services import agencies_load_defaults

    agencies_load_defaults(kota_code="31.71")
    roles_sync()
    return areas


def _agency(code):
    from sigap.agencies.models import Agency

    return Agency.objects.get(code=code)


@pytest.fixture
def make_user(reference):
    """Factory: ``make_user(role, agency_code, username=None)`` → active user with membership."""
    from sigap.accounts.services import user_create
    from sigap.agencies.services import membership_set

    counter = {"n": 0}

    def _make(role, agency_code, username=None):
        counter["n"] += 1
        user = user_create(
            username=username or f"{role}-{counter['n']}",
            password=TEST_PASSWORD,
            first_name=role.replace("_", " ").title(),
        )
        membership_set(user=user, agency=_agency(agency_code), role=role)
        return user

    return _make


@pytest.fixture
def upt_ppa(reference):
    return _agency("upt-ppa-dki")


@pytest.fixture
def kelurahan_kemayoran(reference):
    return _agency("kelurahan-31-71-03-1001")


@pytest.fixture
def reporter_kemayoran(make_user):
    return make_user(Role.REPORTER, "kelurahan-31-71-03-1001", "lurah-kemayoran")


@pytest.fixture
def reporter_gambir(make_user):
    return make_user(Role.REPORTER, "kelurahan-31-71-01-1001", "lurah-gambir")


@pytest.fixture
def caseworker_a(make_user):
    """Case manager at UPT PPA (the handling agency)."""
    return make_user(Role.CASE_MANAGER, "upt-ppa-dki", "cm-upt")


@pytest.fixture
def supervisor_a(make_user):
    return make_user(Role.SUPERVISOR, "upt-ppa-dki", "spv-upt")


@pytest.fixture
def caseworker_b(make_user):
    """The outsider: a case manager at another agency (Sudin Sosial)."""
    return make_user(Role.CASE_MANAGER, "sudin-sosial-jakpus", "cm-sosial")


@pytest.fixture
def health_provider(make_user):
    return make_user(Role.SERVICE_PROVIDER, "sudin-kesehatan-jakpus", "kesehatan")


@pytest.fixture
def social_provider(make_user):
    return make_user(Role.SERVICE_PROVIDER, "sudin-sosial-jakpus", "sosial")


@pytest.fixture
def police_officer(make_user):
    return make_user(Role.POLICE, "polres-jakpus-ppa", "polisi")


@pytest.fixture
def prosecutor_user(make_user):
    """A prosecutor at Kejari Jakarta Pusat (issue 13 §7)."""
    return make_user(Role.PROSECUTOR, "kejari-jakpus", "jaksa")


@pytest.fixture
def lpsk_user(make_user):
    """An LPSK officer (issue 13 §7)."""
    return make_user(Role.LPSK, "lpsk", "petugas-lpsk")


@pytest.fixture
def secretariat_user(make_user):
    return make_user(Role.SECRETARIAT, "sudin-ppapp-jakpus", "sekretariat")


@pytest.fixture
def leadership_user(make_user):
    return make_user(Role.LEADERSHIP, "pemkot-jakpus", "pimpinan")


@pytest.fixture
def platform_admin(make_user):
    return make_user(Role.PLATFORM_ADMIN, "pemkot-jakpus", "admin")


@pytest.fixture
def reported_case(reporter_kemayoran, areas):
    """A case reported by Kelurahan Kemayoran: three adult women, journey to Malaysia."""
    from datetime import date

    from sigap.cases.services import JourneyData, PersonData, case_report

    victims = [
        PersonData(
            full_name=f"Korban Sintetis {i}",
            sex="F",
            date_of_birth=date(1998 + i, 3, 1),
            origin_area=areas["33.01.01.2001"],
        )
        for i in range(3)
    ]
    return case_report(
        actor=reporter_kemayoran,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Tiga perempuan ditampung di rumah.",
        modus="migrant_worker",
        exploitation_forms=["forced_labour"],
        destination_country="MY",
        recruitment_channel="facebook",
        victims=victims,
        journey=[
            JourneyData(stage="recruitment", occurred_on=date(2026, 1, 10)),
            JourneyData(
                stage="transit",
                area=areas["31.71.03.1001"],
                place_note="penampungan",
                occurred_on=date(2026, 2, 1),
            ),
        ],
    )


@pytest.fixture
def open_case(reported_case, caseworker_a):
    """The reported case taken on by UPT PPA."""
    from sigap.cases.services import case_open

    return case_open(case=reported_case, actor=caseworker_a)


@pytest.fixture
def password_reads():
    """``password_reads(captured, user)``: the captured SQL that reads a password hash.

    Leaves out one load of the logged-in ``user`` by id (Django checks the session against
    that user's own hash; ``SigapModelBackend`` joins their membership and agency to it);
    anything else that selects ``password`` (a user joined through
    ``select_related`` or loaded by a foreign key) is returned (issue 8).
    """
    import re

    def _reads(captured, user):
        own = re.compile(
            rf'FROM "accounts_user"(?:(?! WHERE ).)* WHERE "accounts_user"\."id" = {user.pk} LIMIT'
        )
        reads = [q["sql"] for q in captured if '"password"' in q["sql"]]
        for i, sql in enumerate(reads):
            if own.search(sql):
                del reads[i]
                break
        return reads

    return _reads


@pytest.fixture
def count_over_cap(monkeypatch):
    """Every ``CappedPaginator`` finds one row more than its cap (10,000), whatever the table
    holds: the page says "more than 10,000" without 10,001 rows being made (issue 8)."""
    from sigap.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "_bounded_count", property(lambda self: self.cap + 1))
