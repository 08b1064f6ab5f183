"""``sigap.core.files.atomic_output``: the file is replaced whole or left as it was."""

import pytest

from sigap.core.files import atomic_output


def test_output_replaces_the_file_only_when_the_block_ends(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old")
    with pytest.raises(RuntimeError), atomic_output(out, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("interrupted")
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    with atomic_output(out) as fh:
        fh.write(b"new")
    assert out.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_missing_folder_raises_oserror(tmp_path):
    with pytest.raises(OSError), atomic_output(tmp_path / "nowhere" / "out.csv") as fh:
        fh.write(b"x")
