"""The case list: filters, pagination, a bounded number of queries whatever the page size.

Nothing personal in URLs (issue 3 §9): a search term (a victim's name or NIK) is sent by POST
and kept in the session (``SEARCH_SESSION_KEY``); the list then redirects to a GET URL that
carries only ``s=1`` and the filters, which are codes. Pagination links keep ``s=1`` and the
filters; a plain GET without ``s=1`` (the menu link, "Clear filters") drops the stored term.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from sigap.areas.choices import AreaLevel
from sigap.areas.models import Area
from sigap.cases.access import (
    CASE_TEAM_ROLES,
    REFERRAL_RECEIVER_ROLES,
    membership_of,
    sees_cases_in_full,
)
from sigap.cases.choices import CaseStatus, ExploitationForm, Modus
from sigap.cases.selectors import CASE_LIST_ORDER
from sigap.cases.selectors import case_list as case_list_select
from sigap.core.pagination import keyset_page

PAGE_SIZE = 25
SEARCH_SESSION_KEY = "case_search"
SEARCH_FLAG = "s"  # ``?s=1``: apply the term kept in the session
FILTER_FIELDS = ("status", "kecamatan", "exploitation_form", "modus", "reported_from", "mine")


class CaseFilterForm(forms.Form):
    """Filters of the case list; every field is optional and invalid ones are ignored.

    ``q`` (the search term) only ever arrives by POST; the other fields are codes and dates
    and travel in the GET URL.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_(
            "Case number; case teams can also find their own cases by a victim's NIK or by "
            "whole words of a victim's name."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan of report"), required=False)
    exploitation_form = forms.ChoiceField(label=_("Exploitation form"), required=False)
    modus = forms.ChoiceField(label=_("Modus"), required=False)
    reported_from = forms.DateField(
        label=_("Reported on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # Issue 13 §7: the cases whose named case manager is the user.
    mine = forms.ChoiceField(
        label=_("Case manager"),
        required=False,
        choices=[("", _("Anyone")), ("1", _("Me"))],
    )

    def __init__(self, *args, kecamatan_choices=(), content=True, own_cases=True, **kwargs):
        """``content``: offer the filters on a case's content (form, modus), false for a user
        who sees no case in full (they could only ever answer "0 kasus"); ``own_cases``:
        offer "Case manager: me", false for roles that are never a case's manager."""
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["status"].choices = any_choice + list(CaseStatus.choices)
        self.fields["kecamatan"].choices = any_choice + list(kecamatan_choices)
        self.fields["exploitation_form"].choices = any_choice + list(ExploitationForm.choices)
        self.fields["modus"].choices = any_choice + list(Modus.choices)
        if not content:
            del self.fields["exploitation_form"], self.fields["modus"]
        if not own_cases:
            del self.fields["mine"]


def kecamatan_choices() -> list[tuple[str, str]]:
    """Kecamatan of the default working area (Jakarta Pusat, ``31.71``), by name."""
    return list(
        Area.objects.filter(parent_id=settings.SIGAP_DEFAULT_AREA_CODE, level=AreaLevel.KECAMATAN)
        .order_by("name")
        .values_list("code", "name")
    )


def _filter_query(data: dict, *, search: bool) -> str:
    """The GET query for the given cleaned filters: codes and dates only, never the term."""
    params = [(SEARCH_FLAG, "1")] if search else []
    for name in FILTER_FIELDS:
        value = data.get(name)
        if value:
            params.append((name, value.isoformat() if name == "reported_from" else value))
    return f"?{urlencode(params)}" if params else ""


def _page_prefix(data: dict, *, search: bool) -> str:
    """``?s=1&status=open&`` or ``?``: the start of a pagination link, ``page=N`` follows."""
    query = _filter_query(data, search=search)
    return f"{query}&" if query else "?"


def _search_post(request: HttpRequest) -> HttpResponse:
    """Keep the posted term in the session (or drop it) and redirect to a URL without it."""
    form = CaseFilterForm(request.POST, kecamatan_choices=kecamatan_choices())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    term = "" if request.POST.get("clear_search") else (data.get("q") or "").strip()
    if term:
        request.session[SEARCH_SESSION_KEY] = term
    else:
        request.session.pop(SEARCH_SESSION_KEY, None)
    return redirect(reverse("cases:case-list") + _filter_query(data, search=bool(term)))


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases the user may see (``cases.selectors.case_list``), newest first, 25 a page.

    GET filters: ``status``, ``kecamatan`` (code), ``exploitation_form``, ``modus``,
    ``reported_from`` (ISO date; the dashboard's "new this month" link); ``page`` (the first
    pages), ``cursor`` (deeper pages, opaque) or ``last=1``; ``s=1`` to
    apply the search term kept in the session. A ``q`` in the URL is dropped by a redirect to
    the same filters without it (it is never applied or echoed). POST (``q`` and
    the filters, or ``clear_search``) stores the term and redirects (post/redirect/get).
    """
    if request.method == "POST":
        return _search_post(request)
    if "q" in request.GET:  # an old bookmark or a hand-typed term: drop it from the address
        request.session.pop(SEARCH_SESSION_KEY, None)
        form = CaseFilterForm(request.GET, kecamatan_choices=kecamatan_choices())
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        return redirect(reverse("cases:case-list") + _filter_query(cleaned, search=False))
    term = ""
    if request.GET.get(SEARCH_FLAG) == "1":
        term = request.session.get(SEARCH_SESSION_KEY, "")
    else:
        request.session.pop(SEARCH_SESSION_KEY, None)
    data = {name: request.GET.get(name, "") for name in FILTER_FIELDS}
    membership = membership_of(request.user)
    form = CaseFilterForm(
        data | {"q": term},
        kecamatan_choices=kecamatan_choices(),
        content=sees_cases_in_full(request.user),
        own_cases=membership is not None and membership.role in CASE_TEAM_ROLES,
    )
    form.is_valid()  # invalid fields are reported in the form and left out of the filter
    cleaned = getattr(form, "cleaned_data", {})
    cases = case_list_select(
        user=request.user,
        search=term,
        status=cleaned.get("status") or "",
        kecamatan=cleaned.get("kecamatan") or "",
        exploitation_form=cleaned.get("exploitation_form") or "",
        modus=cleaned.get("modus") or "",
    )
    if cleaned.get("reported_from"):
        cases = cases.filter(reported_on__gte=cleaned["reported_from"])
    if cleaned.get("mine"):
        cases = cases.filter(case_manager=request.user)
    # The count stops at COUNT_CAP rows; pages past the first few and the last page are reached
    # by an opaque cursor (a seek on the list's index), never a growing OFFSET (issue 8 §4).
    page = keyset_page(
        cases,
        per_page=PAGE_SIZE,
        order=CASE_LIST_ORDER,
        scope="cases",
        page=request.GET.get("page"),
        cursor=request.GET.get("cursor"),
        last=request.GET.get("last") == "1",
    )
    context = {
        "form": form,
        "page_obj": page,
        "cases": page.object_list,
        "filtered": any(cleaned.get(name) for name in form.fields),
        "searching": bool(term),
        # Service providers and police see a referred case without its story (issue 3 §1).
        "show_forms": not (membership and membership.role in REFERRAL_RECEIVER_ROLES),
        "export_query": _filter_query(cleaned, search=False),
        # Pagination links are built from the cleaned filters, never by echoing request.GET
        # (a ``q`` typed into the URL by hand must not be repeated in every link).
        "page_prefix": _page_prefix(cleaned, search=bool(term)),
    }
    return render(request, "cases/case_list.html", context)
