"""A symbolic link that loops back on itself, named by a Transparency-in-Coverage file as its
provider reference file, is a warning naming the loop: ``Path.resolve`` raised RuntimeError on
it before Python 3.13, and ``import market-rates`` stopped with an internal error (exit 4).

Every path the packages make absolute goes through :func:`ratecalc.regular_files.resolved`, so
no other reader can meet that error: the source is checked for ``.resolve(``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from ratecalc.regular_files import resolved
from ratecalc_cli.main import main

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("ratecalc", "cli", "workbook_templates", "letter", "addin")


def _in_network(path: Path, location: str) -> Path:
    path.write_text(json.dumps({
        "reporting_entity_name": "Acme Health", "reporting_entity_type": "health insurance issuer",
        "last_updated_on": "2026-11-01", "version": "1.0.0",
        "provider_references": [{"provider_group_id": 99, "location": location}],
        "in_network": [{
            "negotiation_arrangement": "ffs", "name": "Therapeutic exercise",
            "billing_code_type": "CPT", "billing_code_type_version": "2026",
            "billing_code": "97110", "description": "x",
            "negotiated_rates": [{"provider_references": [99], "negotiated_prices": [{
                "negotiated_type": "negotiated", "negotiated_rate": 31.5,
                "expiration_date": "9999-12-31", "billing_class": "professional"}]}]}],
    }))
    return path


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
@pytest.mark.parametrize("written", ["loop.json", "{folder}/loop.json"])
def test_a_provider_reference_file_that_loops_is_a_warning_naming_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, written: str) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    source = _in_network(tmp_path / "acme.json", written.format(folder=tmp_path))
    code = main(["import", "market-rates", str(source), "--codes", "97110",
                 "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert (f"warning: remote provider reference 99: provider reference file "
            f"'{written.format(folder=tmp_path)}' named by {source}") in err
    assert "is a symbolic link that loops back on itself, not a file; only files are read" in err


def test_resolved_follows_links_as_far_as_they_lead(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    target.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert resolved(link) == target.resolve()
    assert resolved(tmp_path / "sub" / ".." / "file.json") == target.resolve()
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert resolved(loop).name == "loop"  # no error: the loop is named when it is read


def test_no_package_calls_path_resolve() -> None:
    calls = [f"{path.relative_to(ROOT)}:{number}"
             for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.resolve\((strict=\w+)?\)", line.split("#")[0])]
    assert calls == [], "use ratecalc.regular_files.resolved, which a link loop cannot stop"
