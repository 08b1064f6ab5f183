"""The network view pages (issue 10 §5): ``/people/network/case/<uuid>/`` and
``/people/network/person/<uuid>/``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from sigap.audit.services import audit_record
from sigap.cases.models import Person
from sigap.cases.selectors import case_get
from sigap.people import network


def _depth(request) -> int:
    try:
        return max(1, min(int(request.GET.get("depth", 2)), 3))
    except ValueError:
        return 2


@login_required
@permission_required("cases.view_case", raise_exception=True)
def network_case(request, public_id):
    """The network around one case. 403 for roles other than police and secretariat (whatever
    the case) and for a case seen by status only (``network.cases_in_view``), 404 for a case
    outside scope. Audited: ``network.view`` on the case (counts
    only) and, through the identity rule, one identity-view row per case whose people are
    named (``sigap.cases.identity_log``)."""
    if not network.can_use(request.user):
        raise PermissionDenied
    case = case_get(user=request.user, public_id=public_id)
    if not network.cases_in_view(request.user).filter(pk=case.pk).exists():
        raise PermissionDenied  # seen by status only: its people are not the user's to see
    depth = _depth(request)
    net = network.network_around(request.user, case=case, depth=depth)
    return _render(request, net, target=case, depth=depth, case=case, title=case.number)


@login_required
@permission_required("cases.view_case", raise_exception=True)
def network_person(request, public_id):
    """The network around every case of one person that the user may see. 403 as above; 404
    when no case of the person is in scope (as for an unknown id). The heading names the
    person only where the identity rule allows it for one of those cases. Only cases whose
    people the user sees count (``network.cases_in_view``)."""
    if not network.can_use(request.user):
        raise PermissionDenied
    person = Person.objects.filter(public_id=public_id).first()
    if (
        person is None
        or not network.cases_in_view(request.user).filter(participants__person=person).exists()
    ):
        raise Http404
    depth = _depth(request)
    net = network.network_around(request.user, person=person, depth=depth)
    title = net.graph.nodes[f"p{person.pk}"]["label"] if f"p{person.pk}" in net.graph else ""
    return _render(request, net, target=person, depth=depth, case=None, title=title)


def _summary(rows, label):
    return [
        {"size": len(c), "labels": [label[n] for n in c[:12]], "more": max(0, len(c) - 12)}
        for c in rows
    ]


def _render(request, net, *, target, depth, case, title):
    g = net.graph
    audit_record(
        actor=request.user,
        action="network.view",
        target=target,
        changes={
            "nodes": g.number_of_nodes(),
            "cases": len(net.shown_cases),
            "other_agencies": net.foreign_count,
            "depth": depth,
        },
    )
    svg = network.render_svg(net, links=True)
    label = {n: d["label"] for n, d in g.nodes(data=True)}
    nodes = sorted(
        (
            {
                "label": d["label"],
                "kind": d["kind"],
                "public_id": d.get("public_id"),
                "person_id": d.get("person_id"),
                "degree": g.degree(n),
                "common": d.get("common", False),
            }
            for n, d in g.nodes(data=True)
        ),
        key=lambda x: (x["kind"], x["label"]),
    )
    context = {
        "case": case,
        "title": title,
        "depth": depth,
        "net": net,
        # Built from escaped labels only (render_svg); inline so nodes are links with tooltips.
        "svg": mark_safe(svg),  # noqa: S308
        "nodes": nodes,
        "brokers": [
            {"label": label[n], "kind": g.nodes[n]["kind"], "score": round(v, 3)}
            for n, v in net.brokers
        ],
        "components": _summary(net.components, label),
        "communities": _summary([c for c in net.communities if len(c) > 1], label),
        "max_nodes": network.MAX_NODES,
        "hub_cases": network.HUB_CASES,
    }
    return render(request, "people/network.html", context)
