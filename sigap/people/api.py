"""``POST /api/v1/persons/match/``: the duplicate check of a person before it is recorded
(issue 10 §1), the same ranked candidates as the intake forms show."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sigap.agencies.choices import Role
from sigap.api.errors import ErrorSerializer
from sigap.api.permissions import ActionPermission
from sigap.audit.services import audit_record
from sigap.cases.access import membership_of
from sigap.cases.api import AreaCodeField, NameInputField
from sigap.cases.choices import Sex
from sigap.cases.selectors import case_get
from sigap.people import identifiers
from sigap.people.merge import MERGE_ROLES, person_merge, person_merge_undo
from sigap.people.models import IdentifierKind, PersonMerge
from sigap.people.selectors import MatchQuery, person_linkable_get
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


class _AreaCode(AreaCodeField):
    """An area code or null; an empty string is refused (the schema says minLength 1, while
    DRF would read "" as null for a related field)."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            raise serializers.ValidationError(_("Give an area code or null."))
        return super().run_validation(data)


class MatchRequestSerializer(serializers.Serializer):
    """The person being entered; ``date_of_birth`` ISO, ``nik`` 16 digits."""

    full_name = NameInputField(max_length=150)
    sex = serializers.ChoiceField(Sex.choices, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=120
    )
    origin_area = _AreaCode(required=False, allow_null=True, default=None)
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


class MergeRequestSerializer(serializers.Serializer):
    survivor = serializers.UUIDField(help_text="person_public_id that stays")
    merged = serializers.UUIDField(help_text="person_public_id merged into the survivor")
    reason = serializers.CharField(max_length=2000)


class UndoRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class MergeResponseSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    survivor = serializers.UUIDField(source="survivor.public_id")
    merged = serializers.UUIDField(source="merged.public_id")
    participations_moved = serializers.SerializerMethodField()
    across_agencies = serializers.BooleanField()
    undone_at = serializers.DateTimeField(allow_null=True)

    def get_participations_moved(self, obj) -> int:
        return len(obj.moved_participants)


class CanMerge(BasePermission):
    """Case teams (same agency) and the secretariat (across agencies); the service checks
    which of the two applies to the records."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        membership = membership_of(user)
        if membership is None or membership.role not in MERGE_ROLES:
            raise PermissionDenied()
        return True


def _person(user, public_id):
    """A person the user may name in a merge: one whose identity they see, or for the
    secretariat any person (a merge across agencies is asked of them by the agencies)."""
    from sigap.cases.models import Person

    person = person_linkable_get(user, public_id)
    if person is None and membership_of(user).role == Role.SECRETARIAT:
        person = Person.objects.filter(public_id=public_id).first()
    if person is None:
        raise NotFound()
    return person


class PersonMergeView(APIView):
    """Merge two records of one person (issue 10 §2): every participation of ``merged``
    moves to ``survivor``; notes and audit rows stay; it can be undone. Records of one
    agency: its case team; across agencies: the secretariat. 404 for a person the caller may
    not name."""

    permission_classes = [IsAuthenticated, CanMerge]

    @extend_schema(
        request=MergeRequestSerializer,
        responses={
            201: MergeResponseSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        operation_id="persons_merge",
    )
    def post(self, request):
        data = MergeRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        merge = person_merge(
            actor=request.user,
            survivor=_person(request.user, d["survivor"]),
            merged=_person(request.user, d["merged"]),
            reason=d["reason"],
        )
        return Response(MergeResponseSerializer(merge).data, status=201)


class PersonMergeUndoView(APIView):
    """Undo a merge (same authority as the merge). 404 for a merge the caller did not make
    and whose survivor they may not name."""

    permission_classes = [IsAuthenticated, CanMerge]

    @extend_schema(
        request=UndoRequestSerializer,
        responses={
            200: MergeResponseSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        operation_id="persons_merge_undo",
    )
    def post(self, request, public_id):
        merge = (
            PersonMerge.objects.select_related("survivor", "merged")
            .filter(public_id=public_id)
            .first()
        )
        if merge is None:
            raise NotFound()
        _person(request.user, merge.survivor.public_id)
        data = UndoRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        merge = person_merge_undo(
            actor=request.user, merge=merge, reason=data.validated_data["reason"]
        )
        return Response(MergeResponseSerializer(merge).data)


class IdentifierInputSerializer(serializers.Serializer):
    """A new identifier; ``participant``: a participant public id of the case, or null for
    the case itself (e.g. the recruiting company)."""

    participant = serializers.UUIDField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(IdentifierKind.choices)
    qualifier = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    value = serializers.CharField(max_length=300)


class IdentifierSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    kind = serializers.CharField()
    qualifier = serializers.CharField()
    value = serializers.CharField()
    participant = serializers.UUIDField(source="participant.public_id", allow_null=True)
    is_public = serializers.BooleanField(default=False)


class IdentifierListSerializer(serializers.Serializer):
    identifiers = IdentifierSerializer(many=True)
    hidden = serializers.IntegerField(help_text="Identifiers of the case not shown to you.")


class CaseIdentifiersView(APIView):
    """Identifiers of a case (issue 10 §3), scoped like names: GET lists those the caller may
    see (full view of the case, or police on a case referred to them; a participant's own
    identifiers follow the identity rule); POST adds one (handling case team of an open case,
    or those police). 404 out of scope, 403 without the right. Audited."""

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {"*": ["cases.view_case"]}

    def _case(self, request, public_id):
        case = case_get(user=request.user, public_id=public_id)
        if not identifiers.can_view_case_identifiers(request.user, case):
            raise PermissionDenied()
        return case

    @extend_schema(
        responses={
            200: IdentifierListSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        operation_id="case_identifiers_list",
    )
    def get(self, request, public_id):
        case = self._case(request, public_id)
        shown, hidden = identifiers.identifier_list(user=request.user, case=case)
        if shown:
            audit_record(
                actor=request.user,
                action="identifier.view",
                target=case,
                changes={"identifiers_shown": len(shown), "fields": ["value"], "via": "api"},
            )
        return Response(IdentifierListSerializer({"identifiers": shown, "hidden": hidden}).data)

    @extend_schema(
        request=IdentifierInputSerializer,
        responses={
            201: IdentifierSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        operation_id="case_identifiers_create",
    )
    def post(self, request, public_id):
        case = self._case(request, public_id)
        if not identifiers.can_add(request.user, case):
            raise PermissionDenied()
        data = IdentifierInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        participant = None
        if d["participant"] is not None:
            participant = case.participants.filter(public_id=d["participant"]).first()
            if participant is None:
                raise serializers.ValidationError(
                    {"participant": [_("This person is not in the case.")]}
                )
        created = identifiers.identifier_add(
            actor=request.user,
            case=case,
            participant=participant,
            kind=d["kind"],
            value=d["value"],
            qualifier=d["qualifier"],
        )
        created.is_public = False
        return Response(IdentifierSerializer(created).data, status=201)
