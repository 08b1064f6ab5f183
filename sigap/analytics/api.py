"""``POST /api/v1/screenings/``: screen a job offer (issue 9 §3)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sigap.analytics.models import RiskLevel, ScreeningChannel
from sigap.analytics.services import MAX_TEXT, screening_create
from sigap.api.errors import ErrorSerializer


class IsAgencyMember(BasePermission):
    """Any user with a membership in a member agency (every role, the secretariat included)."""

    message = "Only users of a member agency may screen job offers."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if getattr(user, "membership", None) is None:
            raise PermissionDenied()
        return True


class ScreeningRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default="", trim_whitespace=False
    )
    answers = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        default=dict,
        help_text="Checklist answers {question_code: true|false}.",
    )


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    evidence = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()
    weight = serializers.FloatField()


class ScreeningResponseSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    score = serializers.FloatField()
    flags = FlagSerializer(many=True)
    mitigations = FlagSerializer(many=True)
    ruleset_version = serializers.CharField()
    damped = serializers.BooleanField(help_text="The text reads as a warning leaflet or news.")


class ScreeningCreateView(APIView):
    """Screen a job offer's text and/or checklist answers for trafficking red flags.

    Returns the risk level (high, medium, low), the score, every flag with the exact words that
    triggered it and its source (law or indicator), and the ruleset version, which is stored
    with the screening so the result can be explained later. It recommends; a person decides.
    """

    permission_classes = [IsAuthenticated, IsAgencyMember]

    @extend_schema(
        request=ScreeningRequestSerializer,
        responses={
            200: ScreeningResponseSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        operation_id="screenings_create",
    )
    def post(self, request):
        data = ScreeningRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        screening, result = screening_create(
            user=request.user,
            text=data.validated_data["text"],
            answers=data.validated_data["answers"],
            channel=ScreeningChannel.API,
        )
        return Response({"public_id": str(screening.public_id), **result.as_dict()}, status=200)
