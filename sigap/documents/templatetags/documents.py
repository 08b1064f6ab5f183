"""The documents section of the case page, without ``cases`` importing ``documents``."""

from django import template

from sigap.cases.access import identity_visible, is_handling_team
from sigap.core.pagination import CappedPaginator
from sigap.documents.access import can_upload
from sigap.documents.selectors import case_documents

register = template.Library()

PER_PAGE = 20


def _record_label(doc) -> str:
    """What record the document belongs to, in words (no names): the referral's service and
    agency, the justice stage, or the right; empty for the case itself."""
    from django.utils.translation import gettext as _

    if doc.referral_id:
        r = doc.referral
        return _("Referral: %(service)s to %(agency)s") % {
            "service": r.service,
            "agency": r.to_agency.short_name or r.to_agency.name,
        }
    if doc.justice_stage_id:
        return _("Justice process: %(stage)s") % {"stage": doc.justice_stage.get_stage_display()}
    if doc.right:
        return _("Right of the victim: %(right)s") % {"right": doc.get_right_display()}
    return ""


@register.inclusion_tag("documents/_case_section.html", takes_context=True)
def documents_case_section(context, case):
    """The case's documents the user may see (kind, title, date, uploader, who it is about),
    20 per page (``doc_page``), with the upload link for the handling team. Left out of the
    whole case page for users who may see none of them; on the documents tab they read that
    there is no document their role may see (never whether one exists)."""
    request = context["request"]
    user = request.user
    team = is_handling_team(user, case)
    page = CappedPaginator(case_documents(user=user, case=case), PER_PAGE).get_page(
        request.GET.get("doc_page")
    )
    rows = []
    for doc in page.object_list:
        about = ""
        if doc.participant is not None and identity_visible(user, doc.participant):
            about = doc.participant.person.full_name
        rows.append({"doc": doc, "about": about, "record": _record_label(doc)})
    return {
        # Shown to the team, where there is a document, and on the documents tab itself
        # (an empty tab reads as broken; its text says nothing of hidden documents).
        "show": team or bool(rows) or context.get("section") == "documents",
        "team": team,
        "case": case,
        "page": page,
        "rows": rows,
        "can_upload": can_upload(user, case),
        "request": request,
    }
