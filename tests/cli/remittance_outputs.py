"""Everything ``import remittances`` writes of one 835, for tests that look for a value in all
of it: the --out files, the screen and --json."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import main


def import_outputs(text: str, tmp_path: Path, capsys: pytest.CaptureFixture,
                   *extra: str) -> tuple[int, dict[str, str]]:
    """The exit code of ``import remittances --out`` of ``text`` (with ``extra`` options) and
    each output by name: the three CSV files, stdout and stderr of that run and of a --json
    run."""
    source = tmp_path / "in.835"
    source.write_text(text)
    out = tmp_path / "lines.csv"
    code = main(["import", "remittances", str(source), "--out", str(out), *extra])
    screen = capsys.readouterr()
    main(["import", "remittances", str(source), "--json", *extra])
    json_run = capsys.readouterr()
    return code, {"lines.csv": out.read_text(),
                  "lines_adjustments.csv": (tmp_path / "lines_adjustments.csv").read_text(),
                  "lines_provider_adjustments.csv":
                      (tmp_path / "lines_provider_adjustments.csv").read_text(),
                  "stdout": screen.out, "stderr": screen.err, "json": json_run.out,
                  "json stderr": json_run.err}
