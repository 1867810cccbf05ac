"""Export: relations -> a self-contained interactive HTML graph (the only module using pyvis).

The page embeds vis-network (the copy that ships inside the pyvis package) and the graph data as
JSON, so it works offline with no request leaving the page. Nodes are actors (shape and colour
by actor type, size by degree); edges are one per (source, type, target), coloured by the sign of
the type's Goldstein weight (green cooperation, red conflict, grey roles and standing relations
of weight 0), dashed when negated, with a plain-text tooltip (type, dates, evidence sentences
and articles). Text from articles is only ever put into the page as JSON with <, > and &
escaped, and shown with textContent: it can never run as script or become markup. Large graphs
get positions precomputed with networkx and physics off.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from typing import Mapping, Sequence

from ..outputs import atomic_open
from ..records import Relation

ACTOR_STYLE = {  # actor type -> (shape, colour, legend label)
    "COUNTRY": ("dot", "#4e79a7", "state"),
    "PERSON": ("diamond", "#f28e2b", "person"),
    "ORG": ("square", "#76b7b2", "body of a state"),
    "IGO": ("star", "#b07aa1", "international organisation"),
    "GROUP": ("triangle", "#e15759", "armed or non-state group"),
    "OTHER": ("dot", "#bab0ac", "other"),
}
COOPERATION, CONFLICT, NEUTRAL = "#2ca02c", "#d62728", "#8c8c8c"
MAX_EVIDENCE = 5
LAYOUT_THRESHOLD = 300


def _vis_assets() -> tuple[str, str]:
    base = files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (base / "vis-network.min.js").read_text(encoding="utf-8"), (base / "vis-network.css").read_text(encoding="utf-8")


def _json(data) -> str:
    """JSON safe to embed in a <script> block: no '<', '>' or '&' can close it or open markup."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def graph_data(relations: Sequence[Relation], weights: Mapping[str, float] | None = None) -> dict:
    """Nodes and edges (vis-network format) for a set of relations."""
    weights = weights or {}
    actors = {}
    degree: dict[str, int] = defaultdict(int)
    groups: dict[tuple, list[Relation]] = defaultdict(list)
    for r in relations:
        actors.setdefault(r.source.id, r.source)
        actors.setdefault(r.target.id, r.target)
        a, b = r.source.id, r.target.id
        if r.type.symmetric and b < a:
            a, b = b, a
        groups[(a, r.type.value, b, r.negated)].append(r)
    edges = []
    for (a, typ, b, negated), rels in sorted(groups.items()):
        degree[a] += 1
        degree[b] += 1
        w = weights.get(typ, 0.0)
        colour = NEUTRAL if negated or w == 0 else (COOPERATION if w > 0 else CONFLICT)
        dates = sorted({r.date for r in rels if r.date})
        evidence = []
        for r in rels[:MAX_EVIDENCE]:
            evidence.append({"doc": r.doc, "date": r.date, "sentence": r.sentence, "cue": r.cue,
                             "confidence": r.confidence, "modality": r.modality.value})
        lines = [f"{typ}{' (negated)' if negated else ''}: {actors[a].name} → {actors[b].name}",
                 f"class: {rels[0].relation}; mentions: {len(rels)}",
                 f"dates: {', '.join(dates) or 'unknown'}"]
        lines += [f"[{e['doc']}] {e['sentence']}" for e in evidence]
        if len(rels) > MAX_EVIDENCE:
            lines.append(f"… and {len(rels) - MAX_EVIDENCE} more")
        edges.append({
            "from": a, "to": b, "label": typ, "color": {"color": colour, "highlight": colour},
            "dashes": negated, "arrows": "" if rels[0].type.symmetric else "to",
            "width": 1 + min(len(rels), 8) * 0.5, "title": html.escape("\n".join(lines), quote=False),
            "relation": {"type": typ, "negated": negated, "class": rels[0].relation, "dates": dates,
                         "mentions": len(rels), "evidence": evidence},
        })
    nodes = []
    for aid, actor in sorted(actors.items()):
        shape, colour, _ = ACTOR_STYLE.get(actor.type.value, ACTOR_STYLE["OTHER"])
        tip = f"{actor.name}\n{actor.type.value}" + (f" · {actor.country}" if actor.country else "")
        nodes.append({"id": aid, "label": actor.name, "shape": shape, "color": colour,
                      "size": 10 + 4 * min(degree[aid], 10), "title": html.escape(tip, quote=False),
                      "actor": {"name": actor.name, "type": actor.type.value, "country": actor.country,
                                "wikidata": actor.wikidata}})
    if len(nodes) > LAYOUT_THRESHOLD:
        _precompute_layout(nodes, edges)
    return {"nodes": nodes, "edges": edges}


def _precompute_layout(nodes: list[dict], edges: list[dict]) -> None:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    g.add_edges_from((e["from"], e["to"]) for e in edges)
    pos = nx.spring_layout(g, seed=7, iterations=50)
    scale = 60 * len(nodes) ** 0.5
    for n in nodes:
        x, y = pos[n["id"]]
        n["x"], n["y"] = round(float(x) * scale, 1), round(float(y) * scale, 1)
        n["physics"] = False


def export_html(relations: Sequence[Relation], path: str | Path, title: str = "dipkg graph",
                weights: Mapping[str, float] | None = None) -> None:
    """Write the interactive graph of ``relations`` to ``path`` (atomically)."""
    data = graph_data(relations, weights)
    js, css = _vis_assets()
    physics = len(data["nodes"]) <= LAYOUT_THRESHOLD
    page = TEMPLATE.format(
        title=html.escape(title), css=css, js=js.replace("</script", "<\\/script"), data=_json(data),
        physics="true" if physics else "false", coop=COOPERATION, conflict=CONFLICT, neutral=NEUTRAL,
        legend_nodes="".join(
            f'<li><span class="sw" style="background:{c}"></span>{html.escape(label)} ({s})</li>'
            for s, c, label in ACTOR_STYLE.values()),
        n_nodes=len(data["nodes"]), n_edges=len(data["edges"]),
    )
    with atomic_open(path) as f:
        f.write(page)


TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:;">
<title>{title}</title>
<style>{css}
body{{margin:0;font:14px system-ui,sans-serif;display:flex;height:100vh}}
#graph{{flex:1}} #side{{width:340px;overflow:auto;border-left:1px solid #ddd;padding:10px;box-sizing:border-box}}
#legend ul{{list-style:none;padding:0;margin:4px 0}} .sw{{display:inline-block;width:12px;height:12px;margin-right:6px;border-radius:2px}}
.line{{display:inline-block;width:24px;height:0;border-top:3px solid;margin-right:6px;vertical-align:middle}}
#details p{{margin:6px 0}} .sent{{background:#f7f7f7;padding:4px;border-radius:3px}}
</style></head>
<body><div id="graph"></div>
<div id="side"><h3>{title}</h3><p>{n_nodes} actors, {n_edges} relations. Click an edge or a node for details.</p>
<div id="legend"><b>Actors</b><ul>{legend_nodes}</ul><b>Relations</b><ul>
<li><span class="line" style="border-color:{coop}"></span>cooperation</li>
<li><span class="line" style="border-color:{conflict}"></span>conflict</li>
<li><span class="line" style="border-color:{neutral}"></span>role / neutral</li>
<li><span class="line" style="border-color:{neutral};border-top-style:dashed"></span>negated (stated as not happening)</li>
</ul><p>Arrows point from source to target; width grows with the number of mentions.</p></div>
<div id="details"></div></div>
<script>{js}</script>
<script>
var DATA = {data};
var nodes = new vis.DataSet(DATA.nodes), edges = new vis.DataSet(DATA.edges.map(function (e, i) {{ e.id = i; return e; }}));
var net = new vis.Network(document.getElementById("graph"), {{nodes: nodes, edges: edges}}, {{
  physics: {{enabled: {physics}, stabilization: {{iterations: 300}}, barnesHut: {{springLength: 160}}}},
  edges: {{font: {{size: 10, align: "middle"}}, smooth: {{type: "dynamic"}}}},
  nodes: {{font: {{size: 14}}}}, interaction: {{hover: true, tooltipDelay: 150}}
}});
net.once("stabilizationIterationsDone", function () {{ net.setOptions({{physics: false}}); }});
function el(tag, text, cls) {{ var x = document.createElement(tag); if (text !== undefined) x.textContent = text; if (cls) x.className = cls; return x; }}
var details = document.getElementById("details");
net.on("click", function (p) {{
  details.replaceChildren();
  if (p.edges.length && !p.nodes.length) {{
    var e = edges.get(p.edges[0]), r = e.relation;
    details.appendChild(el("h4", r.type + (r.negated ? " (negated)" : "") + ": " + nodes.get(e.from).label + " → " + nodes.get(e.to).label));
    details.appendChild(el("p", "class " + r["class"] + "; " + r.mentions + " mention(s); dates: " + (r.dates.join(", ") || "unknown")));
    r.evidence.forEach(function (ev) {{
      details.appendChild(el("p", "[" + ev.doc + (ev.date ? ", " + ev.date : "") + "] cue: " + ev.cue + " (" + ev.modality + ", confidence " + ev.confidence + ")"));
      details.appendChild(el("p", ev.sentence, "sent"));
    }});
  }} else if (p.nodes.length) {{
    var n = nodes.get(p.nodes[0]), a = n.actor;
    details.appendChild(el("h4", a.name));
    details.appendChild(el("p", a.type + (a.country ? " · " + a.country : "") + " · " + net.getConnectedEdges(n.id).length + " relation(s)"));
    if (a.wikidata && /^Q[0-9]+$/.test(a.wikidata)) {{
      var link = el("a", "Wikidata " + a.wikidata); link.href = "https://www.wikidata.org/wiki/" + a.wikidata;
      link.rel = "noopener noreferrer"; link.target = "_blank"; details.appendChild(link);
    }}
  }}
}});
</script></body></html>
"""
