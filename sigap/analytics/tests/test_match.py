"""The intake duplicate scorer (sigap.analytics.linkage.match): no database."""

import datetime as dt

import pytest

from sigap.analytics.linkage.match import (
    MAX_CANDIDATES,
    MatchRecord,
    rank,
    reason_text,
    score,
)

DOB = dt.date(2004, 3, 4)
DESA = "32.02.01.2001"


def rec(key, name, **kw):
    return MatchRecord(key=key, full_name=name, **kw)


def codes(scored):
    return [r.code for r in scored.reasons]


def test_siti_nurhalizah_matches_siti_nurhaliza_with_reasons_in_indonesian():
    query = rec("q", "Siti Nurhalizah", sex="F", date_of_birth=DOB, origin_area_code=DESA)
    cand = rec("c", "Siti Nurhaliza", sex="F", date_of_birth=DOB, origin_area_code=DESA)
    result = score(query, cand)
    texts = [reason_text(r) for r in result.reasons]
    assert texts == [
        "nama mirip: Nurhalizah ~ Nurhaliza",
        "tanggal lahir sama",
        "asal wilayah sama",
        "jenis kelamin sama",
    ]
    assert result.score == 72


def test_same_nik_outweighs_a_different_spelling():
    query = rec("q", "Sri Wahyuni", nik_hash="abc")
    same = score(query, rec("c", "Sri Wahyuningsih", nik_hash="abc"))
    other = score(query, rec("d", "Sri Wahyuni", nik_hash="xyz"))
    assert codes(same)[0] == "nik_same"
    assert reason_text(same.reasons[0]) == "NIK sama"
    assert "nik_different" in codes(other)
    assert same.score > other.score


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Muhammad Rizki", "M. Rizki"),
        ("Moh. Rizki", "Muhamad Rizki"),
        ("Nurul Aini", "Nur Aini"),
        ("Hj. Siti Aminah binti Ahmad", "Siti Aminah Ahmad"),
        ("H. Ahmad bin Yusuf", "Ahmad Yusuf"),
        ("Djoko Susilo", "Joko Susilo"),
        ("Soeharti", "Suharti"),
        ("Tjahjo Kumolo", "Cahyo Kumolo"),
        ("Fatimah", "Fatima"),
        ("Nur Haliza", "Nurhaliza"),
    ],
)
def test_indonesian_variants_count_as_the_same_name(query, candidate):
    result = score(rec("q", query), rec("c", candidate))
    assert result.score == 30
    assert codes(result) == ["name_similar"]


def test_variant_reason_names_the_two_spellings():
    result = score(rec("q", "Djoko Susilo"), rec("c", "Joko Susilo"))
    assert reason_text(result.reasons[0]) == "nama mirip: Djoko ~ Joko"


def test_identical_name_says_nama_sama():
    result = score(rec("q", "Budi  Santoso"), rec("c", "budi santoso"))
    assert codes(result) == ["name_same"]
    assert reason_text(result.reasons[0]) == "nama sama"


def test_swapped_and_dropped_names():
    swapped = score(rec("q", "Budi Santoso"), rec("c", "Santoso Budi"))
    dropped = score(rec("q", "Siti Nurhaliza"), rec("c", "Nurhaliza"))
    assert codes(swapped) == ["name_swapped"]
    assert codes(dropped) == ["name_partial"]
    assert swapped.score > dropped.score > 0


def test_one_letter_typo_is_similar():
    result = score(rec("q", "Rahmawati Susanti"), rec("c", "Rahmawati Susanty"))
    assert codes(result) == ["name_similar"]


def test_different_name_is_penalised():
    result = score(rec("q", "Ahmad Yani", sex="M"), rec("c", "Rina Wati", sex="M"))
    assert codes(result)[0] == "name_different"
    assert result.score == 0


def test_day_month_swap_and_year_off_by_one():
    query = rec("q", "Ani", date_of_birth=dt.date(2004, 3, 4))
    swapped = score(query, rec("c", "Ani", date_of_birth=dt.date(2004, 4, 3)))
    near = score(query, rec("d", "Ani", date_of_birth=dt.date(2005, 3, 4)))
    estimated = score(query, rec("e", "Ani", birth_year=2003))
    far = score(query, rec("f", "Ani", birth_year=1990))
    assert "dob_swapped" in codes(swapped)
    assert reason_text(next(r for r in swapped.reasons if r.code == "dob_swapped")) == (
        "tanggal lahir tertukar hari/bulan"
    )
    assert "year_near" in codes(near)
    assert reason_text(next(r for r in estimated.reasons if r.code == "year_near")) == (
        "tahun lahir ±1"
    )
    assert "year_far" in codes(far)
    assert swapped.score > near.score > estimated.score > far.score


def test_origin_area_levels():
    query = rec("q", "Ani", origin_area_code=DESA)
    same = score(query, rec("a", "Ani", origin_area_code=DESA))
    kec = score(query, rec("b", "Ani", origin_area_code="32.02.01.2002"))
    kab = score(query, rec("c", "Ani", origin_area_code="32.02.05.2001"))
    other = score(query, rec("d", "Ani", origin_area_code="33.01.01.2001"))
    assert "area_same" in codes(same)
    assert "kecamatan_same" in codes(kec)
    assert "kabupaten_same" in codes(kab)
    assert same.score > kec.score > kab.score > other.score


def test_different_sex_is_penalised():
    query = rec("q", "Nur", sex="F", birth_year=2009)
    assert score(query, rec("a", "Nur", sex="M", birth_year=2009)).score < 20


def test_rank_keeps_at_most_ten_with_the_right_one_first():
    query = rec("q", "Nur", sex="F", birth_year=2009, origin_area_code="31.71.01.1001")
    crowd = [
        rec(
            i,
            "Nur",
            sex="F" if i % 2 else "M",
            birth_year=1960 + i % 50,
            origin_area_code=f"31.71.0{i % 8 + 1}.100{i % 9}",
        )
        for i in range(300)
    ]
    right = rec("right", "Nurul", sex="F", birth_year=2009, origin_area_code="31.71.01.1001")
    ranked = rank(query, [*crowd, right])
    assert len(ranked) <= MAX_CANDIDATES
    assert ranked[0].key == "right"
    assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:], strict=False))


def test_rank_drops_weak_candidates():
    query = rec("q", "Siti Aminah", sex="F", birth_year=2000)
    assert rank(query, [rec("x", "Joko Widodo", sex="M", birth_year=1961)]) == []


def test_rank_always_keeps_the_same_nik():
    query = rec("q", "Budi", nik_hash="h1")
    ranked = rank(query, [rec("a", "Ani", nik_hash="h1"), rec("b", "Ani", nik_hash="h2")])
    assert [s.key for s in ranked] == ["a"]
    assert ranked[0].score < 40
