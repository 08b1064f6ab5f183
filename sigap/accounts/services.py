"""Writes for user accounts."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from sigap.audit.services import audit_record


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor=None,
    is_staff: bool = False,
):
    """Create an active user with a hashed password (Argon2 in production). Audited."""
    from sigap.accounts.models import User

    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_staff,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", target=user, changes={"fields": ["username"]})
    return user


@transaction.atomic
def user_deactivate(*, user, actor) -> None:
    """Deactivate ``user``: ends their sessions and deletes their API tokens at once."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    Token.objects.filter(user=user).delete()
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    audit_record(
        actor=actor, action="user.deactivate", target=user, changes={"sessions_ended": ended}
    )
