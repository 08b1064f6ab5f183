"""The one formula-safe table writer (issue 7 finding 3): cells read back with csv/openpyxl."""

import csv
import io

import openpyxl
import pytest

from sigap.core.tabular import TableWriter, formula_safe

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


def _write(fmt: str, rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    with TableWriter(buffer, fmt=fmt, headers=["value"]) as writer:
        for row in rows:
            writer.writerow(row)
    assert writer.rows == len(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cell_starting_like_a_formula_is_written_as_text(payload):
    content = _write("csv", [[payload]])
    cells = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert cells == [["value"], ["'" + payload]]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_cell_starting_like_a_formula_is_a_text_cell(payload):
    content = _write("xlsx", [[payload]])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cell = sheet["A2"]
    assert cell.data_type == "s"  # text, not "f" (formula)
    # A carriage return is stored as OOXML's escape ``_x000D_`` (ECMA-376 ST_Xstring; Excel
    # shows a carriage return, openpyxl reads the escape as it is); otherwise unchanged.
    assert cell.value in (payload, payload.replace("\r", "_x000D_"))
    assert cell.quotePrefix is True


def test_plain_text_and_numbers_are_unchanged():
    assert formula_safe("Siti Aminah") == "Siti Aminah"
    assert formula_safe(-5) == -5 and formula_safe(None) == ""
    sheet = openpyxl.load_workbook(io.BytesIO(_write("xlsx", [["Siti", -5, None]]))).active
    assert [c.value for c in sheet[2]] == ["Siti", -5]  # an empty cell is not stored
    assert sheet["B2"].data_type == "n"


def test_xlsx_drops_control_characters_instead_of_failing():
    sheet = openpyxl.load_workbook(io.BytesIO(_write("xlsx", [["Ab\x01c"]]))).active
    assert sheet["A2"].value == "Abc"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        TableWriter(io.BytesIO(), fmt="ods", headers=["x"])
