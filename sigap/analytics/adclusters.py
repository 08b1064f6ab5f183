"""Recruitment-ad clustering: near-duplicate job ads grouped into templates with slots.

Re-implements the core idea of InfoShield (Lee et al., 2021, "InfoShield: Generalizable
Information-Theoretic Human-Trafficking Detection", ICDE 2021): ads posted many times from one
template differ only in slot values (phones, pay, places), so after replacing slot values by
tokens, near-duplicates are found with MinHash-LSH (``datasketch``) and joined by union-find.
Each cluster gets a template (tokens of its most central member; tokens that differ among
members become ``{…}``) and the distinct slot values found in its members.

Pure Python, no Django imports: callable from a command, a task or Spark. Phones are
normalised to E.164 by :func:`sigap.analytics.linkage.normalise.phone_e164`, the normaliser
used for people identifiers, so they can be linked to identifiers later.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from sigap.analytics.linkage.normalise import phone_e164

NUM_PERM = 128
THRESHOLD = 0.6
SHINGLE = 3
SEED = 1
PROGRESS_EVERY = 100

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|id|co\.id|net|org)(?:/\S*)?")
_HANDLE = re.compile(r"@[a-z0-9_.]{2,}")
_PHONE = re.compile(r"(?:\+?62|0)[\s.-]?8\d{1,3}(?:[\s.-]?\d{2,4}){2,4}")
_MONEY = re.compile(
    r"(?:rp\.?\s?|idr\s?|usd\s?|us\$\s?|\$\s?)\d(?:[\d.,]*\d)?(?:\s?(?:juta|jt|ribu|rb|k)\b)?"
    r"|\d(?:[\d.,]*\d)?\s?(?:juta|jt|ribu|rb)\b"
)
_NUMBER = re.compile(r"\b\d(?:[\d.,]*\d)?\b")
_PUNCT = re.compile(r"[^\w{}\s]")
SLOT_TOKENS = {"url": "{url}", "handle": "{handle}", "phone": "{phone}", "amount": "{amount}"}


@dataclass
class Normalised:
    """One ad after normalisation: ``tokens`` (list of str, slot values replaced by
    ``{phone}``, ``{amount}``, ``{url}``, ``{handle}``, ``{num}``) and ``slots``
    (dict kind -> list of extracted values; phones in E.164)."""

    tokens: list[str]
    slots: dict[str, list[str]] = field(default_factory=dict)


def normalise(text: str) -> Normalised:
    """Lowercase ``text``, pull out slot values and return tokens with slot tokens.

    Order matters: URLs, then handles, phones, amounts, bare numbers."""
    text = (text or "").lower()
    slots: dict[str, list[str]] = {"url": [], "handle": [], "phone": [], "amount": []}

    def take(kind, rx, fn=lambda v: v.strip()):
        nonlocal text

        def repl(m):
            value = fn(m.group(0))
            if value:
                slots[kind].append(value)
            return f" {SLOT_TOKENS[kind]} "

        text = rx.sub(repl, text)

    take("url", _URL)
    take("handle", _HANDLE)
    take("phone", _PHONE, lambda v: phone_e164(v, "ID"))
    take("amount", _MONEY, lambda v: re.sub(r"\s+", " ", v.strip()))
    text = _NUMBER.sub(" {num} ", text)
    text = _PUNCT.sub(" ", text)
    return Normalised(tokens=text.split(), slots=slots)


def shingles(tokens: list[str], n: int = SHINGLE) -> set[str]:
    """Word ``n``-grams of ``tokens`` as strings (the whole text if shorter than ``n``)."""
    if len(tokens) < n:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _minhash(sh: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    for s in sorted(sh):
        m.update(s.encode("utf-8"))
    return m


@dataclass
class Cluster:
    """A group of near-duplicate ads: ``cluster_id`` (int, 0-based, by first member),
    ``members`` (list of ad ids), ``template`` (str) and ``slots`` (kind -> sorted distinct
    values; ``phone`` in E.164)."""

    cluster_id: int
    members: list
    template: str
    slots: dict[str, list[str]]

    @property
    def size(self) -> int:
        return len(self.members)


def _template(token_lists: list[list[str]], sets: list[set[str]]) -> str:
    """Tokens of the most central member (highest mean Jaccard to the others); a token kept
    only if it appears in every member, else ``{…}`` (runs collapsed)."""
    if len(token_lists) == 1:
        return " ".join(token_lists[0])

    def centrality(i):
        return sum(len(sets[i] & s) / max(1, len(sets[i] | s)) for s in sets)

    centre = max(range(len(token_lists)), key=lambda i: (centrality(i), -i))
    common = set.intersection(*(set(t) for t in token_lists))
    out: list[str] = []
    for tok in token_lists[centre]:
        t = tok if tok in common else "{…}"
        if not (t == "{…}" and out and out[-1] == "{…}"):
            out.append(t)
    return " ".join(out)


def cluster_ads(
    ads: list[tuple[object, str]],
    threshold: float = THRESHOLD,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[object, int], list[Cluster]]:
    """Cluster ``ads`` (list of ``(id, text)``; ids unique and hashable).

    Returns ``(assignment, clusters)``: ``assignment`` maps each id to its cluster id,
    ``clusters`` lists every cluster (singletons included) ordered by cluster id.
    Deterministic: MinHash seed fixed, ids processed in input order.
    ``progress(done, total)``, when given, is called every ``PROGRESS_EVERY`` ads of each of the
    two passes (hashing, then joining): ``done`` counts steps of ``total = 2 * len(ads)``.
    Raises ``ValueError`` on duplicate ids."""
    ids = [a[0] for a in ads]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate ad ids")
    total = 2 * len(ads)
    norm: list[Normalised] = []
    sets: list[set[str]] = []
    hashes: list[MinHash] = []
    for n, (_, text) in enumerate(ads, start=1):
        norm.append(normalise(text))
        sets.append(shingles(norm[-1].tokens))
        hashes.append(_minhash(sets[-1]))
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, total)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    parent = list(range(len(ads)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            # confirm candidate with the estimated Jaccard to drop LSH false positives
            if m.jaccard(hashes[j]) >= threshold:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        lsh.insert(i, m)
        if progress and (i + 1) % PROGRESS_EVERY == 0:
            progress(len(ads) + i + 1, total)

    groups: dict[int, list[int]] = {}
    for i in range(len(ads)):
        groups.setdefault(find(i), []).append(i)
    assignment: dict[object, int] = {}
    clusters: list[Cluster] = []
    for cid, (_, idx) in enumerate(sorted(groups.items(), key=lambda kv: kv[1][0])):
        slots: dict[str, set[str]] = {}
        for i in idx:
            assignment[ids[i]] = cid
            for kind, vals in norm[i].slots.items():
                slots.setdefault(kind, set()).update(vals)
        clusters.append(
            Cluster(
                cluster_id=cid,
                members=[ids[i] for i in idx],
                template=_template([norm[i].tokens for i in idx], [sets[i] for i in idx]),
                slots={k: sorted(v) for k, v in slots.items() if v},
            )
        )
    return assignment, clusters


def size_counts(clusters: list[Cluster]) -> Counter:
    """Histogram ``{cluster size: number of clusters}``."""
    return Counter(c.size for c in clusters)
