"""A proposal letter that cites a code with no market benchmark carries the analysis' warning
about that code: its rate asks the minimum increase, not a market figure.

The letter gathers the analysis' warnings of its own codes by each warning's code
(``Problem.value``), or by the payer's name in the words. 8b4c0964 wrote the code into the
warning's words ("no market benchmark for 97140 (no row gives one): ...") and gave it no value,
so the letter gathered it no more: a letter citing 97140 was written with no word that its ask
is the minimum increase for want of a market figure.

By hand, from the inputs: the demo's tables with the benchmarks.csv row of 97140 deleted;
volumes.csv bills 97140 to Summit BlueCare PPO (1,860 units), whose fee schedule pays it, so
the proposal letter to Summit lists 97140 and no benchmark row gives it a market figure.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from ratecalc_letter.api import write_proposal_letter

SUMMIT = "Summit BlueCare PPO"
CODE = "97140"


def test_a_letter_citing_a_code_without_a_benchmark_warns_of_it(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, folder)
    bench = folder / "benchmarks.csv"
    lines = bench.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith(f"{CODE},")]
    assert len(kept) == len(lines) - 1  # the premise: one row of it, now gone
    bench.write_text("".join(kept), encoding="utf-8")

    result = write_proposal_letter(folder, SUMMIT, tmp_path / "letter.docx")
    assert CODE in {ln.code for ln in result.content.lines}  # the letter cites it
    about = [p for p in result.problems
             if p.table == "Benchmarks" and f"no market benchmark for {CODE}" in p.message]
    assert len(about) == 1, [p.message for p in result.problems]
    assert "minimum increase" in about[0].message
    # named at the table the user adds the row to
    assert "'benchmarks.csv'" in about[0].message
