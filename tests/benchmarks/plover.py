#!/usr/bin/env python3
"""Accuracy and speed of extraction on the PLOVER gold records (see README.md here).

    python tests/benchmarks/plover.py /tmp/gsr [--curve] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gsr_dir", type=Path)
    ap.add_argument("--curve", action="store_true", help="precision/recall over --min-confidence thresholds")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()

    from kg.evaluate import evaluate, format_eval, predictions_from_records
    from kg.nlp import load_model
    from kg.pipeline import extract

    texts = sorted((a.gsr_dir / "texts").glob("*.txt"))
    load_model()
    times, records, sentences = [], [], 0
    for _ in range(a.runs):
        t0 = time.perf_counter()
        results = list(extract(texts))
        times.append(time.perf_counter() - t0)
    records = [rel.export() for res in results for rel in res.relations]
    sentences = sum(res.sentences for res in results)
    med = statistics.median(times)
    print(f"extraction: {len(texts)} documents, {sentences} sentences; median {med:.2f} s over {a.runs} runs "
          f"({sentences / med:.0f} sentences/s, {len(texts) / med:.0f} documents/s)")
    res = evaluate(predictions_from_records(records), a.gsr_dir / "gold")
    print(format_eval(res, per_type=True, confusion=False))
    if a.curve:
        print("-- precision/recall over --min-confidence")
        print("threshold  actor P/R/F1           dyad P/R/F1")
        for th in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            r = evaluate(predictions_from_records(x for x in records if x["confidence"] >= th), a.gsr_dir / "gold")
            print(f"{th:9.1f}  {r.actor['p']:.3f}/{r.actor['r']:.3f}/{r.actor['f1']:.3f}    "
                  f"{r.dyad['p']:.3f}/{r.dyad['r']:.3f}/{r.dyad['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
