"""API for Kemendagri administrative areas (public reference data; any signed-in user)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from sigap.api.filters import enum_params
from sigap.areas.choices import AreaLevel
from sigap.areas.models import Area
from sigap.areas.selectors import LABEL_RELATED, area_get, area_search

SEARCH_LIMIT = 100


class AreaSerializer(serializers.ModelSerializer):
    """An area: Kemendagri ``code`` with dots, ``parent`` code and a readable ``label``."""

    parent = serializers.CharField(source="parent_id", allow_null=True, read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Area
        fields = ["code", "name", "level", "parent", "label"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="List or search areas",
        parameters=[
            OpenApiParameter(
                "parent", OpenApiTypes.STR, description="Direct children of this code (31.71.03)."
            ),
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description=f"Name prefix or word prefix (at most {SEARCH_LIMIT} matches).",
            ),
            OpenApiParameter("level", OpenApiTypes.STR, enum=AreaLevel.values),
        ],
    ),
    retrieve=extend_schema(summary="One area by Kemendagri code"),
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Areas of Indonesia.

    ``GET /api/v1/areas/?parent=31.71.03`` lists the children of a code,
    ``?search=Kemayoran`` matches names (names starting with the term first),
    ``?level=kelurahan`` restricts the level; the filters combine. Paginated
    ``{count, next, previous, results}``. ``GET /api/v1/areas/<code>/`` answers one area or
    404. Errors: 401 without credentials.
    """

    serializer_class = AreaSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    queryset = Area.objects.none()  # for the schema; reads go through the selectors

    def get_queryset(self):
        params = self.request.query_params
        parent = params.get("parent", "").strip()
        search = params.get("search", "").strip()
        level = enum_params(self.request, {"level": AreaLevel.values})["level"]
        levels = [level] if level else None
        if search:
            return area_search(query=search, parent_code=parent, levels=levels, limit=SEARCH_LIMIT)
        qs = Area.objects.select_related(*LABEL_RELATED).order_by("code")
        if parent:
            qs = qs.filter(parent_id=parent)
        if level:
            qs = qs.filter(level=level)
        return qs

    def get_object(self):
        area = area_get(code=self.kwargs["code"])
        if area is None:
            raise Http404
        return area
