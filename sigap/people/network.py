"""The network view (issue 10 §5): cases, persons and identifiers around one case or person.

Nodes: in-scope cases (number), persons (name where ``identity_visible`` allows it, else the
mask), identifiers (kind, and the value where ``identifier_visible`` allows it; one node per
keyed hash, so ``0810-2233-4455`` and ``+62 810 2233 4455`` are one node) and, for a case
outside the viewer's scope, an opaque node "a case in another agency" (no number, no names,
no identifier values; never expanded further).

Links: a participation (person — case), an identifier of a participant (identifier — person)
or of the case itself (identifier — case), two person records an analyst confirmed as one
person (``same_person``; :mod:`sigap.people.linkage`); a person or an identifier hash
reaching a case outside scope links to that opaque node.

Rules (docs/architecture.md, "Network view"):
- identifiers marked public/shared (``SharedIdentifier``) are left out: they never link;
- down-weighting: an identifier hash used in ``n`` cases links with weight ``min(1, 2/n)``
  (full weight when two cases share it, halving as usage doubles); a hash used in more than
  ``HUB_CASES`` cases is drawn but not followed (probably a common number not yet marked);
- betweenness (brokers) uses the distance ``1/weight``;
- depth counts hops from case to case (through a person or an identifier); only cases in the
  viewer's scope are expanded; at most ``MAX_NODES`` nodes (``truncated`` says when cut);
- stage of a participation edge: the stages recorded in the case's journey (recruitment,
  transit, exploitation) for a suspect's participation, since participations carry no stage of
  their own; untagged otherwise. Identifier edges of a participant take that participant's tag.

Access: police and secretariat only (``can_use``); the start case must be visible
(``Case.objects.visible_to``, the one case rule) and its people and identifiers the user's to
see (``cases_in_view``): the secretariat expands only the cases it sees in full
(``cases.access.in_full_view``; a case its agency reported but another handles is seen by
status only: no persons, roles, children's initials, journey stages or identifiers), police
every case referred to them (the identifiers page's rule, ``can_view_case_identifiers``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from django.db.models import Count
from django.utils.translation import gettext as _

from sigap.agencies.choices import Role
from sigap.cases.access import identity_mask, identity_visible, in_full_view, membership_of
from sigap.cases.models import Case, JourneyEvent, Participant
from sigap.people.identifiers import identifier_visible
from sigap.people.models import Identifier, IdentifierKind, SharedIdentifier

MAX_NODES = 300
HUB_CASES = 10
NETWORK_ROLES = (Role.POLICE, Role.SECRETARIAT)


def can_use(user) -> bool:
    """Police investigators and the secretariat (issue 10 §5)."""
    membership = membership_of(user)
    return membership is not None and membership.role in NETWORK_ROLES


def cases_in_view(user):
    """The cases whose persons and identifiers the network shows ``user`` (and expands):
    for police every visible case (a referral to them), for the secretariat those it sees in
    full (``in_full_view``), as ``people.identifiers.can_view_case_identifiers`` per case."""
    visible = Case.objects.visible_to(user)
    membership = membership_of(user)
    if membership is not None and membership.role == Role.POLICE:
        return visible
    return in_full_view(user, visible)


@dataclass
class Network:
    """The graph and its summaries.

    ``graph``: networkx Graph; node attributes ``kind`` (case/person/identifier/foreign),
    ``label`` (safe to show to the viewer), ``url`` (case pages only), ``common`` (identifier
    not followed); edge attributes ``weight`` (0–1], ``distance`` (1/weight), ``stage`` (list
    of JourneyStage values, maybe empty), ``relation`` (participation role, identifier,
    same_person or other).
    ``components``: lists of node ids, largest first; ``communities``: same (Louvain);
    ``brokers``: [(node id, betweenness 0–1)], highest first, non-zero only.
    """

    graph: nx.Graph
    truncated: bool = False
    excluded_public: int = 0
    components: list[list[str]] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)
    brokers: list[tuple[str, float]] = field(default_factory=list)
    shown_cases: set[int] = field(default_factory=set)

    @property
    def foreign_count(self) -> int:
        """Number of opaque "case in another agency" nodes."""
        return sum(1 for _n, d in self.graph.nodes(data=True) if d["kind"] == "foreign")


class _Builder:
    def __init__(self, user, max_nodes: int):
        self.user = user
        self.g = nx.Graph()
        self.max_nodes = max_nodes
        self.truncated = False
        self.foreign: dict[int, str] = {}
        self.excluded_public = 0
        self._identity: dict = {}

    def identity(self, participant) -> bool:
        """``identity_visible`` once per participant (it notes the identity view)."""
        if participant.pk not in self._identity:
            self._identity[participant.pk] = identity_visible(self.user, participant)
        return self._identity[participant.pk]

    def identifier(self, ident) -> bool:
        """``identifier_visible`` without asking twice for one participant or case."""
        if ident.participant_id is not None:
            return self.identity(ident.participant)
        key = ("case", ident.case_id)
        if key not in self._identity:
            self._identity[key] = identifier_visible(self.user, ident)
        return self._identity[key]

    def add_node(self, node: str, **attrs) -> bool:
        if node in self.g:
            return True
        if self.g.number_of_nodes() >= self.max_nodes:
            self.truncated = True
            return False
        self.g.add_node(node, **attrs)
        return True

    def add_edge(self, a: str, b: str, **attrs) -> None:
        if a in self.g and b in self.g and not self.g.has_edge(a, b):
            weight = attrs.pop("weight", 1.0)
            self.g.add_edge(a, b, weight=weight, distance=1.0 / weight, **attrs)

    def foreign_node(self, case_id: int) -> str | None:
        if case_id not in self.foreign:
            node = f"x{len(self.foreign) + 1}"
            if not self.add_node(node, kind="foreign", label=_("case in another agency")):
                return None
            self.foreign[case_id] = node
        return self.foreign[case_id]


def _stages(case_ids) -> dict[int, list[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for case_id, stage in JourneyEvent.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "stage"
    ):
        out[case_id].add(stage)
    order = ["recruitment", "transit", "exploitation"]
    return {k: [s for s in order if s in v] for k, v in out.items()}


def network_around(user, *, case: Case | None = None, person=None, depth: int = 2) -> Network:
    """The network around ``case`` (visible to ``user``) or around every visible case of
    ``person``, ``depth`` case-to-case hops (1–3). Raises PermissionDenied for a role other
    than police or secretariat. Reads only; the caller audits the view."""
    from django.core.exceptions import PermissionDenied

    if not can_use(user):
        raise PermissionDenied
    depth = max(1, min(int(depth), 3))
    visible = cases_in_view(user)
    if case is not None:
        start = {case.pk}
    else:
        start = set(
            visible.filter(participants__person=person).values_list("pk", flat=True).distinct()
        )
    b = _Builder(user, MAX_NODES)
    seen_cases: set[int] = set()
    frontier = start
    for level in range(depth + 1):
        frontier = frontier - seen_cases
        if not frontier or b.truncated:
            break
        seen_cases |= frontier
        frontier = _expand(b, frontier, follow=level < depth, seen=seen_cases, visible=visible)
    net = Network(graph=b.g, truncated=b.truncated, excluded_public=b.excluded_public)
    net.shown_cases = {int(n[1:]) for n, d in b.g.nodes(data=True) if d["kind"] == "case"}
    _summarise(net)
    return net


def _expand(b: _Builder, case_ids: set[int], *, follow: bool, seen: set[int], visible) -> set:
    """Add the in-scope cases ``case_ids`` with their persons and identifiers; return the ids
    of the next cases (not yet seen, in scope) when ``follow``; cases out of scope become
    opaque nodes here."""
    cases = {c.pk: c for c in visible.filter(pk__in=case_ids)}
    stages = _stages(list(cases))
    for c in cases.values():
        b.add_node(f"c{c.pk}", kind="case", label=c.number, public_id=str(c.public_id))
    participants = list(
        Participant.objects.filter(case_id__in=list(cases)).select_related("person", "case")
    )
    person_tag: dict[int, list[str]] = {}
    for p in participants:
        node = f"p{p.person_id}"
        label = p.person.full_name if b.identity(p) else identity_mask(p)
        if node in b.g:
            if b.g.nodes[node]["label"] == _("hidden") and label != _("hidden"):
                b.g.nodes[node]["label"] = label
        elif not b.add_node(node, kind="person", label=label, person_id=str(p.person.public_id)):
            continue
        tag = stages.get(p.case_id, []) if p.role == "suspect" else []
        person_tag[p.pk] = tag
        b.add_edge(node, f"c{p.case_id}", relation=p.role, stage=tag)

    idents = list(
        Identifier.objects.filter(case_id__in=list(cases)).select_related(
            "participant__person", "case"
        )
    )
    hashes = {i.value_hash for i in idents}
    public = set(
        SharedIdentifier.objects.filter(value_hash__in=hashes).values_list("value_hash", flat=True)
    )
    b.excluded_public += sum(1 for i in idents if i.value_hash in public)
    hashes -= public
    usage = dict(
        Identifier.objects.filter(value_hash__in=hashes)
        .values("value_hash")
        .annotate(n=Count("case", distinct=True))
        .values_list("value_hash", "n")
    )
    kinds = dict(IdentifierKind.choices)
    for i in idents:
        if i.value_hash in public:
            continue
        node = f"i{i.value_hash[:16]}"
        n = usage.get(i.value_hash, 1)
        shown = b.identifier(i)
        label = f"{kinds.get(i.kind, i.kind)}: {i.value}" if shown else str(kinds.get(i.kind))
        if node in b.g:
            if shown and b.g.nodes[node].get("masked"):
                b.g.nodes[node].update(label=label, masked=False)
        elif not b.add_node(
            node, kind="identifier", label=label, masked=not shown, common=n > HUB_CASES, uses=n
        ):
            continue
        owner = f"p{i.participant.person_id}" if i.participant_id else f"c{i.case_id}"
        tag = person_tag.get(i.participant_id, []) if i.participant_id else []
        b.add_edge(node, owner, relation="identifier", stage=tag, weight=min(1.0, 2.0 / n))

    # Records an analyst confirmed as one person (sigap.people.linkage) are joined.
    from sigap.people.linkage import confirmed_partners

    persons = {p.person_id for p in participants}
    partners = confirmed_partners(persons)
    for mine in persons:
        for other in partners.get(mine, ()):
            b.add_edge(f"p{mine}", f"p{other}", relation="same_person", stage=[])

    if not follow:
        return set()
    # Next cases: through a person (same Person record, or one confirmed as the same person)
    # or an identifier hash.
    links: dict[int, set[str]] = defaultdict(set)
    via_person: dict[int, set[int]] = {p: {p} for p in persons}
    for mine in persons:
        for other in partners.get(mine, ()):
            via_person.setdefault(other, set()).add(mine)
    for case_id, person_id in Participant.objects.filter(
        person_id__in=list(via_person)
    ).values_list("case_id", "person_id"):
        if case_id not in seen:
            links[case_id] |= {f"p{mine}" for mine in via_person[person_id]}
    followed = {h for h in hashes if usage.get(h, 1) <= HUB_CASES}
    for case_id, h in Identifier.objects.filter(value_hash__in=followed).values_list(
        "case_id", "value_hash"
    ):
        if case_id not in seen:
            links[case_id].add(f"i{h[:16]}")
    in_scope = set(visible.filter(pk__in=list(links)).values_list("pk", flat=True))
    for case_id, via in links.items():
        if case_id in in_scope:
            continue
        node = b.foreign_node(case_id)
        if node is None:
            break
        for v in via:
            weight = 1.0
            if v.startswith("i"):
                weight = min(1.0, 2.0 / b.g.nodes[v]["uses"]) if v in b.g else 1.0
            b.add_edge(v, node, relation="other", stage=[], weight=weight)
    return in_scope


def _summarise(net: Network) -> None:
    g = net.graph
    net.components = sorted((sorted(c) for c in nx.connected_components(g)), key=len, reverse=True)
    if g.number_of_edges():
        communities = nx.community.louvain_communities(g, weight="weight", seed=1)
        net.communities = sorted((sorted(c) for c in communities), key=len, reverse=True)
        centrality = nx.betweenness_centrality(g, weight="distance", normalized=True)
        net.brokers = sorted(
            ((n, v) for n, v in centrality.items() if v > 0 and g.nodes[n]["kind"] != "foreign"),
            key=lambda x: (-x[1], g.nodes[x[0]]["label"]),
        )[:10]
    else:
        net.communities = [[n] for n in g.nodes]


def render_svg(net: Network, *, width: int = 900, height: int = 600, links: bool = False) -> str:
    """The graph drawn server-side (networkx spring layout, fixed seed) as an SVG document:
    circles for cases, squares for identifiers, diamonds for cases in other agencies; edges
    dashed when untagged. Labels are the node labels (already masked for the viewer), every
    one escaped. ``links``: for inline use in a page, each case and person node is a link to
    its network view and carries a ``<title>`` (tooltip); no script, no style attribute."""
    from django.urls import reverse
    from django.utils.html import escape

    g = net.graph
    pos = nx.spring_layout(g, seed=7, weight="weight") if len(g) else {}
    pad = 60

    def xy(n):
        x, y = pos[n]
        return pad + (x + 1) / 2 * (width - 2 * pad), pad + (y + 1) / 2 * (height - 2 * pad)

    colours = {
        "case": "#1d4ed8",
        "person": "#15803d",
        "identifier": "#b45309",
        "foreign": "#6b7280",
    }
    stage_colours = {"recruitment": "#b91c1c", "transit": "#7c3aed", "exploitation": "#0f766e"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for a, c, d in g.edges(data=True):
        (x1, y1), (x2, y2) = xy(a), xy(c)
        stage = d.get("stage") or []
        colour = stage_colours.get(stage[0], "#9ca3af") if stage else "#9ca3af"
        dash = "" if stage else ' stroke-dasharray="4 3"'
        w = 1 + 2 * d.get("weight", 1.0)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{colour}" stroke-width="{w:.1f}"{dash}/>'
        )
    for n, d in g.nodes(data=True):
        x, y = xy(n)
        colour = colours[d["kind"]]
        if d["kind"] == "identifier":
            shape = (
                f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}"/>'
            )
        elif d["kind"] == "foreign":
            shape = (
                f'<polygon points="{x:.1f},{y - 8:.1f} {x + 8:.1f},{y:.1f} {x:.1f},{y + 8:.1f} '
                f'{x - 8:.1f},{y:.1f}" fill="{colour}"/>'
            )
        else:
            r = 9 if d["kind"] == "case" else 6
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
        text = f'<text x="{x + 10:.1f}" y="{y + 4:.1f}" fill="#111827">{escape(d["label"])}</text>'
        href = None
        if links and d.get("public_id"):
            href = reverse("people:network-case", args=[d["public_id"]])
        elif links and d.get("person_id"):
            href = reverse("people:network-person", args=[d["person_id"]])
        if href:
            parts.append(
                f'<a href="{escape(href)}"><title>{escape(d["label"])}</title>{shape}{text}</a>'
            )
        else:
            parts.append(f"<g><title>{escape(d['label'])}</title>{shape}{text}</g>")
    parts.append("</svg>")
    return "".join(parts)
