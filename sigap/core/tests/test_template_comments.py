"""Django's ``{# #}`` comment is one line only: opened on a line and not closed there, it is
printed to the user as text (it was, on the notification list)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _templates():
    for base in (ROOT / "templates", ROOT / "sigap"):
        yield from base.rglob("*.html")


def test_the_scan_reads_the_templates():
    assert sum(1 for _ in _templates()) > 50


def test_no_comment_tag_spans_lines():
    open_comments = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rest = line
            while "{#" in rest:
                rest = rest.split("{#", 1)[1]
                if "#}" not in rest:
                    open_comments.append(f"{path.relative_to(ROOT)}:{number}")
                    break
                rest = rest.split("#}", 1)[1]
    assert open_comments == []
