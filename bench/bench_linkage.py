"""Linkage benchmark on the synthetic Indonesian generator (issue 10 "Must show").

Run: ``.venv/bin/python bench/bench_linkage.py --records 10000 100000 1000000`` (pure Python,
no database). Prints, per size: pairwise precision/recall/F1 of persons, blocking recall (the
share of true pairs that at least one blocking rule brings together), adjusted Rand index of
the syndicate clusters, wall time of the linkage and peak RSS of the process.

Blocking recall is measured by evaluating the engine's blocking rules on the true pairs
(``engine.blocking_recall``: the engine's own prepared table and rule SQL), after the timed
linkage, at every size. Unless ``--no-pair-list`` is given it is also measured from the list
of every blocked pair the linkage generated (``keep_all_pairs``: tens of millions of pairs at
a million records, more memory than the linkage itself) and the two must agree exactly: the
run exits with status 1 if they do not. ``--no-blocking-recall`` skips both.
"""

import argparse
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sigap.analytics.linkage.engine import blocking_recall, link_records  # noqa: E402
from sigap.analytics.linkage.metrics import adjusted_rand_index, pairwise_scores  # noqa: E402
from sigap.analytics.linkage.synth import generate, load_villages  # noqa: E402

# The Kemendagri area list, where settings.SHARED_DATA_DIR finds it (../shared/data).
_SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
AREAS = Path(os.environ.get("SIGAP_SHARED_DATA_DIR", str(_SHARED))) / "wilayah-indonesia.csv"


def true_pairs(persons: dict) -> list[tuple[str, str]]:
    """Every pair of record ids of one person, ``(smaller id, larger id)``."""
    groups = defaultdict(list)
    for rid, pid in persons.items():
        groups[pid].append(rid)
    pairs = []
    for ids in groups.values():
        ids.sort()
        pairs += [(ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids))]
    return pairs


def pair_list_recall(all_pairs, pairs: list[tuple[str, str]]) -> float:
    """Blocking recall from the list of every blocked pair (``keep_all_pairs``)."""
    blocked = set(zip(all_pairs["unique_id_l"], all_pairs["unique_id_r"], strict=True))
    hit = sum((a, b) in blocked or (b, a) in blocked for a, b in pairs)
    return hit / len(pairs) if pairs else 1.0


def run(n: int, seed: int, measure_blocking: bool, pair_list: bool) -> bool:
    """One row of the table; False when the two blocking-recall methods disagree."""
    villages = load_villages(AREAS, limit=5000, seed=seed)
    records, truth = generate(n, seed=seed, villages=villages)
    keep = measure_blocking and pair_list
    start = time.perf_counter()
    result = link_records(records, keep_all_pairs=keep)
    elapsed = time.perf_counter() - start
    persons = {k: v[0] for k, v in truth.items()}
    networks = {k: v[1] for k, v in truth.items() if v[1]}
    scores = pairwise_scores(result.clusters, persons)
    ari = adjusted_rand_index(result.syndicates, networks)
    br = br_list = None
    if measure_blocking:
        pairs = true_pairs(persons)
        if keep:
            br_list = pair_list_recall(result.pairs.attrs.pop("all_pairs"), pairs)
        del result
        t0 = time.perf_counter()
        br = blocking_recall(records, pairs)
        print(
            f"{n:,} records: blocking recall on {len(pairs):,} true pairs measured in "
            f"{time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fmt = lambda v: f"{v:.4f}" if v is not None else "n/a"  # noqa: E731
    print(
        f"| {n:,} | {scores['precision']:.4f} | {scores['recall']:.4f} | {scores['f1']:.4f} | "
        f"{fmt(br)} | {fmt(br_list)} | {ari:.4f} | {elapsed:.1f} | {rss:,.0f} |",
        flush=True,
    )
    if br_list is not None and br_list != br:
        print(f"{n:,} records: blocking recall methods disagree", file=sys.stderr)
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, nargs="+", default=[10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-pair-list",
        action="store_true",
        help="measure blocking recall on the true pairs only, without keeping every blocked pair",
    )
    parser.add_argument("--no-blocking-recall", action="store_true")
    args = parser.parse_args()
    print(
        "| records | precision | recall | F1 | blocking recall | blocking recall (pair list) "
        "| ARI | seconds | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    ok = True
    for n in args.records:
        ok &= run(n, args.seed, not args.no_blocking_recall, not args.no_pair_list)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
