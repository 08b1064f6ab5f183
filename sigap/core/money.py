"""One rule for amounts of money and version counters typed by people or sent to the API
(issue 7 finding 4: ``amount_claimed: 10**25`` reached the database and answered 500).

Rupiah amounts are whole numbers from 0 (or 1) to ``MAX_RUPIAH`` (Rp 1,000 trillion: above any
restitution, fine or payment, and far inside PostgreSQL's bigint and SQLite's 64-bit integer).
Version counters stay inside a 32-bit integer. Out-of-range input gets the framework's own
translated message ("Ensure this value is less than or equal to ...").
"""

from django import forms
from rest_framework import serializers

MAX_RUPIAH = 10**15
MAX_VERSION = 2**31 - 1


def rupiah_form_field(*, min_value: int = 0, **kwargs) -> forms.IntegerField:
    """A form field for an amount in Rupiah, bounded by ``MAX_RUPIAH``."""
    return forms.IntegerField(min_value=min_value, max_value=MAX_RUPIAH, **kwargs)


def rupiah_api_field(*, min_value: int = 0, **kwargs) -> serializers.IntegerField:
    """A serializer field for an amount in Rupiah, bounded by ``MAX_RUPIAH``."""
    return serializers.IntegerField(min_value=min_value, max_value=MAX_RUPIAH, **kwargs)


def version_api_field(*, min_value: int = 0, **kwargs) -> serializers.IntegerField:
    """A serializer field for an optimistic-locking version the client read."""
    return serializers.IntegerField(min_value=min_value, max_value=MAX_VERSION, **kwargs)
