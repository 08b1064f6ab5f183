"""API pagination: page-number, ``page_size`` up to 100, count capped (issue 8 §4)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from sigap.core.pagination import CappedPaginator


class StandardPagination(PageNumberPagination):
    """``?page=N&page_size=M`` (1 ≤ M ≤ 100); body ``{count, count_capped, next, previous,
    results}``.

    A ``page_size`` that is not a whole number from 1 to 100 is a 400 naming the field, not
    silently replaced by the default (issue 7 #11). ``count`` stops at
    ``sigap.core.pagination.COUNT_CAP`` rows so that no request counts a whole table;
    ``count_capped`` is then true and pages past the cap are not served (404 "Invalid page"):
    narrow the list with filters instead.
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view):
        """``page`` from 1 and ``page_size`` from 1 to 100, as the schema promises."""
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_query_param:
                param["schema"] = {"type": "integer", "minimum": 1}
            elif param["name"] == self.page_size_query_param:
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return params

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if not 1 <= value <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Use a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return value

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_capped": self.page.paginator.count_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean", "example": False}
        return schema
