"""Reads of case documents, always through ``documents.access.document_scope_q``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from sigap.documents.access import document_scope_q
from sigap.documents.models import CaseDocument

LIST_FIELDS = ("data",)  # deferred on lists: the encrypted file is read on download only


def documents_visible_to(user):
    """All documents ``user`` may see (``CaseDocument`` queryset, blobs deferred)."""
    q = document_scope_q(user)
    if q is None:
        return CaseDocument.objects.none()
    return CaseDocument.objects.filter(q).defer(*LIST_FIELDS)


def case_documents(*, user, case):
    """The documents of ``case`` that ``user`` may see, newest first, with uploader and
    participant selected (a bounded number of queries per page)."""
    return (
        documents_visible_to(user)
        .filter(case=case)
        .select_related(
            "uploaded_by",
            "participant",
            "participant__person",
            "case",
            "referral__service",
            "referral__to_agency",
            "justice_stage",
        )
        .order_by("-created_at")
    )


def document_get(*, user, public_id) -> CaseDocument:
    """The document with ``public_id`` if ``user`` may see it (blob included); else Http404,
    the same for out of scope and non-existent."""
    q = document_scope_q(user)
    if q is None:
        raise Http404
    try:
        return CaseDocument.objects.select_related("case").get(q, public_id=public_id)
    except (CaseDocument.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
