"""Scale benchmark of `kg build` and the named queries (issue 4, "Benchmarks"). Prints figures; not a test.

    cd /work/main && PYTHONPATH=. /work/venv/bin/python tests/benchmarks/scale.py --small
    PYTHONPATH=. /work/venv/bin/python tests/benchmarks/scale.py --articles 10000 --runs 3 --jobs 1

What it measures (each timing from time.perf_counter(), min / median / max over --runs):
  (a) kg.pipeline.build on N generated articles into a fresh folder, in a subprocess: articles/s and
      sentences/s. The timed region is the build() call with the spaCy model already loaded; the
      subprocess's whole wall time (Python start, imports, model load, build) is printed beside it.
      These builds are not sampled for memory (d's sampler reads every process's smaps_rollup ten
      times a second, which interrupts them; the bare parse is not sampled either).
  (b) bare spaCy nlp.pipe over the same article texts (the model kg loads, batch size 16, the same
      number of processes), also in a subprocess with the model loaded first; the target is
      build / bare <= 1.3.
  (c) a no-op rebuild (same input, same store) as a share of the full build (target <= 5%).
  (d) peak memory of a fresh build at two sizes (default 1,000 and 10,000 articles), each in its own
      subprocess: ru_maxrss of the build process and of its children, and the peaks of the process
      tree's summed RSS and summed PSS sampled every 0.1 s. The figure compared is ru_maxrss for a
      build in one process, the summed PSS for one with parsing workers (forked by kg.nlp: they share
      pages with the build process, which a sum of RSS would count twice); target: within 20%.
  (e) p50 latency of every named query (kg.query.named_queries()) on a store of >= 1 million
      triples through kg.query.run_query (Oxigraph store), beside the same call on rdflib's in-memory
      Graph parsed from the build's graph.ttl, in a separate process killed after --rdflib-timeout.
      A query with a row limit (a `limit` parameter) runs with its default and again with limit=0.
      The store is a real build of --query-articles generated articles (the --rss-large build is
      reused when it is as large). If its graph holds fewer than --min-triples triples and
      --replicate is on, the parsed results are written again under new document ids and
      shifted dates (GraphStore.put_article, the build's own write path), until it does.

The corpus: wire-news style .txt files generated from templates over the gazetteer (states, their
adjectives and capitals from states.csv, IGOs from igos.csv, persons with their titles from
persons.csv), 4 to 12 sentences each, every relation type of the project, quotes with 'we',
negations and future forms, a leading `date YYYY-MM-DD` marker and a trailing (Agency) credit.
Article i depends only on (--seed, i), so the first 1,000 articles of a 10,000 corpus are the
1,000 corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import json
import os
import random
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GAZ = ROOT / "ontology" / "gazetteer"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ============================================================================ corpus generation

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
AGENCIES = ["Reuters", "AFP", "AP", "Yonhap", "Xinhua", "Kyodo", "TASS", "Anadolu", "Bernama", "ANSA"]
TOPICS = ["the border dispute", "trade barriers", "energy security", "the nuclear programme", "maritime security",
          "the refugee crisis", "arms control", "climate finance", "food security", "the detention of journalists",
          "water rights", "the ceasefire", "counter-terrorism", "cyber attacks", "debt relief", "fishing rights",
          "the disputed islands", "the gas pipeline", "visa rules", "the prisoner exchange", "regional stability",
          "grain exports", "the peace process", "missile tests", "election interference", "the port project"]
SECTORS = ["energy", "defence", "trade", "agriculture", "health", "education", "infrastructure", "technology",
           "tourism", "space research", "shipping", "mining"]
GOODS = ["medical supplies", "food aid", "tents and blankets", "vaccines", "drinking water", "fuel", "wheat"]
EVENTS = ["G20 summit", "UN General Assembly", "regional security forum", "climate conference",
          "economic forum", "Munich Security Conference", "foreign ministers' meeting"]
FILLERS = [
    "The meeting came amid rising tensions in the region.",
    "Analysts said the move could reshape the balance of power in the region.",
    "No further details were immediately available.",
    "The two sides last met in {month}.",
    "Officials gave no timetable for the next round.",
    "Markets reacted calmly to the news on {day}.",
    "Several hundred people gathered outside the venue as the talks began.",
    "The statement did not say when the measures would take effect.",
    "Diplomats described the atmosphere as frank but constructive.",
    "The issue has strained relations for more than {n} years.",
]


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _title(office: str) -> str:
    small = {"of", "the", "for", "and"}
    return " ".join(w if w in small or w.isupper() else w[:1].upper() + w[1:] for w in office.split())


class Gazetteer:
    """Actor pools for the generator, read from ontology/gazetteer/*.csv."""

    def __init__(self, folder: Path = GAZ):
        def rows(name):
            with open(folder / name, encoding="utf-8", newline="") as f:
                return list(csv.DictReader(f))

        self.states = []
        for r in rows("states.csv"):
            if r["status"] == "historical":
                continue
            adjs = _split(r["adjectives"])
            caps = _split(r["metonyms"])
            self.states.append({"code": r["country"], "name": r["name"], "adj": adjs[0] if adjs else None,
                                "capital": caps[0] if caps else None})
        self.by_code = {s["code"]: s for s in self.states}
        self.igos = []
        for r in rows("igos.csv"):
            short = [a for a in _split(r["aliases"]) if re.fullmatch(r"[A-Z][A-Z0-9-]{1,9}", a)]
            self.igos.append({"code": r["country"], "name": r["name"], "short": short[0] if short else None})
        self.persons = []
        for r in rows("persons.csv"):
            st = self.by_code.get(r["country"])
            office = r["office"].strip()
            if not st or not st["adj"] or not office or " of " in office:
                continue  # keep the "Japanese Prime Minister Name" form unambiguous
            aliases = [a for a in _split(r["aliases"]) if " " not in a and a[:1].isupper()]
            self.persons.append({"name": r["name"], "short": aliases[0] if aliases else r["name"].split()[-1],
                                 "code": r["country"], "office": office, "former": bool(r["end"].strip()),
                                 "adj": st["adj"]})
        self.persons_by_code: dict[str, list[dict]] = {}
        for p in self.persons:
            self.persons_by_code.setdefault(p["code"], []).append(p)
        with open(folder / "places.csv", encoding="utf-8", newline="") as f:
            self.cities = [r["name"] for r in csv.DictReader(f) if r["kind"] == "city"]
        # a stable popularity order: a few states in most stories, a long tail in few (Zipf-like)
        order = sorted(self.states, key=lambda s: hashlib.sha256(s["code"].encode()).hexdigest())
        self.state_order = order
        self.state_weights = [1.0 / (k + 1) ** 0.9 for k in range(len(order))]


class Cast:
    """The actors of one article and how each is named (full form first, short form after)."""

    def __init__(self, rng: random.Random, gaz: Gazetteer):
        self.rng, self.gaz = rng, gaz
        k = rng.randint(2, 4)
        states: list[dict] = []
        while len(states) < k:
            s = rng.choices(gaz.state_order, weights=gaz.state_weights)[0]
            if s not in states:
                states.append(s)
        self.states = states
        self.persons = []
        for s in states:
            people = gaz.persons_by_code.get(s["code"])
            if people and rng.random() < 0.7:
                self.persons.append(rng.choice(people))
        self.igo = rng.choice(gaz.igos) if rng.random() < 0.5 else None
        self.seen: set[str] = set()

    def state(self, s: dict, subject: bool = True) -> str:
        r = self.rng.random()
        if r < 0.12 and s["capital"] and subject:
            return s["capital"]
        if r < 0.24 and s["adj"] and subject:
            return f"the {s['adj']} government"
        return s["name"]

    def person(self, p: dict) -> str:
        if p["name"] in self.seen:
            return p["short"] if self.rng.random() < 0.7 else p["name"]
        self.seen.add(p["name"])
        title = f"{p['adj']} {_title(p['office'])} {p['name']}"
        return ("former " + title) if p["former"] else title

    def igo_name(self, g: dict) -> str:
        if g["name"] in self.seen and g["short"]:
            return g["short"]
        self.seen.add(g["name"])
        return g["name"]

    def actor(self, subject: bool = True, avoid: str | None = None) -> tuple[str, dict]:
        """A mention and the state (or IGO record) it stands for."""
        for _ in range(8):
            r = self.rng.random()
            if r < 0.35 and self.persons:
                p = self.rng.choice(self.persons)
                if p["code"] != avoid:
                    return self.person(p), self.gaz.by_code[p["code"]]
            elif r < 0.45 and self.igo is not None:
                if self.igo["code"] != avoid:
                    return self.igo_name(self.igo), self.igo
            else:
                s = self.rng.choice(self.states)
                if s["code"] != avoid:
                    return self.state(s, subject), s
        s = next((s for s in self.states if s["code"] != avoid), self.states[0])
        return s["name"], s

    def pair(self) -> tuple[str, dict, str, dict]:
        a, sa = self.actor(True)
        b, sb = self.actor(False, avoid=sa["code"])
        return a, sa, b, sb


def _adj(s: dict) -> str:
    return s.get("adj") or s["name"]


# Sentence templates: {A} source mention, {B} target mention; {Badj} the target's adjective,
# {Bcap} its capital; {topic} {sector} {city} {day} {month} {n} {goods} {event} {igo}.
TEMPLATES: dict[str, list[str]] = {
    "talks": [
        "{A} held talks with {B} in {city} on {day}, officials said.",
        "{A} met {B} on the sidelines of the {event} to discuss {topic}.",
        "{A} and {B} discussed {topic} in a telephone call on {day}.",
        "{A} said it had consulted {B} on {topic} before the vote.",
    ],
    "visits": [
        "{A} visited {Bcap} on {day} for two days of talks on {topic}.",
        "{A} arrived in {Bcap} on {day} on the first official visit in {n} years.",
    ],
    "sanctions": [
        "{A} imposed new sanctions on {B} over {topic} on {day}.",
        "{A} froze ties with {B} after the row over {topic}.",
        "{A} announced an embargo on arms sales to {B}.",
        "{A} expelled {n} {Badj} diplomats in a dispute over {topic}.",
    ],
    "attacks": [
        "{A} launched air strikes on {B} positions near {city}, killing {n} people.",
        "{A} attacked {B} forces near the border on {day}, the military said.",
        "{A} shelled {Badj} border towns overnight, officials said.",
        "{A} seized {aBadj} cargo ship in disputed waters on {day}.",
        "{A} deployed warships near {B} on {day}.",
        "{A} put its troops on alert against {B} after {topic}.",
    ],
    "condemnations": [
        "{A} condemned {B} for {topic}.",
        "{A} accused {B} of violating the ceasefire near {city}.",
        "{A} criticized {B} over its handling of {topic}.",
        "{A} threatened {B} with retaliation over {topic}.",
        "{A} warned {B} against any escalation over {topic}.",
    ],
    "aid": [
        "{A} sent {goods} to {B} after the floods near {city}.",
        "{A} provided {n} million dollars in humanitarian aid to {B}.",
        "{A} delivered {goods} to {B} on {day}.",
        "{A} helped {B} rebuild the port of {city}.",
    ],
    "agreements": [
        "{A} and {B} signed an agreement on {sector} cooperation in {city} on {day}.",
        "{A} reached a deal with {B} on {topic}.",
        "{A} agreed with {B} to reopen the border crossing near {city}.",
        "{A} and {B} pledged to deepen cooperation in {sector}.",
        "{A} will cooperate with {B} on {topic}, the statement said.",
    ],
    "partnerships": [
        "{A} and {B} agreed to establish a comprehensive strategic partnership.",
        "{A} is a close ally of {B}, the minister said.",
        "{A} and {B} are strategic partners in {sector}.",
        "{A} and {B} deepened their strategic partnership during the {event}.",
        "{A} praised {B} for its role in {topic}.",
        "{A} thanked {B} for its support during {topic}.",
    ],
    "rivalry": [
        "{A} and {B} are bitter rivals in the region.",
        "The rivalry between {A} and {B} has intensified over {topic}.",
        "{A} rejected {B}'s proposal on {topic}.",
        "{A} dismissed the claims by {B} as baseless.",
    ],
    "protests": [
        "{A} summoned the {Badj} ambassador to protest against {topic}.",
        "{A} lodged a formal protest with {B} over {topic}.",
        "Thousands of people protested outside the {Badj} embassy in {Acap} on {day}.",
    ],
    "negotiations": [
        "{A} and {B} resumed negotiations on {topic} in {city}.",
        "{A} urged {B} to return to the negotiating table.",
        "{A} called on {B} to release the detained {Aadj} citizens.",
        "{A} allowed inspectors from {B} into the site near {city}.",
        "{A} made concessions to {B} on {topic} to end the standoff.",
        "{A} released {n} {Badj} prisoners as part of the deal.",
    ],
    "quotes": [
        "\"We will continue to support {B} in its efforts to restore stability,\" {A} said.",
        "\"We strongly condemn the attack by {B},\" {A} said in a statement.",
        "\"We are ready to work with {B} on {topic},\" {A} told reporters.",
        "\"We have no intention of negotiating with {B} under pressure,\" {A} said on {day}.",
    ],
    "negations": [
        "{A} refused to meet {B} at the {event}.",
        "{A} declined to condemn {B} over {topic}.",
        "{A} did not sign the agreement with {B}.",
        "{A} has never recognized {B}'s claim to the islands.",
        "{A} denied that it had supplied weapons to {B}.",
    ],
    "future": [
        "{A} will hold talks with {B} next week in {city}.",
        "{A} plans to impose sanctions on {B} over {topic}.",
        "{A} is expected to visit {Bcap} later this month.",
        "{A} is set to sign a trade deal with {B} in {month}.",
        "{A} pledged to send {goods} to {B}.",
    ],
    "membership": [
        "{S} joined the {igo} in {year}.",
        "{S}, a member of the {igo}, called for an emergency meeting.",
    ],
}
KINDS = list(TEMPLATES)


def _fill(template: str, rng: random.Random, cast: Cast, gaz: Gazetteer) -> str:
    a, sa, b, sb = cast.pair()
    igo = cast.igo or rng.choice(gaz.igos)
    values = {
        "A": a, "B": b, "Aadj": _adj(sa), "Badj": _adj(sb),
        "aBadj": ("an " if _adj(sb)[:1] in "AEIOU" else "a ") + _adj(sb),
        "Acap": sa.get("capital") or sa["name"], "Bcap": sb.get("capital") or sb["name"],
        "topic": rng.choice(TOPICS), "sector": rng.choice(SECTORS), "goods": rng.choice(GOODS),
        "city": rng.choice(gaz.cities), "day": rng.choice(DAYS), "month": rng.choice(MONTHS),
        "n": str(rng.randint(2, 40)), "event": rng.choice(EVENTS), "igo": cast.igo_name(igo),
        "year": str(rng.randint(1950, 2024)), "S": rng.choice(cast.states)["name"],
    }
    text = template.format(**values)
    return text[:1].upper() + text[1:]


def make_article(i: int, seed: int, gaz: Gazetteer) -> tuple[str, str, int]:
    """(file name, file text, number of generated sentences) of article ``i``."""
    rng = random.Random(f"{seed}:{i}")
    cast = Cast(rng, gaz)
    n = rng.randint(4, 12)
    sentences = []
    for k in range(n):
        if k > 0 and rng.random() < 0.15:
            sentences.append(rng.choice(FILLERS).format(month=rng.choice(MONTHS), day=rng.choice(DAYS),
                                                        n=rng.randint(2, 30)))
            continue
        kind = rng.choice(KINDS)
        sentences.append(_fill(rng.choice(TEMPLATES[kind]), rng, cast, gaz))
    paragraphs, k = [], 0
    while k < len(sentences):
        step = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[k:k + step]))
        k += step
    day = rng.randint(0, 3 * 365 - 1)
    y, rest = 2023 + day // 365, day % 365
    month = min(rest // 31, 11)
    date = f"{y:04d}-{month + 1:02d}-{rest % 28 + 1:02d}"
    body = "\n\n".join(paragraphs)
    text = f" date {date} {body} ({rng.choice(AGENCIES)})\n"
    name = f"{i:06d}_{hashlib.sha256(text.encode()).hexdigest()[:16]}.txt"
    return name, text, n


def generate_corpus(folder: Path, n: int, seed: int) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    gaz = Gazetteer()
    t0 = time.perf_counter()
    sentences = words = 0
    for i in range(n):
        name, text, k = make_article(i, seed, gaz)
        (folder / name).write_text(text, encoding="utf-8")
        sentences += k
        words += len(text.split())
    return {"articles": n, "sentences": sentences, "words": words, "seconds": time.perf_counter() - t0}


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".txt")


def subset(files: list[Path], n: int, folder: Path) -> Path:
    """A folder holding the first ``n`` files (hard links, else copies)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for p in files[:n]:
        try:
            os.link(p, folder / p.name)
        except OSError:
            shutil.copy2(p, folder / p.name)
    return folder


# ============================================================================ worker subprocesses

def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


class TreeRss:
    """Peak of the summed RSS of this process and its descendants, sampled every 0.1 s; also of
    their summed PSS (proportional set size: a page shared by k of them counts 1/k in each), the
    memory the tree really holds when forked processes share pages (RSS counts them in each)."""

    def __init__(self):
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self.max_procs = 1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _proc_kb(pid: int, name: str, key: str) -> int:
        """A KB figure of /proc/PID/NAME ('status' VmRSS:, 'smaps_rollup' Pss:); 0 if the process is gone."""
        try:
            with open(f"/proc/{pid}/{name}") as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        out = []
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out += [int(x) for x in f.read().split()]
        except OSError:
            pass
        return out

    def sample(self) -> int:
        """Update the peaks; returns the summed RSS (KB)."""
        total = pss = procs = 0
        todo = [os.getpid()]
        while todo:
            pid = todo.pop()
            total += self._proc_kb(pid, "status", "VmRSS:")
            pss += self._proc_kb(pid, "smaps_rollup", "Pss:")
            procs += 1
            todo += self._children(pid)
        self.peak_kb = max(self.peak_kb, total)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.max_procs = max(self.max_procs, procs)
        return total

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.sample()


def _settings(jobs: int):
    from dataclasses import fields

    from kg.pipeline import Settings

    if "jobs" in {f.name for f in fields(Settings)}:
        return Settings(jobs=jobs), jobs
    return Settings(), 1  # this kg has no parallel parsing: one process


def worker_build(corpus: str, out: str, jobs: int, preload: bool, sample: bool = True) -> dict:
    """One build in this process. ``sample``: take the memory of the process tree every 0.1 s
    (TreeRss) meanwhile; the timed builds of (a) do not (reading the processes' smaps_rollup
    interrupts them, and the bare parse they are compared with is not sampled either)."""
    import resource

    t_start = time.perf_counter()
    from kg.pipeline import build

    settings, used = _settings(jobs)
    load = 0.0
    if preload:
        t = time.perf_counter()
        from kg.nlp import load_model

        load_model()
        load = time.perf_counter() - t
    tree = TreeRss()
    with tree if sample else contextlib.nullcontext():
        t0 = time.perf_counter()
        rep = build([corpus], out, settings)
        seconds = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "load": load, "startup": t0 - t_start - load, "parsed": rep.parsed,
            "skipped": rep.skipped, "sentences": rep.sentences, "articles": rep.articles,
            "relations": rep.relations, "rejected": len(rep.rejected), "jobs": used,
            "maxrss_self_kb": me, "maxrss_children_kb": kids, "tree_peak_kb": tree.peak_kb,
            "tree_pss_peak_kb": tree.peak_pss_kb, "procs": tree.max_procs}


def worker_bare(corpus: str, jobs: int, batch_size: int) -> dict:
    from kg.nlp import load_model
    from kg.pipeline import readable_articles

    _, used = _settings(jobs)  # the same number of processes kg build gets
    t = time.perf_counter()
    nlp = load_model()
    load = time.perf_counter() - t
    t0 = time.perf_counter()
    docs = sentences = 0
    texts = (a.text for a in readable_articles([corpus]))
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=used):
        docs += 1
        sentences += sum(1 for _ in doc.sents)
    return {"seconds": time.perf_counter() - t0, "load": load, "docs": docs, "sentences": sentences,
            "jobs": used}


def run_worker(args: list[str], timeout: float | None = None) -> tuple[dict, float]:
    """Run this script as a worker; returns (its JSON result, the subprocess wall time)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=_env(), cwd=str(ROOT), capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"worker {' '.join(args[:1])} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")][-1]
    return json.loads(line), wall


# ============================================================================ queries

def worker_query(engine: str, path: str) -> None:
    """Answer JSON query requests on stdin, each in a forked child killed when a run exceeds the
    request's timeout (so a slow query costs the timeout, never a re-parse or a hung benchmark).

    engine "rdflib": graph.ttl parsed once here into rdflib's in-memory Graph (kg.query.load_graph);
    engine "store": the kg store folder, opened by each child with kg.query.load_graph (kg's own
    Oxigraph code path, GraphStore.query); engine "oxmem": diagnostic, graph.ttl loaded into an
    in-memory pyoxigraph Store's default graph and the same query text run on it directly."""
    import resource
    import signal

    t0 = time.perf_counter()
    from kg.query import load_graph, named_queries, run_query

    queries = named_queries()
    g = load_graph(path) if engine == "rdflib" else None
    mem = oxigraph_memory(Path(path)) if engine == "oxmem" else None
    print(json.dumps({"loaded": time.perf_counter() - t0, "triples": len(g) if g is not None else len(mem) if mem is not None else None,
                      "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)

    def runner():
        if engine == "rdflib":
            return lambda name, params: len(run_query(g, name=name, params=params).rows)
        if engine == "store":
            graph = load_graph(path)
            return lambda name, params: len(run_query(graph, name=name, params=params).rows)
        graph = memory_graph(mem)
        return lambda name, params: len(run_query(graph, name=name, params=params).rows)

    for line in sys.stdin:
        req = json.loads(line)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: run the query up to `runs` times, one line per run
            os.close(r)
            out = os.fdopen(w, "w", buffering=1)
            try:
                run = runner()
                spent = 0.0
                for _ in range(req["runs"]):
                    t = time.perf_counter()
                    rows = run(req["name"], req["params"])
                    dt = time.perf_counter() - t
                    out.write(json.dumps({"seconds": dt, "rows": rows}) + "\n")
                    spent += dt
                    if spent > req["budget"]:
                        break
            except Exception as e:  # reported, not raised: the parent prints why
                out.write(json.dumps({"error": f"{type(e).__name__}: {e}"[:300]}) + "\n")
            out.close()
            os._exit(0)
        os.close(w)
        times, rows, timed_out, error = [], None, False, None
        with os.fdopen(r) as inp:
            while True:
                ready, _, _ = select.select([inp], [], [], req["timeout"])
                if not ready:
                    timed_out = True
                    os.kill(pid, signal.SIGKILL)
                    break
                msg = inp.readline()
                if not msg:
                    break
                d = json.loads(msg)
                if "error" in d:
                    error = d["error"]
                    break
                times.append(d["seconds"])
                rows = d["rows"]
        os.waitpid(pid, 0)
        print(json.dumps({"times": times, "rows": rows, "timed_out": timed_out, "error": error}), flush=True)


class QueryRunner:
    """A worker_query process for one engine."""

    def __init__(self, engine: str, path: Path, load_timeout: float = 900.0):
        self.engine, self.path, self.load_timeout = engine, path, load_timeout
        self.proc = None
        self.info: dict | None = None

    def start(self) -> "QueryRunner":
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "_query", self.engine,
                                      str(self.path)], env=_env(), cwd=str(ROOT), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        msg = self._read(self.load_timeout)
        if msg is None:
            self.stop()
            raise TimeoutError(f"{self.engine}: not loaded within {self.load_timeout:.0f} s")
        self.info = msg
        return self

    def _read(self, timeout: float) -> dict | None:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read().strip().splitlines()
            raise RuntimeError(f"{self.engine} worker died: " + (err[-1] if err else "no message"))
        return json.loads(line)

    def query(self, name: str, params: dict, runs: int, timeout: float) -> dict:
        """{"times": [...], "rows": n, "timed_out": bool, "error": str|None}."""
        self.proc.stdin.write(json.dumps({"name": name, "params": params, "runs": runs, "timeout": timeout,
                                          "budget": 2 * timeout}) + "\n")
        self.proc.stdin.flush()
        msg = self._read(timeout * (runs + 1) + 60)
        if msg is None:
            raise RuntimeError(f"{self.engine} worker does not answer")
        return msg

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def describe(msg: dict, timeout: float, drop_first: bool) -> tuple[str, float | None, int | None]:
    """(text for the table, p50 or None, rows) of a QueryRunner answer."""
    times = msg["times"]
    if msg.get("error"):
        return f"failed: {msg['error']}", None, None
    if not times:
        return (f"> {timeout:.0f} s (timed out)" if msg["timed_out"] else "no result"), None, None
    use = times[1:] if drop_first and len(times) > 1 else times
    p50 = statistics.median(use)
    text = f"{fmt_s(p50)} s (first {fmt_s(times[0])}, {len(use)} run(s), {msg['rows']} rows)"
    if msg["timed_out"]:
        text += f"; a later run > {timeout:.0f} s"
    return text, p50, msg["rows"]


def count_triples(ttl: Path) -> int:
    import pyoxigraph as ox

    with open(ttl, "rb") as f:
        return sum(1 for _ in ox.parse(f, format=ox.RdfFormat.TURTLE))


def oxigraph_memory(ttl: Path):
    import pyoxigraph as ox

    store = ox.Store()
    with open(ttl, "rb") as f:
        store.bulk_load(f, ox.RdfFormat.TURTLE)
    return store


def memory_graph(store):
    """kg.query's Oxigraph graph (StoreGraph, which runs store.query(text)) over an in-memory
    pyoxigraph Store, so run_query binds parameters as it does for the store folder."""
    from kg.query import StoreGraph

    graph = StoreGraph.__new__(StoreGraph)
    graph.store = store
    return graph


def choose_params(store_dir: Path) -> tuple[dict[str, dict], list[str]]:
    """Parameters for each named query, taken from the graph itself: the actor with the highest
    degree, its first partner, the most frequent type, and that pair's first relation. Read from
    graph.ttl loaded into an in-memory pyoxigraph Store (kg's own store path can be too slow)."""
    from kg.query import named_queries, run_query

    queries = named_queries()
    store = oxigraph_memory(store_dir / "graph.ttl")
    graph = memory_graph(store)

    def run(name, params=None):
        return run_query(graph, name=name, params=params or {})

    actors = run("actors")
    actor = actors.rows[0][actors.columns.index("actor")]
    iri = actors.rows[0][actors.columns.index("iri")]
    types = run("types")
    typ = types.rows[0][0]
    # the actor's relation with the most mentions, and the other end of it
    top = list(store.query(f"""
        PREFIX dipl: <https://w3id.org/dipkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?rel ?partner (COUNT(?m) AS ?n) WHERE {{
            ?rel dipl:source|dipl:target <{iri}> ; dipl:source|dipl:target ?o ; dipl:hasMention ?m .
            FILTER(?o != <{iri}>) ?o skos:prefLabel ?partner }}
        GROUP BY ?rel ?partner ORDER BY DESC(?n) STR(?rel) LIMIT 1"""))
    relation = top[0]["rel"].value if top else ""
    partner = top[0]["partner"].value if top else actor
    del store
    notes = [f"params: actor={actor!r} (highest degree of {len(actors.rows)} actors), partner={partner!r}, "
             f"type={typ!r}, relation={relation.rsplit('/', 1)[-1]!r}; dyad-summary gets a and b"]
    values = {"actor": actor, "a": actor, "b": partner, "type": typ, "relation": relation}
    params = {}
    for name, q in queries.items():
        params[name] = {p.name: values[p.name] for p in q.params if p.required or name == "dyad-summary"}
    return params, notes


def replicate_store(out: Path, corpus: Path, min_triples: int, seed: int) -> dict:
    """Grow a built store to ``min_triples`` by writing each parsed article again under a new
    document id with its dates shifted by whole years (no re-parse: the relations come from the
    store's own relations export), through GraphStore.put_article; then refresh the aggregates
    and export graph.ttl as a build does."""
    import dataclasses

    from kg.actors import load_gazetteer
    from kg.pipeline import fingerprint
    from kg.records import ArticleResult, relation_from_export
    from kg.store import GraphStore, write_lock
    from kg.pipeline import readable_articles

    t0 = time.perf_counter()
    store_dir = out / "store"
    gaz = load_gazetteer()
    fp = fingerprint()
    articles = {a.id: a for a in readable_articles([corpus])}
    with write_lock(store_dir):
        store = GraphStore(store_dir)
        records: dict[str, list] = {}
        for rec in store.relation_records():
            records.setdefault(rec["doc"], []).append(rec)
        docs = [d for d in store.articles() if d in articles]
        ttl = out / "graph.ttl"
        have = count_triples(ttl)
        copies, touched, written = 0, set(), 0
        while have < min_triples:
            copies += 1
            shift = -copies
            before = have
            for doc in docs:
                art = articles[doc]
                new_id = f"{doc}-r{copies}"
                date = _shift(art.date, shift)
                new_art = dataclasses.replace(art, id=new_id, date=date,
                                              sha256=hashlib.sha256(f"{art.sha256}{copies}".encode()).hexdigest())
                rels = []
                for rec in records.get(doc, []):
                    rel = relation_from_export(rec)
                    rels.append(dataclasses.replace(rel, doc=new_id, date=_shift(rel.date, shift)))
                used = {a.id: a for r in rels for a in (r.source, r.target)}
                res = ArticleResult(new_art, tuple(rels), tuple(used[k] for k in sorted(used)), (), 0)
                touched |= store.put_article(res, fp, gaz)
                written += 1
            store.refresh(touched)
            touched = set()
            store.flush()
            store.export(ttl)
            have = count_triples(ttl)
            if have <= before:
                raise RuntimeError("replication does not grow the graph")
    return {"copies": copies, "articles_written": written, "triples": have, "seconds": time.perf_counter() - t0}


def _shift(date: str | None, years: int) -> str | None:
    if not date or not re.match(r"\d{4}-", date):
        return date
    return f"{int(date[:4]) + years:04d}{date[4:]}"


# ============================================================================ reporting

def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def spread(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{fmt_s(min(values))} / {fmt_s(statistics.median(values))} / {fmt_s(max(values))}"


class Table:
    def __init__(self):
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, value: str, target: str = "", met: bool | None = None) -> None:
        self.rows.append((what, value, target, "" if met is None else ("yes" if met else "NO")))

    def print(self) -> None:
        w = [max(len(r[k]) for r in self.rows + [("measure", "value", "target", "met")]) for k in range(4)]
        head = ("measure", "value", "target", "met")
        print("  ".join(h.ljust(w[k]) for k, h in enumerate(head)))
        print("  ".join("-" * w[k] for k in range(4)))
        for r in self.rows:
            print("  ".join(c.ljust(w[k]) for k, c in enumerate(r)).rstrip())


def say(*a) -> None:
    print(*a, flush=True)


# ============================================================================ main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10000, help="articles of the timed builds (a, b, c)")
    ap.add_argument("--corpus", type=Path, help="reuse (or create) the corpus in this folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=1, help="parsing processes for kg build and for bare spaCy")
    ap.add_argument("--small", action="store_true", help="smoke run: 200 articles, 1 run, RSS at 100/200, no queries")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--skip-rss", action="store_true")
    ap.add_argument("--skip-build", action="store_true", help="skip (a)-(c)")
    ap.add_argument("--rss-sizes", default="1000,10000", help="two corpus sizes for the RSS comparison")
    ap.add_argument("--query-articles", type=int, default=10000, help="articles built for the query store")
    ap.add_argument("--query-store", type=Path,
                    help="for (e), reuse this build folder (graph.ttl and store/ of an earlier run) instead of building one")
    ap.add_argument("--min-triples", type=int, default=1_000_000)
    ap.add_argument("--no-replicate", dest="replicate", action="store_false",
                    help="do not grow a too-small query store by re-writing its articles")
    ap.add_argument("--query-runs", type=int, default=7, help="timed runs per query on Oxigraph (after one warm-up)")
    ap.add_argument("--rdflib-runs", type=int, default=3)
    ap.add_argument("--rdflib-timeout", type=float, default=60.0, help="per run of a query on rdflib, s")
    ap.add_argument("--query-timeout", type=float, default=30.0, help="per run of a query on Oxigraph, s")
    ap.add_argument("--workdir", type=Path, help="keep builds here (default: a temp folder, removed at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = ap.parse_args(argv)
    if args.small:
        args.articles, args.runs, args.skip_queries = 200, 1, True
        if args.rss_sizes == ap.get_default("rss_sizes"):
            args.rss_sizes = "100,200"
    rss_sizes = [int(x) for x in args.rss_sizes.split(",")]

    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    table = Table()
    notes: list[str] = []
    say(f"kg scale benchmark: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work folder {work}")

    # ---------------------------------------------------------------- corpus
    need = max([args.articles]
               + ([] if args.skip_rss else rss_sizes)
               + ([] if args.skip_queries else [args.query_articles]))
    corpus = args.corpus or (work / "corpus")
    files = corpus_files(corpus) if corpus.is_dir() else []
    if len(files) < need:
        if files and args.corpus:
            say(f"corpus {corpus}: {len(files)} files, fewer than the {need} needed; generating the missing ones")
        info = generate_corpus(corpus, need, args.seed)
        files = corpus_files(corpus)
        say(f"generated {info['articles']} articles ({info['sentences']} template sentences, {info['words']} words) "
            f"in {info['seconds']:.1f} s into {corpus}")
    else:
        say(f"reusing corpus {corpus}: {len(files)} files")
    words = [len(p.read_text(encoding="utf-8").split()) for p in files[:need]]
    say(f"corpus: {len(files)} files; the first {need}: {sum(words)} words, {statistics.mean(words):.0f} per article")

    def sized(n: int) -> Path:
        if n > len(files):
            raise SystemExit(f"the corpus has {len(files)} files; {n} needed")
        if n == len(files) and args.corpus:
            return corpus
        return subset(files, n, work / f"corpus-{n}")

    # ---------------------------------------------------------------- (a) (b) (c)
    if not args.skip_build:
        src = sized(args.articles)
        full, bare, noop, walls, noop_walls, bare_walls = [], [], [], [], [], []
        sents = parsed = None
        for run in range(args.runs):
            out = work / f"build-{run}"
            shutil.rmtree(out, ignore_errors=True)
            r, wall = run_worker(["_build", str(src), str(out), str(args.jobs), "1", "0"])
            if r["parsed"] != args.articles or r["rejected"]:
                notes.append(f"build run {run}: parsed {r['parsed']}, rejected {r['rejected']}")
            full.append(r["seconds"])
            walls.append(wall)
            sents, parsed, jobs_used = r["sentences"], r["parsed"], r["jobs"]
            say(f"  build run {run + 1}: {r['seconds']:.2f} s in build() ({wall:.2f} s process: start "
                f"{r['startup']:.2f} s, model {r['load']:.2f} s); {r['parsed']} articles, {r['sentences']} sentences, "
                f"{r['relations']} relations; jobs {r['jobs']}")
            n, nwall = run_worker(["_build", str(src), str(out), str(args.jobs), "0"])
            if n["parsed"]:
                notes.append(f"no-op rebuild run {run}: parsed {n['parsed']} articles again (expected 0)")
            noop.append(n["seconds"])
            noop_walls.append(nwall)
            say(f"  no-op rebuild run {run + 1}: {n['seconds']:.3f} s in build() ({nwall:.2f} s process); "
                f"parsed {n['parsed']}, unchanged {n['skipped']}")
            b, bwall = run_worker(["_bare", str(src), str(args.jobs), "16"])
            bare.append(b["seconds"])
            bare_walls.append(bwall)
            say(f"  bare nlp.pipe run {run + 1}: {b['seconds']:.2f} s ({bwall:.2f} s process); {b['docs']} docs, "
                f"{b['sentences']} sentences; n_process {b['jobs']}")
            if run < args.runs - 1:
                shutil.rmtree(out, ignore_errors=True)
        if jobs_used != args.jobs:
            notes.append(f"--jobs {args.jobs} asked, but kg.pipeline.Settings has no 'jobs': build and bare spaCy "
                         f"both ran with {jobs_used} process")
        med = statistics.median(full)
        table.add(f"(a) build {args.articles} articles, s (min/med/max, {args.runs} runs, jobs {jobs_used})",
                  spread(full))
        table.add("(a) build, whole process incl. start + model load, s", spread(walls))
        table.add("(a) articles/s (median)", f"{parsed / med:.1f}")
        table.add("(a) sentences/s (median)", f"{sents / med:.1f}")
        bmed = statistics.median(bare)
        table.add(f"(b) bare nlp.pipe, s (batch 16, n_process {jobs_used})", spread(bare))
        ratio = med / bmed
        table.add("(b) build / bare nlp.pipe (medians)", f"{ratio:.2f}", "<= 1.3", ratio <= 1.3)
        wratio = statistics.median(walls) / statistics.median(bare_walls)
        table.add("(b) same, whole processes", f"{wratio:.2f}")
        table.add("(c) no-op rebuild, s", spread(noop))
        share = statistics.median(noop) / med
        table.add("(c) no-op / full build (medians)", f"{100 * share:.1f}%", "<= 5%", share <= 0.05)
        wshare = statistics.median(noop_walls) / statistics.median(walls)
        table.add("(c) same, whole processes", f"{100 * wshare:.1f}%")

    # ---------------------------------------------------------------- (d)
    big_out = None
    if not args.skip_rss:
        peaks = {}
        for n in rss_sizes:
            src = sized(n)
            out = work / f"rss-{n}"
            shutil.rmtree(out, ignore_errors=True)
            r, wall = run_worker(["_build", str(src), str(out), str(args.jobs), "0"])
            # one process: its ru_maxrss; several (parsing workers, forked: they share pages with the
            # build process, which RSS counts in each): the sampled peak of their summed PSS
            several = r.get("procs", 1) > 1
            peak = r["tree_pss_peak_kb"] if several else r["maxrss_self_kb"]
            peaks[n] = peak
            say(f"  RSS build of {n}: {r['seconds']:.1f} s in build() ({wall:.1f} s process, "
                f"{1000 * r['seconds'] / n:.0f} s per 1,000 articles); ru_maxrss self {r['maxrss_self_kb'] / 1024:.0f} MB, "
                f"children {r['maxrss_children_kb'] / 1024:.0f} MB, sampled tree peak {r['tree_peak_kb'] / 1024:.0f} MB "
                f"RSS, {r.get('tree_pss_peak_kb', 0) / 1024:.0f} MB PSS ({r.get('procs', 1)} processes); "
                f"{r['relations']} relations")
            what = "summed PSS of its processes" if several else "ru_maxrss"
            table.add(f"(d) peak memory, build of {n} articles (jobs {r['jobs']}, {what})", f"{peak / 1024:.0f} MB")
            table.add(f"(d) build of {n} articles, s (1 run)", f"{r['seconds']:.1f}")
            if n >= args.query_articles:
                big_out = (out, src)
            else:
                shutil.rmtree(out, ignore_errors=True)
        a, b = rss_sizes[0], rss_sizes[-1]
        ratio = peaks[b] / peaks[a]
        table.add(f"(d) peak RSS {b} / {a}", f"{ratio:.2f}", "<= 1.20", ratio <= 1.2)

    # ---------------------------------------------------------------- (e)
    if not args.skip_queries:
        from kg.query import named_queries

        if args.query_store is not None:
            big_out = (args.query_store, corpus)
            say(f"  reusing the query store {args.query_store}")
        if big_out is None:
            src = sized(args.query_articles)
            out = work / f"query-{args.query_articles}"
            shutil.rmtree(out, ignore_errors=True)
            r, wall = run_worker(["_build", str(src), str(out), str(args.jobs), "0"])
            say(f"  query-store build of {args.query_articles}: {r['seconds']:.1f} s ({wall:.1f} s process)")
            big_out = (out, src)
        out, src = big_out
        ttl = out / "graph.ttl"
        triples = count_triples(ttl)
        say(f"  query store: {args.query_articles} built articles; graph.ttl {triples} triples")
        how = f"{args.query_articles} generated articles built with kg build"
        if triples < args.min_triples:
            if args.replicate:
                rep = replicate_store(out, src, args.min_triples, args.seed)
                triples = rep["triples"]
                how += (f", then each article written again {rep['copies']} time(s) under a new id with dates "
                        f"shifted back by 1..{rep['copies']} year(s) ({rep['articles_written']} put_article calls, "
                        f"{rep['seconds']:.0f} s)")
                say(f"  replicated: {how}; graph.ttl now {triples} triples")
            else:
                notes.append(f"the query store holds {triples} triples, fewer than {args.min_triples}")
        from kg.store import GraphStore

        quads = GraphStore(out / "store", read_only=True).triple_count()
        notes.append(f"query store: {how}; {triples} triples in graph.ttl (public graphs), {quads} quads in the store")
        params, pnotes = choose_params(out)
        notes += pnotes
        queries = named_queries()
        runners: dict[str, QueryRunner | None] = {}
        for engine, path in (("store", out), ("oxmem", ttl), ("rdflib", ttl)):
            try:
                runners[engine] = QueryRunner(engine, path).start()
            except (TimeoutError, RuntimeError) as e:
                notes.append(f"{engine}: {e}")
                runners[engine] = None
        if runners["rdflib"] is not None:
            info = runners["rdflib"].info
            say(f"  rdflib parsed graph.ttl in {info['loaded']:.1f} s ({info['triples']} triples, "
                f"{info['maxrss_kb'] / 1024:.0f} MB RSS)")
            table.add("(e) rdflib Graph parse of graph.ttl (kg.query.load_graph), s", f"{info['loaded']:.1f}")
        plan = (("store", "Oxigraph store via kg (GraphStore.query)", args.query_runs + 1, args.query_timeout, True),
                ("oxmem", "pyoxigraph in-memory Store from graph.ttl [diagnostic]", args.query_runs + 1,
                 args.query_timeout, True),
                ("rdflib", "rdflib in-memory Graph", args.rdflib_runs, args.rdflib_timeout, False))
        # each named query with its default parameters, and a query with a row limit (a `limit`
        # parameter, e.g. timeline's 500 most recent mentions) once more with limit=0: all rows
        runs_of = []
        for name, q in queries.items():
            runs_of.append((name, params[name]))
            runs_of += [(f"{name} (limit=0)", {**params[name], p.name: "0"}) for p in q.params if p.kind == "limit"]
        for label_name, p in runs_of:
            name = label_name.split(" ")[0]
            rows_seen = {}
            for engine, label, runs, timeout, drop_first in plan:
                runner = runners[engine]
                if runner is None:
                    text, p50 = "not measured (worker did not start)", None
                else:
                    try:
                        text, p50, rows = describe(runner.query(name, p, runs, timeout), timeout, drop_first)
                        rows_seen[engine] = rows
                    except RuntimeError as e:
                        text, p50 = f"not measured: {e}", None
                        runner.stop()
                        runners[engine] = None
                say(f"  {label_name} [{engine}]: {text}")
                if engine == "store":
                    table.add(f"(e) {label_name} p50, {label}", text, "< 0.2", p50 is not None and p50 < 0.2)
                else:
                    table.add(f"(e) {label_name} p50, {label}", text)
            counts = {k: v for k, v in rows_seen.items() if v is not None}
            if len(set(counts.values())) > 1:
                notes.append(f"{label_name}: row counts differ between engines: {counts}")
        for runner in runners.values():
            if runner is not None:
                runner.stop()
    else:
        notes.append("(e) queries skipped" + (" (--small)" if args.small else ""))
    if args.skip_rss:
        notes.append("(d) RSS skipped")

    say("")
    table.print()
    for n in notes:
        say(f"note: {n}")
    if not args.workdir and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _worker_main(argv: list[str]) -> int:
    kind = argv[0]
    if kind == "_build":
        print(json.dumps(worker_build(argv[1], argv[2], int(argv[3]), argv[4] == "1",
                                      sample=len(argv) < 6 or argv[5] == "1")), flush=True)
    elif kind == "_bare":
        print(json.dumps(worker_bare(argv[1], int(argv[2]), int(argv[3]))), flush=True)
    elif kind == "_query":
        worker_query(argv[1], argv[2])
    else:
        raise SystemExit(f"unknown worker {kind}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        sys.exit(_worker_main(sys.argv[1:]))
    sys.exit(main())
