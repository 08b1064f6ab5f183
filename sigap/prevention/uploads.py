"""Moved to :mod:`sigap.core.uploads` (shared with ``taskforce`` and ``documents``); this
module keeps the old import path working."""

from sigap.core.uploads import (  # noqa: F401 - re-exported
    MAX_BYTES,
    MAX_FILES,
    MAX_PIXELS,
    CleanFile,
    blob_bytes,
    clean_upload,
    sniff,
    stored_blob,
)
