"""The ad clustering page's reads (issue 10 §6): parsing pasted/uploaded ads, clustering them
with :func:`sigap.analytics.adclusters.cluster_ads`, and linking each phone/handle slot value to
identifier records through the keyed hash the identifiers use
(:func:`sigap.people.identifiers.value_hash`).

Scope: a match is shown with its case number when the case is visible to the user
(``Case.visible_to``) and so is the identifier itself (``people.identifiers.identifier_visible``,
the one identifier rule: a participant's phone follows the identity rule), the identifier's
owner not named (the value is the ad's own); any other match only raises ``elsewhere``, shown
as "ada di kasus lembaga lain" without case, agency or person. Confirming that a value typed in
is recorded in case X discloses it as the identifiers page would: police do not look up a
child victim's (or a suspect's) phone number to its case. Up to ``INLINE_MAX`` ads nothing is
stored; more are clustered by a background task (:class:`sigap.people.models.AdClusterRun`,
input and result encrypted, the task given the run's id only, private to its owner), the
links computed when the result is shown, for the one who looks.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.analytics.adclusters import cluster_ads
from sigap.cases.access import membership_of
from sigap.cases.models import Case
from sigap.core import crypto
from sigap.people.identifiers import identifier_visible, normalise, value_hash
from sigap.people.models import (
    AdClusterRun,
    AdClusterRunStatus,
    Identifier,
    IdentifierKind,
    SharedIdentifier,
)

logger = logging.getLogger(__name__)
SLOT_KINDS = ("phone", "handle", "amount", "url")

AD_ROLES = (Role.POLICE, Role.SECRETARIAT)
INLINE_MAX = 200  # clustered in the request; more goes to a background run
MAX_ADS = 20_000  # per run
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
    scope (see the module docstring). Amounts and URLs are returned unlinked; values marked
    public or shared are not linked. Two queries, plus the identity rule's own for a
    participant's identifier on a visible case."""
    wanted: dict[str, list[int]] = {}
    links = [SlotLink(kind=k, value=v) for k, v in slots]
    for n, (k, v) in enumerate(slots):
        for _kind, h in _hashes(k, v):
            wanted.setdefault(h, []).append(n)
    if not wanted:
        return links
    # A value marked public or shared (a hotline, a company's own number) links nothing, as in
    # the network view.
    public = SharedIdentifier.objects.filter(value_hash__in=list(wanted)).values("value_hash")
    rows = list(
        Identifier.objects.filter(value_hash__in=list(wanted))
        .exclude(value_hash__in=public)
        .select_related("case", "participant__person", "participant__case")
    )
    visible = set(
        Case.objects.visible_to(user)
        .filter(pk__in={r.case_id for r in rows})
        .values_list("pk", flat=True)
    )
    for row in rows:
        shown = row.case_id in visible and identifier_visible(user, row)
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


def _views(user, stored: list[dict]) -> list[ClusterView]:
    """Page clusters from stored clusters (dicts: size, template, slots, members)."""
    flat = [(k, v) for c in stored for k in SLOT_KINDS for v in c["slots"].get(k, [])]
    linked = iter(slot_links(user, flat))
    out = [
        ClusterView(
            size=c["size"],
            template=c["template"],
            slots=[next(linked) for k in SLOT_KINDS for _v in c["slots"].get(k, [])],
            members=list(c["members"]),
        )
        for c in stored
    ]
    out.sort(key=lambda c: (-c.size, c.members[0]))
    return out


def _cluster(ads: list[str], progress=None) -> list[dict]:
    _, clusters = cluster_ads(list(enumerate(ads, start=1)), progress=progress)
    return [
        {"size": c.size, "template": c.template, "slots": c.slots, "members": c.members}
        for c in clusters
    ]


def clusters_for(user, ads: list[str]) -> list[ClusterView]:
    """Cluster ``ads`` (list of str) in the request and link their phone/handle slots for
    ``user``; largest clusters first."""
    return _views(user, _cluster(ads))


def ad_run_start(*, actor, ads: list[str]) -> AdClusterRun:
    """Store ``ads`` encrypted in a new run of ``actor`` and queue the task (after commit).
    PermissionDenied unless police or secretariat."""
    if not can_cluster_ads(actor):
        raise PermissionDenied
    from sigap.analytics.tasks import ad_cluster_run

    with transaction.atomic():
        run = AdClusterRun.objects.create(
            owner=actor, ads_total=len(ads), ads=crypto.encrypt(json.dumps(ads))
        )
        run_id = run.pk
        transaction.on_commit(lambda: ad_cluster_run.enqueue(run_id=run_id))
    return run


def ad_run_execute(*, run_id: int) -> None:
    """Cluster the ads of run ``run_id`` (the task; idempotent: a run already done or failed
    is left alone). Progress is saved about every 5 %; on success the result is stored
    encrypted and the input emptied; on any error the run is ``failed`` with a fixed
    sentence (nothing from the exception, which could quote an ad)."""
    run = AdClusterRun.objects.filter(pk=run_id).first()
    if run is None or run.status in (AdClusterRunStatus.DONE, AdClusterRunStatus.FAILED):
        return
    AdClusterRun.objects.filter(pk=run.pk).update(
        status=AdClusterRunStatus.RUNNING, started_at=timezone.now(), progress=0
    )
    last = [0]

    def progress(done: int, total: int) -> None:
        pct = min(99, done * 100 // max(1, total))
        if pct >= last[0] + 5:
            last[0] = pct
            AdClusterRun.objects.filter(pk=run.pk).update(progress=pct)

    try:
        ads = json.loads(crypto.decrypt(run.ads))
        result = _cluster(ads, progress=progress)
    except Exception as exc:  # noqa: BLE001 - any failure ends the run with a fixed message
        logger.error("ad cluster run %s failed: %s", run.pk, type(exc).__name__)
        AdClusterRun.objects.filter(pk=run.pk).update(
            status=AdClusterRunStatus.FAILED,
            error="The clustering failed; try again with fewer ads.",
            ads="",
            finished_at=timezone.now(),
        )
        return
    AdClusterRun.objects.filter(pk=run.pk).update(
        status=AdClusterRunStatus.DONE,
        progress=100,
        result=crypto.encrypt(json.dumps(result)),
        ads="",
        finished_at=timezone.now(),
    )


def ad_run_clusters(user, run: AdClusterRun) -> list[ClusterView] | None:
    """The clusters of a finished run, linked for ``user`` now; None while not done."""
    if run.status != AdClusterRunStatus.DONE or not run.result:
        return None
    return _views(user, json.loads(crypto.decrypt(run.result)))
