"""Checking and cleaning uploaded files (issue 9 §1): sniff the real type from the bytes,
refuse anything else, strip image metadata (EXIF with GPS, XMP, comments) by re-encoding.

Allowed: JPEG, PNG, WebP images and PDF documents. The file name and the browser's declared
type are never trusted: an executable renamed ``.jpg`` is refused because its bytes are not a
JPEG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

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


def clean_upload(uploaded) -> CleanFile:
    """Check one Django ``UploadedFile`` and return its cleaned bytes.

    Raises ApplicationError (Indonesian message naming the file) when it is larger than
    ``MAX_BYTES``, not one of the allowed types, or an image that cannot be decoded. Images are
    re-encoded without any metadata; PDFs are stored as sent (PDF metadata is not location).
    """
    name = getattr(uploaded, "name", "") or "file"
    if uploaded.size > MAX_BYTES:
        raise ApplicationError(
            _("%(name)s is too large: at most %(mb)s MB per file.")
            % {"name": name, "mb": MAX_BYTES // (1024 * 1024)}
        )
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ApplicationError(
            _("%(name)s is too large: at most %(mb)s MB per file.")
            % {"name": name, "mb": MAX_BYTES // (1024 * 1024)}
        )
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
