"""The written breach notice (UU 27/2022 PDP Pasal 46 ayat 2): the personal data affected,
when and how it was disclosed, and what the controller does to handle and recover from it.

Rendered from ``privacy/breach_notice.txt`` as plain text for the DPO to review and send to
the data subjects and the supervisory authority within 3 × 24 hours of discovery.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from sigap.privacy.models import BreachIncident

DEFAULT_CONTROLLER = "Gugus Tugas PP-TPPO"


def breach_notice_render(*, incident: BreachIncident, controller: str = DEFAULT_CONTROLLER) -> str:
    """Plain-text notice for ``incident``; times in the local time zone."""
    return render_to_string(
        "privacy/breach_notice.txt",
        {
            "incident": incident,
            "controller": controller,
            "discovered_at": timezone.localtime(incident.discovered_at),
            "notify_by": timezone.localtime(incident.notify_by),
            "tz_name": timezone.get_current_timezone_name(),
        },
    )
