"""Test helper: run a case export for a user and return the file's bytes."""

from sigap.reports.exports import FILTERS, case_export


def run_case_export(user, *, fmt="csv", identities=False, purpose="", **filters) -> bytes:
    """The bytes of ``user``'s case export (``filters`` among FILTERS)."""
    assert set(filters) <= set(FILTERS)
    export = case_export(
        user=user, fmt=fmt, filters=filters, include_identities=identities, purpose=purpose
    )
    return export.content
