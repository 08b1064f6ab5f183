"""Domain errors raised by services; views and the API turn them into user messages."""


class ApplicationError(Exception):
    """A rule of the domain was broken.

    ``message`` is a translated, user-facing sentence (never containing personal data);
    ``extra`` is an optional dict of machine-readable details for the API error body.
    """

    def __init__(self, message: str, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ConflictError(ApplicationError):
    """The record changed since the user loaded it (optimistic locking); HTTP 409 in the API."""
