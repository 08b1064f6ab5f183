"""Logging filter that keeps personal data out of logs (house rule B13)."""

import logging
import re

_NIK = re.compile(r"\b\d{16}\b")
_PHONE = re.compile(r"(?:\+62|\b0)8\d{7,12}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_QUERY = re.compile(r"\?\S*")


def scrub(text: str) -> str:
    """Return ``text`` with NIK-like numbers, phones, e-mails and URL query strings masked."""
    text = _NIK.sub("[NIK]", text)
    text = _PHONE.sub("[PHONE]", text)
    text = _EMAIL.sub("[EMAIL]", text)
    return _QUERY.sub("?[…]", text)


_TRACEBACKS = logging.Formatter()


class ScrubPersonalDataFilter(logging.Filter):
    """Rewrites each record's message, and the text of its traceback, through :func:`scrub`;
    never drops a record.

    An exception's message may carry what a user typed (a NIK in a ``ValueError``, an e-mail
    in a database error), so the traceback is formatted here and scrubbed like the message
    (handlers then print ``record.exc_text`` as it is). A refused or missing page
    (``PermissionDenied``, ``Http404``, which Django logs as "Forbidden (Permission denied)"
    / "Not Found" warnings) keeps its one-line message and loses the traceback: it is an
    expected answer, not a fault, and the stack says nothing an operator needs."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not break logging
            return True
        record.msg = scrub(message)
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            from django.core.exceptions import PermissionDenied
            from django.http import Http404

            if isinstance(record.exc_info[1], PermissionDenied | Http404):
                record.exc_info = None
                record.exc_text = None
            else:
                record.exc_text = scrub(_TRACEBACKS.formatException(record.exc_info))
        return True
