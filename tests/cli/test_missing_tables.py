"""A table the analysis cannot do without, missing: the command writes nothing and exits 1 (the
loaders' messages are tested in tests/ratecalc/test_missing_tables.py)."""

from __future__ import annotations

from ratecalc_cli.main import main


def test_analyze_writes_nothing_and_exits_1(demo_folder, tmp_path, capsys):
    (demo_folder / "volumes.csv").unlink()
    out = tmp_path / "out"
    assert main(["analyze", str(demo_folder), "--out", str(out)]) == 1
    assert f"Volumes: no Volumes file in the folder '{demo_folder}'" in capsys.readouterr().err
    assert not out.exists()
