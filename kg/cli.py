"""Command-line interface: a thin layer of click commands over the library."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from .errors import KGError

DEFAULT_INPUT = "seeds"
DEFAULT_OUT = "output"


class _Group(click.Group):
    """Turns library errors into one line on stderr and exit status 1 (no traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as e:
            click.echo(f"kg: error: {e}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dipkg", prog_name="kg")
@click.option("-v", "--verbose", is_flag=True, help="Log progress and warnings of every stage.")
def cli(verbose: bool) -> None:
    """dipkg: news articles about international relations -> a knowledge graph (RDF + SPARQL + HTML)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="kg: %(levelname)s: %(message)s")


def _min_confidence(f):
    return click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
                        help="Drop relations below this confidence (trades recall for precision).")(f)


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder for graph.ttl, graph.html, relations.jsonl and report.json.")
@_min_confidence
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parse with this many processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Extract on a Dask cluster (e.g. tcp://10.0.0.5:8786).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(inputs: tuple[Path, ...], out_dir: Path, min_confidence: float, jobs: int, scheduler: str | None,
          quiet: bool) -> None:
    """Build the knowledge graph from article files or folders (default: seeds/).

    Example: kg build seeds/ --out output/
    """
    from .articles import find_inputs
    from .pipeline import Settings, build as run_build

    inputs = inputs or (Path(DEFAULT_INPUT),)
    total = len(find_inputs(inputs))
    bar = None
    if not quiet and total >= 20 and sys.stderr.isatty():
        bar = click.progressbar(length=total, label="articles", file=sys.stderr)
        bar.__enter__()
    problems: list[str] = []

    def rejected(item) -> None:
        problems.append(str(item))
        click.echo(f"kg: skipped {item}", err=True)

    done = [0]

    def step(_res) -> None:
        done[0] += 1
        if bar is not None:
            bar.update(1)
        elif not quiet and total >= 20 and done[0] % 100 == 0:
            click.echo(f"kg: {done[0]}/{total} articles", err=True)

    try:
        rep = run_build(inputs, out_dir, Settings(min_confidence=min_confidence, jobs=jobs, scheduler=scheduler), on_article=step,
                        on_rejected=rejected)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if not quiet:
        types = ", ".join(f"{k} {v}" for k, v in sorted(rep.by_type.items(), key=lambda kv: -kv[1]))
        click.echo(f"{rep.parsed} article(s) parsed ({rep.sentences} sentences), {rep.skipped} unchanged; "
                   f"the store holds {rep.articles} article(s), {rep.relations} relations ({rep.negated} negated); "
                   f"{rep.seconds:.1f} s")
        if types:
            click.echo(f"by type: {types}")
        click.echo(f"wrote {', '.join(str(p) for p in rep.outputs.values())}")
    if problems:
        click.echo(f"kg: error: {len(problems)} input(s) rejected (see report.json)", err=True)
        sys.exit(1)


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Build folder whose store and outputs to update.")
def remove(doc_ids: tuple[str, ...], out_dir: Path) -> None:
    """Drop articles (by document id) from the store and rewrite the outputs.

    Example: kg remove 000_1806962afed48cda --out output/
    """
    from .pipeline import remove as run_remove

    rep = run_remove(doc_ids, out_dir)
    click.echo(f"removed {len(doc_ids)} article(s); the store holds {rep.articles} article(s), {rep.relations} relations")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@_min_confidence
def extract(files: tuple[Path, ...], fmt: str, min_confidence: float) -> None:
    """Print the relations found in article files, without building a graph.

    Example: kg extract seeds/*.txt --format table
    """
    from .pipeline import Settings, extract as run_extract

    failed = []

    def rejected(item) -> None:
        failed.append(item)
        click.echo(f"kg: skipped {item}", err=True)

    if fmt == "table":
        click.echo(f"{'doc':<22} {'source':<28} {'type':<12} {'target':<28} {'neg':<4} {'mod':<9} {'date':<10} conf")
    for res in run_extract(files, Settings(min_confidence=min_confidence), on_rejected=rejected):
        for rel in res.relations:
            if fmt == "jsonl":
                click.echo(json.dumps(rel.export(), ensure_ascii=False))
            else:
                click.echo(f"{rel.doc[:22]:<22} {rel.source.name[:28]:<28} {rel.type.value:<12} "
                           f"{rel.target.name[:28]:<28} {'yes' if rel.negated else '':<4} {rel.modality.value:<9} "
                           f"{(rel.date or ''):<10} {rel.confidence:.2f}")
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path), required=False)
@click.argument("query", required=False)
@click.option("--endpoint", help="Query a remote SPARQL 1.1 endpoint instead of a graph file or store.")
@click.option("--file", "query_file", type=click.Path(path_type=Path), help="Read the SPARQL query from a file.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Parameter of a named query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def query(graph: Path | None, query: str | None, endpoint: str | None, query_file: Path | None,
          params: tuple[str, ...], fmt: str) -> None:
    """Run SPARQL or a named query (see `kg queries`) against a graph file, a store folder
    (output/ or output/store, queried with Oxigraph) or a remote endpoint.

    Example: kg query output/graph.ttl partners-of --param actor=Russia
    """
    from .errors import QueryError
    from .query import EndpointGraph, format_result, load_graph as _load, named_queries, run_query

    if endpoint:  # with --endpoint the first argument is the query
        graph, query = None, (str(graph) if graph is not None else query)

    def load_graph(path):
        return EndpointGraph(endpoint) if endpoint else _load(path)

    if graph is None and not endpoint:
        raise QueryError("give a graph file or store folder, or --endpoint URL")

    if (query is None) == (query_file is None):
        raise QueryError("give exactly one of: a query name, a SPARQL string, or --file Q.rq")
    values = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise QueryError(f"bad --param {p!r}: expected KEY=VALUE")
        values[key.strip()] = value
    if query_file is not None:
        try:
            text = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"{query_file}: cannot read query: {e}") from None
        result = run_query(load_graph(graph), query=text, params=values or None)
    elif query in named_queries():
        result = run_query(load_graph(graph), name=query, params=values)
    elif not any(w in query.upper() for w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        raise QueryError(f"unknown query name {query!r}; named queries: {', '.join(sorted(named_queries()))}")
    else:
        result = run_query(load_graph(graph), query=query, params=values or None)
    click.echo(format_result(result, fmt), nl=fmt != "csv")
    if result.truncated:
        click.echo(f"kg: {len(result.rows)} rows shown: the limit; --param limit=0 for all", err=True)


@cli.command()
def queries() -> None:
    """List the named queries with their parameters and columns."""
    from .query import named_queries

    for name, q in sorted(named_queries().items()):
        click.echo(f"{name}: {q.purpose}")
        params = ", ".join(f"{p.name}{'' if p.required else ' (optional)'}" for p in q.params)
        click.echo(f"    params: {params or '-'}")
        click.echo(f"    columns: {', '.join(q.columns)}")


@cli.command()
@click.argument("relation")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT) / "graph.ttl",
              show_default=True)
def explain(relation: str, graph_path: Path) -> None:
    """Show why a relation exists: each sentence, cue and rule that produced it.

    Example: kg explain 3f2a9c... --graph output/graph.ttl
    """
    from .query import load_graph, run_query

    graph = load_graph(graph_path)
    result = run_query(graph, name="provenance", params={"relation": relation})
    if not result.rows:
        raise KGError(f"no relation {relation!r} in {graph_path}")
    head = run_query(graph, query=EXPLAIN_HEAD, params={"relation": relation.strip("<>").rstrip("/").rsplit("/", 1)[-1]})
    for row in head.rows:
        click.echo("{} {}{} {} (modality {}, confidence {})".format(
            row[0], row[1], " [negated]" if row[2] == "true" else "", row[3], row[4], row[5]))
    for row in result.rows:
        rec = dict(zip(result.columns, row))
        click.echo("")
        for key in result.columns:
            if rec.get(key) not in (None, ""):
                click.echo(f"  {key:>14}: {rec[key]}")


EXPLAIN_HEAD = """PREFIX dipl: <https://w3id.org/dipkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?source ?type ?negated ?target ?modality ?confidence WHERE {
  ?rel dipl:source/skos:prefLabel ?source ; dipl:target/skos:prefLabel ?target ; dipl:typeCode ?type ;
       dipl:negated ?negated ; dipl:modality ?modality ; dipl:confidence ?confidence .
  BIND(REPLACE(STR(?rel), "^.*/", "") AS ?relation)
}"""


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT) / "graph.ttl")
def validate(graph: Path) -> None:
    """Check a graph against the SHACL shapes of the ontology.

    Example: kg validate output/graph.ttl
    """
    from .graph.validate import validate_graph
    from .query import load_graph

    ok, text = validate_graph(load_graph(graph))
    if not ok:
        click.echo(text, err=True)
        raise KGError(f"{graph}: does not conform to the SHACL shapes")
    click.echo(f"{graph}: conforms to the SHACL shapes")


@cli.command("eval")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of gold files (one JSON per document).")
@_min_confidence
@click.option("--ids", help="Comma-separated document ids to score (default: all gold files).")
@click.option("--confusion", is_flag=True, help="Also print the type confusion table.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_(inputs: tuple[Path, ...], gold_dir: Path, min_confidence: float, ids: str | None, confusion: bool,
          as_json: bool) -> None:
    """Score predictions (a relations .jsonl) or articles (extracted now) against gold files.

    Example: kg eval output/relations.jsonl --gold gold/ --confusion
    """
    from .evaluate import evaluate, format_eval, predictions_from_jsonl, predictions_from_records
    from .pipeline import Settings, extract as run_extract

    bad = 0
    if len(inputs) == 1 and inputs[0].suffix == ".jsonl" and inputs[0].is_file() and _is_prediction_file(inputs[0]):
        pred, bad = predictions_from_jsonl(inputs[0])
        if min_confidence:
            pred = predictions_from_records(r for r in map(json.loads, inputs[0].read_text(encoding="utf-8").splitlines())
                                            if r and r.get("confidence", 1.0) >= min_confidence)
    else:
        records = (rel.export() for res in run_extract(inputs, Settings(min_confidence=min_confidence))
                   for rel in res.relations)
        pred = predictions_from_records(records)
    res = evaluate(pred, gold_dir, set(ids.split(",")) if ids else None, bad)
    click.echo(json.dumps(res.to_json(), indent=1) if as_json else format_eval(res, True, confusion))


def _is_prediction_file(path: Path) -> bool:
    with open(path, encoding="utf-8", errors="replace") as f:
        first = f.readline()
    try:
        rec = json.loads(first)
    except ValueError:
        return False
    return isinstance(rec, dict) and "doc" in rec and "type" in rec


@cli.command("check-data")
def check_data() -> None:
    """Validate the shipped data files (gazetteer, lexicons, ontology)."""
    from .checks import check_all

    problems = check_all()
    for p in problems:
        click.echo(p, err=True)
    if problems:
        raise KGError(f"{len(problems)} problem(s) in the data files")
    click.echo("data files OK")


from .cli_more import COMMANDS as _MORE_COMMANDS  # noqa: E402  (export, stats, serve, push)

for _cmd in _MORE_COMMANDS:
    cli.add_command(_cmd)

from .cli_view import COMMANDS as _VIEW_COMMANDS  # noqa: E402  (view)

for _cmd in _VIEW_COMMANDS:
    cli.add_command(_cmd)


def main() -> None:  # pragma: no cover
    cli(prog_name="kg")
