"""API-level views: token login for integrations."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from sigap.accounts.twofactor import requires_2fa
from sigap.api.errors import ErrorSerializer
from sigap.audit.services import audit_record


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text="Current TOTP code; required for roles that need two-factor authentication.",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown once; only its hash is stored.")
    expires_at = serializers.DateTimeField()


class TokenLoginThrottle(AnonRateThrottle):
    """At most 20 token requests a minute per client address (password guessing)."""

    scope = "token_login"
    rate = "20/min"


class TokenObtainView(APIView):
    """``POST /api/v1/auth/token/`` ``{"username", "password"}`` → ``{"token": "..."}``.

    Use it as ``Authorization: Token <token>``. Each call issues a new token that expires after
    ``SIGAP_API_TOKEN_DAYS`` (30) days; list and revoke them at ``/api/v1/auth/tokens/`` or on
    the account page. Deactivating the user revokes them. Roles that need two-factor
    authentication must also send ``otp``, a current code of their confirmed TOTP device.
    Inactive users, wrong credentials and wrong codes get 400 with ``{"message", "extra"}``
    and no hint which part was wrong; failures are audited (``auth.login_failed``) and
    counted for lockout through the ``user_login_failed`` signal, success is audited as
    ``auth.token``.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenLoginThrottle]

    @extend_schema(
        summary="Obtain an API token",
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        auth=[],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(
            request=request._request, username=data["username"], password=data["password"]
        )
        if user is not None and requires_2fa(user) and not data["otp"]:
            # Right password, code missing: say so; this is not a failed attempt.
            raise serializers.ValidationError(
                {"otp": [_("This account needs a two-factor code (otp) from its device.")]}
            )
        if user is not None and requires_2fa(user):
            device = match_token(user, data["otp"].replace(" ", ""))
            if device is None or not getattr(device, "confirmed", False):
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": data["username"]},
                    request=request._request,
                )
                user = None
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to sign in with the given credentials.")]}
            )
        from sigap.api.tokens import api_token_issue

        token, key = api_token_issue(
            user=user,
            two_factor_verified=requires_2fa(user),  # a code was checked above
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        audit_record(
            actor=user,
            action="auth.token",
            target=user,
            changes={"created": True},
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        return Response({"token": key, "expires_at": token.expires_at})


class ApiTokenSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    prefix = serializers.CharField(help_text="The first characters of the token.")
    label = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    two_factor_verified = serializers.BooleanField()
    active = serializers.BooleanField(source="is_active")


class ApiTokenListView(APIView):
    """``GET /api/v1/auth/tokens/``: the caller's own tokens, newest first (never the keys).
    A platform administrator may add ``?user=<username>`` to list another user's tokens."""

    @extend_schema(responses={200: ApiTokenSerializer(many=True), 401: ErrorSerializer})
    def get(self, request):
        from django.contrib.auth import get_user_model

        from sigap.api.models import ApiToken

        owner = request.user
        username = request.query_params.get("user")
        if username and username != request.user.get_username():
            if not (request.user.is_superuser or request.user.has_perm("accounts.change_user")):
                raise PermissionDenied()
            owner = get_user_model().objects.filter(username=username).first()
            if owner is None:
                raise NotFound()
        rows = ApiToken.objects.filter(user=owner).order_by("-created_at")[:100]
        return Response(ApiTokenSerializer(rows, many=True).data)


class ApiTokenRevokeView(APIView):
    """``POST /api/v1/auth/tokens/<public_id>/revoke/``: by its owner or an administrator."""

    @extend_schema(
        request=None,
        responses={
            200: ApiTokenSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request, public_id):
        from sigap.api.models import ApiToken
        from sigap.api.tokens import api_token_revoke, may_manage

        token = ApiToken.objects.filter(public_id=public_id).first()
        if token is None or not may_manage(request.user, token):
            raise NotFound()
        token = api_token_revoke(token=token, actor=request.user)
        return Response(ApiTokenSerializer(token).data)
