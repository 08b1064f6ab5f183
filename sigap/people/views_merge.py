"""Merge pages (issue 10 §2): from a person the user may name, pick a likely duplicate from
the duplicate check, compare the two side by side, give a reason and merge; each merge has a
page with its history and an undo button. The rules are the services' (``people.merge``):
records of one agency by its case team, across agencies by the secretariat. Only what the
one identity rule lets the user see is shown.

Order of checks: login → role allowed to merge (403) → each person nameable by the user
(404, as for an id that does not exist) → the service's authority (403).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.cases.access import membership_of
from sigap.core.forms import add_service_errors
from sigap.core.pagination import CappedPaginator
from sigap.people.merge import MERGE_ROLES, person_merge, person_merge_undo
from sigap.people.models import PersonMerge
from sigap.people.selectors import (
    MatchQuery,
    person_linkable_get,
    person_merges,
    person_summary,
)
from sigap.people.services import person_match


class MergeForm(forms.Form):
    """Which of the two records stays, and why they are one person."""

    survivor = forms.ChoiceField(
        label=gettext_lazy("Record that stays"),
        widget=forms.RadioSelect,
        choices=[
            ("this", gettext_lazy("This record (left)")),
            ("other", gettext_lazy("The other record (right)")),
        ],
        initial="this",
    )
    reason = forms.CharField(
        label=gettext_lazy("Why these are the same person"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the merge is undone"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def _require_merge_role(user) -> None:
    membership = membership_of(user)
    if membership is None or membership.role not in MERGE_ROLES:
        raise PermissionDenied


def _nameable(user, public_id):
    person = person_linkable_get(user, public_id)
    if person is None:
        raise Http404
    return person


def _query_of(person) -> MatchQuery:
    return MatchQuery(
        full_name=person.full_name or "",
        sex=person.sex or "",
        date_of_birth=person.date_of_birth,
        estimated_age=person.estimated_age,
        origin_area_code=person.origin_area_id or "",
        nik=person.nik or "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_merge_page(request, public_id):
    """``GET``: the person and the likely duplicates the user may see (the duplicate check run
    on the person's own data), or with ``?other=<person id>`` the two side by side and the
    merge form. ``POST`` (``other``, ``survivor``, ``reason``): merge, then the merge's page."""
    _require_merge_role(request.user)
    person = _nameable(request.user, public_id)
    other_id = request.POST.get("other") or request.GET.get("other")
    context = {"person": person, "this": person_summary(request.user, person)}
    if not other_id and request.method == "POST":
        messages.error(request, _("Choose the other record first."))
        return render(request, "people/merge_pick.html", context, status=400)
    if not other_id:
        candidates = [
            c
            for c in person_match(user=request.user, query=_query_of(person), via="merge")
            if c.identity_shown and c.person_public_id != person.public_id
        ]
        context["candidates"] = candidates
        return render(request, "people/merge_pick.html", context)
    other = _nameable(request.user, other_id)
    form = MergeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        keep_this = form.cleaned_data["survivor"] == "this"
        survivor, merged = (person, other) if keep_this else (other, person)
        try:
            merge = person_merge(
                actor=request.user,
                survivor=survivor,
                merged=merged,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The two records are merged. You can undo it here."))
            return redirect("people:merge-detail", public_id=merge.public_id)
    context.update({"other": other, "that": person_summary(request.user, other), "form": form})
    return render(request, "people/merge_confirm.html", context, status=400 if form.errors else 200)


def _merge_get(user, public_id) -> PersonMerge:
    merge = person_merges(user).filter(public_id=public_id).first()
    if merge is None:
        # not made by the user: visible when the user may name the surviving record
        merge = (
            PersonMerge.objects.select_related("merged_by", "undone_by", "survivor", "merged")
            .filter(public_id=public_id)
            .first()
        )
        if merge is None or person_linkable_get(user, merge.survivor.public_id) is None:
            raise Http404
    return merge


@login_required
@require_GET
def merge_list(request):
    """Merges the user made or undid, newest first, 20 a page."""
    _require_merge_role(request.user)
    page = CappedPaginator(person_merges(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "people/merge_list.html", {"page": page})


@login_required
@require_GET
def merge_detail(request, public_id):
    """One merge: both records as the user may see them, who merged and why, and the undo
    form while it stands."""
    _require_merge_role(request.user)
    merge = _merge_get(request.user, public_id)
    return render(request, "people/merge_detail.html", _detail_context(request, merge, UndoForm()))


def _detail_context(request, merge, form) -> dict:
    return {
        "merge": merge,
        "survivor": person_summary(request.user, merge.survivor),
        "merged": person_summary(request.user, merge.merged),
        "form": form if merge.undone_at is None else None,
    }


@login_required
@require_POST
def merge_undo(request, public_id):
    """Undo a merge with a reason (same authority as the merge, checked again now)."""
    _require_merge_role(request.user)
    merge = _merge_get(request.user, public_id)
    form = UndoForm(request.POST)
    if form.is_valid():
        try:
            person_merge_undo(actor=request.user, merge=merge, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The merge is undone: the two records are separate again."))
            return redirect("people:merge-detail", public_id=merge.public_id)
    return render(
        request, "people/merge_detail.html", _detail_context(request, merge, form), status=400
    )
