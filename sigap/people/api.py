"""``POST /api/v1/persons/match/``: the duplicate check of a person before it is recorded
(issue 10 §1), the same ranked candidates as the intake forms show."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sigap.api.errors import ErrorSerializer
from sigap.cases.access import membership_of
from sigap.cases.api import AreaCodeField, NameInputField
from sigap.cases.choices import Sex
from sigap.people.selectors import MatchQuery
from sigap.people.services import person_match

#: Who may run the check: those who record persons (intake or adding to a case).
MATCH_PERMS = ("cases.add_case", "cases.change_case")


class CanRecordPersons(BasePermission):
    """A member of an agency holding ``cases.add_case`` or ``cases.change_case``."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if membership_of(user) is None or not any(user.has_perm(p) for p in MATCH_PERMS):
            raise PermissionDenied()
        return True


class MatchRequestSerializer(serializers.Serializer):
    """The person being entered; ``date_of_birth`` ISO, ``nik`` 16 digits."""

    full_name = NameInputField(max_length=150)
    sex = serializers.ChoiceField(Sex.choices, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=120
    )
    origin_area = AreaCodeField(required=False, allow_null=True, default=None)
    nik = serializers.RegexField(r"^\d{16}$", required=False, allow_blank=True, default="")


class ReasonCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    params = serializers.DictField(child=serializers.CharField())


class CandidateCaseSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    number = serializers.CharField()
    role = serializers.CharField()


class CandidateSerializer(serializers.Serializer):
    """One candidate. With ``identity_shown`` false only rank, score and notice are set."""

    rank = serializers.IntegerField()
    score = serializers.IntegerField(help_text="0-100")
    identity_shown = serializers.BooleanField()
    notice = serializers.CharField(allow_blank=True)
    person_public_id = serializers.UUIDField(allow_null=True)
    full_name = serializers.CharField(allow_blank=True)
    sex = serializers.CharField(allow_blank=True)
    date_of_birth = serializers.DateField(allow_null=True)
    age = serializers.IntegerField(allow_null=True)
    origin_area = serializers.CharField(allow_blank=True)
    reasons = serializers.ListField(child=serializers.CharField())
    reason_codes = ReasonCodeSerializer(many=True)
    cases = CandidateCaseSerializer(many=True)


class MatchResponseSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)


class PersonMatchView(APIView):
    """Persons already recorded who may be this one: at most 10, best first, each with its
    score and reasons in words. A candidate whose identity the user may not see (another
    agency's case, or a child outside the handling team) shows only a notice. Nothing is
    stored; the call is audited (``person.match``, counts only) and each identity returned
    is recorded as viewed (``case.view``)."""

    permission_classes = [IsAuthenticated, CanRecordPersons]

    @extend_schema(
        request=MatchRequestSerializer,
        responses={
            200: MatchResponseSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        operation_id="persons_match",
    )
    def post(self, request):
        data = MatchRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        area = d["origin_area"]
        query = MatchQuery(
            full_name=d["full_name"],
            sex=d["sex"],
            date_of_birth=d["date_of_birth"],
            estimated_age=d["estimated_age"],
            origin_area_code=area.code if area else "",
            nik=d["nik"],
        )
        candidates = person_match(user=request.user, query=query, via="api")
        return Response(MatchResponseSerializer({"candidates": candidates}).data)
