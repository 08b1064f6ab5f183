"""The OpenAPI schema generator: every operation documents the error answers it can give
(issue 7 #11: schemathesis found undocumented status codes). Errors share one body,
``{"message", "extra"}`` (``ErrorSerializer``)."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

ERROR_CODES = ("400", "401", "403", "404", "405", "415", "429")


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema plus the shared error responses on every operation."""

    def _get_response_bodies(self, direction="response"):
        from sigap.api.errors import ErrorSerializer

        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in ERROR_CODES:
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code)
        return responses
