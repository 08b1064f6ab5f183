"""Services for API tokens: issue, revoke (owner or administrator), revoke all (deactivation).

Lifetime: ``SIGAP_API_TOKEN_DAYS`` (default 30). Audited as ``api_token.create`` and
``api_token.revoke`` (prefix only, never the token).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.api.models import PREFIX_LEN, ApiToken, new_key, token_hash
from sigap.audit.services import audit_record
from sigap.core.exceptions import ApplicationError


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, "SIGAP_API_TOKEN_DAYS", 30)))


@transaction.atomic
def api_token_issue(*, user, two_factor_verified: bool, label: str = "", ip_address=None):
    """Issue a new token for ``user``; returns ``(token_row, key)``. The key is shown once."""
    key = new_key()
    row = ApiToken.objects.create(
        user=user,
        key_hash=token_hash(key),
        prefix=key[:PREFIX_LEN],
        label=label[:80],
        two_factor_verified=two_factor_verified,
        expires_at=timezone.now() + token_lifetime(),
    )
    audit_record(
        actor=user,
        action="api_token.create",
        target=user,
        changes={"prefix": row.prefix, "two_factor": two_factor_verified},
        ip_address=ip_address,
    )
    return row, key


def may_manage(actor, token: ApiToken) -> bool:
    """The token's owner, a superuser, or a platform administrator (accounts.change_user)."""
    return token.user_id == actor.pk or actor.is_superuser or actor.has_perm("accounts.change_user")


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token now. Raises ApplicationError if ``actor`` may not or it is already
    revoked."""
    if not may_manage(actor, token):
        raise ApplicationError(_("You may not revoke this token."))
    if token.revoked_at is not None:
        raise ApplicationError(_("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(
        actor=actor, action="api_token.revoke", target=token.user, changes={"prefix": token.prefix}
    )
    return token


def api_tokens_revoke_all(*, user, actor=None) -> int:
    """Revoke every active token of ``user`` (deactivation, password reset); returns count."""
    now = timezone.now()
    return ApiToken.objects.active().filter(user=user).update(revoked_at=now, revoked_by=actor)
