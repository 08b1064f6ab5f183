"""The ad clustering page's reads (issue 10 §6): parsing pasted/uploaded ads, clustering them
with :func:`sigap.analytics.adclusters.cluster_ads`, and linking each phone/handle slot value to
identifier records through the keyed hash the identifiers use
(:func:`sigap.people.identifiers.value_hash`).

Scope (as the network view, :mod:`sigap.people.network`): a match is shown with its case
number when the case is visible to the user (``Case.visible_to``), the identifier's owner not
named (the value is the ad's own); any other match only raises ``elsewhere``, shown as "ada di
kasus lembaga lain" without case, agency or person. Nothing is stored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from sigap.agencies.choices import Role
from sigap.analytics.adclusters import cluster_ads
from sigap.cases.access import membership_of
from sigap.cases.models import Case
from sigap.people.identifiers import normalise, value_hash
from sigap.people.models import Identifier, IdentifierKind

AD_ROLES = (Role.POLICE, Role.SECRETARIAT)
MAX_ADS = 300  # clustered inline; more is refused (no background run yet)
MAX_AD_CHARS = 5_000
# An ad's handle has no platform; identifiers store ``platform:handle``, so these platforms are
# tried (the names case workers type in the identifier form's platform field).
HANDLE_PLATFORMS = ("instagram", "facebook", "tiktok", "telegram", "twitter", "x", "whatsapp")


def can_cluster_ads(user) -> bool:
    """Police and secretariat (the analysts of issue 10 §5-6)."""
    membership = membership_of(user)
    return membership is not None and membership.role in AD_ROLES


def parse_ads(text: str = "", csv_bytes: bytes | None = None) -> list[str]:
    """Ads from pasted ``text`` (blocks separated by a blank line) and/or a CSV (column
    ``text`` when present, else the first column; UTF-8). ValidationError (Indonesian) when a
    CSV cannot be read or there are more than ``MAX_ADS`` ads."""
    from django.utils.translation import gettext as _

    ads: list[str] = []
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    ads += [b for b in blocks if b]
    if csv_bytes:
        try:
            rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ValidationError(_("The CSV file cannot be read (UTF-8 expected).")) from exc
        col = 0
        if rows and "text" in [c.strip().lower() for c in rows[0]]:
            col = [c.strip().lower() for c in rows[0]].index("text")
            rows = rows[1:]
        ads += [r[col].strip() for r in rows if len(r) > col and r[col].strip()]
    if len(ads) > MAX_ADS:
        raise ValidationError(_("At most %(n)s ads at a time.") % {"n": MAX_ADS}, code="too_many")
    return [a[:MAX_AD_CHARS] for a in ads]


@dataclass
class SlotLink:
    """One slot value: ``kind`` (phone/handle/amount/url), ``value`` (as in the ad, phones
    E.164), ``cases`` (numbers and public ids of visible cases with an identifier of that
    value) and ``elsewhere`` (True when some match is out of the user's scope)."""

    kind: str
    value: str
    cases: list[tuple[str, str]] = field(default_factory=list)
    elsewhere: bool = False


def _hashes(kind: str, value: str) -> list[tuple[str, str]]:
    """(identifier kind, keyed hash) candidates for one ad slot value."""
    try:
        if kind == "phone":
            k = IdentifierKind.PHONE
            return [(k, value_hash(k, normalise(k, value)))]
        if kind == "handle":
            k = IdentifierKind.SOCIAL_HANDLE
            return [(k, value_hash(k, normalise(k, value, p))) for p in HANDLE_PLATFORMS]
    except ValidationError:
        return []
    return []


def slot_links(user, slots: list[tuple[str, str]]) -> list[SlotLink]:
    """Link ``slots`` (list of ``(kind, value)``) to identifier records within ``user``'s
    scope (see the module docstring). Amounts and URLs are returned unlinked. Two queries."""
    wanted: dict[str, list[int]] = {}
    links = [SlotLink(kind=k, value=v) for k, v in slots]
    for n, (k, v) in enumerate(slots):
        for _kind, h in _hashes(k, v):
            wanted.setdefault(h, []).append(n)
    if not wanted:
        return links
    rows = list(Identifier.objects.filter(value_hash__in=list(wanted)).select_related("case"))
    visible = set(
        Case.objects.visible_to(user)
        .filter(pk__in={r.case_id for r in rows})
        .values_list("pk", flat=True)
    )
    for row in rows:
        shown = row.case_id in visible
        for n in wanted[row.value_hash]:
            link = links[n]
            if shown:
                entry = (row.case.number, str(row.case.public_id))
                if entry not in link.cases:
                    link.cases.append(entry)
            else:
                link.elsewhere = True
    return links


@dataclass
class ClusterView:
    """A cluster for the page: ``size`` (ads), ``template`` (str with ``{…}`` slots),
    ``slots`` (list of :class:`SlotLink`), ``members`` (1-based ad numbers)."""

    size: int
    template: str
    slots: list[SlotLink]
    members: list[int]


def clusters_for(user, ads: list[str]) -> list[ClusterView]:
    """Cluster ``ads`` (list of str) and link their phone/handle slots for ``user``; largest
    clusters first."""
    _, clusters = cluster_ads(list(enumerate(ads, start=1)))
    flat = [
        (k, v)
        for c in clusters
        for k in ("phone", "handle", "amount", "url")
        for v in c.slots.get(k, [])
    ]
    linked = iter(slot_links(user, flat))
    out = []
    for c in clusters:
        n = sum(len(c.slots.get(k, [])) for k in ("phone", "handle", "amount", "url"))
        out.append(
            ClusterView(
                size=c.size,
                template=c.template,
                slots=[next(linked) for _ in range(n)],
                members=list(c.members),
            )
        )
    out.sort(key=lambda c: (-c.size, c.members[0]))
    return out
