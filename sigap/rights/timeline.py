"""The rights tracker's lines of the case timeline (``sigap.cases.timeline``): rights,
repatriation, restitution claims and LPSK protection, as ``rights.access.rights_view_for``
allows (police see restitution and protection only). Labels only: no victim name."""

from django.utils.translation import gettext as _

from sigap.cases.timeline import timeline_rows
from sigap.rights.access import rights_view_for
from sigap.rights.models import LpskProtection, Repatriation, RestitutionClaim, RightRecord


def rights_entries(*, user, case, view, until, limit) -> list:
    """Up to ``limit`` lines per kind (up to 4 queries with LIMIT)."""
    access = rights_view_for(user, case)
    n = {"until": until, "limit": limit, "kind": "rights"}
    rows = []
    if access.read_all:
        rows += timeline_rows(
            RightRecord.objects.filter(case=case),
            text=lambda r: (
                _("Right recorded: %(right)s, %(status)s")
                % {"right": r.get_right_display(), "status": r.get_status_display()}
            ),
            **n,
        )
        rows += timeline_rows(
            Repatriation.objects.filter(case=case),
            text=lambda r: _("Repatriation recorded: %(kind)s") % {"kind": r.get_kind_display()},
            **n,
        )
    if access.read:
        rows += timeline_rows(
            RestitutionClaim.objects.filter(case=case),
            text=lambda r: _("Restitution claim recorded"),
            **n,
        )
        rows += timeline_rows(
            LpskProtection.objects.filter(case=case),
            text=lambda r: _("LPSK protection recorded"),
            **n,
        )
    return rows
