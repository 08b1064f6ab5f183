"""API pagination: page-number, ``page_size`` up to 100, count capped (issue 8 §4)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from sigap.core.pagination import (
    KEYSET_FROM_PAGE,
    CappedPaginator,
    KeysetPage,
    encode_cursor,
    keyset_page,
)


class StandardPagination(PageNumberPagination):
    """``?page=N&page_size=M`` (1 ≤ M ≤ 100); body ``{count, count_capped, next, previous,
    results}``.

    A ``page_size`` that is not a whole number from 1 to 100 is a 400 naming the field, not
    silently replaced by the default (issue 7 #11). ``count`` stops at
    ``sigap.core.pagination.COUNT_CAP`` rows so that no request counts a whole table;
    ``count_capped`` is then true and pages past the cap are not served (404 "Invalid page"):
    narrow the list with filters instead. ``count_capped`` is also true, with ``count`` a
    lower bound, when the list was drawn from a bounded set of candidates (a name search
    matching more than ``COUNT_CAP`` cases, further filtered).

    Views with a ``keyset_order`` (field names ending with ``id``, the queryset's order) also
    take ``?cursor=`` (opaque, signed; no personal data): ``next`` links past page
    ``KEYSET_FROM_PAGE`` and past the cap are cursors, so a client walking the whole list seeks
    on the index instead of paying a growing OFFSET (issue 8 §4).
    """

    cursor_query_param = "cursor"

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
        if getattr(view, "keyset_order", None):
            params.append(
                {
                    "name": self.cursor_query_param,
                    "required": False,
                    "in": "query",
                    "description": _("Opaque cursor from a next or previous link."),
                    "schema": {"type": "string"},
                }
            )
        return params

    def paginate_queryset(self, queryset, request, view=None):
        """Page-number pages as DRF does; with ``?cursor=`` and a view's ``keyset_order``, the
        page after (or before) the cursor's row (a bad cursor gives page one)."""
        self._order = getattr(view, "keyset_order", None)
        self._scope = f"api.{getattr(view, 'basename', '')}"
        cursor = request.query_params.get(self.cursor_query_param)
        if not (self._order and cursor):
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self.page = keyset_page(
            queryset,
            per_page=self.get_page_size(request),
            order=self._order,
            scope=self._scope,
            cursor=cursor,
        )
        return list(self.page.object_list)

    def _link(self, query: str) -> str | None:
        if not query:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        url = remove_query_param(url, self.page_query_param)
        key, _sep, value = query.partition("=")
        return replace_query_param(url, key, value)

    def _cursor_after_last_row(self) -> str:
        rows = list(self.page.object_list)
        values = [getattr(rows[-1], name.lstrip("-")) for name in self._order]
        number = self.page.number + 1
        return "cursor=" + encode_cursor(values, forward=True, number=number, scope=self._scope)

    def get_next_link(self):
        if isinstance(self.page, KeysetPage):
            return self._link(self.page.next_query)
        if self._order and self.page.object_list:
            paginator = self.page.paginator
            past_cap = (
                not self.page.has_next()
                and paginator.count_capped
                and not paginator.source_truncated  # nothing lies past a truncated source
            )
            deep = self.page.has_next() and self.page.number + 1 > KEYSET_FROM_PAGE
            if past_cap or deep:
                return self._link(self._cursor_after_last_row())
        return super().get_next_link()

    def get_previous_link(self):
        if isinstance(self.page, KeysetPage):
            return self._link(self.page.previous_query)
        return super().get_previous_link()

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
