"""Writes and audited reads of case documents (issue 13 §8)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.cases.choices import ParticipantRole
from sigap.core.exceptions import ApplicationError
from sigap.core.uploads import blob_bytes, clean_upload, stored_blob
from sigap.documents.access import can_upload
from sigap.documents.models import MAX_DOCUMENT_BYTES, CaseDocument, DocumentKind
from sigap.rights.choices import RightCode


def document_upload(
    *,
    actor,
    case,
    kind: str,
    title: str,
    upload,
    participant=None,
    referral=None,
    justice_stage=None,
    right: str = "",
):
    """Attach ``upload`` (a Django ``UploadedFile``) to ``case`` and return the CaseDocument.

    Optionally about one ``participant`` and belonging to one record of the case (issue 13
    §8): a ``referral`` (the participant is then its victim), a ``justice_stage``
    (``StageEvent``) or a ``right`` (``RightCode`` value; needs the victim it is about). Who
    may download it follows that record's rule (``documents.access``).

    The file is checked and cleaned first (``clean_upload``: at most ``MAX_DOCUMENT_BYTES``,
    20 MB; JPEG, PNG, WebP or PDF by its bytes, not its name; image metadata removed), then
    stored encrypted with its ``document.upload`` audit row in one transaction. Raises
    ApplicationError (Indonesian) when the actor may not upload, the kind is unknown, the
    participant or record is not of this case, more than one record is given, or the file is
    refused; nothing is stored then.
    """
    if not can_upload(actor, case):
        raise ApplicationError(_("You may not add documents to this case."))
    if kind not in DocumentKind.values:
        raise ApplicationError(_("Choose the kind of document."))
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Give the document a title."))
    if participant is not None and participant.case_id != case.pk:
        raise ApplicationError(_("That person is not part of this case."))
    right = right or ""
    if sum(bool(x) for x in (referral, justice_stage, right)) > 1:
        raise ApplicationError(_("A document belongs to one record at most."))
    if referral is not None:
        if referral.case_id != case.pk:
            raise ApplicationError(_("That referral is not part of this case."))
        if participant is not None and participant.pk != referral.victim_id:
            raise ApplicationError(_("A referral's document is about the referred victim."))
        participant = referral.victim
    if justice_stage is not None and justice_stage.case_id != case.pk:
        raise ApplicationError(_("That stage is not part of this case's justice process."))
    if right:
        if right not in RightCode.values:
            raise ApplicationError(_("Unknown right."))
        if participant is None or participant.role != ParticipantRole.VICTIM:
            raise ApplicationError(_("Choose the victim whose right the document is about."))
    cleaned = clean_upload(upload, max_bytes=MAX_DOCUMENT_BYTES)
    with transaction.atomic():
        document = CaseDocument.objects.create(
            case=case,
            participant=participant,
            referral=referral,
            justice_stage=justice_stage,
            right=right,
            kind=kind,
            title=title[:200],
            uploaded_by=actor,
            **stored_blob(cleaned),
        )
        audit_record(
            actor=actor,
            action="document.upload",
            target=case,
            changes={
                "document": str(document.public_id),
                "kind": kind,
                "content_type": document.content_type,
                "bytes": document.size,
                "participant": str(participant.public_id) if participant else None,
                "referral": str(referral.public_id) if referral else None,
                "justice_stage": str(justice_stage.public_id) if justice_stage else None,
                "right": right or None,
            },
        )
    return document


def document_read(*, actor, document: CaseDocument, via: str = "web") -> bytes:
    """The decrypted bytes of ``document`` (already scoped for ``actor`` by the selector),
    writing the ``document.download`` audit row first (target: its case; ``via``: ``web`` or
    ``api``). Raises ``crypto.DecryptionError`` if no configured key opens it."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="document.download",
            target=document.case,
            changes={
                "document": str(document.public_id),
                "kind": document.kind,
                "via": via,
            },
        )
        return blob_bytes(document.data)
