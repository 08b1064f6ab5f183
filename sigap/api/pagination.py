"""API pagination: page-number, ``page_size`` up to 100."""

from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """``?page=N&page_size=M`` (M ≤ 100); body ``{count, next, previous, results}``."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
