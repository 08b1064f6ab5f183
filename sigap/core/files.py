"""Files written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_output(path: str | Path, mode: str = "wb", **open_kwargs) -> Iterator[IO]:
    """Yield a file open for writing (``mode`` ``"wb"`` or ``"w"``, ``open_kwargs`` such as
    ``encoding`` and ``newline`` as for :func:`open`) in a temporary file beside ``path``
    (mode 0600); when the block ends normally it replaces ``path`` in one rename, so a reader
    never sees a half-written file and an interrupted run leaves the old file as it was. On any
    exception the temporary file is removed and the exception propagates. Raises ``OSError``
    when the folder is missing or not writable."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, mode, **open_kwargs) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
