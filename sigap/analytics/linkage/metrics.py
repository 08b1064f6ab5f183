"""Pairwise precision/recall/F1 of a clustering and the adjusted Rand index (pure Python).

Pairwise counts from the contingency table (no pair enumeration): for predicted clusters A and
true clusters B, TP = sum over cells of C(n_ab, 2), predicted pairs = sum C(|A|, 2), true pairs
= sum C(|B|, 2). ARI as Hubert and Arabie (1985).
"""

from __future__ import annotations

from collections import Counter


def _c2(n: int) -> int:
    return n * (n - 1) // 2


def pair_counts(predicted: dict, truth: dict) -> tuple[int, int, int]:
    """``(true_positive_pairs, predicted_pairs, true_pairs)`` over the keys of ``truth``."""
    keys = list(truth)
    cells = Counter((predicted[k], truth[k]) for k in keys)
    a = Counter(predicted[k] for k in keys)
    b = Counter(truth[k] for k in keys)
    return (
        sum(_c2(v) for v in cells.values()),
        sum(_c2(v) for v in a.values()),
        sum(_c2(v) for v in b.values()),
    )


def pairwise_scores(predicted: dict, truth: dict) -> dict[str, float]:
    """``{"precision", "recall", "f1", "tp", "predicted_pairs", "true_pairs"}``."""
    tp, pp, tpairs = pair_counts(predicted, truth)
    precision = tp / pp if pp else 1.0
    recall = tp / tpairs if tpairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "predicted_pairs": pp,
        "true_pairs": tpairs,
    }


def adjusted_rand_index(predicted: dict, truth: dict) -> float:
    """ARI of ``predicted`` against ``truth`` over the keys of ``truth`` (1.0 = identical)."""
    n = len(truth)
    if n < 2:
        return 1.0
    index, sum_a, sum_b = pair_counts(predicted, truth)
    expected = sum_a * sum_b / _c2(n)
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
