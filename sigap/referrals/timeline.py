"""The referrals' lines of the case timeline (``sigap.cases.timeline``): sent, accepted or
declined, completed, revoked; only the referrals the user may see on the case page
(``cases.selectors.case_referrals``). Agency, service and status only: no identity."""

from django.utils.translation import gettext as _

from sigap.cases.selectors import case_referrals
from sigap.cases.timeline import timeline_rows
from sigap.referrals.choices import ReferralStatus


def _line(ref, status) -> str:
    return _("Referral to %(agency)s for %(service)s: %(status)s") % {
        "agency": ref.to_agency,
        "service": ref.service,
        "status": status.label,
    }


def referral_entries(*, user, case, view, until, limit) -> list:
    """Up to ``limit`` lines per kind of change (4 queries with LIMIT)."""
    qs = case_referrals(user=user, case=case).select_related("to_agency", "service")
    n = {"until": until, "limit": limit, "kind": "referral"}
    return [
        *timeline_rows(qs, field="sent_at", text=lambda r: _line(r, ReferralStatus.SENT), **n),
        *timeline_rows(
            qs,
            field="responded_at",
            text=lambda r: _line(
                r,
                ReferralStatus.DECLINED
                if r.status == ReferralStatus.DECLINED
                else ReferralStatus.ACCEPTED,
            ),
            **n,
        ),
        *timeline_rows(
            qs,
            field="completed_at",
            text=lambda r: _("Service completed by %(agency)s") % {"agency": r.to_agency},
            **n,
        ),
        *timeline_rows(
            qs, field="revoked_at", text=lambda r: _line(r, ReferralStatus.REVOKED), **n
        ),
    ]
