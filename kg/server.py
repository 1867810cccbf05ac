"""Serving and pushing the graph over HTTP: ``kg serve`` and ``kg push``.

``serve(store_dir)`` runs Oxigraph's own SPARQL 1.1 server (the ``oxigraph`` binary from the PyPI
package ``oxigraph``) on a store directory and returns a ``Server`` that controls the subprocess.
Read-only by default (``oxigraph serve-read-only``), on 127.0.0.1 by default. The server answers
the SPARQL 1.1 Protocol at ``/query`` (and ``/update`` when writable) and the Graph Store
Protocol at ``/store``.

``push(graph, endpoint)`` loads a graph into any SPARQL 1.1 server in batches of N-Triples
lines: by the Graph Store HTTP Protocol (``POST {store_url}?graph=IRI``) when the server has it,
else by SPARQL Update (``INSERT DATA``) to ``update_url``. With a resume file, the number of
batches done is recorded (atomically) after each batch, and a re-run skips them. Auth is HTTP
basic or a bearer token. HTTP is done with the standard library only (urllib).

``sparql_query(url, query)`` runs a query over the SPARQL 1.1 Protocol and returns a
``kg.query.QueryResult``, so remote rows compare with local ones.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph

from .errors import KGError
from .outputs import atomic_write_text
from .query import QueryResult, load_graph

log = logging.getLogger(__name__)

OXIGRAPH = "oxigraph"
PushMethod = TypingLiteral["auto", "gsp", "update"]
# statuses that mean "this server has no Graph Store Protocol here": try SPARQL Update instead
GSP_UNSUPPORTED = frozenset({404, 405, 415, 501})


# ------------------------------------------------------------------------------------ serve

def find_oxigraph(binary: str | os.PathLike | None = None) -> str:
    """The path of the Oxigraph server binary: ``binary`` if given, else the one installed beside
    this Python (the ``oxigraph`` PyPI package puts it in the environment's scripts folder), else
    ``oxigraph`` on PATH.

    Raises:
        KGError: no binary found, with the install command.
    """
    if binary is not None:
        path = Path(binary)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        found = shutil.which(str(binary))
        if found:
            return found
        raise KGError(f"Oxigraph server binary {str(binary)!r} not found or not executable")
    beside = Path(sys.executable).parent / OXIGRAPH
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(OXIGRAPH)
    if found:
        return found
    raise KGError("the Oxigraph server is not installed: run `pip install oxigraph` "
                  "(the PyPI package ships the `oxigraph` server binary)")


@dataclass
class Server:
    """A running Oxigraph server subprocess. Use as a context manager, or call ``stop()``."""

    process: subprocess.Popen
    host: str
    port: int
    store_dir: Path
    read_only: bool
    _output: deque = field(default_factory=lambda: deque(maxlen=50), repr=False)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    @property
    def output(self) -> str:
        """The last lines the server printed (for error messages)."""
        return "\n".join(self._output)

    def wait(self, timeout: float | None = None) -> int:
        """Block until the server exits (e.g. killed); returns its exit status."""
        return self.process.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(store_dir: str | os.PathLike, host: str = "127.0.0.1", port: int = 7878, read_only: bool = True,
          binary: str | os.PathLike | None = None, startup_timeout: float = 15.0,
          union_default_graph: bool = True) -> Server:
    """Start Oxigraph's SPARQL server on ``store_dir`` and return once it accepts requests.

    ``store_dir`` is a kg store folder (``kg/store.py``: the database is its ``oxigraph/``
    subfolder) or an Oxigraph database folder. With ``union_default_graph`` (the default) a query
    without GRAPH sees every named graph, as the kg store keeps one graph per article.
    A read-only server needs an existing store (``oxigraph serve-read-only``); a writable one
    (``oxigraph serve``) creates the folder if needed. Only one writable process may open a store,
    and a read-only server should not run beside a writer (``kg build``) on the same store.

    Raises:
        KGError: the binary is missing, the store folder is missing (read-only), or the server
            exits or stays silent at start-up (port in use, store locked...): the message gives
            the server's last line.
    """
    exe = find_oxigraph(binary)
    store = Path(store_dir)
    if (store / "oxigraph").is_dir():  # a kg store folder: serve its database
        store = store / "oxigraph"
    if read_only and not store.is_dir():
        raise KGError(f"{store}: no store folder to serve (read-only); build one first or serve with --writable")
    if not read_only:
        store.mkdir(parents=True, exist_ok=True)
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    cmd = [exe, "serve-read-only" if read_only else "serve", "--location", str(store), "--bind", bind]
    if union_default_graph:
        cmd.append("--union-default-graph")
    log.info("starting %s", " ".join(cmd))
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise KGError(f"cannot start the Oxigraph server {exe}: {exc.strerror or exc}") from None
    server = Server(proc, host, port, store, read_only)
    ready = threading.Event()

    def drain() -> None:  # keep the pipe empty for the server's whole life; note when it listens
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                server._output.append(line.rstrip())
                if "Listening for requests" in line:
                    ready.set()
        except (ValueError, OSError):  # closed by stop()
            pass

    threading.Thread(target=drain, name=f"oxigraph-{port}", daemon=True).start()
    deadline = time.monotonic() + startup_timeout
    while not ready.wait(0.05):
        if proc.poll() is not None or time.monotonic() > deadline:
            timed_out = proc.poll() is None
            server.stop()
            last = server.output.strip().splitlines()[-1:] or ["no output"]
            why = "did not start listening in time" if timed_out else f"exited with status {proc.returncode}"
            raise KGError(f"Oxigraph server on {bind} for {store} {why}: {last[0]}")
    return server


# ------------------------------------------------------------------------------------- HTTP

def _auth_header(user: str | None, password: str | None, token: str | None) -> dict[str, str]:
    if token is not None and (user is not None or password is not None):
        raise KGError("give either a user and password or a token, not both")
    if token is not None:
        return {"Authorization": f"Bearer {token}"}
    if user is not None or password is not None:
        if user is None or password is None:
            raise KGError("HTTP basic auth needs both a user and a password")
        raw = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {raw}"}
    return {}


def _request(url: str, data: bytes | None, headers: dict[str, str], timeout: float, method: str) -> bytes:
    """One HTTP request; returns the body. HTTPError is left to the caller; other failures become KGError."""
    req = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": "dipkg", **headers})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read()
    except urllib.error.HTTPError:
        raise
    except urllib.error.URLError as exc:
        raise KGError(f"{url}: cannot connect ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise KGError(f"{url}: request failed ({exc})") from None


def _http_error(url: str, exc: urllib.error.HTTPError, what: str) -> KGError:
    try:
        body = exc.read().decode("utf-8", "replace").strip()
    except Exception:  # the body is only a hint
        body = ""
    first = body.splitlines()[0][:200] if body else ""
    return KGError(f"{what} {url}: HTTP {exc.code} {exc.reason}" + (f": {first}" if first else ""))


def sparql_query(url: str, query: str, method: TypingLiteral["GET", "POST"] = "POST", user: str | None = None,
                 password: str | None = None, token: str | None = None, timeout: float = 60.0) -> QueryResult:
    """Run a SELECT or ASK query over the SPARQL 1.1 Protocol; rows hold lexical values (None if unbound).

    Raises:
        KGError: connection failure or an HTTP error (the message names the URL and the status).
    """
    headers = {"Accept": "application/sparql-results+json", **_auth_header(user, password, token)}
    if method == "GET":
        sep = "&" if "?" in url else "?"
        full, data = url + sep + urllib.parse.urlencode({"query": query}), None
    else:
        full, data = url, query.encode("utf-8")
        headers["Content-Type"] = "application/sparql-query"
    try:
        body = _request(full, data, headers, timeout, method)
    except urllib.error.HTTPError as exc:
        raise _http_error(url, exc, "query to") from None
    try:
        doc = json.loads(body)
    except ValueError:
        raise KGError(f"query to {url}: the answer is not SPARQL JSON results") from None
    if "boolean" in doc:
        return QueryResult(["ask"], [("true" if doc["boolean"] else "false",)])
    columns = list(doc.get("head", {}).get("vars", []))
    rows = []
    for b in doc.get("results", {}).get("bindings", []):
        row = []
        for c in columns:
            cell = b.get(c)
            if cell is None:
                row.append(None)
            elif cell.get("type") == "bnode":
                row.append("_:" + cell["value"])
            else:
                row.append(cell["value"])
        rows.append(tuple(row))
    return QueryResult(columns, rows)


# ------------------------------------------------------------------------------------- push

@dataclass(frozen=True, slots=True)
class PushReport:
    """What ``push`` did: triples and batches in all, batches sent now and skipped (resumed)."""

    endpoint: str
    graph: str | None
    method: str
    triples: int
    batches: int
    sent: int
    skipped: int
    seconds: float


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph as sorted, distinct N-Triples lines (a Dataset gives the union of its graphs).

    Blank nodes are skolemized first (replaced by IRIs), so a node split across two batches
    stays one node on the server; kg graphs have none.
    """
    flat = Graph()
    for t in graph.triples((None, None, None)):
        flat.add(t)
    if any(isinstance(x, BNode) for t in flat for x in (t[0], t[2])):
        log.warning("the graph has blank nodes: pushing them as skolem IRIs")
        flat = flat.skolemize()
    text = flat.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted({line for line in text.splitlines() if line.strip()})


def push(graph: Graph | str | os.PathLike, endpoint: str, graph_iri: str | None = None, batch_size: int = 50000,
         user: str | None = None, password: str | None = None, token: str | None = None,
         resume_file: str | os.PathLike | None = None, *, store_url: str | None = None,
         update_url: str | None = None, method: PushMethod = "auto", timeout: float = 120.0,
         on_batch=None) -> PushReport:
    """Load a graph (an rdflib Graph or a graph file) into a SPARQL 1.1 server, in batches.

    Args:
        endpoint: the server's base URL, e.g. ``http://127.0.0.1:7878``.
        graph_iri: the named graph to load into; the default graph when None.
        store_url: Graph Store Protocol URL (default ``{endpoint}/store``, Oxigraph's; Fuseki's is
            ``.../DATASET/data``).
        update_url: SPARQL Update URL (default ``{endpoint}/update``; Virtuoso's is ``/sparql``).
        method: ``gsp``, ``update``, or ``auto``: the Graph Store Protocol, falling back to
            SPARQL Update when the first batch gets 404, 405, 415 or 501.
        resume_file: JSON file holding the number of batches done (``{"done": N, ...}``); batches
            already done are skipped, and the file is rewritten atomically after each batch.
        on_batch: called with (batch number, number of batches) after each batch sent.

    Raises:
        KGError: a bad argument, a resume file written for another graph, batch size or
            endpoint, or an HTTP failure (the message names the URL, the HTTP status and the
            batch; batches done so far are in the resume file).
    """
    if batch_size < 1:
        raise KGError(f"batch size must be at least 1, not {batch_size}")
    if method not in ("auto", "gsp", "update"):
        raise KGError(f"unknown push method {method!r}; expected auto, gsp or update")
    headers = _auth_header(user, password, token)
    base = endpoint.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise KGError(f"endpoint {endpoint!r} is not an http(s) URL")
    store_url = store_url or base + "/store"
    update_url = update_url or base + "/update"
    if not isinstance(graph, Graph):
        graph = load_graph(graph)
    started = time.monotonic()
    lines = ntriples_lines(graph)
    batches = [lines[i:i + batch_size] for i in range(0, len(lines), batch_size)]
    fingerprint = "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    state = {"endpoint": base, "graph": graph_iri, "batch_size": batch_size, "fingerprint": fingerprint,
             "batches": len(batches), "triples": len(lines), "done": 0}
    done = _read_resume(Path(resume_file), state) if resume_file is not None else 0
    current = "update" if method == "update" else "gsp"
    sent = 0
    for number in range(done, len(batches)):
        body = "\n".join(batches[number]) + "\n"
        if current == "gsp":
            try:
                _post_gsp(store_url, graph_iri, body, headers, timeout)
            except urllib.error.HTTPError as exc:
                if method == "auto" and sent == 0 and exc.code in GSP_UNSUPPORTED:
                    log.info("%s answered HTTP %s: falling back to SPARQL Update at %s",
                             store_url, exc.code, update_url)
                    current = "update"
                else:
                    raise _batch_error(store_url, exc, number, len(batches), resume_file) from None
        if current == "update":
            try:
                _post_update(update_url, graph_iri, body, headers, timeout)
            except urllib.error.HTTPError as exc:
                raise _batch_error(update_url, exc, number, len(batches), resume_file) from None
        sent += 1
        if resume_file is not None:
            atomic_write_text(resume_file, json.dumps({**state, "done": number + 1}, indent=1) + "\n")
        if on_batch is not None:
            on_batch(number + 1, len(batches))
    return PushReport(endpoint=store_url if current == "gsp" else update_url, graph=graph_iri,
                      method=current if sent else "none", triples=len(lines), batches=len(batches), sent=sent,
                      skipped=done, seconds=round(time.monotonic() - started, 3))


def _read_resume(path: Path, state: dict) -> int:
    """Batches already done according to ``path`` (0 if it does not exist); checks it fits this push."""
    if not path.exists():
        return 0
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        done = int(saved["done"])
    except (OSError, ValueError, KeyError, TypeError):
        raise KGError(f"{path}: not a push resume file (expected JSON with a \"done\" count); "
                      "delete it to start again") from None
    for key in ("fingerprint", "batch_size", "endpoint", "graph"):
        if key in saved and saved[key] != state[key]:
            raise KGError(f"{path}: written for another {key.replace('_', ' ')} ({saved[key]!r}, now {state[key]!r}); "
                          "delete it to start again")
    if not 0 <= done <= state["batches"]:
        raise KGError(f"{path}: says {done} batches are done, but there are {state['batches']}")
    if done:
        log.info("%s: %d of %d batches already done; resuming", path, done, state["batches"])
    return done


def _post_gsp(store_url: str, graph_iri: str | None, body: str, headers: dict[str, str], timeout: float) -> None:
    sep = "&" if "?" in store_url else "?"
    target = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    _request(f"{store_url}{sep}{target}", body.encode("utf-8"),
             {"Content-Type": "application/n-triples; charset=utf-8", **headers}, timeout, "POST")


def _post_update(update_url: str, graph_iri: str | None, body: str, headers: dict[str, str], timeout: float) -> None:
    if graph_iri and any(c in graph_iri for c in '<>"{}|^`\\ \n'):
        raise KGError(f"graph IRI {graph_iri!r} has characters not allowed in an IRI")
    triples = f"GRAPH <{graph_iri}> {{\n{body}}}" if graph_iri else body
    update = f"INSERT DATA {{\n{triples}\n}}\n"
    _request(update_url, update.encode("utf-8"), {"Content-Type": "application/sparql-update; charset=utf-8",
                                                  **headers}, timeout, "POST")


def _batch_error(url: str, exc: urllib.error.HTTPError, number: int, total: int,
                 resume_file: str | os.PathLike | None) -> KGError:
    err = _http_error(url, exc, f"push of batch {number + 1}/{total} to")
    hint = f"; {number} batch(es) done, recorded in {resume_file}" if resume_file is not None else ""
    return KGError(str(err) + hint)


__all__ = ["PushReport", "Server", "find_oxigraph", "ntriples_lines", "push", "serve", "sparql_query"]


class PageServer:
    """A read-only loopback HTTP server for one page (the HTML graph), in a background thread."""

    def __init__(self, page: Path, host: str, port: int):
        import http.server
        import threading

        body = Path(page).read_bytes()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                if self.path.split("?", 1)[0] not in ("/", "/graph.html"):
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # quiet
                pass

        try:
            self.httpd = http.server.ThreadingHTTPServer((host, port), Handler)
        except OSError as e:
            raise KGError(f"cannot serve the HTML graph on {host}:{port}: {e.strerror or e}") from None
        self.url = f"http://{host}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_page(page: Path, host: str = "127.0.0.1", port: int = 7879) -> PageServer:
    """Serve ``page`` at http://host:port/ until ``stop()``."""
    return PageServer(page, host, port)

