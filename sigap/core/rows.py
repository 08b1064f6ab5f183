"""Helpers for template tags that write a table's rows in Python (hot lists: cases, audit)."""

from __future__ import annotations

import uuid

from django.urls import reverse

#: Stands for a row's public id in a URL reversed once per render.
_URL_PLACEHOLDER = uuid.UUID(int=0)
_PLACEHOLDER_TEXT = str(_URL_PLACEHOLDER)


def row_url(context, name: str, public_id: uuid.UUID) -> str:
    """The path of URL pattern ``name`` (one ``<uuid:…>`` argument) for ``public_id``.

    ``reverse`` runs once per template render (its result is kept in
    ``context.render_context``, which Django empties at the start of each render); each row
    then substitutes its own id into that path, ~20 µs less per row than a ``{% url %}``.
    Raises ``NoReverseMatch`` as ``reverse`` does when ``name`` takes no single UUID."""
    cache = context.render_context
    key = ("sigap_row_url", name)
    path = cache.get(key)
    if path is None:
        path = cache[key] = reverse(name, args=[_URL_PLACEHOLDER])
    return path.replace(_PLACEHOLDER_TEXT, str(public_id))
