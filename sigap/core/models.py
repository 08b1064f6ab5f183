"""Abstract base models shared by every SIGAP app."""

import uuid

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceDisplayMixin:
    """``get_<field>_display()`` by one dictionary lookup instead of Django's rebuild.

    Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` on
    every call, and hashing each ``(value, lazy label)`` pair translates every label: a list
    of 25 cases showing their exploitation form (19 choices) made ~480 ``gettext`` calls per
    page (issue 8 §4, profiled at 1M cases). Here the ``{value: label}`` map of a field with
    fixed choices is built once per field and kept on it; labels stay lazy, so the result is
    the same string in the active language as Django's (unknown values are returned as they
    are, as Django does). Fields whose choices are computed (a callable) take Django's path.
    """

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's own hook name
        labels = field.__dict__.get("_sigap_choice_labels")
        if labels is None:
            if not isinstance(field.choices, list | tuple):
                return super()._get_FIELD_display(field)
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            field.__dict__["_sigap_choice_labels"] = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class BaseModel(ChoiceDisplayMixin, models.Model):
    """Abstract base: a public UUID for URLs and APIs, plus creation/update timestamps.

    URLs and API payloads carry ``public_id`` only, never the integer primary key or any name
    (UU 21/2007 Pasal 44: a victim's identity stays confidential).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
