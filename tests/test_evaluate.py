"""`kg eval`: actor- and dyad-level scores with the benchmark's conventions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import evaluate, predictions_from_jsonl

DATA = Path(__file__).parent / "data" / "eval"
SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "bench" / "score.py"


def test_evaluate_actor_and_dyad_figures():
    pred, bad = predictions_from_jsonl(DATA / "pred.jsonl")
    res = evaluate(pred, DATA / "gold", bad_lines=bad)
    # actor level: repeats removed (symmetric PARTNERSHIP once); KCNA matches by acronym, Kim by surname;
    # negated relations ignored on both sides; CONSULT is confused with the gold SUPPORT
    assert (res.actor["tp"], res.actor["pred"], res.actor["gold"]) == (4, 5, 6)
    # dyad level: roles and same-country pairs dropped
    assert (res.dyad["tp"], res.dyad["pred"], res.dyad["gold"]) == (2, 3, 4)
    assert res.unparsable_lines == 1
    assert res.confusion["SUPPORT"] == {"CONSULT": 1}
    assert res.confusion["CONSULT"] == {"(none)": 1}


def test_evaluate_cli_prints_figures(cli_runner):
    from kg.cli import cli

    r = cli_runner.invoke(cli, ["eval", str(DATA / "pred.jsonl"), "--gold", str(DATA / "gold"), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["dyad"]["tp"] == 2


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the shared benchmark scorer is not beside the project")
def test_evaluate_same_figures_as_shared_scorer(cli_runner):
    from kg.cli import cli

    ours = cli_runner.invoke(cli, ["eval", str(DATA / "pred.jsonl"), "--gold", str(DATA / "gold")]).output
    theirs = subprocess.run([sys.executable, str(SHARED_SCORER), str(DATA / "pred.jsonl"), "--gold", str(DATA / "gold"),
                             "--per-type"], capture_output=True, text=True, check=True).stdout
    assert ours.strip() == theirs.strip()
