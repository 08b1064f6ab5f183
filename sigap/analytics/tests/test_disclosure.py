"""Disclosure-control core (issue 12 §6): hand-computed tables and releases, and
property-style checks over random inputs (no database)."""

import random

import numpy as np
import pytest

from sigap.analytics.disclosure import (
    KAnonymityError,
    age_band,
    determined_entries,
    k_anonymise,
    province_code,
    published_line,
    suppress_counts,
    suppress_table,
    verify_release,
)

# ---------------------------------------------------------------------------------------------
# Tables


def test_one_small_cell_hides_a_rectangle_and_keeps_the_totals():
    # Row totals 11, 22; column totals 13, 20; grand total 33. The 3 is primary; row 0 then
    # holds one hidden cell (hide 8), column 0 too (hide 10), and column 1 (hide 12).
    table = suppress_table([[3, 8], [10, 12]])
    assert table.cells == ((None, None), (None, None))
    assert table.row_totals == (11, 22)
    assert table.col_totals == (13, 20)
    assert table.grand_total == 33
    assert table.report.primary == (("cell", 0, 0),)
    assert table.report.complementary == (("cell", 0, 1), ("cell", 1, 0), ("cell", 1, 1))
    assert table.report.hidden == 4
    assert table.report.entries_total == 4 + 2 + 2 + 1


def test_zeros_and_large_counts_are_published_as_they_are():
    table = suppress_table([[0, 5], [7, 0]])
    assert table.cells == ((0, 5), (7, 0))
    assert table.row_totals == (5, 7)
    assert table.report.hidden == 0


def test_a_bridge_between_two_groups_of_hidden_cells_gets_one_more_suppression():
    # Nine primary cells (all 1-4) form two rectangles joined by cell (1, 2). Every row and
    # column already has two hidden cells, so the line rule adds nothing, yet rows 0+1 minus
    # columns 0+1 gives cell (1, 2) = 2 exactly. The algebra step hides the smallest published
    # cell of its row or column: (0, 2) = 20 (row 1 offers 40, column 2 offers 20).
    cells = [
        [2, 3, 20, 30],
        [4, 1, 2, 40],
        [50, 60, 3, 4],
        [70, 80, 1, 2],
    ]
    table = suppress_table(cells)
    assert len(table.report.primary) == 9
    assert table.report.complementary == (("cell", 0, 2),)
    assert table.cells[0] == (None, None, None, 30)
    assert table.row_totals == (55, 47, 117, 153)
    assert table.col_totals == (126, 144, 26, 76)
    assert determined_entries(table) == []


def test_one_way_breakdown_hides_a_second_value_so_the_total_gives_nothing_away():
    # 17 served on time, 3 late, 0 not served, total 20: 3 is primary; the total would give
    # it away (20 - 17 - 0), so 17 is hidden as well; the zero stays.
    table = suppress_counts([17, 3, 0])
    assert table.cells == ((None, None, 0),)
    assert table.row_totals == (20,)
    assert table.grand_total == 20


def test_a_small_total_is_hidden_too():
    table = suppress_counts([2, 0, 1])
    assert table.cells == ((None, 0, None),)
    assert table.row_totals == (None,)
    assert table.grand_total is None
    assert table.published_values() == [0]


def test_published_line_marks():
    # Only small counts hidden: they read "<5".
    assert published_line([3, 0, 2]) == (["<5", 0, "<5"], 5)
    assert published_line([3, 0, 2], total=False) == (["<5", 0, "<5"], None)
    # One small count and a total: a second count is hidden, and both read "*" (a "<5" beside
    # a "*" would tell which of the two is small).
    assert published_line([2, 7, 0, 9]) == (["*", "*", 0, 9], 18)
    assert published_line([6, 8]) == ([6, 8], 14)
    assert published_line([]) == ([], 0)
    assert published_line([1], threshold=3) == (["<3"], "<3")


def test_bad_tables_are_refused():
    with pytest.raises(ValueError):
        suppress_table([])
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress_table([[-1]])
    with pytest.raises(ValueError):
        suppress_table([[1]], threshold=1)


def _numpy_determined(table, rows, cols, row_totals, col_totals):
    """An independent check with numpy: a hidden entry is determined when its unit vector
    lies in the row space of the published equations restricted to the hidden entries."""
    entries = [("cell", i, j) for i in range(rows) for j in range(cols)]
    value = {("cell", i, j): table.cells[i][j] for i in range(rows) for j in range(cols)}
    equations = []
    if row_totals:
        entries += [("row", i) for i in range(rows)]
        value.update({("row", i): table.row_totals[i] for i in range(rows)})
        for i in range(rows):
            equations.append({**{("cell", i, j): 1 for j in range(cols)}, ("row", i): -1})
    if col_totals:
        entries += [("col", j) for j in range(cols)]
        value.update({("col", j): table.col_totals[j] for j in range(cols)})
        for j in range(cols):
            equations.append({**{("cell", i, j): 1 for i in range(rows)}, ("col", j): -1})
    if row_totals or col_totals:
        entries.append(("all",))
        value[("all",)] = table.grand_total
        if row_totals:
            equations.append({**{("row", i): 1 for i in range(rows)}, ("all",): -1})
        if col_totals:
            equations.append({**{("col", j): 1 for j in range(cols)}, ("all",): -1})
    hidden = [e for e in entries if value[e] is None]
    if not hidden or not equations:
        return []
    matrix = np.array([[eq.get(h, 0) for h in hidden] for eq in equations], dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for k, h in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(h)
    return found


def test_property_no_small_count_shown_and_no_hidden_entry_recoverable():
    rng = random.Random(20261204)
    for _ in range(300):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        cells = [
            [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40]) for _ in range(cols)]
            for _ in range(rows)
        ]
        row_totals, col_totals = rng.random() < 0.8, rng.random() < 0.8
        table = suppress_table(cells, row_totals=row_totals, col_totals=col_totals)
        assert not [v for v in table.published_values() if 1 <= v <= 4], cells
        for i in range(rows):
            for j in range(cols):
                assert table.cells[i][j] in (None, cells[i][j])
        if row_totals:
            for i in range(rows):
                assert table.row_totals[i] in (None, sum(cells[i]))
        assert _numpy_determined(table, rows, cols, row_totals, col_totals) == [], cells
        assert determined_entries(table) == []


# ---------------------------------------------------------------------------------------------
# Records


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, "unknown"),
        (0, "0-5"),
        (5, "0-5"),
        (6, "6-12"),
        (12, "6-12"),
        (13, "13-17"),
        (17, "13-17"),
        (18, "18-24"),
        (24, "18-24"),
        (25, "25-44"),
        (44, "25-44"),
        (45, "45-59"),
        (59, "45-59"),
        (60, "60+"),
        (101, "60+"),
    ],
)
def test_simfoni_age_bands(age, band):
    assert age_band(age) == band


def test_province_of_an_area_code():
    assert province_code("33.01.01.2001") == "33"
    assert province_code("31") == "31"
    assert province_code("") == "unknown"
    assert province_code(None) == "unknown"


def _rows(spec):
    """``[(count, year, sex, band), ...]`` → rows with a running ``n`` column (not a QI)."""
    rows = []
    for count, year, sex, band in spec:
        for _ in range(count):
            rows.append({"n": len(rows) + 1, "year": year, "sex": sex, "age_band": band})
    return rows


QUASI = ["year", "sex", "age_band"]


def test_release_drops_the_small_classes_within_the_allowed_share():
    # 100 rows: classes of 60 and 36 stay; classes of 1 and 3 (4 rows, 4 %) go.
    rows = _rows([(60, 2026, "F", "18-24"), (36, 2026, "M", "25-44"), (1, 2025, "F", "60+")])
    rows += _rows([(3, 2026, "F", "0-5")])
    release = k_anonymise(rows, quasi=QUASI, k=11)
    assert len(release.rows) == 96
    assert {(r["year"], r["sex"], r["age_band"]) for r in release.rows} == {
        (2026, "F", "18-24"),
        (2026, "M", "25-44"),
    }
    report = release.report
    assert (report.rows_in, report.rows_out, report.rows_suppressed) == (100, 96, 4)
    assert (report.classes_kept, report.classes_suppressed, report.smallest_class) == (2, 2, 36)


def test_release_is_refused_when_too_many_rows_would_go():
    # 6 of 100 rows are in classes below 11: more than 5 % (5 rows).
    rows = _rows([(60, 2026, "F", "18-24"), (34, 2026, "M", "25-44"), (6, 2025, "F", "60+")])
    with pytest.raises(KAnonymityError) as excinfo:
        k_anonymise(rows, quasi=QUASI, k=11)
    assert (excinfo.value.needed, excinfo.value.allowed, excinfo.value.rows) == (6, 5, 100)
    # The same data with a class of exactly 11 passes (k is "at least").
    ok = _rows([(60, 2026, "F", "18-24"), (29, 2026, "M", "25-44"), (11, 2025, "F", "60+")])
    assert len(k_anonymise(ok, quasi=QUASI, k=11).rows) == 100


def test_release_refuses_unknown_columns():
    with pytest.raises(ValueError, match="origin"):
        k_anonymise(_rows([(20, 2026, "F", "18-24")]), quasi=["year", "origin"])
    with pytest.raises(ValueError):
        verify_release(_rows([(20, 2026, "F", "18-24")]), 11, [])


def test_verify_release_names_the_planted_unique_row():
    rows = _rows([(12, 2026, "F", "18-24"), (11, 2026, "M", "25-44")])
    assert verify_release(rows, 11, QUASI) == []
    planted = dict(rows[4], age_band="60+")
    rows.insert(7, planted)
    assert verify_release(rows, 11, QUASI) == [8]
    # A row that is unique only on a column that is not declared is no problem.
    rows[7] = dict(rows[6], n=999)
    assert verify_release(rows, 11, QUASI) == []
    # Text read back from a CSV compares equal to the numbers written.
    as_text = [{k: f" {v} " for k, v in row.items()} for row in rows]
    assert verify_release(as_text, 11, QUASI) == []


def test_property_every_release_passes_verification():
    rng = random.Random(42)
    refused = released = 0
    for _ in range(300):
        rows = [
            {
                "year": rng.choice([2024, 2025, 2026]),
                "sex": rng.choice("FM"),
                "age_band": age_band(rng.choice([None, 3, 15, 20, 30, 50, 70])),
                "province": rng.choice(["31", "33", "32", "unknown"]),
            }
            for _ in range(rng.randint(0, 400))
        ]
        quasi = rng.sample(["year", "sex", "age_band", "province"], rng.randint(1, 4))
        k = rng.randint(2, 15)
        share = rng.choice([0.0, 0.05, 0.2, 1.0])
        try:
            release = k_anonymise(rows, quasi=quasi, k=k, max_suppression=share)
        except KAnonymityError as err:
            refused += 1
            assert err.needed > err.allowed
            assert verify_release(rows, k, quasi) != []
            continue
        released += 1
        assert verify_release(release.rows, k, quasi) == []
        assert release.report.rows_suppressed <= int(share * len(rows) + 1e-9)
        assert len(release.rows) + release.report.rows_suppressed == len(rows)
    assert refused and released  # both branches exercised
