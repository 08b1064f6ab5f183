"""API for cases: list, report (create) and detail, with field-level access.

Which cases: ``case_list``/``case_get`` (``Case.objects.visible_to(user)``); out of scope is 404.
Which fields: :func:`sigap.cases.access.case_view_for` decides per case, and each answer carries
``access`` saying which shape it has:

- ``status_only`` (reporters and other non-handling agencies): public_id, number, status,
  reported_on, reporting_agency, report_area;
- ``referral_only`` (service providers, police): the case header plus only the victims with an
  open referral to the user's agency, with name, sex, age and child flag;
- ``full`` (the handling case team): header, summary, victims with origin and latest
  identification, journey and exploitation forms.

Integer primary keys never leave the server; everything is addressed by ``public_id``.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sigap.agencies.models import Agency
from sigap.api.errors import ERROR_RESPONSES
from sigap.api.permissions import ActionPermission
from sigap.areas.models import Area
from sigap.audit.services import audit_record
from sigap.cases.access import case_view_for, identity_mask, identity_visible, membership_of
from sigap.cases.choices import (
    CaseStatus,
    ExploitationForm,
    IntakeChannel,
    JourneyStage,
    Modus,
    ParticipantRole,
    RecruitmentChannel,
    Sex,
)
from sigap.cases.models import SUMMARY_MAX_CHARS, Case, JourneyEvent, Participant
from sigap.cases.selectors import case_get, case_list
from sigap.cases.services import JourneyData, PersonData, case_report

MAX_VICTIMS_PER_REPORT = 100
MAX_JOURNEY_STEPS = 50

# --- Output ---------------------------------------------------------------------------------


class AgencyRefSerializer(serializers.ModelSerializer):
    """An agency named in a case: ``public_id``, ``code`` and display ``name``."""

    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Agency
        fields = ["public_id", "code", "name"]
        read_only_fields = fields


class IdentificationRefSerializer(serializers.Serializer):
    """The latest identification of a victim: coded ``result`` and the ``reason`` text."""

    result = serializers.CharField()
    reason = serializers.CharField()
    recorded_at = serializers.DateTimeField(source="created_at")


class _PersonFieldsMixin(serializers.Serializer):
    """Identity fields honour :func:`sigap.cases.access.identity_visible`: when it says no
    (a child for anyone but the handling case team), ``full_name`` is the mask (initials and
    "child"), ``date_of_birth`` is null and ``identity_masked`` is true.
    """

    full_name = serializers.SerializerMethodField()
    identity_masked = serializers.SerializerMethodField()
    sex = serializers.CharField(source="person.sex")
    date_of_birth = serializers.SerializerMethodField()
    estimated_age = serializers.IntegerField(source="person.estimated_age", allow_null=True)

    def _shown(self, obj: Participant) -> bool:
        return obj.pk in self.context.get("identity_visible", set())

    def get_full_name(self, obj: Participant) -> str:
        return obj.person.full_name if self._shown(obj) else identity_mask(obj)

    def get_identity_masked(self, obj: Participant) -> bool:
        return not self._shown(obj)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_date_of_birth(self, obj: Participant):
        dob = obj.person.date_of_birth
        return dob.isoformat() if dob and self._shown(obj) else None


class ReferredVictimSerializer(_PersonFieldsMixin, serializers.ModelSerializer):
    """A victim as seen by an agency the victim was referred to (no origin, no findings)."""

    class Meta:
        model = Participant
        fields = [
            "public_id",
            "full_name",
            "identity_masked",
            "sex",
            "date_of_birth",
            "estimated_age",
            "is_child",
            "age_at_exploitation",
        ]
        read_only_fields = fields


class VictimSerializer(ReferredVictimSerializer):
    """A victim as seen by the handling case team. ``date_of_birth`` is an ISO date."""

    origin_area = serializers.CharField(source="person.origin_area_id", allow_null=True)
    origin_area_label = serializers.SerializerMethodField()
    identification = serializers.SerializerMethodField()

    class Meta(ReferredVictimSerializer.Meta):
        fields = [
            *ReferredVictimSerializer.Meta.fields,
            "origin_area",
            "origin_area_label",
            "identification",
        ]
        read_only_fields = fields

    def get_origin_area_label(self, obj: Participant) -> str:
        area = obj.person.origin_area
        return area.label if area else ""

    @extend_schema_field(IdentificationRefSerializer(allow_null=True))
    def get_identification(self, obj: Participant):
        latest = next(iter(obj.identifications.all()), None)  # prefetched, newest first
        return IdentificationRefSerializer(latest).data if latest else None


class JourneySerializer(serializers.ModelSerializer):
    """One journey step; ``area`` is a Kemendagri code, ``country`` an ISO 3166 code."""

    area = serializers.CharField(source="area_id", allow_null=True)
    country = serializers.CharField()

    class Meta:
        model = JourneyEvent
        fields = ["public_id", "stage", "area", "country", "place_note", "occurred_on"]
        read_only_fields = fields


STATUS_FIELDS = [
    "public_id",
    "access",
    "number",
    "status",
    "reported_on",
    "reporting_agency",
    "report_area",
    "report_area_name",
]


class CaseStatusSerializer(serializers.ModelSerializer):
    """What a reporter sees: number, status, dates and where it was reported."""

    access = serializers.SerializerMethodField()
    reporting_agency = AgencyRefSerializer(read_only=True)
    report_area = serializers.CharField(source="report_area_id")
    report_area_name = serializers.CharField(source="report_area.name")

    class Meta:
        model = Case
        fields = STATUS_FIELDS
        read_only_fields = fields

    def get_access(self, obj: Case) -> str:
        return self.access_name

    access_name = "status_only"


class CaseHeaderSerializer(CaseStatusSerializer):
    """The case header, without identities or narrative (summary, journey)."""

    handling_agency = AgencyRefSerializer(read_only=True, allow_null=True)
    destination_country = serializers.CharField()
    exploitation_forms = serializers.SerializerMethodField()

    class Meta(CaseStatusSerializer.Meta):
        fields = [
            *STATUS_FIELDS,
            "intake_channel",
            "handling_agency",
            "modus",
            "exploitation_forms",
            "destination_country",
            "recruitment_channel",
            "opened_at",
            "closed_at",
            "closure_reason",
            "version",
        ]
        read_only_fields = fields

    access_name = "header"

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(ExploitationForm.choices))
    )
    def get_exploitation_forms(self, obj: Case) -> list[str]:
        return [e.form for e in obj.exploitations.all()]  # prefetched by the selectors


class CaseReferralSerializer(CaseHeaderSerializer):
    """What a receiving agency sees: the header and the victims referred to it."""

    victims = serializers.SerializerMethodField()

    class Meta(CaseHeaderSerializer.Meta):
        fields = [*CaseHeaderSerializer.Meta.fields, "victims"]
        read_only_fields = fields

    access_name = "referral_only"

    @extend_schema_field(ReferredVictimSerializer(many=True))
    def get_victims(self, obj: Case):
        return ReferredVictimSerializer(
            self.context["victims"], many=True, context=self.context
        ).data


class CaseFullSerializer(CaseHeaderSerializer):
    """What the handling case team sees: everything the API exposes about a case."""

    destination_area = serializers.CharField(source="destination_area_id", allow_null=True)
    victims = serializers.SerializerMethodField()
    journey = JourneySerializer(many=True, read_only=True)

    class Meta(CaseHeaderSerializer.Meta):
        fields = [
            *CaseHeaderSerializer.Meta.fields,
            "summary",
            "destination_area",
            "victims",
            "journey",
        ]
        read_only_fields = fields

    access_name = "full"

    @extend_schema_field(VictimSerializer(many=True))
    def get_victims(self, obj: Case):
        return VictimSerializer(self.context["victims"], many=True, context=self.context).data


CASE_DETAIL_SCHEMA = PolymorphicProxySerializer(
    component_name="CaseDetail",
    serializers=[CaseFullSerializer, CaseReferralSerializer, CaseStatusSerializer],
    resource_type_field_name=None,
)
CASE_LIST_SCHEMA = PolymorphicProxySerializer(
    component_name="CaseListItem",
    serializers=[CaseHeaderSerializer, CaseStatusSerializer],
    resource_type_field_name=None,
    many=True,
)


def _victims(case: Case) -> list[Participant]:
    return [p for p in case.participants.all() if p.role == ParticipantRole.VICTIM]


def _referred_victims(user, case: Case) -> list[Participant]:
    """Victims of ``case`` with an open referral to the user's agency (the same rule as
    ``sigap.referrals.selectors.referral_victim_visible`` for receiving agencies).
    """
    from sigap.referrals.choices import OPEN_STATUSES  # lazy: referrals sits to the right

    membership = membership_of(user)
    if membership is None:
        return []
    ids = set(
        case.referrals.filter(
            to_agency_id=membership.agency_id, status__in=OPEN_STATUSES
        ).values_list("victim_id", flat=True)
    )
    return [p for p in _victims(case) if p.pk in ids]


def case_detail_data(*, user, case: Case) -> tuple[dict, int]:
    """Serialise ``case`` as ``user`` may see it; returns (data, number of victims shown)."""
    view = case_view_for(user, case)
    if view.full or view.referral_only:
        victims = _victims(case) if view.full else _referred_victims(user, case)
        context = {
            "victims": victims,
            "identity_visible": {p.pk for p in victims if identity_visible(user, p)},
        }
        serializer = CaseFullSerializer if view.full else CaseReferralSerializer
        return serializer(case, context=context).data, len(victims)
    return CaseStatusSerializer(case).data, 0


# --- Input ----------------------------------------------------------------------------------


class AreaCodeField(serializers.SlugRelatedField):
    """A Kemendagri area code with dots (``31.71.03.1001``); unknown codes are refused."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Area.objects.all(), **kwargs)


class VictimInputSerializer(serializers.Serializer):
    """A victim in a new report. ``date_of_birth`` is ISO (``2005-08-17``)."""

    full_name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(Sex.choices, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=120
    )
    origin_area = AreaCodeField(required=False, allow_null=True, default=None)


class JourneyInputSerializer(serializers.Serializer):
    """A journey step in a new report: an area code in Indonesia or an ISO country code."""

    stage = serializers.ChoiceField(JourneyStage.choices)
    area = AreaCodeField(required=False, allow_null=True, default=None)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    place_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)


class CaseCreateSerializer(serializers.Serializer):
    """Input of ``POST /api/v1/cases/``; rules beyond types are checked by ``case_report``."""

    intake_channel = serializers.ChoiceField(IntakeChannel.choices)
    report_area = AreaCodeField(help_text="Kelurahan or desa code, e.g. 31.71.03.1001.")
    summary = serializers.CharField(max_length=SUMMARY_MAX_CHARS)
    reported_on = serializers.DateField(required=False, allow_null=True, default=None)
    modus = serializers.ChoiceField(Modus.choices, required=False, allow_blank=True, default="")
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(ExploitationForm.choices), required=False, default=list
    )
    destination_country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, default=""
    )
    destination_area = AreaCodeField(required=False, allow_null=True, default=None)
    recruitment_channel = serializers.ChoiceField(
        RecruitmentChannel.choices, required=False, allow_blank=True, default=""
    )
    victims = VictimInputSerializer(
        many=True, required=False, default=list, max_length=MAX_VICTIMS_PER_REPORT
    )
    journey = JourneyInputSerializer(
        many=True, required=False, default=list, max_length=MAX_JOURNEY_STEPS
    )


# --- Views ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List visible cases",
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="Case number (or name)."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=CaseStatus.values),
            OpenApiParameter("kecamatan", OpenApiTypes.STR, description="Code, e.g. 31.71.03."),
            OpenApiParameter("exploitation_form", OpenApiTypes.STR, enum=ExploitationForm.values),
            OpenApiParameter("modus", OpenApiTypes.STR, enum=Modus.values),
        ],
        responses={200: CASE_LIST_SCHEMA, **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One case, shaped by the user's access",
        responses={200: CASE_DETAIL_SCHEMA, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary="Report a new case",
        request=CaseCreateSerializer,
        responses={201: CASE_DETAIL_SCHEMA, **ERROR_RESPONSES},
    ),
)
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Cases visible to the user.

    - ``GET /api/v1/cases/?search=&status=&kecamatan=&exploitation_form=&modus=``: paginated
      ``{count, next, previous, results}``; each item is the header (``access: "header"``) or,
      for status-only users, the status fields (``access: "status_only"``). Never names.
    - ``POST /api/v1/cases/`` (permission ``cases.add_case``): a report as in
      :class:`CaseCreateSerializer`; 201 with the detail shape, 400 ``{"message", "extra":
      {"fields": {...}}}`` and nothing stored on bad input (unknown area code, future date of
      birth, empty summary, ...).
    - ``GET /api/v1/cases/<public_id>/``: the detail shape (``access`` = ``full``,
      ``referral_only`` or ``status_only``); returning identities writes a ``case.view`` audit
      row. 404 for cases out of scope, exactly as for unknown ids.

    Errors: 401 without credentials, 403 when the role lacks the permission.
    """

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "list": ["cases.view_case"],
        "retrieve": ["cases.view_case"],
        "create": ["cases.add_case"],
    }
    lookup_field = "public_id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"
    queryset = Case.objects.none()  # for the schema; reads go through the selectors

    def get_serializer_class(self):
        return CaseCreateSerializer if self.action == "create" else CaseHeaderSerializer

    def get_queryset(self):
        params = self.request.query_params
        return case_list(
            user=self.request.user,
            **{
                name: params.get(name, "")
                for name in ("search", "status", "kecamatan", "exploitation_form", "modus")
            },
        )

    def get_object(self):
        return case_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = []
        for case in page:
            view = case_view_for(request.user, case)
            serializer = CaseStatusSerializer if view.status_only else CaseHeaderSerializer
            data.append(serializer(case).data)
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        data, shown = case_detail_data(user=request.user, case=case)
        if shown:
            audit_record(
                actor=request.user,
                action="case.view",
                target=case,
                changes={"access": data["access"], "victims_shown": shown, "via": "api"},
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        return Response(data)

    def create(self, request, *args, **kwargs):
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        victims = [PersonData(**v) for v in data.pop("victims")]
        journey = [JourneyData(**j) for j in data.pop("journey")]
        case = case_report(actor=request.user, victims=victims, journey=journey, **data)
        case = case_get(user=request.user, public_id=case.public_id)
        body, _shown = case_detail_data(user=request.user, case=case)
        return Response(body, status=status.HTTP_201_CREATED)
