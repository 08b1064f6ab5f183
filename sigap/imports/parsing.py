"""Reading and checking an uploaded register (issue 12 §7): the file's rows, the target
fields a column can be mapped to, and one row checked into the arguments of ``case_report``.

A row error names the row number as the spreadsheet shows it (the header is row 1), the
target field and an Indonesian message; never the cell's value (it may be a victim's name).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.cases.choices import Modus
from sigap.core.dates import DateKind, date_problems

MAX_BYTES = 10 * 1024 * 1024  # 10 MB: a register of tens of thousands of rows
MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"
DEFAULT_SUMMARY = "Diimpor dari register lama (tanpa ringkasan)."


@dataclass(frozen=True)
class Target:
    """A field a column can be mapped to: ``key``, label, required, header aliases
    (lower-case, compared without punctuation) used to guess the mapping."""

    key: str
    label: object
    required: bool
    aliases: tuple[str, ...] = ()


TARGETS = (
    Target(
        "reported_on",
        gettext_lazy("Date reported"),
        True,
        ("tanggal lapor", "tgl lapor", "tanggal laporan", "tanggal", "reported on", "date"),
    ),
    Target(
        "victim_name",
        gettext_lazy("Victim's name"),
        True,
        ("nama korban", "nama", "name", "victim name", "victim"),
    ),
    Target("sex", gettext_lazy("Sex"), True, ("jenis kelamin", "jk", "l p", "sex", "gender")),
    Target(
        "date_of_birth",
        gettext_lazy("Date of birth"),
        False,
        ("tanggal lahir", "tgl lahir", "date of birth", "dob"),
    ),
    Target("age", gettext_lazy("Age (years)"), False, ("umur", "usia", "age")),
    Target(
        "area_code",
        gettext_lazy("Kelurahan or desa (Kemendagri code)"),
        True,
        ("kode kelurahan", "kode wilayah", "kode desa", "kelurahan", "area code", "area"),
    ),
    Target("modus", gettext_lazy("Modus"), False, ("modus", "modus operandi")),
    Target(
        "summary",
        gettext_lazy("Summary"),
        False,
        ("ringkasan", "kronologi", "keterangan", "uraian", "summary"),
    ),
    # A case already registered in SIMFONI-PPA keeps its number, so nobody enters it twice.
    Target(
        "simfoni_number",
        gettext_lazy("SIMFONI-PPA registration number"),
        False,
        (
            "nomor simfoni",
            "no simfoni",
            "nomor registrasi simfoni",
            "no registrasi simfoni",
            "simfoni",
            "simfoni number",
        ),
    ),
)
TARGET_KEYS = tuple(t.key for t in TARGETS)
REQUIRED = tuple(t.key for t in TARGETS if t.required)

_SEX = {
    "p": "F",
    "perempuan": "F",
    "wanita": "F",
    "f": "F",
    "female": "F",
    "l": "M",
    "laki laki": "M",
    "lakilaki": "M",
    "pria": "M",
    "m": "M",
    "male": "M",
}
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


class FileRefused(ValueError):
    """The upload is not a register SIGAP can read; ``str()`` is the Indonesian message."""


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


def read_table(data: bytes) -> tuple[str, list[str], list[list[object]]]:
    """``(format, headers, rows)`` of an uploaded CSV or XLSX file (its first sheet), sniffed
    by content, not by name. Cells are str (CSV), or str, numbers and dates (XLSX). Raises
    FileRefused for a file over ``MAX_BYTES``, one that is neither, an empty one, or one with
    more than ``MAX_ROWS`` data rows."""
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is larger than 10 MB; split it into smaller files."))
    if data.startswith(XLSX_MAGIC):
        fmt, rows = "xlsx", _read_xlsx(data)
    else:
        fmt, rows = "csv", _read_csv(data)
    rows = [r for r in rows if any(str(c).strip() for c in r if c is not None)]
    if not rows:
        raise FileRefused(_("The file has no rows."))
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    if not any(headers):
        raise FileRefused(_("The first row must hold the column names."))
    if len(rows) - 1 > MAX_ROWS:
        raise FileRefused(
            _("The file has more than %(n)s rows; split it into smaller files.")
            % {"n": number_format(MAX_ROWS, force_grouping=True)}
        )
    return fmt, headers, rows[1:]


def _read_csv(data: bytes) -> list[list[object]]:
    if b"\x00" in data[:4096]:
        raise FileRefused(_("Upload a CSV or XLSX file (this file is neither)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a zip that is not a workbook
        raise FileRefused(_("Upload a CSV or XLSX file (this file is neither).")) from exc
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """``{target: header}`` guessed from the headers' names (Indonesian or English)."""
    normed = {_norm(h): h for h in headers if h}
    mapping = {}
    for target in TARGETS:
        for alias in (target.key.replace("_", " "), *target.aliases):
            if alias in normed and normed[alias] not in mapping.values():
                mapping[target.key] = normed[alias]
                break
    return mapping


def mapping_errors(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """``{target: message}`` for a required target left unmapped, an unknown header, or a
    column mapped twice; empty when the mapping can be used."""
    errors = {}
    seen = {}
    for key in TARGET_KEYS:
        column = mapping.get(key, "")
        if not column:
            if key in REQUIRED:
                errors[key] = _("Choose the column for this field.")
            continue
        if column not in headers:
            errors[key] = _("The file has no such column.")
        elif column in seen:
            errors[key] = _("This column is already used for another field.")
        seen[column] = key
    return errors


@dataclass
class RowResult:
    """A checked row: ``values`` (arguments for the case) or ``errors`` (``[(target,
    message)]``)."""

    number: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def _date(value) -> date | None | str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return "bad"


def _modus(value: str) -> str | None:
    text = _norm(value)
    if not text:
        return ""
    for code, label in Modus.choices:
        if text in (_norm(code), _norm(str(label))):
            return code
    return None


def simfoni_cell(raw) -> str:
    """A SIMFONI-PPA number as written in a cell: text stripped; a spreadsheet number cell
    read as ``20250001.0`` gives ``"20250001"``; empty cells give ``""``."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw if raw is not None else "").strip()


def check_row(
    number: int,
    cells: dict,
    *,
    today: date,
    areas: dict,
    simfoni_taken: set[str] | None = None,
    simfoni_seen: dict[str, int] | None = None,
) -> RowResult:
    """Check one row (``cells``: ``{target: raw cell}``). ``areas``: ``{code: Area}`` of the
    kelurahan/desa codes found in the file (looked up once per file). The rules are the
    intake's: a name, a sex, a plausible report date (not in the future, not before UU 21/2007)
    and birth date (``sigap.core.dates``), an age 0-120, a kelurahan or desa code, and a
    SIMFONI-PPA number as ``case_report`` takes it (``simfoni_number_problems``; against
    ``simfoni_taken``, the numbers of the file already recorded, looked up once). A number
    given on an earlier row of the same file is an error too: ``simfoni_seen`` ({number: row})
    is filled as rows are checked."""
    from sigap.cases.services import simfoni_number_problems

    result = RowResult(number)
    add = result.errors.append
    name = str(cells.get("victim_name") or "").strip()
    if not name:
        add(("victim_name", _("Name is required.")))
    sex = _SEX.get(_norm(cells.get("sex") or ""))
    if sex is None:
        add(("sex", _("Sex must be L (laki-laki) or P (perempuan).")))
    reported = _date(cells.get("reported_on"))
    if reported is None or reported == "bad":
        add(("reported_on", _("Give the date as DD-MM-YYYY.")))
    else:
        for problem in date_problems(reported, kind=DateKind.RECORD, today=today):
            add(("reported_on", str(problem)))
    born = _date(cells.get("date_of_birth"))
    if born == "bad":
        add(("date_of_birth", _("Give the date as DD-MM-YYYY.")))
        born = None
    elif born is not None:
        for problem in date_problems(born, kind=DateKind.BIRTH, today=today):
            add(("date_of_birth", str(problem)))
    age = None
    raw_age = cells.get("age")
    if raw_age not in (None, "") and str(raw_age).strip():
        try:
            age = int(float(str(raw_age).strip().replace(",", ".")))
        except ValueError:
            age = -1
        if not 0 <= age <= 120:
            add(("age", _("Estimated age must be between 0 and 120 years.")))
    code = str(cells.get("area_code") or "").strip()
    area = areas.get(code)
    if area is None or area.level not in ("kelurahan", "desa"):
        add(
            ("area_code", _("Give the Kemendagri code of a kelurahan or desa, e.g. 31.71.03.1001."))
        )
    modus = _modus(cells.get("modus") or "")
    if modus is None:
        add(("modus", _("Unknown modus.")))
    summary = str(cells.get("summary") or "").strip() or DEFAULT_SUMMARY
    simfoni = simfoni_cell(cells.get("simfoni_number"))
    for problem in simfoni_number_problems(simfoni, taken=simfoni_taken or set()):
        add(("simfoni_number", str(problem)))
    if simfoni and simfoni_seen is not None:
        if simfoni in simfoni_seen:
            add(
                (
                    "simfoni_number",
                    _("This SIMFONI-PPA number is also on row %(row)d of the file.")
                    % {"row": simfoni_seen[simfoni]},
                )
            )
        else:
            simfoni_seen[simfoni] = number
    if not result.errors:
        result.values = {
            "full_name": name,
            "sex": sex,
            "reported_on": reported,
            "date_of_birth": born,
            "estimated_age": age if born is None else None,
            "area": area,
            "modus": modus,
            "summary": summary[:5000],
            "simfoni_number": simfoni,
        }
    return result
