"""API for the justice process of a case (``/api/v1/justice/``), keyed by the case's public_id.

Suspects and victims are named by participant public_id only, never by name. Records come
from :mod:`sigap.justice.selectors`: out of scope (or a role that may not read the process)
is 404; a role without the permission is 403.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sigap.api.errors import ERROR_RESPONSES
from sigap.api.permissions import ActionPermission
from sigap.core.money import rupiah_api_field
from sigap.justice import services
from sigap.justice.choices import JusticeStage
from sigap.justice.selectors import justice_case_get, justice_case_list, justice_record

# --- Output ---------------------------------------------------------------------------------


class JusticeCaseSerializer(serializers.Serializer):
    """A case whose justice process has started, with its current stage."""

    public_id = serializers.UUIDField()
    number = serializers.CharField()
    current_stage = serializers.ChoiceField(JusticeStage.choices)
    current_stage_on = serializers.DateField()


class PoliceReportSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    number = serializers.CharField()
    unit = serializers.CharField()
    reported_on = serializers.DateField()


class StageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(JusticeStage.choices)
    occurred_on = serializers.DateField()
    reason = serializers.CharField()


class RestitutionOrderSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.public_id")
    amount_rupiah = serializers.IntegerField()
    paid_rupiah = serializers.IntegerField()
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    level = serializers.CharField()
    court = serializers.CharField()
    decided_on = serializers.DateField()
    outcome = serializers.CharField()
    prison_months = serializers.IntegerField(allow_null=True)
    fine_rupiah = serializers.IntegerField()
    final_notice_on = serializers.DateField(allow_null=True)
    restitution_due_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    restitution_orders = RestitutionOrderSerializer(many=True, source="restitution_orders.all")


class SuspectSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(source="participant.public_id")
    label = serializers.CharField()
    also_victim = serializers.BooleanField()
    roles = serializers.SerializerMethodField()
    charges = serializers.SerializerMethodField()
    verdicts = VerdictSerializer(many=True)

    def get_roles(self, row) -> list[str]:
        return [r.role for r in row.roles]

    def get_charges(self, row) -> list[str]:
        return [a.code for a in row.charges]


class JusticeRecordSerializer(serializers.Serializer):
    case = serializers.SerializerMethodField()
    current_stage = serializers.SerializerMethodField()
    police_reports = PoliceReportSerializer(many=True)
    stages = StageSerializer(many=True)
    suspects = SuspectSerializer(many=True)

    def get_case(self, record) -> dict:
        return {"public_id": str(record.case.public_id), "number": record.case.number}

    def get_current_stage(self, record) -> str | None:
        return record.current.stage if record.current else None


# --- Input ----------------------------------------------------------------------------------


class StageInputSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(JusticeStage.choices)
    on = serializers.DateField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PoliceReportInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=120)
    unit = serializers.CharField(max_length=150)
    reported_on = serializers.DateField()


class PaymentInputSerializer(serializers.Serializer):
    order = serializers.UUIDField(help_text="public_id of the restitution order.")
    paid_on = serializers.DateField()
    amount_rupiah = rupiah_api_field(min_value=1)


# --- Views ----------------------------------------------------------------------------------

WRITE_RESPONSES = {200: JusticeRecordSerializer, **ERROR_RESPONSES}


@extend_schema_view(
    list=extend_schema(
        summary="Cases whose justice process the user may read",
        responses={200: JusticeCaseSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="The justice process of one case (by the case's public_id)",
        responses={200: JusticeRecordSerializer, **ERROR_RESPONSES},
    ),
)
class JusticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The justice process per case: police and the handling case team only.

    - ``GET /api/v1/justice/``: paginated cases with a started process and their stage.
    - ``GET /api/v1/justice/<case public_id>/``: reports, stages, suspects (public_id, roles,
      article codes), verdicts and restitution orders with due date and status.
    - ``POST .../stage/`` ``{"stage", "on", "reason"?}`` and ``.../police-reports/``
      ``{"number", "unit", "reported_on"}`` (``justice.manage_justice``);
      ``.../payments/`` ``{"order", "paid_on", "amount_rupiah"}`` (``justice.record_verdict``):
      200 with the record; 400 when a rule refuses it.
    """

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "list": ["justice.view_justice"],
        "retrieve": ["justice.view_justice"],
        "stage": ["justice.view_justice", "justice.manage_justice"],
        "police_reports": ["justice.view_justice", "justice.manage_justice"],
        "payments": ["justice.view_justice", "justice.record_verdict"],
    }
    lookup_field = "public_id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"
    serializer_class = JusticeCaseSerializer

    def get_queryset(self):
        return justice_case_list(user=self.request.user)

    def get_object(self):
        case, _view = justice_case_get(user=self.request.user, case_id=self.kwargs["public_id"])
        return case

    def _record(self, case) -> Response:
        record = justice_record(user=self.request.user, case=case)
        return Response(JusticeRecordSerializer(record).data)

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def retrieve(self, request, public_id=None):
        return self._record(self.get_object())

    @extend_schema(
        summary="Move to another stage", request=StageInputSerializer, responses=WRITE_RESPONSES
    )
    @action(detail=True, methods=["post"])
    def stage(self, request, public_id=None):
        case = self.get_object()
        services.justice_stage_advance(
            case=case, actor=request.user, **self._input(StageInputSerializer)
        )
        return self._record(case)

    @extend_schema(
        summary="Record a police report",
        request=PoliceReportInputSerializer,
        responses=WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="police-reports", url_name="police-reports")
    def police_reports(self, request, public_id=None):
        case = self.get_object()
        data = self._input(PoliceReportInputSerializer)
        services.police_report_add(case=case, actor=request.user, **data)
        return self._record(case)

    @extend_schema(
        summary="Record a restitution payment",
        request=PaymentInputSerializer,
        responses=WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def payments(self, request, public_id=None):
        case = self.get_object()
        data = self._input(PaymentInputSerializer)
        record = justice_record(user=request.user, case=case)
        order = next((o for o in record.orders if o.public_id == data["order"]), None)
        if order is None:
            raise serializers.ValidationError({"order": [_("Unknown restitution order.")]})
        services.restitution_payment_record(
            case=case,
            actor=request.user,
            order=order,
            paid_on=data["paid_on"],
            amount_rupiah=data["amount_rupiah"],
        )
        return self._record(case)
