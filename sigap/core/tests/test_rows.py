"""``row_url``: a URL reversed once per render, each row's id substituted."""

import uuid

from django.template import Context, Template
from django.urls import reverse

from sigap.core import rows


def _render(ids, names, monkeypatch, calls):
    real = rows.reverse
    monkeypatch.setattr(rows, "reverse", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    context = Context({})
    out = []
    # ``Template.render`` pushes a fresh render_context, as every page render does.
    with context.render_context.push_state(Template("")):
        for public_id in ids:
            for name in names:
                out.append(rows.row_url(context, name, public_id))
    return out


def test_each_name_is_reversed_once_per_render_and_every_id_lands_in_its_url(monkeypatch):
    ids = [uuid.uuid4() for _ in range(4)]
    names = ["cases:case-detail", "audit:case-access-log"]
    calls = []
    urls = _render(ids, names, monkeypatch, calls)
    assert sorted(calls) == sorted(names)
    expected = [reverse(n, args=[i]) for i in ids for n in names]
    assert urls == expected


def test_a_new_render_reverses_again(monkeypatch):
    calls = []
    real = rows.reverse
    monkeypatch.setattr(rows, "reverse", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    context = Context({})
    for _render_number in range(2):
        with context.render_context.push_state(Template("")):
            rows.row_url(context, "cases:case-detail", uuid.uuid4())
            rows.row_url(context, "cases:case-detail", uuid.uuid4())
    assert calls == ["cases:case-detail", "cases:case-detail"]
