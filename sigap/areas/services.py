"""Loading the Kemendagri reference list."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from sigap.areas.choices import AreaLevel
from sigap.areas.models import Area, normalize_name
from sigap.core.exceptions import ApplicationError

EXPECTED_COLUMNS = ["code", "level", "name", "parent_code"]


def areas_load_csv(*, path: Path, batch_size: int = 5000) -> int:
    """Insert or update every area in ``path`` (columns ``code,level,name,parent_code``).

    Idempotent: running twice leaves the same rows. Parents precede children in the file's
    order, which is sorted by code. Returns the number of rows read. Raises ApplicationError
    for a wrong header, an unknown level or a parent code that is not in the file; in that case
    nothing is written (one transaction).
    """
    valid_levels = set(AreaLevel.values)
    rows: list[Area] = []
    codes: set[str] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != EXPECTED_COLUMNS:
            raise ApplicationError(f"Unexpected header in {path.name}: {header}")
        for line_no, (code, level, name, parent_code) in enumerate(reader, start=2):
            if level not in valid_levels:
                raise ApplicationError(f"Line {line_no}: unknown level {level!r}")
            if parent_code and parent_code not in codes:
                raise ApplicationError(f"Line {line_no}: parent {parent_code} not defined before")
            codes.add(code)
            rows.append(
                Area(
                    code=code,
                    level=level,
                    name=name,
                    name_key=normalize_name(name),
                    parent_id=parent_code or None,
                )
            )
    with transaction.atomic():
        for start in range(0, len(rows), batch_size):
            Area.objects.bulk_create(
                rows[start : start + batch_size],
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["level", "name", "name_key", "parent"],
            )
    return len(rows)
