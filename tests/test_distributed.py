"""Extraction on a Dask cluster gives the same graph as a local build."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

distributed = pytest.importorskip("distributed", reason="Dask is not installed (pip install 'dask[distributed]')")


@pytest.mark.model
def test_distributed_build_on_a_local_cluster_matches_local_build(tmp_path, seed_path):
    from distributed import LocalCluster

    from kg.pipeline import Settings, build

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / seed_path.name).write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    (inp / "b.txt").write_text("date 2025-08-16 Japan condemned North Korea's missile launch.", encoding="utf-8")
    build([inp], tmp_path / "local")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        rep = build([inp], tmp_path / "dask", Settings(scheduler=cluster.scheduler_address))
    assert rep.parsed == 2
    a = Graph().parse(tmp_path / "local" / "graph.ttl")
    b = Graph().parse(tmp_path / "dask" / "graph.ttl")
    assert isomorphic(a, b)


def test_distributed_unreachable_scheduler_is_one_line_error(tmp_path, cli_runner):
    from kg.cli import cli

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Japan condemned North Korea.", encoding="utf-8")
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 1 and "Dask scheduler" in r.output and "Traceback" not in r.output
