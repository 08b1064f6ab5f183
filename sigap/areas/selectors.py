"""Reads of reference areas (public reference data: no per-user scoping needed)."""

from django.db.models import Q, QuerySet

from sigap.areas.models import Area, normalize_name

LABEL_RELATED = ("parent", "parent__parent", "parent__parent__parent")


def area_search(
    *, query: str = "", parent_code: str = "", levels: list[str] | None = None, limit: int = 20
) -> QuerySet[Area]:
    """Areas whose name matches ``query`` (prefix of the name or of any word in it).

    ``parent_code`` restricts to direct children; ``levels`` to those levels. Names starting
    with the query rank first. Returns at most ``limit`` rows with ancestors selected, so
    ``Area.label`` costs no further query. Uses the ``name_key`` index for the prefix part.
    """
    qs = Area.objects.select_related(*LABEL_RELATED)
    if parent_code:
        qs = qs.filter(parent_id=parent_code)
    if levels:
        qs = qs.filter(level__in=levels)
    key = normalize_name(query)
    if key:
        prefix = Q(name_key__gte=key, name_key__lt=key + "\uffff")
        word = Q(name_key__contains=" " + key)
        starts = list(qs.filter(prefix).order_by("name_key", "code")[:limit])
        if len(starts) < limit:
            seen = {a.code for a in starts}
            more = qs.filter(word).exclude(prefix).order_by("name_key", "code")[:limit]
            starts += [a for a in more if a.code not in seen][: limit - len(starts)]
        return starts  # type: ignore[return-value]
    return qs.order_by("code")[:limit]


def area_get(*, code: str) -> Area | None:
    """The area with Kemendagri ``code`` (with dots), or None."""
    return Area.objects.select_related(*LABEL_RELATED).filter(code=code).first()


def kelurahan_in(*, code_prefix: str) -> QuerySet[Area]:
    """Kelurahan and desa under ``code_prefix`` (e.g. ``"31.71"``), ordered by code."""
    return (
        Area.objects.filter(code__startswith=code_prefix + ".", level__in=["kelurahan", "desa"])
        .select_related("parent")
        .order_by("code")
    )
