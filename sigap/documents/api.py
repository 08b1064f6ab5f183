"""``/api/v1/`` routes of case documents (issue 13 §8), scoped by ``documents.access`` like
the pages: the list of a case's documents the caller may see, and the download (audited)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from sigap.api.errors import ErrorSerializer
from sigap.api.pagination import StandardPagination
from sigap.api.permissions import ActionPermission
from sigap.cases.selectors import case_get
from sigap.documents import services
from sigap.documents.models import DocumentKind
from sigap.documents.selectors import case_documents, document_get
from sigap.documents.views import file_response

ERRORS = {401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class CaseDocumentSerializer(serializers.Serializer):
    """One document: ``kind`` is the stable machine name, ``kind_label`` its label in the
    caller's language; ``about`` is the public id of the participant (never a name);
    ``referral``, ``justice_stage`` (public ids) or ``right`` name the record it belongs to;
    ``size`` in bytes; ``sha256`` hex of the stored bytes."""

    public_id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    about = serializers.UUIDField(source="participant.public_id", allow_null=True)
    referral = serializers.UUIDField(source="referral.public_id", allow_null=True)
    justice_stage = serializers.UUIDField(source="justice_stage.public_id", allow_null=True)
    right = serializers.CharField(help_text="RightCode machine name, or empty")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField(source="created_at")
    uploaded_by = serializers.CharField(source="uploaded_by.username", allow_null=True)


class CaseDocumentListView(APIView):
    """``GET /api/v1/cases/<id>/documents/``: the case's documents the caller may see (the
    handling team: all; receiving agencies: those about an adult victim with an open referral to
    their agency, and for police, Kejari and LPSK those of the justice process, restitution and
    protection; ``documents.access``), newest first, paginated. 404 when the case is out of
    scope."""

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {"*": ["cases.view_case"]}

    @extend_schema(
        responses={200: CaseDocumentSerializer(many=True), **ERRORS},
        operation_id="case_documents_list",
    )
    def get(self, request, public_id):
        case = case_get(user=request.user, public_id=public_id)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(
            case_documents(user=request.user, case=case), request, view=self
        )
        return paginator.get_paginated_response(CaseDocumentSerializer(page, many=True).data)


class DocumentDownloadView(APIView):
    """``GET /api/v1/documents/<id>/download/``: the file, audited as ``document.download``
    (``via: api``); 404 out of scope, exactly as for an unknown id."""

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {"*": ["cases.view_case"]}

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **ERRORS,
        },
        operation_id="document_download",
    )
    def get(self, request, public_id):
        document = document_get(user=request.user, public_id=public_id)
        data = services.document_read(actor=request.user, document=document, via="api")
        return file_response(document, data)
