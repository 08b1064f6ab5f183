"""Linkage benchmark on the synthetic Indonesian generator (issue 10 "Must show").

Run: ``.venv/bin/python bench/bench_linkage.py --records 10000 100000 1000000`` (pure Python,
no database). Prints, per size: pairwise precision/recall/F1 of persons, blocking recall (true
pairs among the pairs the blocking rules generate), adjusted Rand index of the syndicate
clusters, wall time of the linkage and peak RSS of the process.
"""

import argparse
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sigap.analytics.linkage.engine import link_records  # noqa: E402
from sigap.analytics.linkage.metrics import adjusted_rand_index, pairwise_scores  # noqa: E402
from sigap.analytics.linkage.synth import generate, load_villages  # noqa: E402

# The Kemendagri area list, where settings.SHARED_DATA_DIR finds it (../shared/data).
_SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
AREAS = Path(os.environ.get("SIGAP_SHARED_DATA_DIR", str(_SHARED))) / "wilayah-indonesia.csv"


def blocking_recall(all_pairs, persons: dict) -> float:
    blocked = set(zip(all_pairs["unique_id_l"], all_pairs["unique_id_r"], strict=True))
    groups = defaultdict(list)
    for rid, pid in persons.items():
        groups[pid].append(rid)
    total = hit = 0
    for ids in groups.values():
        ids.sort()
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                total += 1
                hit += (ids[i], ids[j]) in blocked or (ids[j], ids[i]) in blocked
    return hit / total if total else 1.0


def run(n: int, seed: int, measure_blocking: bool) -> None:
    villages = load_villages(AREAS, limit=5000, seed=seed)
    records, truth = generate(n, seed=seed, villages=villages)
    start = time.perf_counter()
    result = link_records(records, keep_all_pairs=measure_blocking)
    elapsed = time.perf_counter() - start
    persons = {k: v[0] for k, v in truth.items()}
    networks = {k: v[1] for k, v in truth.items() if v[1]}
    scores = pairwise_scores(result.clusters, persons)
    ari = adjusted_rand_index(result.syndicates, networks)
    br = blocking_recall(result.pairs.attrs["all_pairs"], persons) if measure_blocking else None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"| {n:,} | {scores['precision']:.4f} | {scores['recall']:.4f} | {scores['f1']:.4f} | "
        f"{br:.4f} | {ari:.4f} | {elapsed:.1f} | {rss:,.0f} |"
        if br is not None
        else f"| {n:,} | {scores['precision']:.4f} | {scores['recall']:.4f} | {scores['f1']:.4f} | "
        f"n/a | {ari:.4f} | {elapsed:.1f} | {rss:,.0f} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, nargs="+", default=[10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-blocking-recall", action="store_true")
    args = parser.parse_args()
    print("| records | precision | recall | F1 | blocking recall | ARI | seconds | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for n in args.records:
        run(n, args.seed, not args.no_blocking_recall)


if __name__ == "__main__":
    main()
