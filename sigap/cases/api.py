"""API for cases: list, report (create) and detail, with field-level access.

Which cases: ``case_list``/``case_get`` (``Case.objects.visible_to(user)``); out of scope is 404.
Which fields: :func:`sigap.cases.access.case_view_for` decides per case, and each answer carries
``access`` saying which shape it has:

- ``status_only`` (reporters and other non-handling agencies): public_id, number, status,
  reported_on, reporting_agency, report_area;
- ``referral_only`` (service providers, police): number, status, dates, area and handling
  agency, plus only the victims with an open referral to the user's agency (name or child
  mask, age in years, sex, child flag) and the referrals to the agency with their note; no
  modus, destination, recruitment channel, summary, journey or suspects (issue 3 §1);
- ``full`` (the handling case team): header, summary, victims with origin and latest
  identification, journey and exploitation forms.

Integer primary keys never leave the server; everything is addressed by ``public_id``.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django_countries import countries as dj_countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sigap.agencies.models import Agency
from sigap.api.errors import ERROR_RESPONSES
from sigap.api.permissions import ActionPermission
from sigap.areas.models import Area
from sigap.audit.services import audit_record
from sigap.cases import identity_log, person_hooks
from sigap.cases.access import case_view_for, identity_mask, identity_visible, membership_of
from sigap.cases.choices import (
    CaseStatus,
    ExploitationForm,
    IntakeChannel,
    JobCategory,
    JourneyStage,
    Modus,
    ParticipantRole,
    PassportHolder,
    RecruitmentChannel,
    SalaryCurrency,
    Sex,
    VisaType,
)
from sigap.cases.minimal import person_age
from sigap.cases.models import (
    SUMMARY_MAX_CHARS,
    Case,
    CaseModusFacts,
    JourneyEvent,
    Participant,
)
from sigap.cases.selectors import CASE_LIST_ORDER, case_get, case_list
from sigap.cases.services import JourneyData, PersonData, case_report
from sigap.core.money import rupiah_api_field
from sigap.core.text import name_clean

MAX_VICTIMS_PER_REPORT = 100
# ``GET ?search=`` takes a case number or a prefix of one (TPPO-3171-2026-0001), never a name:
# names and NIKs go through ``POST /api/v1/cases/search/`` so they stay out of URLs.
CASE_NUMBER_SEARCH = re.compile(r"^TPPO[-0-9]*$", re.IGNORECASE)
SEARCH_NUMBER_ONLY = _(
    "Only a case number (TPPO-...) may be searched in the URL; search names and NIKs with "
    "POST /api/v1/cases/search/."
)
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
    "child") and ``identity_masked`` is true.
    """

    full_name = serializers.SerializerMethodField()
    identity_masked = serializers.SerializerMethodField()
    sex = serializers.CharField(source="person.sex")
    age = serializers.SerializerMethodField()

    def _shown(self, obj: Participant) -> bool:
        return obj.pk in self.context.get("identity_visible", set())

    def get_full_name(self, obj: Participant) -> str:
        return obj.person.full_name if self._shown(obj) else identity_mask(obj)

    def get_identity_masked(self, obj: Participant) -> bool:
        return not self._shown(obj)

    def get_age(self, obj: Participant) -> int | None:
        """Age in whole years today (from the date of birth, else the estimated age)."""
        return person_age(obj.person)


class ReferredVictimSerializer(_PersonFieldsMixin, serializers.ModelSerializer):
    """A victim as seen by an agency the victim was referred to: name (or the child mask),
    age in years, sex and child flag only; no date of birth, origin or findings (issue 3 §1).
    """

    class Meta:
        model = Participant
        fields = ["public_id", "full_name", "identity_masked", "sex", "age", "is_child"]
        read_only_fields = fields


class VictimSerializer(ReferredVictimSerializer):
    """A victim as seen by the handling case team. ``date_of_birth`` is an ISO date, null
    when it is not recorded or the identity is masked (a child for anyone but the team)."""

    date_of_birth = serializers.SerializerMethodField()
    estimated_age = serializers.IntegerField(source="person.estimated_age", allow_null=True)
    origin_area = serializers.CharField(source="person.origin_area_id", allow_null=True)
    origin_area_label = serializers.SerializerMethodField()
    identification = serializers.SerializerMethodField()

    class Meta(ReferredVictimSerializer.Meta):
        fields = [
            *ReferredVictimSerializer.Meta.fields,
            "date_of_birth",
            "estimated_age",
            "age_at_exploitation",
            "origin_area",
            "origin_area_label",
            "identification",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_date_of_birth(self, obj: Participant):
        dob = obj.person.date_of_birth
        return dob.isoformat() if dob and self._shown(obj) else None

    def get_origin_area_label(self, obj: Participant) -> str:
        area = obj.person.origin_area
        return area.label if area else ""

    @extend_schema_field(IdentificationRefSerializer(allow_null=True))
    def get_identification(self, obj: Participant):
        latest = next(iter(obj.identifications.all()), None)  # prefetched, newest first
        return IdentificationRefSerializer(latest).data if latest else None


class ReferralRefSerializer(serializers.Serializer):
    """A referral of the case to the user's agency: service, status, dates and its note (only
    where the victim's identity is shown, as on the referral's own page)."""

    public_id = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.public_id")
    service = serializers.CharField(source="service.code")
    service_name = serializers.CharField(source="service.__str__")
    status = serializers.CharField()
    sent_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    note = serializers.SerializerMethodField()

    def get_note(self, obj) -> str:
        """The note often names the victim: empty unless the victim's identity is shown."""
        return obj.note if obj.victim_id in self.context.get("identity_visible", set()) else ""


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
        return [e.form for e in obj.exploitation_items()]  # prefetched by the selectors


class CaseReferralHeaderSerializer(CaseStatusSerializer):
    """What a receiving agency (service provider, police) sees of a referred case in a list:
    the status fields and who handles it; no modus, destination or recruitment channel."""

    handling_agency = AgencyRefSerializer(read_only=True, allow_null=True)

    class Meta(CaseStatusSerializer.Meta):
        fields = [*STATUS_FIELDS, "handling_agency", "opened_at", "closed_at"]
        read_only_fields = fields

    access_name = "referral_only"


class CaseReferralSerializer(CaseReferralHeaderSerializer):
    """What a receiving agency sees of one case: the referral header, the victims referred to
    it (minimal fields, :class:`ReferredVictimSerializer`) and those referrals with notes."""

    victims = serializers.SerializerMethodField()
    referrals = serializers.SerializerMethodField()

    class Meta(CaseReferralHeaderSerializer.Meta):
        fields = [*CaseReferralHeaderSerializer.Meta.fields, "victims", "referrals"]
        read_only_fields = fields

    @extend_schema_field(ReferredVictimSerializer(many=True))
    def get_victims(self, obj: Case):
        return ReferredVictimSerializer(
            self.context["victims"], many=True, context=self.context
        ).data

    @extend_schema_field(ReferralRefSerializer(many=True))
    def get_referrals(self, obj: Case):
        return ReferralRefSerializer(
            self.context.get("referrals", []), many=True, context=self.context
        ).data


class AreaCodeField(serializers.SlugRelatedField):
    """A Kemendagri area code with dots (``31.71.03.1001``); unknown codes are refused."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Area.objects.all(), **kwargs)


class ModusFactsSerializer(serializers.Serializer):
    """The structured modus facts of a case (issue 13 §4). Amounts are whole numbers from 0
    to ``sigap.core.money.MAX_RUPIAH`` (``fees_paid``/``debt_amount`` Rupiah,
    ``promised_salary`` per month in ``salary_currency``); countries ISO 3166-1 alpha-2;
    ``penampungan_area`` a Kemendagri code. ``recruiter_licensed`` (read only) is the fuzzy
    match of ``recruiter_name`` against the P3MI registry at the last save (null: no name).
    ``destination_country`` is the case's own field."""

    job_offered = serializers.CharField(max_length=200, required=False, allow_blank=True)
    job_category = serializers.ChoiceField(JobCategory.choices, required=False, allow_blank=True)
    promised_salary = rupiah_api_field(required=False, allow_null=True)
    salary_currency = serializers.ChoiceField(SalaryCurrency.choices, required=False)
    destination_country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, source="case.destination_country"
    )
    visa_type = serializers.ChoiceField(VisaType.choices, required=False, allow_blank=True)
    passport_holder = serializers.ChoiceField(
        PassportHolder.choices, required=False, allow_blank=True
    )
    recruiter_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    recruiter_licensed = serializers.BooleanField(read_only=True, allow_null=True)
    recruiter_p3mi = serializers.CharField(read_only=True)
    fees_paid = rupiah_api_field(required=False, allow_null=True)
    has_debt = serializers.BooleanField(required=False, allow_null=True)
    debt_amount = rupiah_api_field(required=False, allow_null=True)
    penampungan_area = AreaCodeField(required=False, allow_null=True)
    penampungan_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    transit_countries = serializers.ListField(
        child=serializers.ChoiceField(list(dj_countries)), required=False, max_length=30
    )
    transit_points = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["transit_countries"] = list(instance.transit_countries or [])
        data["destination_country"] = str(instance.case.destination_country or "")
        return data


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
            "modus_facts",
        ]
        read_only_fields = fields

    access_name = "full"

    modus_facts = serializers.SerializerMethodField()

    @extend_schema_field(ModusFactsSerializer(allow_null=True))
    def get_modus_facts(self, obj: Case):
        facts = CaseModusFacts.objects.filter(case=obj).select_related("penampungan_area").first()
        return ModusFactsSerializer(facts).data if facts is not None else None

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
    serializers=[CaseHeaderSerializer, CaseReferralHeaderSerializer, CaseStatusSerializer],
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


def _referrals_to_agency(user, case: Case) -> list:
    """Referrals of ``case`` addressed to the user's agency, newest first (with their note)."""
    membership = membership_of(user)
    if membership is None:
        return []
    return list(
        case.referrals.filter(to_agency_id=membership.agency_id)
        .select_related("victim", "service")
        .order_by("-sent_at", "-id")
    )


def _list_item_serializer(user, case: Case) -> type[serializers.Serializer]:
    """The list-item shape for the user's view of ``case``: the header for full access, the
    referral header for receiving agencies, else the status fields. Never names."""
    view = case_view_for(user, case)
    if view.full:
        return CaseHeaderSerializer
    if view.referral_only:
        return CaseReferralHeaderSerializer
    return CaseStatusSerializer


def case_list_items(user, cases) -> list[dict]:
    """The list items of ``cases`` in order, each shaped by ``_list_item_serializer``.

    One serializer per shape serves the whole page: DRF builds a ModelSerializer's fields
    (model introspection, deep copies of the declared fields) per instance, which cost ~70
    field builds per page of 25 when each item made its own (issue 8 §4, the API list).
    """
    shapes: dict[type, serializers.Serializer] = {}
    items = []
    for case in cases:
        cls = _list_item_serializer(user, case)
        serializer = shapes.get(cls)
        if serializer is None:
            serializer = shapes[cls] = cls()
        items.append(serializer.to_representation(case))
    return items


def case_detail_data(*, user, case: Case) -> tuple[dict, int]:
    """Serialise ``case`` as ``user`` may see it; returns (data, number of victims shown)."""
    view = case_view_for(user, case)
    if view.full:
        victims = _victims(case)
        context = {
            "victims": victims,
            "identity_visible": {p.pk for p in victims if identity_visible(user, p)},
        }
        return CaseFullSerializer(case, context=context).data, len(victims)
    if view.referral_only:
        victims = _referred_victims(user, case)
        context = {
            "victims": victims,
            "identity_visible": {p.pk for p in victims if identity_visible(user, p)},
            "referrals": _referrals_to_agency(user, case),
        }
        return CaseReferralSerializer(case, context=context).data, len(victims)
    return CaseStatusSerializer(case).data, 0


# --- Input ----------------------------------------------------------------------------------


class NameInputField(serializers.CharField):
    """A personal name, cleaned by :func:`sigap.core.text.name_clean` like the forms' NameField
    (zero-width and bidi control characters removed); empty after cleaning → "required"."""

    def to_internal_value(self, data):
        value = name_clean(super().to_internal_value(data))
        if not value:
            self.fail("blank")
        return value


class VictimInputSerializer(serializers.Serializer):
    """A victim in a new report. ``date_of_birth`` is ISO (``2005-08-17``)."""

    full_name = NameInputField(max_length=150)
    sex = serializers.ChoiceField(Sex.choices, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=120
    )
    origin_area = AreaCodeField(required=False, allow_null=True, default=None)
    existing_person = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Record this already known person again instead of a new one: a "
        "person_public_id from POST /api/v1/persons/match/ (the duplicate check). The "
        "other fields are then ignored.",
    )


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


class CaseSearchSerializer(serializers.Serializer):
    """Input of ``POST /api/v1/cases/search/``: exactly one of ``name`` (whole words of a
    victim's name), ``nik`` (16 digits) or ``number`` (a case number or its prefix)."""

    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    nik = serializers.RegexField(r"^\d{16}$", required=False, allow_blank=True, default="")
    number = serializers.RegexField(
        CASE_NUMBER_SEARCH, max_length=32, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs):
        given = [key for key, value in attrs.items() if value.strip()]
        if len(given) != 1:
            raise serializers.ValidationError(_("Give exactly one of name, nik or number."))
        return {key: value.strip() for key, value in attrs.items()}


# --- Views ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List visible cases",
        parameters=[
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description="A case number or its prefix (TPPO-3171-2026-0001); anything "
                "else is refused with 400. Names and NIKs: POST /api/v1/cases/search/.",
            ),
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
    search=extend_schema(
        summary="Find visible cases by a victim's name or NIK, or by case number (POST)",
        request=CaseSearchSerializer,
        responses={200: CASE_LIST_SCHEMA, **ERROR_RESPONSES},
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
      ``{count, next, previous, results}``; each item is the header (``access: "header"``),
      for receiving agencies the referral header (``access: "referral_only"``) or, for
      status-only users, the status fields (``access: "status_only"``). Never names.
      ``next`` past page 10 (and past the capped count) carries an opaque ``cursor``.
      ``search`` takes only a case number (``TPPO-...``); anything else is 400.
    - ``POST /api/v1/cases/search/`` with ``{"name": ...}``, ``{"nik": ...}`` or
      ``{"number": ...}``: the same items, scope and pagination (``?page=`` in the URL, the
      same body again). Name and NIK find only the cases of the user's own agency's case
      team, through keyed hashes (``cases.selectors.case_list``).
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
        "search": ["cases.view_case"],
        "modus_facts": ["cases.view_case"],
    }
    lookup_field = "public_id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"
    queryset = Case.objects.none()  # for the schema; reads go through the selectors
    # Deep pages by opaque cursor (``?cursor=``, from ``next``), a seek on the list index.
    keyset_order = CASE_LIST_ORDER

    def get_serializer_class(self):
        if self.action == "search":
            return CaseSearchSerializer
        return CaseCreateSerializer if self.action == "create" else CaseHeaderSerializer

    FILTER_CHOICES = {
        "status": CaseStatus.values,
        "exploitation_form": ExploitationForm.values,
        "modus": Modus.values,
    }

    def _filters(self) -> dict[str, str]:
        """The list filters, each checked: an unknown value is a 400 naming the filter, not an
        empty list (issue 7 #11)."""
        params = self.request.query_params
        values = {
            name: params.get(name, "")
            for name in ("status", "kecamatan", "exploitation_form", "modus")
        }
        errors = {}
        for name, allowed in self.FILTER_CHOICES.items():
            if values[name] and values[name] not in allowed:
                errors[name] = [
                    _("Unknown value. Use one of: %(values)s.") % {"values": ", ".join(allowed)}
                ]
        if values["kecamatan"] and not re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", values["kecamatan"]):
            errors["kecamatan"] = [_("Use a Kemendagri kecamatan code such as 31.71.03.")]
        if errors:
            raise serializers.ValidationError(errors)
        return values

    def get_queryset(self):
        params = self.request.query_params
        qs = case_list(user=self.request.user, **self._filters())
        number = params.get("search", "").strip()
        if number:
            if not CASE_NUMBER_SEARCH.fullmatch(number):
                raise serializers.ValidationError({"search": [SEARCH_NUMBER_ONLY]})
            qs = qs.filter(number__icontains=number)
        return qs

    def get_object(self):
        return case_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def list(self, request, *args, **kwargs):
        return self._page(self.get_queryset())

    def _page(self, queryset):
        """One page of list items, each shaped by the user's view of that case."""
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(case_list_items(self.request.user, page))

    @action(detail=False, methods=["post"], url_path="search", url_name="search")
    def search(self, request, *args, **kwargs):
        """Identity search by POST, so that names and NIKs stay out of URLs and access logs."""
        serializer = CaseSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        term = next(v for v in serializer.validated_data.values() if v)
        if serializer.validated_data.get("number"):
            qs = case_list(user=request.user).filter(number__icontains=term)
        else:
            qs = case_list(user=request.user, search=term)
        return self._page(qs)

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
            identity_log.recorded(case.pk)
        return Response(data)

    @staticmethod
    def _victim(user, fields: dict) -> PersonData:
        """A victim's ``PersonData``; ``existing_person`` must be a person whose identity the
        user sees (``person_hooks.linkable``), else 400."""
        existing = fields.pop("existing_person", None)
        data = PersonData(**fields)
        if existing is not None:
            data.link_to = person_hooks.linkable(user, existing)
            if data.link_to is None:
                raise serializers.ValidationError(
                    {"victims": [_("You cannot link to this person.")]}
                )
        return data

    @extend_schema(
        methods=["GET"], request=None, responses={200: ModusFactsSerializer, **ERROR_RESPONSES}
    )
    @extend_schema(
        methods=["PUT"],
        request=ModusFactsSerializer,
        responses={200: ModusFactsSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get", "put"], url_path="modus-facts", url_name="modus-facts")
    def modus_facts(self, request, *args, **kwargs):
        """``GET /api/v1/cases/<public_id>/modus-facts/``: the case's modus facts (empty
        defaults when none), for users with the full view of the case (403 otherwise, 404 out
        of scope). ``PUT``: replace them (fields left out are cleared); the handling case team
        of an open case with ``cases.change_case`` only (as on the page; 403 otherwise); 400
        with field errors on bad input, nothing stored. Audited as ``case.modus_facts`` with
        masked old/new values."""
        from django.core.exceptions import PermissionDenied

        from sigap.cases.modus import ModusFactsData, modus_facts_set

        case = self.get_object()
        view = case_view_for(request.user, case)
        if request.method == "GET":
            if not view.full:
                raise PermissionDenied
            facts = CaseModusFacts.objects.filter(case=case).select_related(
                "penampungan_area"
            ).first() or CaseModusFacts(case=case)
            return Response(ModusFactsSerializer(facts).data)
        if not (view.can_identify and request.user.has_perm("cases.change_case")):
            raise PermissionDenied
        serializer = ModusFactsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        d["destination_country"] = d.pop("case", {}).get("destination_country", "")
        facts = modus_facts_set(case=case, actor=request.user, data=ModusFactsData(**d))
        facts = CaseModusFacts.objects.select_related("case", "penampungan_area").get(pk=facts.pk)
        return Response(ModusFactsSerializer(facts).data)

    def create(self, request, *args, **kwargs):
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        victims = [self._victim(request.user, v) for v in data.pop("victims")]
        journey = [JourneyData(**j) for j in data.pop("journey")]
        case = case_report(actor=request.user, victims=victims, journey=journey, **data)
        case = case_get(user=request.user, public_id=case.public_id)
        body, _shown = case_detail_data(user=request.user, case=case)
        return Response(body, status=status.HTTP_201_CREATED)
