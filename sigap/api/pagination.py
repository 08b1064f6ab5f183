"""API pagination: page-number, ``page_size`` up to 100, count capped (issue 8 §4)."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from sigap.core.pagination import CappedPaginator


class StandardPagination(PageNumberPagination):
    """``?page=N&page_size=M`` (M ≤ 100); body ``{count, count_capped, next, previous,
    results}``.

    ``count`` stops at ``sigap.core.pagination.COUNT_CAP`` rows so that no request counts a
    whole table; ``count_capped`` is then true and pages past the cap are not served (404
    "Invalid page"): narrow the list with filters instead.
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
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
