"""``kg eval``: score relations against gold files, actor level and dyad level.

Gold files are JSON, one per document (``{"id", "actors": [{id, name, type, country}],
"relations": [{source, type, target, negated}]}``), the format of the shared benchmark; the
figures are the same as its scorer's: per document, relations compared as (source, type,
target) after removing repeats; states and IGOs match by country code, persons and bodies by
name (a subset of tokens, or an acronym of the other name); symmetric types in either order.
Dyad level replaces actors by country codes and drops roles and same-country pairs. Micro
precision, recall and F1 over all documents, a per-type table and a type confusion table.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import KGError
from .records import SYMMETRIC_TYPES, RelationType

TYPES = {t.value for t in RelationType}
SYMMETRIC = {t.value for t in SYMMETRIC_TYPES}
ROLES = {"LEADER_OF", "MEMBER_OF"}
STATE_TYPES = {"COUNTRY", "IGO"}


def _tokens(name: str) -> list[str]:
    name = re.sub(r"^(the)\s+", "", (name or "").casefold())
    return [t for t in re.split(r"[^\w]+", name) if t]


def _initials(toks: list[str]) -> str:
    return "".join(t[0] for t in toks if t not in {"of", "the", "and", "for"})


@dataclass(frozen=True)
class EvalActor:
    name: str
    type: str
    country: str | None

    @classmethod
    def from_dict(cls, d: dict) -> "EvalActor":
        return cls(d.get("name") or "", (d.get("type") or "OTHER").upper(), d.get("country"))

    def matches(self, other: "EvalActor") -> bool:
        if self.type in STATE_TYPES and other.type in STATE_TYPES:
            if self.country and other.country:
                return self.country == other.country
        elif self.type in STATE_TYPES or other.type in STATE_TYPES:
            return False
        ta, tb = _tokens(self.name), _tokens(other.name)
        a, b = set(ta), set(tb)
        if not a or not b:
            return False
        if a <= b or b <= a:
            return True
        return (len(ta) == 1 and "".join(ta) == _initials(tb)) or (len(tb) == 1 and "".join(tb) == _initials(ta))


Triple = tuple[EvalActor, str, EvalActor]


def _same(p: Triple, g: Triple, ignore_type: bool = False) -> bool:
    if not ignore_type and p[1] != g[1]:
        return False
    if p[0].matches(g[0]) and p[2].matches(g[2]):
        return True
    return p[1] in SYMMETRIC and g[1] in SYMMETRIC and p[0].matches(g[2]) and p[2].matches(g[0])


def load_gold(path: Path) -> list[Triple]:
    try:
        g = json.loads(path.read_text(encoding="utf-8"))
        actors = {a["id"]: a for a in g["actors"]}
        out = []
        for r in g["relations"]:
            if r.get("negated"):
                continue
            if r["type"] not in TYPES:
                raise KGError(f"{path}: unknown relation type {r['type']!r}")
            out.append((EvalActor.from_dict(actors[r["source"]]), r["type"], EvalActor.from_dict(actors[r["target"]])))
        return out
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise KGError(f"{path}: not a gold file ({e.__class__.__name__}: {e})") from None


def predictions_from_jsonl(path: Path) -> tuple[dict[str, list[Triple]], int]:
    by_doc: dict[str, list[Triple]] = defaultdict(list)
    bad = 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise KGError(f"{path}: cannot read predictions: {e}") from None
    for line in lines:
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            if r.get("negated") or r.get("type") not in TYPES:
                continue
            by_doc[str(r["doc"])].append((EvalActor.from_dict(r["source"]), r["type"], EvalActor.from_dict(r["target"])))
        except (ValueError, KeyError, TypeError, AttributeError):
            bad += 1
    return by_doc, bad


def predictions_from_records(records: Iterable[dict]) -> dict[str, list[Triple]]:
    by_doc: dict[str, list[Triple]] = defaultdict(list)
    for r in records:
        if not r.get("negated") and r.get("type") in TYPES:
            by_doc[str(r["doc"])].append((EvalActor.from_dict(r["source"]), r["type"], EvalActor.from_dict(r["target"])))
    return by_doc


def _dedup(rels: list[Triple]) -> list[Triple]:
    out: list[Triple] = []
    for r in rels:
        if not any(_same(r, o) for o in out):
            out.append(r)
    return out


def _dyads(rels: list[Triple]) -> set[tuple[str, str, str]]:
    out = set()
    for s, t, o in rels:
        if t in ROLES or not s.country or not o.country or s.country == o.country:
            continue
        a, b = s.country, o.country
        if t in SYMMETRIC and b < a:
            a, b = b, a
        out.add((a, t, b))
    return out


def _prf(tp: int, np_: int, ng: int) -> dict:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "pred": np_, "gold": ng}


@dataclass
class EvalResult:
    actor: dict
    dyad: dict
    actor_types: dict[str, dict]
    dyad_types: dict[str, dict]
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold type -> predicted type -> n
    docs: int = 0
    unparsable_lines: int = 0

    def to_json(self) -> dict:
        return {"actor": self.actor, "dyad": self.dyad, "actor_types": self.actor_types, "dyad_types": self.dyad_types,
                "confusion": self.confusion, "docs": self.docs, "unparsable_lines": self.unparsable_lines}


def evaluate(pred: dict[str, list[Triple]], gold_dir: Path, ids: set[str] | None = None, bad_lines: int = 0) -> EvalResult:
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise KGError(f"{gold_dir}: no gold files (*.json)")
    A = [Counter(), Counter(), Counter()]
    D = [Counter(), Counter(), Counter()]
    confusion: dict[str, Counter] = defaultdict(Counter)
    n = 0
    for f in files:
        doc = f.stem
        if ids is not None and doc not in ids:
            continue
        n += 1
        gold = load_gold(f)
        p = _dedup(pred.get(doc, []))
        used: set[int] = set()
        for r in p:
            A[1][r[1]] += 1
            for i, g in enumerate(gold):
                if i not in used and _same(r, g):
                    used.add(i)
                    A[0][r[1]] += 1
                    break
        A[2].update(g[1] for g in gold)
        for i, g in enumerate(gold):  # confusion: for each gold relation, the type predicted for its actors
            hit = next((r[1] for r in p if _same(r, g)), None) or next(
                (r[1] for r in p if _same(r, g, ignore_type=True)), None)
            confusion[g[1]][hit or "(none)"] += 1
        pd, gd = _dyads(p), _dyads(gold)
        D[0].update(t for _, t, _ in pd & gd)
        D[1].update(t for _, t, _ in pd)
        D[2].update(t for _, t, _ in gd)
    res = {}
    for name, (tp, np_, ng) in (("actor", A), ("dyad", D)):
        res[name] = _prf(sum(tp.values()), sum(np_.values()), sum(ng.values()))
        res[name + "_types"] = {t: _prf(tp[t], np_[t], ng[t]) for t in sorted(set(np_) | set(ng))}
    return EvalResult(res["actor"], res["dyad"], res["actor_types"], res["dyad_types"],
                      {g: dict(c) for g, c in sorted(confusion.items())}, n, bad_lines)


def format_eval(res: EvalResult, per_type: bool = True, confusion: bool = False) -> str:
    lines = []
    if per_type:
        for name, table in (("actor", res.actor_types), ("dyad", res.dyad_types)):
            lines.append(f"-- {name} level by type")
            for t, v in table.items():
                lines.append(f"{t:12s} P={v['p']:.2f} R={v['r']:.2f} F1={v['f1']:.2f}  ({v['tp']}/{v['pred']}/{v['gold']})")
    if confusion:
        lines.append("-- confusion (gold type -> predicted type for the same actors)")
        for g, row in res.confusion.items():
            cells = ", ".join(f"{p} {n}" for p, n in sorted(row.items(), key=lambda kv: -kv[1]))
            lines.append(f"{g:12s} {cells}")
    for name in ("actor", "dyad"):
        v = getattr(res, name)
        lines.append(f"{name}: P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f} (tp {v['tp']}, pred {v['pred']}, "
                     f"gold {v['gold']}) docs={res.docs} bad_lines={res.unparsable_lines}")
    return "\n".join(lines)
