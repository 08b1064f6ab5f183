"""Helpers for the dashboard tests: the full list of Jakarta Pusat kecamatan, quick cases."""

from datetime import date

import pytest

from sigap.areas.models import Area, normalize_name

OTHER_JAKPUS_KECAMATAN = [  # conftest's slice already has Gambir (01) and Kemayoran (03)
    ("31.71.02", "Sawah Besar"),
    ("31.71.04", "Senen"),
    ("31.71.05", "Cempaka Putih"),
    ("31.71.06", "Menteng"),
    ("31.71.07", "Tanah Abang"),
    ("31.71.08", "Johar Baru"),
]


@pytest.fixture
def all_kecamatan(areas):
    """The 8 kecamatan of Jakarta Pusat; returns their codes."""
    for code, name in OTHER_JAKPUS_KECAMATAN:
        Area.objects.create(
            code=code,
            level="kecamatan",
            name=name,
            name_key=normalize_name(name),
            parent_id="31.71",
        )
    return sorted([code for code, _ in OTHER_JAKPUS_KECAMATAN] + ["31.71.01", "31.71.03"])


@pytest.fixture
def report_case(areas):
    """Factory: ``report_case(actor, area_code, forms=[...], reported_on=None, victim=None)``."""
    from sigap.cases.services import PersonData, case_report

    def _report(actor, area_code, *, forms=("forced_labour",), reported_on=None, victim=None):
        return case_report(
            actor=actor,
            intake_channel="kelurahan_report",
            report_area=areas[area_code],
            summary="Synthetic test case.",
            reported_on=reported_on,
            modus="migrant_worker",
            exploitation_forms=list(forms),
            victims=[PersonData(full_name=victim, sex="F", date_of_birth=date(2000, 1, 1))]
            if victim
            else [],
        )

    return _report
