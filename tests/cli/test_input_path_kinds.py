"""Every command that reads a path the user names says what the path is when it is not a file
(``ratecalc.regular_files.not_a_file``): "does not exist", "is a folder, not a file", "is a
named pipe (FIFO), not a file", with the path, and exits 3 (README: a file that is not there
or cannot be read at all). A named pipe was "does not exist" to `import remittances` and
`import market-rates`, hung `market-rates providers`, and was no table at all (a warning) in a
folder of tables; a folder given to `letter --template` was "no such file"."""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.regular_files import not_a_file
from ratecalc_cli.main import main

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

TOP_PAYER = "Summit BlueCare PPO"


@pytest.fixture(scope="module")
def demo_folder():
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        yield Path(folder)


def _path(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "given"
    if kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    return path


WORDS = {"missing": "does not exist", "folder": "is a folder, not a file",
         "pipe": "is a named pipe (FIFO), not a file"}


@pytest.mark.parametrize("kind", sorted(WORDS))
def test_not_a_file_says_what_the_path_is(tmp_path: Path, kind: str) -> None:
    assert not_a_file(_path(tmp_path, kind)) == WORDS[kind]
    regular = tmp_path / "file.csv"
    regular.write_text("")
    assert not_a_file(regular) is None


@pytest.mark.parametrize("kind", ["missing", "pipe"])
def test_import_remittances_names_the_kind(capsys, tmp_path: Path, kind: str) -> None:
    path = _path(tmp_path, kind)
    code = main(["import", "remittances", str(path)])
    assert (code, capsys.readouterr().err) == (
        3, f"ratecalc import remittances: Remittance path '{path}' {WORDS[kind]}; expected an "
        "835 file or a folder of them\n")


@pytest.mark.parametrize("kind", sorted(WORDS))
def test_import_market_rates_names_the_kind(capsys, tmp_path: Path, kind: str) -> None:
    path = _path(tmp_path, kind)
    code = main(["import", "market-rates", str(path), "--codes", "97110"])
    err = capsys.readouterr().err
    assert code == 3 and f"SOURCE '{path}' {WORDS[kind]}" in err


@pytest.mark.parametrize("kind", sorted(WORDS))
def test_nppes_file_names_the_kind_and_never_waits_on_a_pipe(capsys, tmp_path: Path,
                                                            kind: str) -> None:
    path = _path(tmp_path, kind)
    code = main(["market-rates", "providers", str(path), "--out", str(tmp_path / "p.csv")])
    assert (code, capsys.readouterr().err) == (
        3, f"ratecalc market-rates providers: NPPES file '{path}' {WORDS[kind]}; expected "
        "CMS's NPPES zip or its NPI CSV\n")


@pytest.mark.parametrize("kind", sorted(WORDS))
def test_letter_template_names_the_kind(capsys, demo_folder: Path, tmp_path: Path,
                                        kind: str) -> None:
    path = _path(tmp_path, kind)
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--template", str(path),
                 "--out", str(tmp_path / "l.docx")])
    assert (code, capsys.readouterr().err) == (
        3, f"ratecalc letter: template '{path}' {WORDS[kind]}; expected a Word document "
        "(.docx or .dotx)\n")
    assert not (tmp_path / "l.docx").exists()


def test_medicare_import_names_a_pipe(capsys, tmp_path: Path) -> None:
    path = _path(tmp_path, "pipe")
    code = main(["medicare", "import", str(path)])
    assert (code, capsys.readouterr().err) == (
        3, f"ratecalc medicare import: CMS release '{path}' {WORDS['pipe']}; expected CMS's "
        "RVU zip, its https link, or its PPRRVU and GPCI files\n")


@pytest.mark.parametrize("command", [["analyze"], ["letter"]])
def test_data_given_as_a_pipe_is_named_one(capsys, tmp_path: Path, command: list[str]) -> None:
    path = _path(tmp_path, "pipe")
    extra = ["--payer", TOP_PAYER] if command == ["letter"] else ["--out", str(tmp_path / "o")]
    code = main([*command, str(path), *extra])
    err = capsys.readouterr().err
    assert code == 3 and f"'{path}' {WORDS['pipe']}; expected " in err


def test_a_pipe_in_a_folder_of_tables_is_refused_as_a_pipe_not_missing(
        capsys, demo_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    shutil.copytree(demo_folder, folder)
    (folder / "payers.csv").unlink()
    os.mkfifo(folder / "payers.csv")
    code = main(["analyze", str(folder), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 3
    assert ("Payers 'payers.csv': is a named pipe (FIFO), not a file; expected a CSV file\n"
            in err)
    assert "no Payers file" not in err


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_a_providers_table_names_the_kind_and_never_waits_on_a_pipe(capsys, tmp_path: Path,
                                                                   kind: str) -> None:
    """pandas opened a named pipe given as --providers and waited for ever; a folder was
    "cannot read it ([Errno 21] Is a directory: ...)"."""
    from ratecalc.errors import InputError
    from ratecalc.market_rates.nppes import load_provider_table

    path = _path(tmp_path, kind)
    with pytest.raises(InputError) as raised:
        load_provider_table(path)
    assert str(raised.value) == (f"providers table '{path}' {WORDS[kind]}; expected the "
                                 "table 'ratecalc market-rates providers' wrote")
