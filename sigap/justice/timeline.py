"""The justice process's lines of the case timeline (``sigap.cases.timeline``): police
reports, stages, verdicts, restitution orders and payments, for users who may read the
justice process (``justice.access.justice_view_for``). Labels only: no suspect or victim
name."""

from django.utils.translation import gettext as _

from sigap.cases.timeline import timeline_rows
from sigap.justice.access import justice_view_for
from sigap.justice.models import (
    PoliceReport,
    RestitutionOrder,
    RestitutionPayment,
    StageEvent,
    Verdict,
)


def justice_entries(*, user, case, view, until, limit) -> list:
    """Up to ``limit`` lines per kind (5 queries with LIMIT), or none without read access."""
    if not justice_view_for(user, case).read:
        return []
    n = {"until": until, "limit": limit, "kind": "justice"}
    return [
        *timeline_rows(
            PoliceReport.objects.filter(case=case),
            text=lambda r: _("Police report recorded"),
            **n,
        ),
        *timeline_rows(
            StageEvent.objects.filter(case=case),
            text=lambda s: _("Justice stage: %(stage)s") % {"stage": s.get_stage_display()},
            **n,
        ),
        *timeline_rows(
            Verdict.objects.filter(participant__case=case),
            text=lambda v: _("Verdict recorded"),
            **n,
        ),
        *timeline_rows(
            RestitutionOrder.objects.filter(victim__case=case),
            text=lambda o: _("Restitution ordered"),
            **n,
        ),
        *timeline_rows(
            RestitutionPayment.objects.filter(order__victim__case=case),
            text=lambda p: _("Restitution payment recorded"),
            **n,
        ),
    ]
