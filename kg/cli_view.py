"""Click command ``view``: write the interactive HTML graph of a build and open it in a browser.

A thin wrapper over ``kg.exports.html.export_html``; ``kg/cli.py`` registers ``COMMANDS``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from .errors import KGError


def _relations_source(path: Path) -> Path:
    """The relations export (.jsonl) of a build folder, store, graph file or the file itself."""
    if not path.exists():
        raise KGError(f"{path}: no such file or folder")
    if path.is_file() and path.suffix == ".jsonl":
        return path
    candidates = [path / "relations.jsonl", path.parent / "relations.jsonl"] if path.is_dir() else \
        [path.with_name("relations.jsonl")]
    if path.is_dir() and path.name == "store":
        candidates.insert(0, path.parent / "relations.jsonl")
    for c in candidates:
        if c.is_file():
            return c
    raise KGError(f"{path}: no relations.jsonl found; give a build folder (kg build --out), its store, "
                  "its graph.ttl or a relations .jsonl file")


def load_view_inputs(path: Path):
    """Relations (actors completed from the gazetteer: Wikidata ids) and country names."""
    from .actors import load_gazetteer
    from .records import relation_from_export

    src = _relations_source(path)
    relations = []
    with open(src, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                relations.append(relation_from_export(json.loads(line)))
            except (ValueError, KeyError, TypeError) as e:
                raise KGError(f"{src}:{n}: not a relation record: {e}") from None
    gaz = load_gazetteer()
    known = gaz.actors

    def full(actor):
        g = known.get(actor.id)
        return dataclasses.replace(actor, wikidata=g.wikidata) if g is not None and g.wikidata else actor

    relations = [dataclasses.replace(r, source=full(r.source), target=full(r.target)) for r in relations]
    names = {code: a.name for code, a in gaz.by_code.items()}
    return relations, names, src


@click.command()
@click.argument("graph_or_store", required=False, type=click.Path(path_type=Path), default=Path("output"))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (default: graph.html beside the relations).")
@click.option("--no-open", is_flag=True, help="Only write the page and print its path.")
def view(graph_or_store: Path, out: Path | None, no_open: bool) -> None:
    """Write the interactive graph (country and actor views, filters, evidence) and open it.

    GRAPH_OR_STORE is a build folder (default: output/), its store, its graph.ttl or a
    relations .jsonl file. Where no browser can be opened, the page's path is printed.

    Example: kg view output/
    """
    from .exports.html import export_html
    from .graph.assemble import type_info

    relations, names, src = load_view_inputs(graph_or_store)
    if not relations:
        raise KGError(f"{src}: no relations to show")
    out = out or src.with_name("graph.html")
    export_html(relations, out, title=f"dipkg graph: {src.parent.name or src.name}",
                weights={t.value: i.weight for t, i in type_info().items()}, country_names=names)
    opened = False
    if not no_open:
        import webbrowser

        try:
            opened = webbrowser.open(out.resolve().as_uri())
        except webbrowser.Error:
            opened = False
    click.echo(f"{'opened' if opened else 'wrote'} {out}")


COMMANDS = [view]
