"""API for inter-agency referrals: list, detail, send, and the accept / decline / start /
complete / revoke transitions. Records come from ``Referral.objects.visible_to(user)``; out
of scope is 404.

Referrals name the victim by the participant's ``public_id`` only; names are read through the
case detail, which applies field-level access.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sigap.agencies.choices import ServiceCode
from sigap.agencies.models import Agency, Service
from sigap.api.errors import ERROR_RESPONSES, ErrorSerializer
from sigap.api.filters import enum_params
from sigap.api.permissions import ActionPermission
from sigap.cases.access import membership_of
from sigap.cases.api import AgencyRefSerializer
from sigap.cases.choices import ParticipantRole
from sigap.cases.selectors import case_get
from sigap.core.money import version_api_field
from sigap.referrals.choices import ReferralStatus
from sigap.referrals.models import Referral, ServiceDelivery, SharingBasis
from sigap.referrals.selectors import referral_victim_visible
from sigap.referrals.services import (
    referral_accept,
    referral_can_revoke,
    referral_complete,
    referral_decline,
    referral_revoke,
    referral_send,
    referral_start,
)

LIST_RELATED = ("case", "victim", "victim__person", "from_agency", "to_agency", "service")

# --- Output ---------------------------------------------------------------------------------


class CaseRefSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    number = serializers.CharField()


class ServiceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["code", "name"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    """A service delivered under a referral."""

    class Meta:
        model = ServiceDelivery
        fields = ["public_id", "delivered_on", "description"]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    """A referral; ``victim`` is the participant's public_id; ``version`` is for
    ``expected_version`` in the transitions.
    """

    case = CaseRefSerializer(read_only=True)
    victim = serializers.UUIDField(source="victim.public_id", read_only=True)
    from_agency = AgencyRefSerializer(read_only=True)
    to_agency = AgencyRefSerializer(read_only=True)
    service = ServiceRefSerializer(read_only=True)
    note = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "public_id",
            "case",
            "victim",
            "from_agency",
            "to_agency",
            "service",
            "status",
            "note",
            "decline_reason",
            "sent_at",
            "due_on",
            "responded_at",
            "completed_at",
            "started_at",
            "revoked_at",
            "revoke_reason",
            "escalated_at",
            "sharing_basis",
            "consent_given_by",
            "consent_recorded_on",
            "legal_reference",
            "version",
        ]
        read_only_fields = fields

    def get_note(self, obj: Referral) -> str:
        """The free-text note may name the victim: shown only to those who may see the victim's
        identity (``referral_victim_visible``; children: the handling case team only).
        """
        request = self.context.get("request")
        if request is None or not referral_victim_visible(user=request.user, referral=obj):
            return ""
        return obj.note


class ReferralDetailSerializer(ReferralSerializer):
    """A referral with the services delivered under it."""

    deliveries = DeliverySerializer(many=True, read_only=True)

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "deliveries"]
        read_only_fields = fields


# --- Input ----------------------------------------------------------------------------------


class ReferralCreateSerializer(serializers.Serializer):
    """Input of ``POST /api/v1/referrals/``: all references are public_ids (service: a code)."""

    case = serializers.UUIDField()
    victim = serializers.UUIDField(help_text="public_id of the victim in the case.")
    to_agency = serializers.UUIDField()
    service = serializers.ChoiceField(ServiceCode.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    sharing_basis = serializers.ChoiceField(
        SharingBasis.choices,
        help_text="Basis for sharing (UU 27/2022 PDP). A child needs guardian_consent or a "
        "lawful basis; override needs referrals.override_consent and override_reason.",
    )
    consent_given_by = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="For consent: a role (e.g. 'ibu kandung'), never a name.",
    )
    consent_recorded_on = serializers.DateField(required=False, allow_null=True, default=None)
    legal_reference = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="For legal_obligation / public_task, e.g. 'UU 21/2007 Pasal 51'.",
    )
    override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs):
        """Resolve the references; a case out of scope reads like an unknown one."""
        user = self.context["request"].user
        try:
            case = case_get(user=user, public_id=attrs["case"])
        except Http404:
            raise serializers.ValidationError({"case": [_("Unknown case.")]}) from None
        victim = next(
            (
                p
                for p in case.participants.all()
                if p.public_id == attrs["victim"] and p.role == ParticipantRole.VICTIM
            ),
            None,
        )
        if victim is None:
            raise serializers.ValidationError({"victim": [_("Unknown victim in this case.")]})
        to_agency = Agency.objects.filter(public_id=attrs["to_agency"]).first()
        if to_agency is None:
            raise serializers.ValidationError({"to_agency": [_("Unknown agency.")]})
        service = Service.objects.filter(code=attrs["service"]).first()
        if service is None:
            raise serializers.ValidationError({"service": [_("Unknown service.")]})
        return {
            "case": case,
            "victim": victim,
            "to_agency": to_agency,
            "service": service,
            "note": attrs["note"],
            "sharing_basis": attrs["sharing_basis"],
            "consent_given_by": attrs["consent_given_by"],
            "consent_recorded_on": attrs["consent_recorded_on"],
            "legal_reference": attrs["legal_reference"],
            "override_reason": attrs["override_reason"],
        }


class TransitionSerializer(serializers.Serializer):
    """Optional optimistic lock: the ``version`` the client last saw (stale → 409)."""

    expected_version = version_api_field(required=False, allow_null=True, min_value=1)


class DeclineSerializer(TransitionSerializer):
    reason = serializers.CharField(max_length=2000)


class RevokeSerializer(TransitionSerializer):
    reason = serializers.CharField(max_length=2000)


class CompleteSerializer(TransitionSerializer):
    delivered_on = serializers.DateField()
    description = serializers.CharField(max_length=5000)


# --- Views ----------------------------------------------------------------------------------

TRANSITION_RESPONSES = {200: ReferralDetailSerializer, 409: ErrorSerializer, **ERROR_RESPONSES}


@extend_schema_view(
    list=extend_schema(
        summary="List visible referrals",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=ReferralStatus.values),
            OpenApiParameter(
                "direction",
                OpenApiTypes.STR,
                enum=["received", "sent"],
                description="Addressed to (received) or sent by (sent) the user's agency.",
            ),
        ],
        responses={200: ReferralSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One referral", responses={200: ReferralDetailSerializer, **ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary="Refer a victim to another agency",
        request=ReferralCreateSerializer,
        responses={201: ReferralDetailSerializer, **ERROR_RESPONSES},
    ),
)
class ReferralViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Referrals visible to the user.

    - ``GET /api/v1/referrals/?status=sent&direction=received``: paginated list.
    - ``GET /api/v1/referrals/<public_id>/``: detail with deliveries.
    - ``POST /api/v1/referrals/`` ``{"case", "victim", "to_agency", "service", "note",
      "sharing_basis", "consent_given_by"?, "consent_recorded_on"?, "legal_reference"?,
      "override_reason"?}`` (permission ``referrals.add_referral``): 201; 400 e.g. for a
      referral to the case's own agency, an unknown/invisible case, or a missing or invalid
      basis for sharing.
    - ``POST .../<public_id>/accept/`` ``{"expected_version"?}``,
      ``.../decline/`` ``{"reason", "expected_version"?}``,
      ``.../start/`` ``{"expected_version"?}`` (accepted → in progress),
      ``.../complete/`` ``{"delivered_on": "YYYY-MM-DD", "description", "expected_version"?}``
      (permission ``referrals.respond_referral``): 200 with the referral; 400 when the rule
      forbids it (wrong status, not the receiving agency); 409 when ``expected_version`` is
      stale.
    - ``POST .../<public_id>/revoke/`` ``{"reason", "expected_version"?}`` (permission
      ``referrals.add_referral``; the case team of the sending, i.e. handling, agency): 200;
      403 for another agency that sees the referral; 400 when completed, declined or already
      revoked; 409 when stale.

    Errors: 401 without credentials, 403 when the role lacks the permission, 404 out of scope.
    """

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "list": ["referrals.view_referral"],
        "retrieve": ["referrals.view_referral"],
        "create": ["referrals.add_referral"],
        "accept": ["referrals.view_referral", "referrals.respond_referral"],
        "decline": ["referrals.view_referral", "referrals.respond_referral"],
        "start": ["referrals.view_referral", "referrals.respond_referral"],
        "complete": ["referrals.view_referral", "referrals.respond_referral"],
        "revoke": ["referrals.view_referral", "referrals.add_referral"],
    }
    lookup_field = "public_id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"
    serializer_class = ReferralSerializer

    def get_queryset(self):
        qs = Referral.objects.visible_to(self.request.user).select_related(*LIST_RELATED)
        if self.action != "list":
            return qs.prefetch_related("deliveries")
        params = enum_params(
            self.request,
            {"status": ReferralStatus.values, "direction": ["received", "sent"]},
        )
        if params["status"]:
            qs = qs.filter(status=params["status"])
        direction = params["direction"]
        if direction in ("received", "sent"):
            membership = membership_of(self.request.user)
            if membership is None:
                return qs.none()
            field = "to_agency_id" if direction == "received" else "from_agency_id"
            qs = qs.filter(**{field: membership.agency_id})
        return qs.order_by("-sent_at", "-id")

    def get_serializer_class(self):
        return ReferralSerializer if self.action == "list" else ReferralDetailSerializer

    def _detail(self, referral: Referral, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=referral.pk)
        data = ReferralDetailSerializer(fresh, context={"request": self.request}).data
        return Response(data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = ReferralCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        referral = referral_send(actor=request.user, **serializer.validated_data)
        return self._detail(referral, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Accept a referral", request=TransitionSerializer, responses=TRANSITION_RESPONSES
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, public_id=None):
        referral = self.get_object()
        data = self._input(TransitionSerializer)
        referral = referral_accept(referral=referral, actor=request.user, **data)
        return self._detail(referral)

    @extend_schema(
        summary="Decline a referral", request=DeclineSerializer, responses=TRANSITION_RESPONSES
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, public_id=None):
        referral = self.get_object()
        data = self._input(DeclineSerializer)
        referral = referral_decline(referral=referral, actor=request.user, **data)
        return self._detail(referral)

    @extend_schema(
        summary="Complete a referral (record the service delivered)",
        request=CompleteSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, public_id=None):
        referral = self.get_object()
        data = self._input(CompleteSerializer)
        referral = referral_complete(referral=referral, actor=request.user, **data)
        return self._detail(referral)

    @extend_schema(
        summary="Start providing the service (accepted → in progress)",
        request=TransitionSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def start(self, request, public_id=None):
        referral = self.get_object()
        data = self._input(TransitionSerializer)
        referral = referral_start(referral=referral, actor=request.user, **data)
        return self._detail(referral)

    @extend_schema(
        summary="Revoke a referral (sending agency, with a reason)",
        request=RevokeSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, public_id=None):
        referral = self.get_object()
        if not referral_can_revoke(referral=referral, user=request.user):
            raise PermissionDenied(_("Only the sending agency can revoke this referral."))
        data = self._input(RevokeSerializer)
        referral = referral_revoke(referral=referral, actor=request.user, **data)
        return self._detail(referral)

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("expected_version") is None:
            data.pop("expected_version", None)
        return data
