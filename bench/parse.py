"""Parse throughput: the seed, and synthetic dumps of 0.5 and 5 MB (is the cost linear?).

Target (issue 2): ≥ 5 MB/s on this 2-core machine; 10× the input costs ≤ 11× the time.
Prints a table; ``--json`` prints the same rows as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from convert import parse_text  # noqa: E402
from dumpgen import random_page  # noqa: E402


def synthetic(size: int) -> str:
    """Generated pages, one after another, until ``size`` bytes of UTF-8."""
    parts, total, seed = [], 0, 0
    while total < size:
        text, _ = random_page(seed)
        parts.append(text + "\n")
        total += len(text.encode("utf-8")) + 1
        seed += 1
    return "".join(parts)


def best_of(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        parse_text(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="0.05 and 0.5 MB instead of 0.5 and 5 MB")
    args = parser.parse_args()
    small, large = (50_000, 500_000) if args.quick else (500_000, 5_000_000)
    inputs = [("seed", (ROOT / "seeds" / "000_e5d23699ff1a9f1e.txt").read_text(encoding="utf-8"), 20)]
    inputs += [(f"synthetic {small / 1e6:g} MB", synthetic(small), 7), (f"synthetic {large / 1e6:g} MB", synthetic(large), 4)]
    rows = []
    for name, text, runs in inputs:
        size = len(text.encode("utf-8"))
        seconds = best_of(text, runs)
        rows.append({"input": name, "bytes": size, "seconds": round(seconds, 4), "mb_per_s": round(size / 1e6 / seconds, 2)})
    time_ratio = rows[2]["seconds"] / rows[1]["seconds"]
    size_ratio = rows[2]["bytes"] / rows[1]["bytes"]
    if args.json:
        print(json.dumps({"rows": rows, "time_ratio": time_ratio, "size_ratio": size_ratio}, indent=2))
        return
    print(f"{'input':<22}{'bytes':>12}{'seconds':>10}{'MB/s':>8}")
    for r in rows:
        print(f"{r['input']:<22}{r['bytes']:>12,}{r['seconds']:>10.4f}{r['mb_per_s']:>8.2f}")
    print(f"\n{size_ratio:.1f}x the input took {time_ratio:.2f}x the time (linear: <= {size_ratio * 1.1:.1f}x); target >= 5 MB/s")


if __name__ == "__main__":
    main()
