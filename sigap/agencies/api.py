"""API for task-force member agencies and the services they offer (any signed-in user)."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from sigap.agencies.choices import AgencyKind, ServiceCode
from sigap.agencies.models import Agency, AgencyService
from sigap.api.filters import enum_params


class AgencyServiceSerializer(serializers.ModelSerializer):
    """A service an agency offers, with its time limit in days."""

    code = serializers.CharField(source="service.code", read_only=True)
    name = serializers.CharField(source="service.name", read_only=True)

    class Meta:
        model = AgencyService
        fields = ["code", "name", "days_limit"]
        read_only_fields = fields


class AgencySerializer(serializers.ModelSerializer):
    """An agency; ``area`` is the Kemendagri code of the territory it serves."""

    area = serializers.CharField(source="area_id", allow_null=True, read_only=True)
    services = AgencyServiceSerializer(source="agencyservice_set", many=True, read_only=True)

    class Meta:
        model = Agency
        fields = ["public_id", "code", "name", "short_name", "kind", "area", "services"]
        read_only_fields = fields


def agency_queryset():
    """Active agencies with their offered services prefetched (two queries for any page)."""
    return Agency.objects.filter(is_active=True).prefetch_related(
        Prefetch(
            "agencyservice_set",
            queryset=AgencyService.objects.select_related("service").order_by("service__code"),
        )
    )


@extend_schema_view(
    list=extend_schema(
        summary="List active agencies",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=AgencyKind.values),
            OpenApiParameter(
                "service",
                OpenApiTypes.STR,
                enum=ServiceCode.values,
                description="Only agencies offering this service.",
            ),
        ],
    ),
    retrieve=extend_schema(summary="One agency by public_id"),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Member agencies of the task force (reference data, not personal data).

    ``GET /api/v1/agencies/?kind=health&service=health_rehab`` (paginated) and
    ``GET /api/v1/agencies/<public_id>/``. Errors: 401 without credentials, 404 unknown id.
    """

    serializer_class = AgencySerializer
    lookup_field = "public_id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"

    def get_queryset(self):
        qs = agency_queryset()
        params = enum_params(
            self.request, {"kind": AgencyKind.values, "service": ServiceCode.values}
        )
        kind, service = params["kind"], params["service"]
        if kind:
            qs = qs.filter(kind=kind)
        if service:
            qs = qs.filter(agencyservice__service__code=service)
        return qs.order_by("name", "id")
