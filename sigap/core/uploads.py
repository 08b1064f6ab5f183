"""Checking and cleaning uploaded files (issue 9 §1, issue 13 §8): sniff the real type from
the bytes, refuse anything else, strip image metadata (EXIF with GPS, XMP, comments) by
re-encoding; and the one way to store the cleaned bytes encrypted (``stored_blob``) and read
them back (``blob_bytes``). Used by community reports and outreach (``prevention``), action
items (``taskforce``) and case documents (``documents``); ``sigap.prevention.uploads`` re-exports
it for older imports.

Allowed: JPEG, PNG, WebP images and PDF documents. The file name and the browser's declared
type are never trusted: an executable renamed ``.jpg`` is refused because its bytes are not a
JPEG.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sigap.core import crypto
from sigap.core.exceptions import ApplicationError

MAX_BYTES = 5 * 1024 * 1024  # per file
MAX_FILES = 3
MAX_PIXELS = 40_000_000  # decompression-bomb guard


@dataclass(frozen=True)
class CleanFile:
    """A cleaned upload: ``content_type`` as sniffed, ``data`` the bytes to store."""

    content_type: str
    data: bytes


def sniff(head: bytes) -> str | None:
    """The content type from the first bytes, or None when not an allowed type."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def clean_upload(uploaded, *, max_bytes: int = MAX_BYTES) -> CleanFile:
    """Check one Django ``UploadedFile`` and return its cleaned bytes.

    ``max_bytes``: the size limit in bytes (default ``MAX_BYTES``, 5 MB). Raises
    ApplicationError (Indonesian message naming the file) when it is larger than that, not one
    of the allowed types, or an image that cannot be decoded. Images are re-encoded without any
    metadata; PDFs are stored as sent (PDF metadata is not location).
    """
    name = getattr(uploaded, "name", "") or "file"
    too_large = _("%(name)s is too large: at most %(mb)s MB per file.") % {
        "name": name,
        "mb": max_bytes // (1024 * 1024),
    }
    if uploaded.size > max_bytes:
        raise ApplicationError(too_large)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ApplicationError(too_large)
    kind = sniff(data[:16])
    if kind is None:
        raise ApplicationError(
            _("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": name}
        )
    if kind == "application/pdf":
        return CleanFile(kind, data)
    return CleanFile(kind, _strip_image(data, kind, name))


def _strip_image(data: bytes, kind: str, name: str) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)  # keep the orientation, then drop the EXIF
            fmt = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[kind]
            mode = "RGB" if fmt == "JPEG" else ("RGBA" if "A" in img.getbands() else "RGB")
            if img.mode == "L" and fmt != "WEBP":
                mode = "L"
            img = img.convert(mode)
            clean = Image.new(mode, img.size)  # a fresh image carries no metadata at all
            clean.paste(img)
            out = io.BytesIO()
            options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
            clean.save(out, format=fmt, **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ApplicationError(_("%(name)s cannot be read as an image.") % {"name": name}) from exc


def stored_blob(f: CleanFile) -> dict:
    """Fields of a stored file: ``content_type``, ``size`` (bytes), ``sha256`` (hex, of the
    cleaned bytes) and ``data``, the cleaned bytes base64-encoded inside a Fernet token
    (``sigap.core.crypto``, encrypted at rest)."""
    return {
        "content_type": f.content_type,
        "size": len(f.data),
        "sha256": hashlib.sha256(f.data).hexdigest(),
        "data": crypto.encrypt(base64.b64encode(f.data).decode("ascii")),
    }


def blob_bytes(token: str) -> bytes:
    """The decrypted bytes of a ``data`` token made by :func:`stored_blob`. Raises
    ``crypto.DecryptionError`` when no configured key opens it."""
    return base64.b64decode(crypto.decrypt(token))
