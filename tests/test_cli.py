"""The kg command: every command has help; builds, queries and bad input behave as documented."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli import cli

COMMANDS = ["build", "remove", "extract", "query", "queries", "explain", "validate", "check-data", "eval", "export",
            "stats", "serve", "push", "view"]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_command_has_help_and_is_documented(cli_runner, command):
    from pathlib import Path

    r = cli_runner.invoke(cli, [command, "--help"])
    assert r.exit_code == 0 and "Usage" in r.output
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"kg {command}" in readme


def test_cli_unknown_option_is_one_line_error(cli_runner):
    r = cli_runner.invoke(cli, ["build", "--frobnicate"])
    assert r.exit_code != 0 and "No such option" in r.output


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_path):
    """One build of the seed article (module-scoped: the model parse is the slow part)."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("out")
    r = CliRunner().invoke(cli, ["build", str(seed_path.parent), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out, r.output


@pytest.mark.model
def test_cli_build_writes_four_outputs(built):
    out, output = built
    for name in ("graph.ttl", "graph.html", "relations.jsonl", "report.json"):
        assert (out / name).stat().st_size > 0, name
    report = json.loads((out / "report.json").read_text())
    assert report["articles"] == 1 and report["relations"] > 10
    assert "relations" in output and "by type" in output
    lines = [json.loads(x) for x in (out / "relations.jsonl").read_text().splitlines()]
    assert {"doc", "type", "relation", "negated", "modality", "date", "source", "target", "sentence", "start", "end",
            "confidence", "extractor", "cameo", "plover"} <= set(lines[0])


@pytest.mark.model
def test_cli_query_partners_of_russia_lists_north_korea(cli_runner, built):
    out, _ = built
    r = cli_runner.invoke(cli, ["query", str(out / "graph.ttl"), "partners-of", "--param", "actor=Russia"])
    assert r.exit_code == 0, r.output
    assert "North Korea" in r.output


@pytest.mark.model
def test_cli_validate_and_explain(cli_runner, built):
    out, _ = built
    r = cli_runner.invoke(cli, ["validate", str(out / "graph.ttl")])
    assert r.exit_code == 0 and "conforms" in r.output
    from rdflib import Graph

    from kg.graph.namespaces import DIPL

    g = Graph().parse(out / "graph.ttl")
    rel = next(iter(g.subjects(DIPL.typeCode, None)))
    r = cli_runner.invoke(cli, ["explain", str(rel).rsplit("/", 1)[1], "--graph", str(out / "graph.ttl")])
    assert r.exit_code == 0, r.output
    assert "lexicon.v1" in r.output or "roles.v1" in r.output


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_cli_query_formats(cli_runner, built, fmt):
    out, _ = built
    r = cli_runner.invoke(cli, ["query", str(out / "graph.ttl"), "types", "--format", fmt])
    assert r.exit_code == 0 and "SUPPORT" in r.output


@pytest.mark.model
def test_cli_bad_sparql_is_one_line_error(cli_runner, built):
    out, _ = built
    r = cli_runner.invoke(cli, ["query", str(out / "graph.ttl"), "SELECT ?x WHERE { ?x"])
    assert r.exit_code == 1
    assert r.output.strip().count("\n") == 0 and "SPARQL" in r.output and "Traceback" not in r.output


def test_cli_unknown_query_name(cli_runner, tmp_path):
    g = tmp_path / "g.ttl"
    g.write_text("", encoding="utf-8")
    r = cli_runner.invoke(cli, ["query", str(g), "partners"])
    assert r.exit_code == 1 and "partners-of" in r.output


def test_cli_missing_graph_file(cli_runner, tmp_path):
    r = cli_runner.invoke(cli, ["query", str(tmp_path / "nope.ttl"), "types"])
    assert r.exit_code == 1 and "nope.ttl" in r.output


def test_cli_build_all_inputs_rejected_leaves_outputs_untouched(cli_runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous", encoding="utf-8")
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"")
    (bad / "b.json").write_text("{broken", encoding="utf-8")
    r = cli_runner.invoke(cli, ["build", str(bad), "--out", str(out)])
    assert r.exit_code == 1
    assert "a.txt: empty file" in r.output and "b.json: malformed JSON" in r.output
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]


@pytest.mark.model
def test_cli_build_skips_bad_file_builds_rest_and_fails(cli_runner, tmp_path, seed_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(seed_path, inp / seed_path.name)
    (inp / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    out = tmp_path / "out"
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(out)])
    assert r.exit_code == 1
    assert "binary.txt: binary file" in r.output
    report = json.loads((out / "report.json").read_text())
    assert report["articles"] == 1 and report["rejected"][0]["path"].endswith("binary.txt")


@pytest.mark.model
def test_cli_extract_table_and_jsonl(cli_runner, seed_path):
    r = cli_runner.invoke(cli, ["extract", str(seed_path), "--format", "table"])
    assert r.exit_code == 0 and "PARTNERSHIP" in r.output
    r = cli_runner.invoke(cli, ["extract", str(seed_path), "--min-confidence", "0.95"])
    assert r.exit_code == 0 and r.output.strip() == ""


def test_cli_queries_lists_named_queries(cli_runner):
    r = cli_runner.invoke(cli, ["queries"])
    assert r.exit_code == 0 and "partners-of:" in r.output and "params: actor" in r.output



def test_cli_query_says_when_the_limit_cut_the_rows(cli_runner):
    small = str(Path(__file__).resolve().parent / "data" / "small_graph.ttl")
    r = cli_runner.invoke(cli, ["query", small, "timeline", "--param", "actor=Russia", "--param", "limit=2",
                                "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert len(r.stdout.splitlines()) == 3  # header + 2 rows
    assert r.stderr.strip() == "kg: 2 rows shown: the limit; --param limit=0 for all"
    r = cli_runner.invoke(cli, ["query", small, "timeline", "--param", "actor=Russia", "--param", "limit=0"])
    assert r.exit_code == 0 and r.stderr == ""
    r = cli_runner.invoke(cli, ["query", small, "timeline", "--param", "actor=Russia", "--param", "limit=-5"])
    assert r.exit_code == 1 and "parameter 'limit' must be a non-negative integer" in r.output
