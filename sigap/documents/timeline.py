"""The documents' lines of the case timeline (``sigap.cases.timeline``): the documents the
user may see (``documents.selectors.case_documents``), by kind only (a title may name a
person, so it is not shown here)."""

from django.utils.translation import gettext as _

from sigap.cases.timeline import timeline_rows
from sigap.documents.selectors import case_documents


def document_entries(*, user, case, view, until, limit) -> list:
    """Up to ``limit`` lines (1 query with LIMIT)."""
    return timeline_rows(
        case_documents(user=user, case=case).select_related(None).only("id", "created_at", "kind"),
        until=until,
        limit=limit,
        kind="document",
        text=lambda d: _("Document added: %(kind)s") % {"kind": d.get_kind_display()},
    )
