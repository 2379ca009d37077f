"""A quote left open in a counter letter's offers (``letter --offer FILE.csv``, a folder's
``negotiation_log.csv``) that swallows the next offer row is warned about, as it is in a
folder's tables and a fee schedule (``ratecalc.csv_text.merged_rows``): the row swallowed is an
offered rate the letter never answers. Both files were read without the warning (the reader
kept no warnings)."""

from __future__ import annotations

import json
from pathlib import Path

from ratecalc_cli.main import main

from .conftest import TOP_PAYER

#: The second row's offer (97140) lies inside the first row's note, its quote left open.
OFFER = ("payer,code,offered_rate,note\n"
         f'{TOP_PAYER},97110,26.50,"first round\n'
         f'{TOP_PAYER},97140,27.00,"second round"\n')
LOG = ("date,payer,direction,code,offered_rate,notes\n"
       f'2025-11-20,{TOP_PAYER},received,97110,26.50,"first round\n'
       f'2025-11-20,{TOP_PAYER},received,97140,27.00,"second round"\n')


def _words(fields: int) -> str:
    """The warning's words after its place, for the two lines above (hand-written)."""
    return (f"lines 2 to 3 were read as this one cell, and line 3 alone reads as a whole row "
            f"({fields} fields, as many as the header); if it is one, it was not read as a row: "
            "the quote opened at line 2 lacks its closing quote (\") at the end of the cell's "
            "text on line 2")


def test_an_offer_file_row_swallowed_is_warned(capsys, demo_folder: Path, tmp_path: Path
                                               ) -> None:
    offer = tmp_path / "offer.csv"
    offer.write_text(OFFER, encoding="utf-8")
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx"), "--json"])
    assert code == 0
    info = json.loads(capsys.readouterr().out)
    # the letter answers the one offer read (97110): 97140's row is the note's text
    assert [line["code"] for line in info["lines"]] == ["97110"]
    assert f"Offer 'offer.csv', row 2, column D 'note': {_words(4)}" in info["warnings"]


def test_an_offer_file_row_swallowed_is_warned_on_stderr(capsys, demo_folder: Path,
                                                         tmp_path: Path) -> None:
    offer = tmp_path / "offer.csv"
    offer.write_text(OFFER, encoding="utf-8")
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx")])
    assert code == 0
    err = capsys.readouterr().err
    assert err.count(f"warning: Offer 'offer.csv', row 2, column D 'note': {_words(4)}") == 1


def test_a_negotiation_log_row_swallowed_is_warned(capsys, demo_folder: Path, tmp_path: Path
                                                   ) -> None:
    (demo_folder / "negotiation_log.csv").write_text(LOG, encoding="utf-8")
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--out", str(tmp_path / "c.docx"), "--json"])
    assert code == 0
    info = json.loads(capsys.readouterr().out)
    assert [line["code"] for line in info["lines"]] == ["97110"]
    assert (f"Negotiation Log 'negotiation_log.csv', row 2, column F 'notes': {_words(6)}"
            in info["warnings"])


def test_an_offer_file_whose_note_has_lines_is_read_without_a_word(capsys, demo_folder: Path,
                                                                   tmp_path: Path) -> None:
    offer = tmp_path / "offer.csv"
    offer.write_text("payer,code,offered_rate,note\n"
                     f'{TOP_PAYER},97110,26.50,"first round\nby phone"\n'
                     f"{TOP_PAYER},97140,27.00,second round\n", encoding="utf-8")
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx"), "--json"])
    assert code == 0
    info = json.loads(capsys.readouterr().out)
    assert [line["code"] for line in info["lines"]] == ["97110", "97140"]
    assert not [w for w in info["warnings"] if "read as this one cell" in w]
