"""The one formula-safe table writer behind every CSV and XLSX export (issue 7 finding 3,
issue 12 §2).

A spreadsheet evaluates a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, tab or carriage return followed by one of them) as a formula, so a victim named
``=HYPERLINK("http://x","y")`` or ``+cmd|' /C calc'!A0`` would become a live link or a command
in the file a task force opens ("CSV injection", OWASP). Every text cell therefore goes through
:func:`formula_safe` (CSV) or is written as a typed text cell with Excel's quote prefix (XLSX):

- CSV has no cell types, so a text value starting with one of :data:`FORMULA_PREFIXES` gets a
  leading apostrophe (OWASP's recommendation); spreadsheets then show it as text.
- XLSX cells are typed: text is written as a string cell (never a formula, whatever it starts
  with) with ``quotePrefix`` set, so editing it in Excel keeps it text; the value is unchanged.

Numbers (int, float, Decimal) are written as numbers in both formats; ``None`` as an empty cell.

:class:`TableWriter` streams: CSV rows go straight to the file; XLSX uses openpyxl's write-only
workbook, which keeps memory bounded whatever the row count. Use it as a context manager or
call :meth:`TableWriter.close`.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_NUMBER = (int, float, Decimal)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (it starts with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return)."""
    return text.startswith(FORMULA_PREFIXES)


def formula_safe(value: Any) -> Any:
    """A CSV cell value that no spreadsheet evaluates: numbers and ``None`` as they are, any
    other value as text, with a leading apostrophe when :func:`is_formula_like`."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, _NUMBER):
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


class TableWriter:
    """Writes one table (header row, then rows) as CSV or XLSX to a binary file object.

    ``fmt``: ``"csv"`` (UTF-8 with BOM so spreadsheets read it right, ``\\r\\n`` lines) or
    ``"xlsx"`` (one sheet named ``title``). Raises ``ValueError`` for another format. The file
    object stays open after :meth:`close` (the caller owns it).
    """

    def __init__(self, fileobj: IO[bytes], *, fmt: str, headers: list[str], title: str = "data"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown table format: {fmt!r}")
        self.fmt = fmt
        self.rows = 0
        self._fileobj = fileobj
        if fmt == "csv":
            self._text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._text)
        else:
            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet(title=title[:31])
        self._write(headers)
        self.rows = 0  # the header is not a data row

    def _xlsx_cell(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, _NUMBER) and not isinstance(value, bool):
            return value
        # openpyxl refuses XML control characters; a name must not crash the export.
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        if not is_formula_like(text):
            return text  # openpyxl types any other string as text ("s")
        cell = WriteOnlyCell(self._sheet, value=text)
        cell.data_type = "s"  # text, never a formula, whatever it starts with
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited
        return cell

    def _write(self, values: list[Any]) -> None:
        if self.fmt == "csv":
            self._csv.writerow([formula_safe(v) for v in values])
        else:
            self._sheet.append([self._xlsx_cell(v) for v in values])

    def writerow(self, values: list[Any]) -> None:
        """Append one data row (a list of cell values, same order as the headers)."""
        self._write(values)
        self.rows += 1

    def close(self) -> None:
        """Finish the file (XLSX: writes the workbook); the file object is left open."""
        if self.fmt == "csv":
            self._text.flush()
            self._text.detach()
        else:
            self._book.save(self._fileobj)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
