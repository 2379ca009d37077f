"""What a command says of itself (its ``--help``, the line it ends with) agrees with the README
and docs/COMMANDS.md, where a newcomer reads it first. Found by walking the README from a fresh
clone as a billing manager would."""

from __future__ import annotations

import argparse
import os
import re
import shlex
from pathlib import Path

import pytest

from ratecalc_cli.letter import letter_out
from ratecalc_cli.main import ExitCode, main

ROOT = Path(__file__).resolve().parents[2]


def _words(text: str) -> str:
    return " ".join(text.split())


def test_analyze_help_names_the_sheet_of_every_problem_as_the_docs_do(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`analyze --help` said every problem is listed "with its file, row and column", where the
    README and docs/COMMANDS.md say "file, sheet, row and column" (a workbook's problems name
    their sheet, and do)."""
    readme = _words((ROOT / "README.md").read_text(encoding="utf-8"))
    commands = _words((ROOT / "docs" / "COMMANDS.md").read_text(encoding="utf-8"))
    assert "file, sheet, row and column" in readme
    assert "file, sheet, row and column" in commands
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    said = _words(capsys.readouterr().out)
    assert "file, sheet, row and column" in said
    assert "file, row and column" not in said


def test_the_quick_starts_warnings_are_the_ones_the_readme_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's quick start tells a newcomer that the demo's `warning:` lines are its story,
    naming what they are about; the letter's two warnings (the notice deadline close, the
    response date moved before it) were not among them, so a newcomer met lines the README did
    not explain. Each kind of warning the demo prints (its table, before the first colon) is
    named in the quick start's paragraph."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = _words(readme.split("## Quick start", 1)[1].split("\n## ", 1)[0])
    # what each table's warnings are about, in the words the README gives them
    named = {"Fee Schedules": "payers paying less than their contract",
             "Proposal": "Medicare's amounts for 2027 not imported yet",
             "Letter": "a notice deadline close"}
    assert main(["demo", "--out", str(tmp_path / "demo"), "--today", "2026-12-06"]) == ExitCode.OK
    err = capsys.readouterr().err
    tables = {m.group(1) for m in re.finditer(r"^warning: ([^:]+):", err, re.MULTILINE)}
    assert tables and tables <= set(named), tables
    assert [t for t in sorted(tables) if named[t] not in quick] == []


@pytest.mark.parametrize("command", ["scenario", "exit-impact"])
def test_a_payer_in_other_capitals_is_the_payer_for_every_command(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/INPUT.md: a payer typed in other capitals is the payer the Payers table lists, and
    `letter --payer` and the imports take it so; `scenario --payer` and `exit-impact --payer`
    refused 'summit bluecare ppo' (exit 3, "no volumes for", "no rows for payer")."""
    assert main([command, "--demo", "--today", "2026-12-06", "--payer", "summit bluecare ppo",
                 "--json"]) == ExitCode.OK
    assert '"payer": "Summit BlueCare PPO"' in capsys.readouterr().out


@pytest.mark.parametrize("command", ["scenario", "exit-impact"])
def test_a_payer_name_a_little_off_is_answered_with_the_closest(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A name a little off ('Summit Bluecare') got "did you mean 'Summit BlueCare PPO'?" from
    the imports, the payers listed from `scenario`, and from `exit-impact` only "volumes: no
    rows for payer 'Summit Bluecare'": no table, no payer to choose from. Both now say where
    they looked, the closest name and the payers with volumes."""
    assert main([command, "--demo", "--today", "2026-12-06", "--payer", "Summit Bluecare"]
                ) == ExitCode.INPUT_ERROR
    err = _words(capsys.readouterr().err)
    assert ("--payer: no volumes for 'Summit Bluecare' on the Volumes table (columns payer, "
            "code, units_per_year); did you mean 'Summit BlueCare PPO'? payers with volumes: "
            "Cardinal Employers Trust, ") in err


def test_letter_help_takes_a_letterhead_as_the_docs_do(capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """docs/COMMANDS.md: "Give your own letterhead .docx or .dotx", and the letter reads a
    .dotx; `letter --help` said only "(.docx)"."""
    commands = _words((ROOT / "docs" / "COMMANDS.md").read_text(encoding="utf-8"))
    assert "Give your own letterhead .docx or .dotx" in commands
    with pytest.raises(SystemExit):
        main(["letter", "--help"])
    assert "letterhead (.docx or .dotx)" in _words(capsys.readouterr().out)


@pytest.mark.parametrize("argv, usage", [
    (["medicare", "97110", "--locality", "AL", "--bogus"], "usage: ratecalc medicare "),
    (["workbook", "new", "book.xlsx", "--bogus"], "usage: ratecalc workbook new "),
    (["letter", "book.xlsx", "--payer", "A", "--bogus"], "usage: ratecalc letter "),
    # given to workbook, before its action: argparse reads it there, so workbook's usage
    (["workbook", "--bogus", "new", "book.xlsx"], "usage: ratecalc workbook "),
])
def test_a_wrong_option_shows_its_commands_usage_and_help(
        argv: list[str], usage: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong option to a command printed `usage: ratecalc [-h] [--version] COMMAND ...` and
    "ratecalc: error: unrecognized arguments: --bogus": the usage of no command, and nothing
    said of where the command's options are. It now shows that command's usage and names its
    --help, as a missing or out-of-range argument of the command does."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == ExitCode.USAGE  # README: "2 bad or missing arguments"
    err = _words(capsys.readouterr().err)
    assert err.startswith(usage), err
    command = usage.removeprefix("usage: ").strip()
    assert f"{command}: error: unrecognized arguments: --bogus" in err
    assert f"every option: '{command} --help'" in err


def test_the_command_list_says_what_workbook_does(capsys: pytest.CaptureFixture[str]) -> None:
    """`ratecalc --help` said `workbook` creates the master workbook, where the README's table
    and `workbook --help` list three actions: new, export and upgrade."""
    with pytest.raises(SystemExit):
        main(["--help"])
    line = next(line for line in capsys.readouterr().out.splitlines()
                if line.strip().startswith("workbook "))
    assert all(action in line for action in ("create", "export", "upgrade")), line


def test_medicare_help_says_which_options_it_requires(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`medicare --help` showed `[--locality LOCALITY]` and `[--date DATE | --year YEAR]` as
    optional; without them the command stops with "--locality is required" and "give --date
    YYYY-MM-DD or --year YYYY". The help now says so, as the README's `--locality L (--date D |
    --year Y)` does."""
    with pytest.raises(SystemExit):
        main(["medicare", "--help"])
    said = _words(capsys.readouterr().out)
    assert re.search(r"--locality LOCALITY required:", said), said
    assert "one of --date or --year is required" in said


def test_letter_out_to_a_folder_not_there_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`letter --help` says --out is "the .docx to write, or a folder"; `--out letters/`, a
    folder not made yet, was refused with "the name does not end in .docx. Give a name ending
    in .docx", as if a folder were not allowed. It now says the folder is not there."""
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"")  # never read: the refusal comes first
    folder = tmp_path / "letters"
    with pytest.raises(SystemExit) as stopped:
        main(["letter", str(book), "--payer", "A", "--out", f"{folder}/"])
    assert stopped.value.code == ExitCode.USAGE
    err = _words(capsys.readouterr().err)
    assert "does not end in .docx" not in err
    assert f"'{folder}/' names a folder that does not exist" in err
    assert not folder.exists()



def test_letter_out_to_an_existing_folder_written_as_one_is_that_folder(tmp_path: Path) -> None:
    """`--out letters/` naming a folder that exists is that folder (the letter is written in
    it), on every system: Windows writes a folder with either separator. Mutation review
    test-review-11: refusing an existing folder, or reading only os.sep as a folder's end,
    survived the tests of --out."""
    assert letter_out(f"{tmp_path}/") == tmp_path
    assert letter_out(f"{tmp_path}{os.sep}") == tmp_path


def test_letter_out_to_a_folder_not_there_is_refused_with_either_separator(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sep", "\\")  # as on Windows, where "letters/" is a folder too
    for written in (f"{tmp_path / 'letters'}/", f"{tmp_path / 'letters'}\\"):
        with pytest.raises(argparse.ArgumentTypeError, match="names a folder that does not"):
            letter_out(written)



def test_letter_out_written_as_a_folder_that_is_a_file_says_it_is_a_file(tmp_path: Path) -> None:
    """`--out x.docx/` where x.docx is a letter already written: it was called "a folder that
    does not exist" (review-c11); it is a file, and the message says so and how to write it."""
    written = tmp_path / "x.docx"
    written.write_bytes(b"PK")
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        letter_out(f"{written}/")
    said = str(refused.value)
    assert "does not exist" not in said
    assert f"'{written}/' names a folder, but '{written}' is a file" in said
    assert "without the trailing separator" in said


def _help_examples(capsys: pytest.CaptureFixture[str]) -> list[list[str]]:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "examples, to run" in text, "ratecalc --help shows no example of a command"
    block = text.split("examples, to run", 1)[1]
    return [shlex.split(line.split("#", 1)[0])[1:] for line in block.splitlines()
            if line.strip().startswith("ratecalc ")]


def test_the_examples_of_ratecalc_help_run_in_a_fresh_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`ratecalc --help` listed the commands and no example of one: a newcomer had the README or
    docs/COMMANDS.md to find how a command is written. Its examples now run one after the
    other in an empty folder, as written (the demo workbook, its refresh, a letter from it, a
    Medicare look-up), each ending with exit 0 and writing what it says."""
    examples = _help_examples(capsys)
    assert {words[0] for words in examples} >= {"demo", "workbook", "refresh", "letter",
                                                 "medicare"}
    monkeypatch.chdir(tmp_path)
    for words in examples:
        assert main(words) == ExitCode.OK, (words, capsys.readouterr().err)
    assert (tmp_path / "ratecalc-demo" / "summary.json").is_file()
    assert (tmp_path / "negotiation.xlsx").is_file()
    assert list(tmp_path.glob("*-proposal-*.docx"))


@pytest.mark.parametrize("words, names", [
    (["demo"], ["--out DIR"]),
    (["analyze"], ["--out DIR", " DATA"]),
    (["letter"], ["--payer NAME", "--out FILE.docx", "--date YYYY-MM-DD", " DATA"]),
    (["refresh"], [" WORKBOOK"]),
    (["workbook", "new"], [" PATH"]),
    (["workbook", "export"], [" WB DIR"]),
    (["workbook", "upgrade"], [" WB"]),
    (["import", "fee-schedule"], ["--payer NAME", "--workbook WB", " FILE"]),
])
def test_each_usage_names_its_arguments_as_the_readme_does(
        words: list[str], names: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """The README's table writes `ratecalc analyze DATA [--out DIR]`, `workbook export WB DIR`,
    `letter DATA --payer NAME ... [--out FILE.docx]`; the commands' usage lines said `data`,
    `[--out OUT]`, `workbook DIR`, `--payer PAYER`, `[--date LETTER_DATE]`: a newcomer comparing
    the two could not tell they were the same arguments."""
    readme = _words((ROOT / "README.md").read_text(encoding="utf-8"))
    with pytest.raises(SystemExit):
        main([*words, "--help"])
    usage = _words(capsys.readouterr().out.split("\n\n", 1)[0])
    for name in names:
        assert name in usage, (name, usage)
        assert name.strip().split()[-1] in readme  # the README's own placeholder


def _named_in_help(path: Path) -> str:
    """The words a command's ``--help`` names the output ``path`` by."""
    return {".csv": "CSV", ".docx": "letter"}.get(path.suffix, path.name)


def test_demo_and_analyze_help_name_every_file_they_write(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`demo --help` listed "tables as CSV, summary.json, the proposal letter and
    negotiation.xlsx", not the renewal calendar `renewals.ics` it writes beside them (the
    README names it); `analyze --help` named none of what it writes into --out. Each kind of
    file each writes is named in its help, as a newcomer reads it before running it."""
    demo = tmp_path / "demo"
    assert main(["demo", "--out", str(demo), "--today", "2026-12-07"]) == ExitCode.OK
    results = tmp_path / "results"
    assert main(["analyze", str(demo / "negotiation.xlsx"), "--out", str(results)]
                ) == ExitCode.OK
    capsys.readouterr()
    for command, folder in (("demo", demo), ("analyze", results)):
        # a hidden file is RateCalc's own record of what it wrote, not a result
        written = {_named_in_help(p) for p in folder.iterdir()
                   if p.is_file() and not p.name.startswith(".")}
        assert {"CSV", "summary.json", "renewals.ics"} <= written, (command, written)
        with pytest.raises(SystemExit):
            main([command, "--help"])
        said = _words(capsys.readouterr().out)
        assert [w for w in sorted(written) if w not in said] == [], (command, said)
