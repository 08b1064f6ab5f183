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

:class:`TableWriter` streams: CSV rows go straight to the file; XLSX goes through XlsxWriter in
``constant_memory`` mode (each row is flushed to a temporary file as soon as the next one
starts), so memory stays bounded whatever the row count. XlsxWriter was chosen over openpyxl's
write-only workbook for speed (about 1.4x on the same rows, issue 12's 10,000 rows/s target;
docs/benchmarks.md) with its automatic conversions (strings to formulas, URLs or numbers) all
switched off. Use it as a context manager or call :meth:`TableWriter.close`.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_PREFIXES)  # each prefix is one character
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


def _csv_cells(values: list[Any]) -> list[Any]:
    """:func:`formula_safe` over a row, with a fast path for the common plain text cell."""
    out = []
    for v in values:
        if type(v) is str:
            out.append("'" + v if v and v[0] in _FORMULA_FIRST else v)
        else:
            out.append(formula_safe(v))
    return out


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
            self._book = xlsxwriter.Workbook(
                fileobj,
                {
                    "constant_memory": True,  # rows streamed to a temporary file
                    "strings_to_formulas": False,  # text is text, whatever it starts with
                    "strings_to_urls": False,
                    "strings_to_numbers": False,
                },
            )
            self._sheet = self._book.add_worksheet(title[:31])
            # Excel keeps a cell with the quote prefix as text when it is edited.
            self._quoted = self._book.add_format({"quote_prefix": True})
            self._row_index = 0
        self._write(headers)
        self.rows = 0  # the header is not a data row

    def _write_xlsx(self, values: list[Any]) -> None:
        row = self._row_index
        write_string, write_number = self._sheet.write_string, self._sheet.write_number
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, _NUMBER) and not isinstance(value, bool):
                write_number(row, col, value)
                continue
            text = value if type(value) is str else str(value)
            if not text.isprintable():
                # XML control characters are not allowed in a cell: dropped, not a crash.
                text = ILLEGAL_CHARACTERS_RE.sub("", text)
            if text and text[0] in _FORMULA_FIRST:
                write_string(row, col, text, self._quoted)  # a string cell, never a formula
            else:
                write_string(row, col, text)
        self._row_index += 1

    def _write(self, values: list[Any]) -> None:
        if self.fmt == "csv":
            self._csv.writerow(_csv_cells(values))
        else:
            self._write_xlsx(values)

    def writerow(self, values: list[Any]) -> None:
        """Append one data row (a list of cell values, same order as the headers)."""
        self._write(values)
        self.rows += 1

    def writerows(self, rows: list[list[Any]]) -> None:
        """Append several data rows at once (the same as :meth:`writerow` for each)."""
        if self.fmt == "csv":
            self._csv.writerows([_csv_cells(r) for r in rows])
        else:
            for r in rows:
                self._write_xlsx(r)
        self.rows += len(rows)

    def close(self) -> None:
        """Finish the file (XLSX: writes the workbook); the file object is left open."""
        if self.fmt == "csv":
            self._text.flush()
            self._text.detach()
        else:
            self._book.close()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
