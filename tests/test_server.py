"""kg.server: Oxigraph's SPARQL server started on loopback, ``push`` into it, and the same rows
remotely as locally; resume, Graph Store -> SPARQL Update fallback and auth against a stub.

The Oxigraph tests need the ``oxigraph`` PyPI package (its server binary) and are skipped
without it. Every server is started on a free 127.0.0.1 port and stopped by its fixture.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from rdflib import Graph

from kg.errors import KGError
from kg.query import _bind, _values_block, _with_prefixes, load_graph, named_queries, run_query
from kg.server import find_oxigraph, ntriples_lines, push, serve, sparql_query

DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "small_graph.ttl"
GRAPH_IRI = "https://w3id.org/dipkg/graph/test"

RELATIONS = """PREFIX dipl: <https://w3id.org/dipkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?source ?type ?target ?negated ?weight ?date WHERE {
  ?rel dipl:source/skos:prefLabel ?source ; dipl:target/skos:prefLabel ?target ; dipl:typeCode ?type ;
       dipl:negated ?negated ; dipl:goldsteinWeight ?weight ; dipl:date ?date .
}"""


def _oxigraph_or_skip() -> str:
    try:
        return find_oxigraph()
    except KGError as e:
        pytest.skip(f"Oxigraph server not installed (pip install oxigraph): {e}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def small() -> Graph:
    return load_graph(SMALL)


@pytest.fixture()
def oxigraph(tmp_path):
    """A writable Oxigraph server on a temporary store; yields the Server."""
    _oxigraph_or_skip()
    server = serve(tmp_path / "store", port=free_port(), read_only=False)
    try:
        yield server
    finally:
        server.stop()
    assert not server.running


def _value(cell: str | None) -> object:
    """Compare numbers as numbers: Oxigraph returns canonical lexical forms (xsd:decimal 1.0 -> "1").

    Applied to both sides, so a code such as "043" compares equal only to itself."""
    if cell is None:
        return ""
    try:
        return float(cell)
    except ValueError:
        return cell


def _rows(result) -> list[tuple]:
    return sorted((tuple(_value(v) for v in row) for row in result.rows), key=repr)


def _local(graph: Graph, query: str) -> list[tuple]:
    return _rows(run_query(graph, query=query))


# ------------------------------------------------------------------------------ Oxigraph

@pytest.mark.parametrize("http_method", ["GET", "POST"])
def test_server_push_default_graph_same_rows_as_local(oxigraph, small, http_method):
    rep = push(SMALL, oxigraph.url, batch_size=100)
    batches = -(-len(small) // 100)
    assert (rep.method, rep.triples, rep.batches, rep.sent, rep.skipped) == ("gsp", len(small), batches, batches, 0)
    remote = sparql_query(oxigraph.query_url, RELATIONS, method=http_method)
    assert remote.columns == ["source", "type", "target", "negated", "weight", "date"]
    assert _rows(remote) == _local(small, RELATIONS)
    count = sparql_query(oxigraph.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert count.rows == [(str(len(small)),)]


def test_server_push_named_graph(oxigraph, small):
    push(small, oxigraph.url, graph_iri=GRAPH_IRI, batch_size=1000)
    inside = RELATIONS.replace("WHERE {", f"WHERE {{ GRAPH <{GRAPH_IRI}> {{", 1).rstrip("}") + "} }"
    assert _rows(sparql_query(oxigraph.query_url, inside)) == _local(small, RELATIONS)
    graphs = sparql_query(oxigraph.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert graphs.rows == [(GRAPH_IRI,)]  # everything went to the named graph


def test_server_named_queries_same_rows_as_local(oxigraph, small):
    push(small, oxigraph.url)
    checked = 0
    for name, q in named_queries().items():
        if q.required:
            continue
        text = _with_prefixes(q.text) + _values_block(_bind(q.text, q.params, {}, name))
        remote = sparql_query(oxigraph.query_url, text)
        local = run_query(small, name=name)
        assert remote.columns == local.columns, name
        assert _rows(remote) == _rows(local), name
        checked += 1
    assert checked


def test_server_update_fallback_on_real_server(oxigraph, small):
    rep = push(small, oxigraph.url, graph_iri=GRAPH_IRI, batch_size=200, store_url=oxigraph.url + "/no-such-store")
    assert rep.method == "update" and rep.sent == 3
    n = sparql_query(oxigraph.query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH_IRI}> {{ ?s ?p ?o }} }}")
    assert n.rows == [(str(len(small)),)]


def test_server_resume_skips_batches_on_real_server(oxigraph, small, tmp_path):
    resume = tmp_path / "push.json"
    resume.write_text(json.dumps({"done": 1}), encoding="utf-8")
    rep = push(small, oxigraph.url, batch_size=100, resume_file=resume)
    batches = -(-len(small) // 100)
    assert (rep.sent, rep.skipped) == (batches - 1, 1)
    n = sparql_query(oxigraph.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert n.rows == [(str(len(small) - 100),)]  # the first batch of 100 lines was skipped
    saved = json.loads(resume.read_text(encoding="utf-8"))
    assert (saved["done"], saved["batches"], saved["batch_size"]) == (batches, batches, 100)


def test_server_read_only_serves_and_refuses_writes(tmp_path, small):
    _oxigraph_or_skip()
    store = tmp_path / "store"
    with serve(store, port=free_port(), read_only=False) as writable:
        push(small, writable.url)
    with serve(store, port=free_port()) as ro:
        assert ro.read_only
        assert _rows(sparql_query(ro.query_url, RELATIONS, method="GET")) == _local(small, RELATIONS)
        with pytest.raises(KGError, match=r"push of batch 1/1 to http://127\.0\.0\.1:\d+/store: HTTP 403"):
            push(small, ro.url)
    assert not ro.running


def test_serve_kg_store_folder_with_union_of_graphs(tmp_path, small):
    """A kg store (kg/store.py) keeps its database in <folder>/oxigraph, one named graph per article."""
    ox = pytest.importorskip("pyoxigraph")
    _oxigraph_or_skip()
    (tmp_path / "kgstore").mkdir()
    store = ox.Store(str(tmp_path / "kgstore" / "oxigraph"))
    lines = ntriples_lines(small)
    half = len(lines) // 2
    for i, chunk in enumerate((lines[:half], lines[half:])):
        store.load(input="\n".join(chunk).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(f"urn:x-test:part{i}"))
    store.flush()
    del store  # release the database lock
    with serve(tmp_path / "kgstore", port=free_port()) as ro:
        assert _rows(sparql_query(ro.query_url, RELATIONS)) == _local(small, RELATIONS)


def test_serve_read_only_needs_a_store(tmp_path):
    _oxigraph_or_skip()
    with pytest.raises(KGError, match="no store folder"):
        serve(tmp_path / "missing")


def test_serve_port_in_use_is_a_clear_error(tmp_path):
    _oxigraph_or_skip()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(KGError, match=rf"Oxigraph server on 127\.0\.0\.1:{port} .* exited with status"):
            serve(tmp_path / "store", port=port, read_only=False)


def test_serve_missing_binary(tmp_path, monkeypatch):
    with pytest.raises(KGError, match="not found"):
        serve(tmp_path, binary=tmp_path / "no-oxigraph")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("sys.executable", str(tmp_path / "python"))
    with pytest.raises(KGError, match="pip install oxigraph"):
        find_oxigraph()


def test_sparql_query_http_error_names_endpoint_and_status(oxigraph):
    with pytest.raises(KGError, match=rf"query to {oxigraph.query_url}: HTTP 400"):
        sparql_query(oxigraph.query_url, "SELECT nonsense")


def test_cli_push_and_serve_errors(oxigraph, cli_runner, tmp_path):
    from kg.cli import _Group
    from kg.cli_more import push as push_cmd
    from kg.cli_more import serve as serve_cmd

    group = _Group(commands={"push": push_cmd, "serve": serve_cmd})
    res = cli_runner.invoke(group, ["push", str(SMALL), "--endpoint", oxigraph.url, "--graph", GRAPH_IRI,
                                    "--batch-size", "300"])
    assert res.exit_code == 0, res.output
    assert f"pushed {len(load_graph(SMALL))} triples in 2 batch(es)" in res.output
    res = cli_runner.invoke(group, ["serve", str(tmp_path / "missing")])
    assert res.exit_code == 1 and "no store folder" in res.output
    assert all("Example: kg" in c.help for c in (push_cmd, serve_cmd) if isinstance(c, click.Command))


# ---------------------------------------------------------------------------------- stub

class _Stub:
    """A loopback HTTP server recording requests; ``fail`` maps a request number (1-based) or a
    path prefix to an HTTP status to answer instead of 204."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail: dict[int | str, int] = {}
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
                stub.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                by_path = (code for key, code in stub.fail.items()
                           if isinstance(key, str) and self.path.startswith(key))
                status = stub.fail.get(len(stub.requests)) or next(by_path, 204)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture()
def stub():
    s = _Stub()
    try:
        yield s
    finally:
        s.close()


def test_push_basic_auth_header(stub, small):
    push(small, stub.url, user="kg", password="s3cret:x")
    expected = "Basic " + base64.b64encode(b"kg:s3cret:x").decode("ascii")
    assert [r["headers"]["Authorization"] for r in stub.requests] == [expected]
    assert stub.requests[0]["path"] == "/store?default"
    assert stub.requests[0]["headers"]["Content-Type"].startswith("application/n-triples")


def test_push_bearer_token_header(stub, small):
    push(small, stub.url, graph_iri=GRAPH_IRI, token="abc.def", batch_size=300)
    assert [r["headers"]["Authorization"] for r in stub.requests] == ["Bearer abc.def"] * 2
    assert stub.requests[0]["path"] == "/store?graph=https%3A%2F%2Fw3id.org%2Fdipkg%2Fgraph%2Ftest"


def test_push_no_auth_header_by_default(stub, small):
    push(small, stub.url)
    assert "Authorization" not in stub.requests[0]["headers"]


@pytest.mark.parametrize("kwargs", [{"user": "u", "password": "p", "token": "t"}, {"user": "u"}])
def test_push_bad_auth_arguments(stub, small, kwargs):
    with pytest.raises(KGError, match="auth|token"):
        push(small, stub.url, **kwargs)
    assert not stub.requests


def test_push_falls_back_to_sparql_update(stub, small):
    stub.fail["/store"] = 405
    rep = push(small, stub.url, graph_iri=GRAPH_IRI, batch_size=300)
    assert rep.method == "update" and rep.sent == 2
    paths = [r["path"] for r in stub.requests]
    assert paths[0].startswith("/store") and paths[1:] == ["/update", "/update"]
    body = stub.requests[1]["body"]
    assert body.startswith(f"INSERT DATA {{\nGRAPH <{GRAPH_IRI}> {{\n") and body.count(" .\n") == 300
    assert stub.requests[1]["headers"]["Content-Type"].startswith("application/sparql-update")


def test_push_gsp_only_does_not_fall_back(stub, small):
    stub.fail["/store"] = 404
    with pytest.raises(KGError, match=rf"push of batch 1/1 to {stub.url}/store: HTTP 404 Not Found$") as e:
        push(small, stub.url, method="gsp")
    assert "\n" not in str(e.value)


def test_push_resume_after_failure(stub, small, tmp_path):
    resume = tmp_path / "state" / "push.json"
    resume.parent.mkdir()
    stub.fail[3] = 500
    with pytest.raises(KGError, match=r"batch 3/3 .* HTTP 500 .*2 batch\(es\) done, recorded in"):
        push(small, stub.url, batch_size=200, resume_file=resume)
    assert json.loads(resume.read_text(encoding="utf-8"))["done"] == 2
    stub.fail.clear()
    stub.requests.clear()
    rep = push(small, stub.url, batch_size=200, resume_file=resume)
    assert (rep.sent, rep.skipped) == (1, 2)
    lines = ntriples_lines(small)
    assert stub.requests[0]["body"] == "\n".join(lines[400:]) + "\n"  # only the third batch
    stub.requests.clear()
    rep = push(small, stub.url, batch_size=200, resume_file=resume)  # everything done: nothing sent
    assert (rep.sent, rep.skipped, stub.requests) == (0, 3, [])


def test_push_resume_file_for_other_push_is_refused(stub, small, tmp_path):
    resume = tmp_path / "push.json"
    push(small, stub.url, batch_size=100, resume_file=resume)
    with pytest.raises(KGError, match="written for another batch size"):
        push(small, stub.url, batch_size=50, resume_file=resume)
    resume.write_text("not json", encoding="utf-8")
    with pytest.raises(KGError, match="not a push resume file"):
        push(small, stub.url, resume_file=resume)


def test_push_connection_refused_names_endpoint(small):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(KGError, match=rf"{url}/store\?default: cannot connect"):
        push(small, url)


def test_push_bnodes_are_skolemized():
    g = Graph().parse(data='_:a <urn:p> "x" . _:a <urn:q> "y" .', format="turtle")
    lines = ntriples_lines(g)
    assert len(lines) == 2 and not any(line.startswith("_:") for line in lines)
    assert len({line.split(" ")[0] for line in lines}) == 1


def test_cli_serve_stops_the_server_with_it(tmp_path):
    """`kg serve` in its own process: SIGTERM (as from a service manager) stops Oxigraph too."""
    import os
    import signal
    import subprocess
    import sys

    _oxigraph_or_skip()
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the server process")
    port = free_port()
    code = ("import sys\nfrom kg.cli_more import serve\n"
            "serve.main(sys.argv[1:], prog_name='kg serve')")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "store"), "--port", str(port), "--writable"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert f"at http://127.0.0.1:{port}" in first, first
        children = _children(proc.pid)
        assert len(children) == 1  # the Oxigraph server
        assert sparql_query(f"http://127.0.0.1:{port}/query", "ASK { ?s ?p ?o }").rows == [("false",)]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        proc.stdout.close()
    for pid in children:  # the Oxigraph child is gone (or at most a zombie being reaped)
        assert _state(pid) in (None, "Z")


def _state(pid: str) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return None


def _children(ppid: int) -> list[str]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[-1].split()
        except OSError:
            continue
        if fields[1] == str(ppid):
            out.append(stat.parent.name)
    return out


def test_server_serves_the_html_page_beside(tmp_path):
    import urllib.request

    from kg.server import serve_page

    page = tmp_path / "graph.html"
    page.write_text("<!DOCTYPE html><title>g</title>", encoding="utf-8")
    srv = serve_page(page, port=0)
    try:
        with urllib.request.urlopen(srv.url, timeout=5) as r:
            assert r.status == 200 and b"<title>g</title>" in r.read()
        try:
            urllib.request.urlopen(srv.url + "relations.jsonl", timeout=5)
            raise AssertionError("only the page is served")
        except urllib.error.HTTPError as e:
            assert e.code == 404
    finally:
        srv.stop()
