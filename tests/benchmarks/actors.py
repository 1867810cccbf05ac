#!/usr/bin/env python3
"""Actor resolution on the actor texts of the PLOVER gold records (issue 3, item 1). Prints figures.

    python tests/benchmarks/actors.py ../shared/peer/plover-gsr/PLOVER_GSR_CAMEO.txt [--show N]

Each gold record names its actors by the words of the sentence ("actorText") and a CAMEO code
whose first three letters are the state (USA, USAGOV, ...) or IGO/NGO/IMG. For every actor text
found in its sentence, the sentence is parsed and resolved as `kg extract` does, and the mention
that overlaps the actor text most is compared with the gold:
  - state actors (a code whose first three letters are an ISO-3 code of the gazetteer, after the
    same fixes as the shared gsr.py: JAP -> JPN, UK -> GBR): resolved to the right state, to
    another state, or not resolved;
  - IGO actors: resolved to an IGO (or an organ of one), to something else, or not resolved.
Codes that are neither (NGO, IMG, misspelt codes such as VTN) are counted apart and not scored.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIX_CODE = {"JAP": "JPN", "UK": "GBR"}


def gold_actors(path: Path):
    for r in json.loads(path.read_text(encoding="utf-8")):
        if not str(r.get("id", "")).startswith("PLOVER-GSR") or r.get("event") == "DOCUMENT":
            continue
        for side in ("source", "target"):
            for a in r.get(side) or []:
                if isinstance(a, dict) and a.get("actorText"):
                    yield r["id"], r["text"], a["actorText"], (a.get("code") or "")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path, help="PLOVER_GSR_CAMEO.txt")
    ap.add_argument("--show", type=int, default=0, help="print N wrong or unresolved state actors")
    a = ap.parse_args()

    from kg.actors import load_gazetteer, resolve_article
    from kg.config import gazetteer_dir
    from kg.nlp import annotate_many
    from kg.records import Article, ActorType

    with open(gazetteer_dir() / "states.csv", encoding="utf-8") as f:
        iso = {row["country"] for row in csv.DictReader(f) if row.get("country")}
    gaz = load_gazetteer()
    items = list(gold_actors(a.gold))
    texts = sorted({text for _, text, _, _ in items})  # (a few record ids occur twice, with other texts)
    articles = [Article(id=f"r{n}", text=text) for n, text in enumerate(texts)]
    mentions = {}
    for art, sents in annotate_many(articles):
        res = resolve_article(art, sents, gaz)
        mentions[art.text] = [(s, ms) for s, ms in zip(res.sentences, res.mentions)]

    counts = Counter()
    wrong = []
    for rid, text, actor_text, code in items:
        found = re.search(r"(?<!\w)" + re.escape(actor_text) + r"(?!\w)", text, re.IGNORECASE)
        start = found.start() if found else -1
        code3 = FIX_CODE.get(code[:3], code[:3]) if not code.startswith("UK") else "GBR"
        kind = "state" if code3 in iso else "igo" if code3 == "IGO" else "other"
        if start < 0:
            counts[(kind, "text not in sentence")] += 1
            continue
        end = start + len(actor_text)
        best, score = None, 0.0
        for sent, ms in mentions[text]:
            for m in ms:
                toks = sent.tokens[m.start:m.end]
                lo, hi = toks[0].idx, toks[-1].idx + len(toks[-1].text)
                o = min(hi, end) - max(lo, start)
                # most overlap; among equals, the mention that lies within the actor text, then the shortest
                # ("Hungarian and Romanian officials" holds one mention per state)
                sc = o + (1000.0 if lo >= start and hi <= end else 0.0) - 0.001 * (hi - lo)
                if o > 0 and sc > score:
                    best, score = m, sc
        if kind == "state":
            if best is None:
                outcome = "not resolved"
            elif best.actor.country == code3:
                outcome = "right state"
            else:
                outcome = "other state" if best.actor.country else "actor without a state"
            if outcome != "right state":
                wrong.append((rid, actor_text, code3, best.actor.name if best else None, best.actor.country if best else None))
        elif kind == "igo":
            if best is None:
                outcome = "not resolved"
            elif best.actor.type is ActorType.IGO or (best.actor.country or "").startswith("IGO:"):
                outcome = "resolved to an IGO"
            else:
                outcome = "resolved to a non-IGO"
        else:
            outcome = "not scored"
        counts[(kind, outcome)] += 1

    for kind in ("state", "igo", "other"):
        total = sum(v for (k, _), v in counts.items() if k == kind)
        if not total:
            continue
        print(f"{kind} actors: {total}")
        for (k, outcome), v in sorted(counts.items(), key=lambda kv: -kv[1]):
            if k == kind:
                print(f"  {outcome:24s} {v:4d}  {v / total:6.1%}")
    for row in wrong[:a.show]:
        print("  ", *row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
