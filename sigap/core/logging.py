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


class ScrubPersonalDataFilter(logging.Filter):
    """Rewrites each record's message through :func:`scrub`; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not break logging
            return True
        record.msg = scrub(message)
        record.args = ()
        return True
