"""API for case plans and tasks (``/api/v1/plans/``, ``/api/v1/tasks/``).

Records come from the casework selectors (404 out of scope); actions need the permission
(403, :class:`~sigap.api.permissions.ActionPermission`) and the capability on the case
(403). Editing a plan sends ``expected_version``: a stale one answers 409 with the current
version in ``extra.current_version`` (sigap/api/errors.py), and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sigap.agencies.models import Agency, Service
from sigap.api.errors import ERROR_RESPONSES, ErrorSerializer
from sigap.api.permissions import ActionPermission
from sigap.casework import services
from sigap.casework.access import can_approve, can_work
from sigap.casework.models import CasePlan, PlannedService, Task
from sigap.casework.selectors import plan_get, plan_list, task_get, task_list
from sigap.core.money import version_api_field

API_ERRORS = {**ERROR_RESPONSES, 409: ErrorSerializer}


class PlannedServiceSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="code", queryset=Service.objects.all())
    agency = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Agency.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = PlannedService
        fields = ["service", "agency", "due_on", "note"]


class PlanSerializer(serializers.ModelSerializer):
    """A case plan: the case and victim by public_id; no names."""

    case = serializers.UUIDField(source="case.public_id", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    participant = serializers.UUIDField(source="participant.public_id", read_only=True)
    services = PlannedServiceSerializer(many=True, read_only=True)

    class Meta:
        model = CasePlan
        fields = [
            "public_id",
            "case",
            "case_number",
            "participant",
            "goals",
            "status",
            "services",
            "submitted_at",
            "decided_at",
            "decision_comment",
            "version",
        ]
        read_only_fields = fields


class PlanUpdateSerializer(serializers.Serializer):
    goals = serializers.CharField(max_length=5000)
    services = PlannedServiceSerializer(many=True, required=False)
    expected_version = version_api_field(min_value=1)


class VersionSerializer(serializers.Serializer):
    expected_version = version_api_field(min_value=1, required=False)


class DecisionSerializer(VersionSerializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TaskSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case.public_id", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    assignee_agency = serializers.UUIDField(source="assignee_agency.public_id", read_only=True)
    assignee_user = serializers.UUIDField(
        source="assignee_user.public_id", read_only=True, allow_null=True
    )

    class Meta:
        model = Task
        fields = [
            "public_id",
            "case",
            "case_number",
            "title",
            "kind",
            "status",
            "due_on",
            "assignee_agency",
            "assignee_user",
        ]
        read_only_fields = fields


class CasePlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Case plans of cases the user's agency handles; edit, submit, approve, reject."""

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "list": ["cases.view_case"],
        "retrieve": ["cases.view_case"],
        "update": ["cases.change_case"],
        "partial_update": ["cases.change_case"],
        "submit": ["cases.change_case"],
        "approve": ["casework.approve_plan"],
        "reject": ["casework.approve_plan"],
    }
    lookup_field = "public_id"
    serializer_class = PlanSerializer
    http_method_names = ["get", "put", "patch", "post", "head", "options"]

    def get_queryset(self):
        return plan_list(user=self.request.user)

    def get_object(self):
        return plan_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _out(self, plan) -> Response:
        return Response(
            PlanSerializer(plan_get(user=self.request.user, public_id=plan.public_id)).data
        )

    @extend_schema(request=PlanUpdateSerializer, responses={200: PlanSerializer, **API_ERRORS})
    def update(self, request, *args, **kwargs):
        plan = self.get_object()
        if not can_work(request.user, plan.case):
            raise PermissionDenied
        d = self._input(PlanUpdateSerializer)
        rows = [
            services.PlannedServiceData(
                service=s["service"],
                agency=s.get("agency"),
                due_on=s["due_on"],
                note=s.get("note", ""),
            )
            for s in d.get("services", [])
        ]
        plan = services.plan_update(
            plan=plan,
            actor=request.user,
            goals=d["goals"],
            services=rows,
            expected_version=d["expected_version"],
        )
        return self._out(plan)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    @extend_schema(request=VersionSerializer, responses={200: PlanSerializer, **API_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, public_id=None):
        plan = self.get_object()
        if not can_work(request.user, plan.case):
            raise PermissionDenied
        d = self._input(VersionSerializer)
        plan = services.plan_submit(
            plan=plan, actor=request.user, expected_version=d.get("expected_version")
        )
        return self._out(plan)

    def _decide(self, request, service):
        plan = self.get_object()
        if not can_approve(request.user, plan.case, "casework.approve_plan"):
            raise PermissionDenied
        d = self._input(DecisionSerializer)
        plan = service(
            plan=plan,
            actor=request.user,
            comment=d.get("comment", ""),
            expected_version=d.get("expected_version"),
        )
        return self._out(plan)

    @extend_schema(request=DecisionSerializer, responses={200: PlanSerializer, **API_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, public_id=None):
        return self._decide(request, services.plan_approve)

    @extend_schema(request=DecisionSerializer, responses={200: PlanSerializer, **API_ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request, public_id=None):
        return self._decide(request, services.plan_reject)


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks assigned to the user or their agency, on cases they can see; complete one."""

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "list": ["cases.view_case"],
        "retrieve": ["cases.view_case"],
        "complete": ["cases.view_case"],
    }
    lookup_field = "public_id"
    serializer_class = TaskSerializer

    def get_queryset(self):
        return task_list(user=self.request.user)

    def get_object(self):
        return task_get(user=self.request.user, public_id=self.kwargs["public_id"])

    @extend_schema(request=None, responses={200: TaskSerializer, **API_ERRORS})
    @action(detail=True, methods=["post"])
    def complete(self, request, public_id=None):
        task = self.get_object()
        if not services.task_can_work(task=task, user=request.user):
            raise PermissionDenied
        task = services.task_complete(task=task, actor=request.user)
        return Response(TaskSerializer(task).data, status=status.HTTP_200_OK)
