"""One error shape for the API: ``{"message": str, "extra": {...}}`` (HackSoft styleguide)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from sigap.core.exceptions import ApplicationError, ConflictError


def exception_handler(exc, context):
    """Turn ApplicationError (400), ConflictError (409) and Django ValidationError (400) into
    ``{"message", "extra"}``; DRF's own errors keep their status with the same shape.
    """
    if isinstance(exc, ConflictError):
        return Response(
            {"message": exc.message, "extra": exc.extra}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, ApplicationError):
        return Response(
            {"message": exc.message, "extra": exc.extra}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ParseError):
        # DRF's text carries the JSON decoder's English detail; one translated sentence.
        exc = exceptions.ParseError(_("The request body is not valid JSON."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "message": str(exceptions.ValidationError.default_detail),
            "extra": {"fields": response.data},
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"message": str(detail), "extra": {}}
    return response


class ErrorSerializer(serializers.Serializer):
    """The error body of every API answer with status 4xx (for the OpenAPI schema).

    ``extra.fields`` maps field names to lists of messages for validation errors (400).
    """

    message = serializers.CharField()
    extra = serializers.DictField()


ERROR_RESPONSES = {
    400: ErrorSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
}
