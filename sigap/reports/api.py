"""Export jobs over the API (issue 12 §2): ``POST /api/v1/exports/`` queues an export and
returns the job (202); ``GET /api/v1/exports/<id>/`` returns its status, progress (percent)
and, once ready, the download URL ``/api/v1/exports/<id>/download/``.

A job is visible to its requester only (``ExportJob.objects.visible_to``: 404 for anyone
else); the rows are those the requester may see (``case_list``, the one ``visible_to`` rule),
identities masked unless asked for with ``cases.export_identities`` and a purpose.
"""

from __future__ import annotations

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sigap.api.errors import ERROR_RESPONSES
from sigap.api.permissions import ActionPermission
from sigap.cases.choices import CaseStatus, ExploitationForm, Modus
from sigap.core.tabular import FORMATS
from sigap.reports.choices import ExportDataset, ExportFormat
from sigap.reports.exports import export_job_create, export_job_file
from sigap.reports.models import ExportJob
from sigap.reports.selectors import export_job_get
from sigap.reports.taskforce_render import CONTENT_TYPES


class ExportFiltersSerializer(serializers.Serializer):
    """The case list's filters, as codes (never a name: filters are stored with the job)."""

    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    kecamatan = serializers.RegexField(r"^\d{2}\.\d{2}\.\d{2}$", required=False)
    exploitation_form = serializers.ChoiceField(choices=ExploitationForm.choices, required=False)
    modus = serializers.ChoiceField(choices=Modus.choices, required=False)

    def to_internal_value(self, data):
        unknown = set(data) - set(self.fields) if isinstance(data, dict) else set()
        if unknown:
            raise serializers.ValidationError(
                {key: [_("Unknown export filter.")] for key in sorted(unknown)}
            )
        return super().to_internal_value(data)


class ExportRequestSerializer(serializers.Serializer):
    # The task-force report (and its PDF) is requested on its own page, not here.
    dataset = serializers.ChoiceField(
        choices=[c for c in ExportDataset.choices if c[0] != ExportDataset.TASKFORCE_REPORT]
    )
    format = serializers.ChoiceField(choices=[c for c in ExportFormat.choices if c[0] in FORMATS])
    filters = ExportFiltersSerializer(required=False)
    include_identities = serializers.BooleanField(required=False, default=False)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ExportJobSerializer(serializers.ModelSerializer):
    """An export job: what was asked, status, progress in percent, rows, and the download
    URL once the file is ready (null before and after it expires)."""

    public_id = serializers.UUIDField(read_only=True)
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "public_id",
            "dataset",
            "format",
            "filters",
            "include_identities",
            "purpose",
            "status",
            "progress",
            "rows_total",
            "rows_written",
            "created_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]

    def get_download_url(self, job: ExportJob) -> str | None:
        if not job.is_downloadable:
            return None
        url = reverse("api:export-download", kwargs={"public_id": job.public_id})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ExportJobViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExportJobSerializer
    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "create": ["cases.view_case"],
        "retrieve": [],
        "download": [],
    }
    lookup_field = "public_id"

    def get_queryset(self):
        return ExportJob.objects.visible_to(self.request.user)

    def get_object(self) -> ExportJob:
        return export_job_get(user=self.request.user, public_id=self.kwargs["public_id"])

    @extend_schema(
        request=ExportRequestSerializer,
        responses={202: ExportJobSerializer, **ERROR_RESPONSES},
    )
    def create(self, request, *args, **kwargs):
        """Queue an export; poll the returned job until ``status`` is ``done``."""
        data = ExportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        job = export_job_create(
            user=request.user,
            dataset=d["dataset"],
            fmt=d["format"],
            filters=dict(d.get("filters") or {}),
            include_identities=d["include_identities"],
            purpose=d.get("purpose", ""),
        )
        body = ExportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: ExportJobSerializer, **ERROR_RESPONSES})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **ERROR_RESPONSES,
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, public_id=None):
        """The job's file (CSV, XLSX, or the task-force report's PDF), for its requester only,
        until it expires; audited."""
        job = self.get_object()
        path = export_job_file(user=request.user, job=job)
        response = FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=job.filename,
            content_type=FORMATS.get(job.format) or CONTENT_TYPES[job.format],
        )
        response["Cache-Control"] = "no-store"
        return response
