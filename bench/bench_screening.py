"""Job-offer screening on the corpus: precision/recall of "high" and time per text.

Run: ``.venv/bin/python bench/bench_screening.py`` (no database needed).
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sigap.analytics.screening.default_rules import DEFAULT_RULESET  # noqa: E402
from sigap.analytics.screening.engine import screen  # noqa: E402
from sigap.analytics.tests.corpus import CORPUS, LICENSED  # noqa: E402


def main() -> None:
    tp = fp = fn = tn = 0
    times = []
    for _cid, high, _flags, text in CORPUS:
        start = time.perf_counter()
        got = screen(text, ruleset=DEFAULT_RULESET, licensed_agencies=LICENSED).risk_level
        times.append((time.perf_counter() - start) * 1000)
        got_high = got == "high"
        tp += got_high and high
        fp += got_high and not high
        fn += high and not got_high
        tn += not high and not got_high
    print(f"ruleset {DEFAULT_RULESET['version']}, {len(CORPUS)} texts")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"precision {precision:.3f} recall {recall:.3f}")
    print(f"tp {tp} fp {fp} fn {fn} tn {tn}")
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(f"ms per text: median {statistics.median(times):.2f}, p95 {p95:.2f}")


if __name__ == "__main__":
    main()
