"""Click commands ``export``, ``stats``, ``serve`` and ``push``: thin wrappers over
``kg.exports.formats``, ``kg.analysis`` and ``kg.server``. ``kg/cli.py`` registers them on the
``kg`` group (whose error handling turns a KGError into one line and exit status 1)."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click

from .errors import KGError

EXPORT_FORMATS = ("turtle", "nquads", "jsonld", "gexf", "graphml", "csv")  # == kg.exports.formats.FORMATS


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="turtle, nquads, jsonld (RDF); gexf, graphml (Gephi, yEd); csv (one row per relation mention).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export(graph: Path, fmt: str, out: Path) -> None:
    """Write a graph file in another format.

    Example: kg export output/graph.ttl --format csv --out output/events.csv
    """
    from .exports.formats import export_graph
    from .query import load_graph

    export_graph(load_graph(graph), out, fmt)
    click.echo(f"wrote {out}")


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Length of each list.")
@click.option("--country", is_flag=True, help="Roll persons and bodies up to their state first.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(graph: Path, top: int, country: bool, as_json: bool) -> None:
    """Network figures: top actors by degree and centrality, blocs, and dyads by volume and net weight.

    Example: kg stats output/graph.ttl --top 5 --country
    """
    from .analysis import format_stats, stats_json
    from .analysis import stats as compute
    from .query import load_graph

    result = compute(load_graph(graph), top=top, country=country)
    click.echo(stats_json(result) if as_json else format_stats(result), nl=False)


@click.command()
@click.argument("store_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--writable", is_flag=True, help="Also accept SPARQL Update and Graph Store writes.")
@click.option("--html-port", type=click.IntRange(0, 65535), default=None,
              help="Port serving the build's graph.html beside the endpoint (default PORT+1; 0: none).")
def serve(store_dir: Path, host: str, port: int, writable: bool, html_port: int | None) -> None:
    """Serve a store over the SPARQL 1.1 Protocol with Oxigraph's server, and the HTML graph beside
    it, until Ctrl-C.

    Example: kg serve output/store --port 7878
    """
    from .server import serve as start, serve_page

    server = start(store_dir, host=host, port=port, read_only=not writable)
    build_dir = store_dir.parent if (store_dir.parent / "graph.html").exists() else store_dir
    page = None
    if html_port != 0 and (build_dir / "graph.html").exists():
        page = serve_page(build_dir / "graph.html", host=host, port=html_port or port + 1)
        click.echo(f"the HTML graph is at {page.url}")
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (service managers, kill) ends this process through `finally`, so the server stops too
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    mode = "read-write" if writable else "read-only"
    click.echo(f"serving {store_dir} ({mode}) at {server.url}: SPARQL queries at {server.query_url}"
               + (f", updates at {server.update_url}, graph store at {server.store_url}" if writable else ""))
    click.echo("press Ctrl-C to stop")
    try:
        status = server.wait()
    except KeyboardInterrupt:
        click.echo("stopping")
        return
    finally:
        server.stop()
        if page is not None:
            page.stop()
    if status in (-signal.SIGINT, -signal.SIGTERM):  # Ctrl-C in a terminal reaches the server too
        return
    if status:
        last = (server.output.strip().splitlines() or ["no output"])[-1]
        raise KGError(f"the Oxigraph server stopped with status {status}: {last}")


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, help="Base URL of the SPARQL server, e.g. http://127.0.0.1:7878.")
@click.option("--graph", "graph_iri", metavar="IRI", help="Named graph to load into (default: the default graph).")
@click.option("--batch-size", type=click.IntRange(1), default=50000, show_default=True, help="Triples per request.")
@click.option("--user", help="HTTP basic auth user (with --password).")
@click.option("--password", help="HTTP basic auth password.")
@click.option("--token", help="Bearer token.")
@click.option("--resume", "resume_file", type=click.Path(dir_okay=False, path_type=Path),
              help="File recording the batches done; a re-run skips them.")
@click.option("--store-url", help="Graph Store Protocol URL (default: ENDPOINT/store, Oxigraph's).")
@click.option("--update-url", help="SPARQL Update URL (default: ENDPOINT/update).")
@click.option("--method", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="Graph Store Protocol, SPARQL Update, or the first falling back to the second.")
def push(graph: Path, endpoint: str, graph_iri: str | None, batch_size: int, user: str | None, password: str | None,
         token: str | None, resume_file: Path | None, store_url: str | None, update_url: str | None,
         method: str) -> None:
    """Load a graph into a SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, GraphDB...) in batches.

    Example: kg push output/graph.ttl --endpoint http://127.0.0.1:7878 --graph urn:kg --resume push.json
    """
    from .server import push as run_push

    rep = run_push(graph, endpoint, graph_iri=graph_iri, batch_size=batch_size, user=user, password=password,
                   token=token, resume_file=resume_file, store_url=store_url, update_url=update_url,
                   method=method)  # type: ignore[arg-type]
    skipped = f", {rep.skipped} skipped (done before)" if rep.skipped else ""
    click.echo(f"pushed {rep.triples} triples in {rep.sent} batch(es){skipped} to {rep.endpoint} "
               f"({rep.method}) in {rep.seconds:.1f} s")


COMMANDS = (export, stats, serve, push)
