"""API-level views: token login for integrations."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
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
    token = serializers.CharField()


class TokenLoginThrottle(AnonRateThrottle):
    """At most 20 token requests a minute per client address (password guessing)."""

    scope = "token_login"
    rate = "20/min"


class TokenObtainView(APIView):
    """``POST /api/v1/auth/token/`` ``{"username", "password"}`` → ``{"token": "..."}``.

    Use it as ``Authorization: Token <token>``. The same token is returned until the user is
    deactivated (which deletes it). Roles that need two-factor authentication must also send
    ``otp``, a current code of their confirmed TOTP device. Inactive users, wrong credentials
    and wrong codes get 400 with ``{"message", "extra"}`` and no hint which part was wrong;
    failures are audited (``auth.login_failed``) and counted for lockout through the
    ``user_login_failed`` signal, success is audited as ``auth.token``.
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
        token, created = Token.objects.get_or_create(user=user)
        audit_record(
            actor=user,
            action="auth.token",
            target=user,
            changes={"created": created},
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        return Response({"token": token.key})
