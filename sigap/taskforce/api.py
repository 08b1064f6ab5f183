"""API of task-force coordination (``/api/v1/meetings/``, ``/api/v1/action-items/``).

Records come from the taskforce selectors (404 out of scope: an agency sees its own action
items only, leadership none); actions need the permission (403,
:class:`~sigap.api.permissions.ActionPermission`). An action item is marked done with
``POST /api/v1/action-items/{id}/complete/`` ``{"evidence": "..."}`` by its owner agency's
users or the secretariat (403 for anyone else who sees it).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sigap.api.errors import ERROR_RESPONSES
from sigap.api.permissions import ActionPermission
from sigap.taskforce import selectors, services
from sigap.taskforce.access import ITEM_CHANGE_PERM, VIEW_PERM, can_update_item
from sigap.taskforce.models import ActionItem, Meeting


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting; ``starts_at`` in ISO 8601 with its offset (WIB, +07:00)."""

    task_force = serializers.UUIDField(source="task_force.public_id", read_only=True)
    task_force_name = serializers.CharField(source="task_force.name", read_only=True)
    starts_at = serializers.DateTimeField(default_timezone=None, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "public_id",
            "task_force",
            "task_force_name",
            "kind",
            "title",
            "starts_at",
            "place",
            "chair",
            "agenda",
            "minutes",
            "status",
        ]
        read_only_fields = fields


class ActionItemSerializer(serializers.ModelSerializer):
    """An action item: owner agency and meeting by public_id; evidence text (no file)."""

    meeting = serializers.UUIDField(source="meeting.public_id", read_only=True)
    owner_agency = serializers.UUIDField(source="owner_agency.public_id", read_only=True)
    owner_agency_name = serializers.CharField(source="owner_agency.name", read_only=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "public_id",
            "meeting",
            "owner_agency",
            "owner_agency_name",
            "description",
            "due_on",
            "status",
            "evidence",
            "has_attachment",
            "done_at",
        ]
        read_only_fields = fields

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.attachment_type)


class ActionItemCompleteSerializer(serializers.Serializer):
    evidence = serializers.CharField(max_length=5000)


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings of the task forces the user's agency belongs to (secretariat, leadership:
    all)."""

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {"list": [VIEW_PERM], "retrieve": [VIEW_PERM]}
    lookup_field = "public_id"
    serializer_class = MeetingSerializer

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)

    def get_object(self):
        return selectors.meeting_get(user=self.request.user, public_id=self.kwargs["public_id"])


class ActionItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Action items of the user's agency (secretariat: all); mark one done with evidence."""

    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "list": [VIEW_PERM],
        "retrieve": [VIEW_PERM],
        "complete": [VIEW_PERM, ITEM_CHANGE_PERM],
    }
    lookup_field = "public_id"
    serializer_class = ActionItemSerializer

    def get_queryset(self):
        return selectors.action_item_list(user=self.request.user)

    def get_object(self):
        return selectors.action_item_get(user=self.request.user, public_id=self.kwargs["public_id"])

    @extend_schema(
        request=ActionItemCompleteSerializer,
        responses={200: ActionItemSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, public_id=None):
        item = self.get_object()
        if not can_update_item(request.user, item):
            raise PermissionDenied
        data = ActionItemCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.action_item_complete(
            actor=request.user, item=item, evidence=data.validated_data["evidence"]
        )
        return Response(ActionItemSerializer(self.get_object()).data)
