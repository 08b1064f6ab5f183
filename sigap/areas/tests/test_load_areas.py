"""``manage.py load_areas``: parent links, idempotence, all-or-nothing on bad files, real data."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from sigap.areas.models import Area

pytestmark = pytest.mark.django_db

HEADER = "code,level,name,parent_code\n"
SMALL = (
    HEADER
    + "31,provinsi,Daerah Khusus Ibukota Jakarta,\n"
    + "31.71,kota,Kota Administrasi Jakarta Pusat,31\n"
    + "31.71.03,kecamatan,Kemayoran,31.71\n"
    + "31.71.03.1001,kelurahan,Kemayoran,31.71.03\n"
    + "31.71.03.1002,kelurahan,Kebon  Kosong,31.71.03\n"
)


def _write(tmp_path, text, name="areas.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(path):
    out = StringIO()
    call_command("load_areas", path=str(path), stdout=out)
    return out.getvalue()


def test_loads_parents_and_children(tmp_path):
    _load(_write(tmp_path, SMALL))
    assert Area.objects.count() == 5
    kelurahan = Area.objects.select_related("parent__parent").get(code="31.71.03.1001")
    assert kelurahan.level == "kelurahan"
    assert kelurahan.parent.code == "31.71.03"
    assert kelurahan.parent.parent.code == "31.71"
    assert Area.objects.get(code="31").parent is None
    assert sorted(Area.objects.get(code="31.71.03").children.values_list("code", flat=True)) == [
        "31.71.03.1001",
        "31.71.03.1002",
    ]


def test_name_key_is_normalised_for_search(tmp_path):
    _load(_write(tmp_path, SMALL))
    assert Area.objects.get(code="31.71.03.1002").name_key == "kebon kosong"


def test_loading_twice_is_idempotent(tmp_path):
    path = _write(tmp_path, SMALL)
    _load(path)
    first = list(Area.objects.order_by("code").values_list("code", "level", "name", "parent"))
    _load(path)
    second = list(Area.objects.order_by("code").values_list("code", "level", "name", "parent"))
    assert len(second) == 5
    assert first == second


def test_reload_updates_a_renamed_area(tmp_path):
    _load(_write(tmp_path, SMALL))
    _load(_write(tmp_path, SMALL.replace("Kebon  Kosong", "Kebon Kosong Baru")))
    assert Area.objects.get(code="31.71.03.1002").name == "Kebon Kosong Baru"
    assert Area.objects.count() == 5


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("kode,tingkat,nama,induk\n31,provinsi,DKI,\n", id="bad-header"),
        pytest.param(SMALL + "31.71.09.1001,kelurahan,Nowhere,31.71.09\n", id="undefined-parent"),
        pytest.param(SMALL + "31.71.04,district,Senen,31.71\n", id="unknown-level"),
    ],
)
def test_bad_file_is_refused_and_nothing_written(tmp_path, text):
    with pytest.raises(CommandError):
        _load(_write(tmp_path, text))
    assert Area.objects.count() == 0


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError):
        _load(tmp_path / "absent.csv")


def test_loads_the_real_kemendagri_list():
    """All 91,599 areas of ../shared/data; Jakarta Pusat has 8 kecamatan and 44 kelurahan."""
    path = settings.SHARED_DATA_DIR / "wilayah-indonesia.csv"
    assert path.exists(), f"reference data missing: {path}"
    assert "91599" in _load(path)
    assert Area.objects.count() == 91_599
    assert Area.objects.filter(parent_id="31.71", level="kecamatan").count() == 8
    assert Area.objects.filter(code__startswith="31.71.", level="kelurahan").count() == 44
    assert Area.objects.filter(parent__parent_id="31.71", level="kelurahan").count() == 44
    kemayoran = Area.objects.get(code="31.71.03")
    assert kemayoran.name == "Kemayoran"
    assert kemayoran.parent_id == "31.71"
    # Every area except a province has a parent (the file's links are complete).
    assert not Area.objects.exclude(level="provinsi").filter(parent__isnull=True).exists()
