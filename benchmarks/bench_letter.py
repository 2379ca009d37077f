"""Time writing one proposal letter, chart included, against bare python-docx in the same run.

Goal (issue 6): one letter, chart included, in under 1.5 s.

Measured on the demo clinic's top payer (15 codes):
- baseline: a bare python-docx document (one paragraph) saved to disk;
- the parts: building the content (pure Python), writing the chart part (DrawingML XML and its
  embedded workbook), laying it
  out with the template (python-docx), saving atomically;
- the whole ``write_letter`` call with the analysis already run (the ribbon and the CLI run the
  analysis once for the whole workbook), and with the analysis included;
- a cold start: a fresh Python process importing everything, running the analysis and writing
  one letter, as the first press of the ribbon button does (each step timed).

Warm figures are the best of ``REPEAT`` runs. Run: ``python benchmarks/bench_letter.py``.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_letter import write_letter
from ratecalc_letter.chart import chart_workbook, chart_xml
from ratecalc_letter.content import Chart, proposal_letter
from ratecalc_letter.render import render_letter, save_atomic

REPEAT = 5
GOAL_SECONDS = 1.5

COLD = """
import time
start = time.perf_counter()
from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_letter import write_letter
imported = time.perf_counter()
analysis = analyze(demo_data())
analyzed = time.perf_counter()
write_letter(analysis, analysis.top_payer, {out!r})
done = time.perf_counter()
print(imported - start, analyzed - imported, done - analyzed)
"""


def best_of(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    data = demo_data()
    analysis = analyze(data)
    payer = analysis.top_payer
    assert payer is not None
    content = proposal_letter(analysis, payer)
    chart = next(b for b in content.blocks if isinstance(b, Chart))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def bare() -> None:
            document = docx.Document()
            document.add_paragraph("Dear Dana Whitfield:")
            document.save(str(folder / "bare.docx"))

        def layout_and_save() -> None:
            buffer = io.BytesIO()
            render_letter(content, None).save(buffer)
            save_atomic(buffer.getvalue(), folder / "parts.docx")

        write_letter(analysis, payer, folder / "warmup.docx")   # imports, font cache
        rows = [
            ("baseline: bare python-docx document, saved", best_of(bare)),
            ("content (sentences and figures)", best_of(lambda: proposal_letter(analysis, payer))),
            ("chart part + embedded workbook",
             best_of(lambda: (chart_xml(chart), chart_workbook(chart)))),
            ("layout with the template + chart + atomic save", best_of(layout_and_save)),
            ("write_letter, analysis already run",
             best_of(lambda: write_letter(analysis, payer, folder / "letter.docx"))),
            ("write_letter including analyze()",
             best_of(lambda: write_letter(analyze(data), payer, folder / "letter.docx"))),
        ]
        cold = subprocess.run([sys.executable, "-c", COLD.format(out=str(folder / "cold.docx"))],
                              capture_output=True, text=True, check=True)
        imports, analysis_s, first_letter = (float(x) for x in cold.stdout.split())
        rows += [("cold process: import ratecalc + ratecalc_letter", imports),
                 ("cold process: analyze (loads the CMS files)", analysis_s),
                 ("cold process: first write_letter", first_letter)]

    baseline = rows[0][1]
    print(f"Proposal letter to {payer}: {len(content.lines)} codes, best of {REPEAT}")
    for label, seconds in rows:
        print(f"  {label:<56} {seconds * 1000:8.1f} ms  {seconds / baseline:6.1f}x baseline")
    letter, first = rows[4][1], rows[-1][1]
    cold_total = sum(seconds for _, seconds in rows[-3:])
    for label, seconds in (("One letter with its chart", letter),
                           ("First letter in a fresh process", first)):
        verdict = "meets" if seconds < GOAL_SECONDS else "MISSES"
        print(f"{label}: {seconds:.3f} s, {verdict} the {GOAL_SECONDS} s goal")
    print(f"Fresh process end to end (imports, analysis, letter): {cold_total:.3f} s")


if __name__ == "__main__":
    main()
