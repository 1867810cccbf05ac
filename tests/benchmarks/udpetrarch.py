#!/usr/bin/env python3
"""Convert the UniversalPetrarch validation records into texts + gold files that `kg eval` reads.

    python tests/benchmarks/udpetrarch.py PETR2_GSR_validation.xml CAMEO2PLOVER-2021.txt OUTDIR
    kg eval OUTDIR/texts --gold OUTDIR/gold

Events are kept at the dyad level only: CAMEO actor codes are cut to their first three letters
(a country code; IGO codes become IGO:<next three letters>) and CAMEO event codes are mapped to
PLOVER types with the CAMEO->PLOVER table (old labels as in the shared PLOVER benchmark).
Records coded "noevents" become documents with no gold relation.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OLD = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def cameo_table(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z_]+)", line)
        if m:
            out[m.group(1)] = OLD.get(m.group(2), m.group(2))
    return out


def actor(code: str) -> dict | None:
    code = (code or "").strip()
    if code.startswith("IGO"):
        return {"name": code, "type": "IGO", "country": "IGO:" + code[3:6] if len(code) >= 6 else None}
    if re.match(r"^[A-Z]{3}", code) and not code.startswith("---"):
        return {"name": code[:3], "type": "COUNTRY", "country": code[:3]}
    return None


def main(xml: Path, table: Path, out: Path) -> None:
    types = cameo_table(table)
    text = xml.read_text(encoding="utf-8")
    (out / "texts").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    n = 0
    for block in re.findall(r"<Sentence\b(.*?)</Sentence>", text, flags=re.S):
        sid = re.search(r'id="([^"]+)"', block)
        body = re.search(r"<Text>\s*(.*?)\s*</Text>", block, flags=re.S)
        if not sid or not body:
            continue
        doc = re.sub(r"[^\w.-]", "_", sid.group(1))
        actors, rels = [], []
        for code in re.findall(r"<EventCoding\b([^>]*)/?>", block):
            ev = re.search(r'eventcode="(\d+)"', code)
            if not ev:
                continue
            typ = types.get(ev.group(1)) or types.get(ev.group(1)[:3]) or types.get(ev.group(1)[:2])
            src = actor((re.search(r'sourcecode="([^"]*)"', code) or [None, ""])[1])
            tgt = actor((re.search(r'targetcode="([^"]*)"', code) or [None, ""])[1])
            if not typ or not src or not tgt:
                continue
            i = len(rels)
            actors += [dict(src, id=f"s{i}"), dict(tgt, id=f"t{i}")]
            rels.append({"source": f"s{i}", "type": typ, "target": f"t{i}", "negated": False})
        (out / "texts" / f"{doc}.txt").write_text(" ".join(body.group(1).split()) + "\n", encoding="utf-8")
        (out / "gold" / f"{doc}.json").write_text(json.dumps({"id": doc, "actors": actors, "relations": rels}, indent=1),
                                                  encoding="utf-8")
        n += 1
    print(f"{n} documents written under {out}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
