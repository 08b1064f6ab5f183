"""Token authentication that refuses inactive users on every request."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ActiveUserTokenAuthentication(TokenAuthentication):
    """DRF token auth (``Authorization: Token <key>``). A deactivated user's token stops
    working on the next request; deactivation also deletes the token (accounts.services).
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is inactive."))
        return user, token
