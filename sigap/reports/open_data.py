"""Open data (issue 12 §6): a record-level victim release that identifies nobody.

One row per victim (``Participant`` with role victim) of every case, with non-identifying,
generalised fields only: never a name, NIK, date of birth, address, case number, agency,
kelurahan or free text. Generalisation: the report date becomes its year, the age at
exploitation a SIMFONI-PPA age band, the area of origin its province. The release is then made
k-anonymous on the declared quasi-identifiers (:data:`QUASI_IDENTIFIERS`; k = 11 by default,
CTDC's bar) by ``sigap.analytics.disclosure.k_anonymise``, which refuses when more than 5 % of
the rows would have to go.

Columns (docs/data-protection.md, "Open data"):

===================== ============================================================ ========
column                meaning                                                      QI
===================== ============================================================ ========
year                  year the case was reported (``Case.reported_on``)            yes
sex                   F, M or unknown                                              yes
age_band              SIMFONI band of the age at exploitation (else the estimated  yes
                      age), or unknown
citizenship           ISO 3166 code of the nationality                             yes
origin_province       province of the area of origin, or unknown                   yes
destination_country   ISO code of the destination country (ID within Indonesia),   yes
                      or unknown
modus                 modus operandi code of the case                              no
exploitation_forms    exploitation form codes of the case, ";"-separated, sorted    no
===================== ============================================================ ========

``modus`` and ``exploitation_forms`` are the *sensitive attributes* the release exists to
publish; they are not quasi-identifiers (an outsider rarely knows them), so they are not part
of the equivalence classes. Rows are sorted by their values, so the order says nothing about
when a case was recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from sigap.analytics.disclosure import (
    DEFAULT_K,
    DEFAULT_MAX_SUPPRESSION,
    ReleaseReport,
    age_band,
    k_anonymise,
    province_code,
)
from sigap.areas.choices import AreaLevel
from sigap.areas.models import Area
from sigap.audit.services import audit_record
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import CaseExploitation, Participant
from sigap.core.files import atomic_output
from sigap.core.tabular import TableWriter

COLUMNS = (
    "year",
    "sex",
    "age_band",
    "citizenship",
    "origin_province",
    "destination_country",
    "modus",
    "exploitation_forms",
)
QUASI_IDENTIFIERS = (
    "year",
    "sex",
    "age_band",
    "citizenship",
    "origin_province",
    "destination_country",
)
UNKNOWN = "unknown"


def victim_release_rows() -> list[dict]:
    """Every victim of every case as a generalised row (:data:`COLUMNS`), before
    k-anonymisation. Three queries (provinces, exploitation forms, victims); reads no
    encrypted field. Not scoped to a user: this runs only from the command line, for the
    task force's open-data release (aggregate-equivalent data, docs/access-model.md)."""
    provinces = dict(
        Area.objects.filter(level=AreaLevel.PROVINSI).values_list("code", "name").order_by()
    )
    forms: dict[int, list[str]] = defaultdict(list)
    for case_id, form in CaseExploitation.objects.order_by().values_list("case_id", "form"):
        forms[case_id].append(form)
    victims = (
        Participant.objects.filter(role=ParticipantRole.VICTIM)
        .order_by()
        .values_list(
            "case_id",
            "case__reported_on",
            "person__sex",
            "age_at_exploitation",
            "person__estimated_age",
            "person__nationality",
            "person__origin_area_id",
            "case__destination_country",
            "case__destination_area_id",
            "case__modus",
        )
    )
    rows = []
    for (
        case_id,
        reported_on,
        sex,
        age,
        estimated_age,
        nationality,
        origin_code,
        dest_country,
        dest_area,
        modus,
    ) in victims.iterator(chunk_size=2000):
        province = province_code(origin_code)
        rows.append(
            {
                "year": str(reported_on.year),
                "sex": sex or UNKNOWN,
                "age_band": age_band(age if age is not None else estimated_age),
                "citizenship": str(nationality or "") or UNKNOWN,
                "origin_province": provinces.get(province, UNKNOWN),
                "destination_country": str(dest_country or "") or ("ID" if dest_area else UNKNOWN),
                "modus": modus or UNKNOWN,
                "exploitation_forms": ";".join(sorted(forms.get(case_id, []))) or UNKNOWN,
            }
        )
    rows.sort(key=lambda r: tuple(r[c] for c in COLUMNS))
    return rows


@dataclass(frozen=True)
class OpenDataRelease:
    """A written release: the file and the k-anonymisation report."""

    path: Path
    report: ReleaseReport


def open_data_release_write(
    *,
    output: Path,
    k: int = DEFAULT_K,
    max_suppression: float = DEFAULT_MAX_SUPPRESSION,
    quasi: tuple[str, ...] = QUASI_IDENTIFIERS,
    fmt: str = "csv",
) -> OpenDataRelease:
    """Build the victim release, make it k-anonymous and write it to ``output`` (CSV or XLSX
    through the formula-safe writer). ``quasi`` declares the quasi-identifiers, a non-empty
    subset of :data:`QUASI_IDENTIFIERS`; the others are *left out of the file* (every column
    an outsider may know is a quasi-identifier), so declaring fewer releases fewer columns.
    Raises ``KAnonymityError`` (nothing is written) when k cannot be met within
    ``max_suppression``; ValueError for an unknown or no quasi-identifier.
    The file appears whole or not at all (written beside it, then renamed). Audited as
    ``report.open_data_release`` with the report's counts (no row data)."""
    unknown = [q for q in quasi if q not in QUASI_IDENTIFIERS]
    if unknown or not quasi:
        raise ValueError(f"unknown quasi-identifier column(s): {', '.join(unknown)}")
    columns = [c for c in COLUMNS if c in quasi or c not in QUASI_IDENTIFIERS]
    rows = [{c: row[c] for c in columns} for row in victim_release_rows()]
    release = k_anonymise(rows, quasi=quasi, k=k, max_suppression=max_suppression)
    output = Path(output)
    with (
        atomic_output(output) as fh,
        TableWriter(fh, fmt=fmt, headers=columns, title="victims") as writer,
    ):
        for row in release.rows:
            writer.writerow([row[c] for c in columns])
    with transaction.atomic():
        audit_record(
            actor=None,
            action="report.open_data_release",
            changes={**release.report.as_dict(), "format": fmt},
        )
    return OpenDataRelease(path=output, report=release.report)
