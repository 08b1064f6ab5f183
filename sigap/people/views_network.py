"""The network view page (issue 10 §5): ``/people/network/case/<uuid>/``."""

from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from sigap.audit.services import audit_record
from sigap.cases.selectors import case_get
from sigap.people import network


@login_required
@permission_required("cases.view_case", raise_exception=True)
def network_case(request, public_id):
    """The network around one case. 403 for roles other than police and secretariat (whatever
    the case), 404 for a case outside scope. Audited: ``network.view`` on the case (counts
    only) and, through the identity rule, one identity-view row per case whose people are
    named (``sigap.cases.identity_log``)."""
    if not network.can_use(request.user):
        raise PermissionDenied
    case = case_get(user=request.user, public_id=public_id)
    try:
        depth = int(request.GET.get("depth", 2))
    except ValueError:
        depth = 2
    net = network.network_around(request.user, case=case, depth=depth)
    g = net.graph
    audit_record(
        actor=request.user,
        action="network.view",
        target=case,
        changes={
            "nodes": g.number_of_nodes(),
            "cases": len(net.shown_cases),
            "other_agencies": net.foreign_count,
            "depth": depth,
        },
    )
    svg = network.render_svg(net)
    label = {n: d["label"] for n, d in g.nodes(data=True)}
    nodes = sorted(
        (
            {
                "label": d["label"],
                "kind": d["kind"],
                "public_id": d.get("public_id"),
                "degree": g.degree(n),
                "common": d.get("common", False),
            }
            for n, d in g.nodes(data=True)
        ),
        key=lambda x: (x["kind"], x["label"]),
    )
    context = {
        "case": case,
        "depth": max(1, min(depth, 3)),
        "net": net,
        "svg_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "nodes": nodes,
        "brokers": [
            {"label": label[n], "kind": g.nodes[n]["kind"], "score": round(v, 3)}
            for n, v in net.brokers
        ],
        "components": [
            {"size": len(c), "labels": [label[n] for n in c[:12]], "more": max(0, len(c) - 12)}
            for c in net.components
        ],
        "communities": [
            {"size": len(c), "labels": [label[n] for n in c[:12]], "more": max(0, len(c) - 12)}
            for c in net.communities
            if len(c) > 1
        ],
        "max_nodes": network.MAX_NODES,
        "hub_cases": network.HUB_CASES,
    }
    return render(request, "people/network.html", context)
