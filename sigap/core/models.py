"""Abstract base models shared by every SIGAP app."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """Abstract base: a public UUID for URLs and APIs, plus creation/update timestamps.

    URLs and API payloads carry ``public_id`` only, never the integer primary key or any name
    (UU 21/2007 Pasal 44: a victim's identity stays confidential).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
