from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sigap.api"
    label = "api"

    def ready(self):
        """Text fields of the API accept text only, boolean fields only true/false (issue 7
        #11: schemathesis sent ``{"text": 0}`` and DRF turned the number into "0", accepting
        input the schema refuses). One rule for every ``CharField`` and ``BooleanField`` (and
        subclasses) of every serializer."""
        from django.utils.translation import gettext_lazy as _
        from rest_framework import serializers

        original = serializers.CharField.to_internal_value

        def strict_text(field, data):
            if not isinstance(data, str):
                raise serializers.ValidationError(_("Not a valid string."), code="invalid")
            return original(field, data)

        original_bool = serializers.BooleanField.to_internal_value

        def strict_bool(field, data):
            # JSON has true and false; 0, 1, "yes" are not booleans in the schema.
            if not isinstance(data, bool):
                raise serializers.ValidationError(_("Must be a valid boolean."), code="invalid")
            return original_bool(field, data)

        if not getattr(serializers.CharField.to_internal_value, "_sigap_strict", False):
            strict_text._sigap_strict = True
            serializers.CharField.to_internal_value = strict_text
            strict_bool._sigap_strict = True
            serializers.BooleanField.to_internal_value = strict_bool
