"""API for the victims' rights of a case (``/api/v1/rights/<case public_id>/``).

Victims are named by participant public_id only (no names). Out of scope, or a role that
may not read the rights (service providers), is 404; a role without the permission is 403;
a read-only reader who writes is 403; a stale ``version`` is 409 (nothing saved).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sigap.api.errors import ERROR_RESPONSES, ErrorSerializer
from sigap.api.permissions import ActionPermission
from sigap.areas.models import Area
from sigap.core.money import rupiah_api_field, version_api_field
from sigap.referrals.models import Referral, ServiceDelivery
from sigap.rights import services
from sigap.rights.access import rights_view_for
from sigap.rights.choices import (
    LpskDecision,
    ProtectionForm,
    RepatriationKind,
    RepatriationStatus,
    RightCode,
    RightStatus,
)
from sigap.rights.selectors import case_rights, rights_case_get, rights_victim_get

# --- Output ---------------------------------------------------------------------------------


class RightSerializer(serializers.Serializer):
    right = serializers.CharField(source="code")
    status = serializers.CharField()
    derived = serializers.SerializerMethodField()
    evidence_note = serializers.CharField(source="record.evidence_note", default="")
    evidence_on = serializers.DateField(source="record.evidence_on", default=None)
    referral = serializers.UUIDField(source="record.referral.public_id", default=None)
    delivery = serializers.UUIDField(source="record.delivery.public_id", default=None)
    version = serializers.IntegerField()

    def get_derived(self, row) -> dict | None:
        d = row.derived
        if d is None:
            return None
        return {
            "source": d.source,
            "on": d.on.isoformat() if d.on else None,
            "referral": str(d.referral.public_id) if d.referral else None,
        }


class RepatriationSerializer(serializers.Serializer):
    kind = serializers.CharField()
    destination_area = serializers.CharField(source="destination_area_id", allow_null=True)
    country = serializers.CharField(source="country.code", allow_null=True)
    mission = serializers.CharField()
    travel_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    version = serializers.IntegerField()


class ClaimSerializer(serializers.Serializer):
    claimed_on = serializers.DateField(allow_null=True)
    amount_claimed = serializers.IntegerField(allow_null=True)
    assessed_on = serializers.DateField(allow_null=True)
    amount_assessed = serializers.IntegerField(allow_null=True)
    amount_in_indictment = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()


class OrderSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    amount_rupiah = serializers.IntegerField()
    paid_rupiah = serializers.IntegerField()
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    is_overdue = serializers.BooleanField()


class RestitutionSerializer(serializers.Serializer):
    claim = ClaimSerializer(allow_null=True)
    orders = OrderSerializer(many=True)
    awarded_rupiah = serializers.IntegerField(source="awarded")
    paid_rupiah = serializers.IntegerField(source="paid")
    overdue = serializers.BooleanField()


class ProtectionSerializer(serializers.Serializer):
    applied_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    decision = serializers.CharField()
    forms = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField()


class VictimRightsSerializer(serializers.Serializer):
    victim = serializers.UUIDField(source="victim.public_id")
    rights = RightSerializer(many=True)
    repatriation = RepatriationSerializer(allow_null=True)
    restitution = RestitutionSerializer()
    protection = ProtectionSerializer(allow_null=True)


class CaseRightsSerializer(serializers.Serializer):
    case = serializers.DictField()
    victims = VictimRightsSerializer(many=True)


# --- Input ----------------------------------------------------------------------------------


class _VictimInput(serializers.Serializer):
    victim = serializers.UUIDField(help_text="public_id of a victim of the case.")
    version = version_api_field(help_text="The version read (0 when there was no record yet).")


class RightInput(_VictimInput):
    right = serializers.ChoiceField(RightCode.choices)
    status = serializers.ChoiceField(RightStatus.choices)
    evidence_note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    evidence_on = serializers.DateField(required=False, allow_null=True, default=None)
    referral = serializers.UUIDField(required=False, allow_null=True, default=None)
    delivery = serializers.UUIDField(required=False, allow_null=True, default=None)


class RepatriationInput(_VictimInput):
    kind = serializers.ChoiceField(RepatriationKind.choices)
    destination_area = serializers.CharField(required=False, allow_blank=True, default="")
    country = serializers.CharField(required=False, allow_blank=True, default="", max_length=2)
    mission = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    travel_on = serializers.DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(RepatriationStatus.choices)
    confirmed_ids = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Public ids of the victim's open referrals and tasks, when moving the victim "
        "to another area (400 lists them in extra).",
    )


class ClaimInput(_VictimInput):
    claimed_on = serializers.DateField(required=False, allow_null=True, default=None)
    amount_claimed = rupiah_api_field(min_value=1, required=False, allow_null=True, default=None)
    assessed_on = serializers.DateField(required=False, allow_null=True, default=None)
    amount_assessed = rupiah_api_field(min_value=1, required=False, allow_null=True, default=None)
    amount_in_indictment = rupiah_api_field(
        min_value=1, required=False, allow_null=True, default=None
    )


class ProtectionInput(_VictimInput):
    applied_on = serializers.DateField()
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision = serializers.ChoiceField(
        LpskDecision.choices, required=False, allow_blank=True, default=""
    )
    forms = serializers.ListField(
        child=serializers.ChoiceField(ProtectionForm.choices), required=False, default=list
    )


# --- Views ----------------------------------------------------------------------------------

WRITE_RESPONSES = {200: CaseRightsSerializer, 409: ErrorSerializer, **ERROR_RESPONSES}
PERMS = ["cases.view_case", "cases.change_case"]


@extend_schema_view(
    retrieve=extend_schema(
        summary="The victims' rights of one case (by the case's public_id)",
        responses={200: CaseRightsSerializer, **ERROR_RESPONSES},
    ),
)
class RightsViewSet(viewsets.GenericViewSet):
    """Victims' rights per case: the handling case team (read and write), the UPT PPA
    intake queue and the handling secretariat (read); police, prosecutors and LPSK of a
    referred case read the restitution and LPSK protection only; on an open case the
    prosecutor writes the amount in the indictment and LPSK its assessment and protection.

    - ``GET /api/v1/rights/<case>/``: per victim (public_id): rights with status, evidence,
      derivation source and version; repatriation; restitution (claim, and the orders from
      the justice process with due date and overdue flag); LPSK protection.
    - ``POST .../right/``, ``.../repatriation/``, ``.../restitution/``, ``.../protection/``:
      each with ``victim`` and the ``version`` read; 200 with the case's rights, 400 when a
      rule refuses, 409 when the version is stale.
    """

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "retrieve": ["cases.view_case"],
        "right": PERMS,
        "repatriation": PERMS,
        # The prosecutor and LPSK write their part of these two (issue 13 §7); the rule is
        # ``RightsView.claim_fields`` / ``edit_protection``, checked in ``_case``.
        "restitution": ["cases.view_case"],
        "protection": ["cases.view_case"],
    }
    lookup_field = "public_id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"
    serializer_class = CaseRightsSerializer

    def _case(self, *, edit: str = ""):
        """The case and the user's ``RightsView``; ``edit`` names the capability a write
        needs (``edit``, ``edit_claim``, ``edit_protection``): 403 without it."""
        case, view = rights_case_get(user=self.request.user, case_id=self.kwargs["public_id"])
        if edit and not getattr(view, edit):
            raise PermissionDenied
        return case, view

    def _answer(self, case, view) -> Response:
        rows = case_rights(user=self.request.user, case=case, view=view)
        data = {"case": {"public_id": str(case.public_id), "number": case.number}, "victims": rows}
        return Response(CaseRightsSerializer(data).data)

    def _input(self, serializer_class, edit: str = "edit"):
        case, view = self._case(edit=edit)
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        victim = rights_victim_get(case=case, victim_id=data.pop("victim"))
        if edit != "edit" and not getattr(
            rights_view_for(self.request.user, case, victim=victim), edit
        ):
            raise PermissionDenied  # Kejari and LPSK: a victim not referred to them
        return case, view, victim, data

    def retrieve(self, request, public_id=None):
        return self._answer(*self._case())

    @extend_schema(summary="Set one right", request=RightInput, responses=WRITE_RESPONSES)
    @action(detail=True, methods=["post"])
    def right(self, request, public_id=None):
        case, view, victim, d = self._input(RightInput)
        referral = delivery = None
        if d["referral"]:
            referral = Referral.objects.filter(
                case=case, victim=victim, public_id=d["referral"]
            ).first()
            if referral is None:
                raise serializers.ValidationError({"referral": [_("Unknown referral.")]})
        if d["delivery"]:
            delivery = (
                ServiceDelivery.objects.filter(
                    referral__case=case, referral__victim=victim, public_id=d["delivery"]
                )
                .select_related("referral")
                .first()
            )
            if delivery is None:
                raise serializers.ValidationError({"delivery": [_("Unknown service delivery.")]})
        change = services.RightChange(
            right=d["right"],
            status=d["status"],
            evidence_note=d["evidence_note"],
            evidence_on=d["evidence_on"],
            referral=referral,
            delivery=delivery,
            expected_version=d["version"],
        )
        services.right_update(case=case, victim=victim, actor=request.user, change=change)
        return self._answer(case, view)

    @extend_schema(
        summary="Set the repatriation", request=RepatriationInput, responses=WRITE_RESPONSES
    )
    @action(detail=True, methods=["post"])
    def repatriation(self, request, public_id=None):
        case, view, victim, d = self._input(RepatriationInput)
        area = None
        if d["destination_area"]:
            area = Area.objects.filter(code=d["destination_area"]).first()
            if area is None:
                raise serializers.ValidationError({"destination_area": [_("Unknown area.")]})
        services.repatriation_set(
            case=case,
            victim=victim,
            actor=request.user,
            kind=d["kind"],
            destination_area=area,
            country=d["country"],
            mission=d["mission"],
            travel_on=d["travel_on"],
            status=d["status"],
            expected_version=d["version"],
            confirmed_ids=d["confirmed_ids"],
        )
        return self._answer(case, view)

    @extend_schema(
        summary="Set the restitution claim", request=ClaimInput, responses=WRITE_RESPONSES
    )
    @action(detail=True, methods=["post"])
    def restitution(self, request, public_id=None):
        case, view, victim, d = self._input(ClaimInput, "edit_claim")
        version = d.pop("version")
        services.restitution_claim_set(
            case=case, victim=victim, actor=request.user, expected_version=version, **d
        )
        return self._answer(case, view)

    @extend_schema(
        summary="Set the LPSK protection", request=ProtectionInput, responses=WRITE_RESPONSES
    )
    @action(detail=True, methods=["post"])
    def protection(self, request, public_id=None):
        case, view, victim, d = self._input(ProtectionInput, "edit_protection")
        version = d.pop("version")
        services.protection_set(
            case=case, victim=victim, actor=request.user, expected_version=version, **d
        )
        return self._answer(case, view)
