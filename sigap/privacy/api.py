"""API of the data-protection officer's four-eyes actions (issue 7 #12):
``/api/v1/privacy/actions/`` (list, prepare) and ``.../<id>/approve/`` / ``.../<id>/reject/``.

Who: the auditor (DPO) role holding the action's permission, exactly as the pages
(``sigap.privacy.views.dpo_required``): ``privacy.view_datasubjectrequest`` to list,
``privacy.prepare_subjectaction`` to prepare, ``privacy.approve_subjectaction`` to approve or
reject (never the preparer: the service refuses it). A superuser without the role gets 403.
Answers carry ids, kinds and statuses only: never a name, NIK or proposed value.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from sigap.agencies.choices import Role
from sigap.api.errors import ERROR_RESPONSES
from sigap.cases.access import membership_of
from sigap.cases.models import nik_validator
from sigap.privacy.choices import ActionKind, RefusalBasis
from sigap.privacy.models import SubjectAction
from sigap.privacy.selectors import subject_action_get, subject_request_get
from sigap.privacy.services import (
    subject_action_approve,
    subject_action_prepare,
    subject_action_reject,
)

PERMS = {
    "list": "privacy.view_datasubjectrequest",
    "create": "privacy.prepare_subjectaction",
    "approve": "privacy.approve_subjectaction",
    "reject": "privacy.approve_subjectaction",
}


class IsDpo(BasePermission):
    """The auditor role with the permission of the view's action (403 otherwise)."""

    def has_permission(self, request, view) -> bool:
        membership = membership_of(request.user)
        if membership is None or membership.role != Role.AUDITOR:
            return False
        perm = PERMS.get(getattr(view, "action", ""))
        return perm is not None and request.user.has_perm(perm)


class SubjectActionSerializer(serializers.ModelSerializer):
    """A prepared action: ids, kind and status (with their words), who and when; no values."""

    request = serializers.UUIDField(source="request.public_id", read_only=True)
    request_kind = serializers.CharField(source="request.kind", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    prepared_by = serializers.CharField(source="prepared_by.username", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = SubjectAction
        fields = [
            "public_id",
            "request",
            "request_kind",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "refusal_basis",
            "created_at",
            "prepared_by",
            "decided_at",
            "decided_by",
        ]
        read_only_fields = fields


class SubjectCorrectionValuesSerializer(serializers.Serializer):
    """New identity values of a correction (any subset; at least one)."""

    full_name = serializers.CharField(max_length=150, required=False)
    nik = serializers.CharField(max_length=16, required=False, validators=[nik_validator])
    date_of_birth = serializers.DateField(required=False)
    phone = serializers.CharField(max_length=32, required=False)
    address = serializers.CharField(max_length=300, required=False)


class SubjectActionPrepareSerializer(serializers.Serializer):
    request = serializers.UUIDField(help_text="public_id of the data-subject request")
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    values = SubjectCorrectionValuesSerializer(required=False)
    refusal_basis = serializers.ChoiceField(
        choices=RefusalBasis.choices, required=False, allow_blank=True
    )
    explanation = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class SubjectActionDecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class SubjectActionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The DPO's prepared actions, newest first (index ``subjectaction_recent_idx``);
    ``?status=pending`` keeps those waiting for a second person."""

    permission_classes = [IsAuthenticated, IsDpo]
    serializer_class = SubjectActionSerializer
    lookup_field = "public_id"

    def get_queryset(self):
        qs = SubjectAction.objects.select_related("request", "prepared_by", "decided_by")
        status = self.request.query_params.get("status", "")
        if status in {"pending", "applied", "rejected"}:
            qs = qs.filter(status=status)
        return qs.order_by("-created_at", "-id")

    @extend_schema(
        request=SubjectActionPrepareSerializer,
        responses={201: SubjectActionSerializer, **ERROR_RESPONSES},
    )
    def create(self, request):
        """Prepare carrying out a request; nothing changes until a second person approves."""
        data = SubjectActionPrepareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        dsr = subject_request_get(public_id=d["request"])
        action_row = subject_action_prepare(
            actor=request.user,
            request=dsr,
            kind=d["kind"],
            values=d.get("values") or {},
            refusal_basis=d.get("refusal_basis") or "",
            explanation=d.get("explanation") or "",
        )
        return Response(SubjectActionSerializer(action_row).data, status=201)

    def _decide(self, request, public_id, *, approve: bool):
        row = subject_action_get(public_id=public_id)
        data = SubjectActionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = data.validated_data.get("comment", "")
        if approve:
            row = subject_action_approve(actor=request.user, action=row, comment=comment)
        else:
            row = subject_action_reject(actor=request.user, action=row, comment=comment)
        return Response(SubjectActionSerializer(subject_action_get(public_id=row.public_id)).data)

    @extend_schema(
        request=SubjectActionDecisionSerializer,
        responses={200: SubjectActionSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, public_id=None):
        """Second pair of eyes: approve and carry out (not the preparer)."""
        return self._decide(request, public_id, approve=True)

    @extend_schema(
        request=SubjectActionDecisionSerializer,
        responses={200: SubjectActionSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, public_id=None):
        """Second pair of eyes: reject with a comment; nothing changes."""
        return self._decide(request, public_id, approve=False)
