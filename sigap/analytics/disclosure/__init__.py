"""Statistical disclosure control (issue 12 §6): pure Python, no Django imports.

- :mod:`.tables`: small-cell suppression of aggregate tables with complementary suppression,
  so that no published total lets a reader work a hidden cell back out
  (:func:`suppress_table`, :func:`suppress_counts`).
- :mod:`.records`: record-level release with generalisation (SIMFONI age bands, year,
  province) and k-anonymity on declared quasi-identifiers (:func:`k_anonymise`), and the
  independent check :func:`verify_release` that names the offending rows.

Both are deterministic and callable from a management command, a task or a notebook; the
Django glue lives in ``sigap.reports`` (``taskforce_report``, ``open_data``).
"""

from sigap.analytics.disclosure.records import (
    AGE_BANDS,
    DEFAULT_K,
    DEFAULT_MAX_SUPPRESSION,
    KAnonymityError,
    Release,
    ReleaseReport,
    age_band,
    k_anonymise,
    province_code,
    verify_release,
)
from sigap.analytics.disclosure.tables import (
    COMPLEMENTARY_MARK,
    DEFAULT_THRESHOLD,
    SuppressedTable,
    SuppressionReport,
    determined_entries,
    published_line,
    suppress_counts,
    suppress_table,
)

__all__ = [
    "AGE_BANDS",
    "COMPLEMENTARY_MARK",
    "DEFAULT_K",
    "DEFAULT_MAX_SUPPRESSION",
    "DEFAULT_THRESHOLD",
    "KAnonymityError",
    "Release",
    "ReleaseReport",
    "SuppressedTable",
    "SuppressionReport",
    "age_band",
    "determined_entries",
    "k_anonymise",
    "province_code",
    "published_line",
    "suppress_counts",
    "suppress_table",
    "verify_release",
]
