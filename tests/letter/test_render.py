"""The written .docx, reopened with python-docx: figures, dates, names, styles, template."""

from __future__ import annotations

import io
import os
import re
import zipfile
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from ratecalc.errors import InputError
from ratecalc.kept_copies import BACKUP_FOLDER, backups_of
from ratecalc.money import round_cents
from ratecalc_letter import write_letter
from ratecalc_letter.api import write_letter_with_content
from ratecalc_letter.make_template import build_template
from ratecalc_letter.render import MIN_ROWS_A_PAGE, letter_bytes, save_atomic
from ratecalc_letter.styles import ALL_STYLES, DEFAULT_TEMPLATE

from .conftest import TOP_PAYER, reopen

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cents(value: float) -> Decimal:
    return Decimal(repr(round_cents(value))).quantize(Decimal("0.01"))


def _dollars(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", "").replace("+", ""))


def _pct(fraction: float, places: int) -> str:
    # read to a millionth (to 15 significant digits first, as the sheets' ROUND reads it), then
    # half-up to the places shown, as every output reads a fraction (it read x 100 to a
    # billionth of a percent, which the letter no longer does)
    read = Context(prec=15, rounding=ROUND_HALF_UP).plus(Decimal(repr(float(fraction))))
    value = read.quantize(Decimal("0.000001"), ROUND_HALF_UP) * 100
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}%"


def test_every_rate_in_the_table_equals_the_core_proposal_to_the_cent(analysis, proposal_docx):
    core = analysis.proposal[analysis.proposal["payer"] == TOP_PAYER].set_index("code")
    table = proposal_docx.table_with_header("Code")
    assert table[0] == ["Code", "Description", "Annual units", "Current rate", "Proposed rate",
                        "Change", "Market median", "% of Medicare"]
    assert sorted(r[0] for r in table[1:]) == sorted(core.index)
    for code, _, units, current, proposed, change, market, pct in table[1:]:
        row = core.loc[code]
        assert Decimal(units.replace(",", "")) == Decimal(int(row["units_per_year"]))
        assert _dollars(current) == _cents(row["current_rate"])
        assert _dollars(proposed) == _cents(row["proposed_rate"])
        assert _dollars(market) == _cents(row["benchmark"])
        assert change == "+" + _pct(row["increase_pct"], 1)
        assert pct == _pct(row["proposed_pct_of_medicare"], 1)  # to a tenth, as the sheets


def test_totals_equal_the_core_summary(analysis, proposal_docx):
    summary = analysis.proposal_summary.set_index("payer").loc[TOP_PAYER]
    table = proposal_docx.table_with_header("Annual reimbursement")
    cells = {r[0]: r[1] for r in table[1:]}
    assert _dollars(cells["At current rates"]) == _cents(summary["new_term_revenue"])
    assert _dollars(cells["At proposed rates"]) == _cents(summary["proposed_revenue"])
    impact, pct = cells["Annual increase"].split(" ")
    assert _dollars(impact) == _cents(summary["annual_impact"]) == Decimal("44174.85")
    assert pct == f"(+{_pct(summary['impact_pct'], 1)})"


def test_every_dollar_figure_in_the_letter_comes_from_the_core(analysis, proposal_docx):
    core = analysis.proposal[analysis.proposal["payer"] == TOP_PAYER]
    summary = analysis.proposal_summary.set_index("payer").loc[TOP_PAYER]
    allowed = {_cents(v) for column in ("current_rate", "proposed_rate", "benchmark")
               for v in core[column]}
    allowed |= {_cents(summary[c]) for c in ("new_term_revenue", "proposed_revenue",
                                             "annual_impact")}
    found = proposal_docx.money()
    assert len(found) > 45
    stray = [m for m in found if _dollars(m) not in allowed]
    assert stray == []


def test_dates_payer_and_contact(proposal_docx):
    text = proposal_docx.full_text()
    for expected in ("December 1, 2025", "March 31, 2026",
                     "December 16, 2025", "December 31, 2025", "SBC-PT-2019-114",
                     "Summit BlueCare PPO", "Dana Whitfield", "Provider Network Manager",
                     "400 Ridge Park Dr", "Birmingham, AL 35242",
                     "dwhitfield@summitbluecare.example", "NPI 1234567893",
                     "Jordan Ellis, PT, DPT", "Owner and Clinical Director"):
        assert expected in text, expected
    assert proposal_docx.body_paragraphs[0] == "December 1, 2025"


def test_letterhead_is_in_the_first_page_header(proposal_docx):
    section = proposal_docx.document.sections[-1]
    assert section.different_first_page_header_footer
    first = [p for p in section.first_page_header.paragraphs]
    assert first[0].text == "Riverbend Physical Therapy & Rehab"
    assert first[0].style.name == "RateCalc Letterhead"
    assert "2150 Riverchase Pkwy, Suite 210, Hoover, AL 35244" in first[1].text
    running = section.header.paragraphs[0]
    assert running.style.name == "RateCalc Running Header"
    assert running._p.xpath(".//w:fldSimple[contains(@w:instr, 'PAGE')]")


def test_no_leftover_placeholder_text(proposal_docx):
    text = proposal_docx.full_text()
    for pattern in (r"\{\{|\}\}", r"\[[A-Z _]+\]", r"\bTODO\b", r"\bXXX\b", r"(?i)lorem",
                    r"(?i)\bnan\b", r"\bNone\b", r"\bNaT\b", r"(?i)placeholder"):
        assert not re.search(pattern, text), pattern
    props = proposal_docx.document.core_properties
    assert props.author == "Jordan Ellis, PT, DPT"
    assert "python-docx" not in (props.comments or "") + (props.title or "")


def test_only_named_styles_no_direct_fonts(proposal_docx):
    document = proposal_docx.document
    body = document.element.body
    for run_props in body.iter(f"{W}rPr"):
        tags = {child.tag.removeprefix(W) for child in run_props}
        assert tags <= {"rStyle"}, tags   # no w:rFonts, w:sz, w:b, w:color on runs
    used = {p.style.name for p in document.paragraphs}
    used |= {p.style.name for t in document.tables for row in t.rows for c in row.cells
             for p in c.paragraphs}
    assert used <= set(ALL_STYLES), used - set(ALL_STYLES)
    assert {t.style.name for t in document.tables} == {"RateCalc Table"}


def test_chart_is_a_native_chart_not_a_picture(proposal_docx):
    with zipfile.ZipFile(proposal_docx.path) as package:
        assert not [n for n in package.namelist() if n.startswith("word/media/")]
        assert "word/charts/chart1.xml" in package.namelist()
    extent = proposal_docx.document.element.body.find(".//{*}inline/{*}extent")
    assert int(extent.get("cx")) == \
        proposal_docx.document.sections[-1].page_width - Pt(144)   # 1 inch margins


def test_tables_are_sized_to_the_text_width(proposal_docx):
    section = proposal_docx.document.sections[-1]
    width_twips = (section.page_width - section.left_margin - section.right_margin) / 635
    table = proposal_docx.document.tables[0]._tbl
    grid = [int(c.get(f"{W}w")) for c in table.tblGrid.iter(f"{W}gridCol")]
    assert abs(sum(grid) - width_twips) <= len(grid)   # rounding per column only
    assert table.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"


def test_default_template_is_the_built_one():
    """The shipped template matches what make_template builds (regenerate it if not)."""
    shipped = docx.Document(str(DEFAULT_TEMPLATE))
    built = build_template()
    names = {s.name for s in built.styles}
    assert set(ALL_STYLES) <= names
    assert {s.name for s in shipped.styles} == names
    for name in ALL_STYLES:
        assert shipped.styles[name].element.xml == built.styles[name].element.xml, name


def test_restyled_template_changes_the_letter_look_not_its_words(analysis, tmp_path):
    template = docx.Document(str(DEFAULT_TEMPLATE))
    body = template.styles["RateCalc Body"]
    body.font.name = "Georgia"
    body.font.size = Pt(12)
    restyled = tmp_path / "restyled.docx"
    template.save(str(restyled))
    letter = reopen(write_letter(analysis, TOP_PAYER, tmp_path / "l.docx", template=restyled))
    style = letter.document.styles["RateCalc Body"]
    assert style.font.name == "Georgia" and style.font.size == Pt(12)
    default = reopen(write_letter(analysis, TOP_PAYER, tmp_path / "d.docx"))
    assert letter.all_texts() == default.all_texts()


def test_clinic_letterhead_template_is_kept(analysis, tmp_path):
    """A clinic's own letterhead (any .docx, no RateCalc styles) keeps its header; the styles
    the letter needs come from the default template."""
    own = docx.Document()
    own.sections[0].header.paragraphs[0].text = "ACME THERAPY - our own letterhead"
    own.add_paragraph("Body text of the clinic's template, replaced by the letter")
    path = tmp_path / "acme.docx"
    own.save(str(path))
    letter = reopen(write_letter(analysis, TOP_PAYER, tmp_path / "acme-letter.docx",
                                 template=path))
    assert "ACME THERAPY - our own letterhead" in letter.header_texts
    assert "Riverbend Physical Therapy & Rehab" not in letter.header_texts
    assert "Body text of the clinic's template" not in letter.full_text()
    assert letter.document.styles["RateCalc Table"].type == WD_STYLE_TYPE.TABLE
    assert letter.body_paragraphs[0] == "December 1, 2025"


@pytest.mark.parametrize("kind", ["counter", "termination"])
def test_other_kinds_reopen(analysis, summit_offer, tmp_path, kind):
    offer = summit_offer if kind == "counter" else None
    payer = TOP_PAYER if kind == "counter" else "Meridian Mutual"
    letter = reopen(write_letter(analysis, payer, tmp_path, kind=kind, offer=offer))
    text = letter.full_text()
    assert payer in text
    if kind == "counter":
        table = letter.table_with_header("Code")
        rows = {r[0]: r for r in table[1:]}
        # code, description, units, current, our proposal, their offer, our counter, change
        assert rows["G0283"][3:7] == ["$10.56", "$12.14", "$10.00", "$11.07"]
        assert "+$12,661.80" in text
    else:
        assert "will end on June 30, 2026" in text
        assert letter.tables == []
    assert letter.path.name == f"{re.sub('[^a-z0-9]+', '-', payer.lower())}-{kind}-2025-12-01.docx"


def a_draft(path: Path, text: str) -> bytes:
    """A Word document holding ``text``: the clinic's own draft of a letter."""
    draft = docx.Document()
    draft.add_paragraph(text)
    draft.save(str(path))
    return path.read_bytes()


def test_save_is_atomic_and_keeps_a_changed_previous_file(analysis, tmp_path):
    out = tmp_path / "letter.docx"
    draft = a_draft(out, "the clinic's hand-edited draft")
    write_letter(analysis, TOP_PAYER, out)
    [kept] = backups_of(out)
    assert kept.read_bytes() == draft
    assert docx.Document(str(out)).paragraphs[0].text == "December 1, 2025"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    write_letter(analysis, TOP_PAYER, out)   # same letter again: nothing to keep
    assert backups_of(out) == [kept] and kept.read_bytes() == draft


def test_a_kept_earlier_letter_is_said_once(analysis, tmp_path):
    # the edited draft was moved aside silently: the clinic could not know where it went
    out = tmp_path / "letter.docx"
    a_draft(out, "the clinic's hand-edited draft")
    _, content = write_letter_with_content(analysis, TOP_PAYER, out)
    [kept] = backups_of(out)  # where it is, not just its name: it is in the backups folder
    assert [w for w in content.warnings if "kept as" in w] == [
        f"the earlier 'letter.docx' differed from this letter and is kept as '{kept}'"]
    _, again = write_letter_with_content(analysis, TOP_PAYER, out)  # the same letter
    assert not [w for w in again.warnings if "kept as" in w]


def test_an_empty_file_in_the_letters_place_is_not_kept(analysis, tmp_path):
    out = tmp_path / "letter.docx"
    out.write_bytes(b"")  # nothing of the clinic's: no copy of it to keep
    _, content = write_letter_with_content(analysis, TOP_PAYER, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.docx"]
    assert not [w for w in content.warnings if "kept as" in w]


def test_a_failed_write_leaves_the_old_file(monkeypatch, tmp_path):
    out = tmp_path / "letter.docx"
    old = a_draft(out, "old")

    replace = os.replace

    def refuse(source, target):  # the letter is open in Word; its backup goes through
        if Path(target).name == "letter.docx":
            raise PermissionError("open in Word")
        replace(source, target)

    monkeypatch.setattr("ratecalc.atomic.os.replace", refuse)
    # the shared atomic writer words it (ratecalc.atomic): the file, and that it may be open
    with pytest.raises(InputError, match=r"letter\.docx'?: cannot (be replaced|write the "
                                         r"letter there).*open in"):
        save_atomic(b"new", out)
    assert out.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [BACKUP_FOLDER, "letter.docx"]
    assert [p.read_bytes() for p in backups_of(out)] == [old]


def test_a_file_named_docx_that_is_no_word_document_is_not_replaced(analysis, tmp_path):
    out = tmp_path / "letter.docx"
    out.write_bytes(b"notes, not a letter")
    with pytest.raises(InputError, match="holds text, not a Word letter"):
        write_letter(analysis, TOP_PAYER, out)
    assert out.read_bytes() == b"notes, not a letter"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.docx"]


def test_letter_bytes_is_a_docx(analysis):
    from ratecalc_letter.content import proposal_letter

    data = letter_bytes(proposal_letter(analysis, TOP_PAYER))
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == "December 1, 2025"


def test_template_errors(analysis, tmp_path):
    with pytest.raises(InputError, match=r"template '.*missing\.docx' does not exist"):
        write_letter(analysis, TOP_PAYER, tmp_path / "x.docx", template=tmp_path / "missing.docx")
    bad = tmp_path / "notes.docx"
    bad.write_text("not a word file")
    with pytest.raises(InputError, match=r"template 'notes\.docx': not a Word \.docx document"):
        write_letter(analysis, TOP_PAYER, tmp_path / "x.docx", template=bad)
    assert not (tmp_path / "x.docx").exists()


def test_default_template_file_exists():
    assert Path(DEFAULT_TEMPLATE).is_file()


def test_phone_numbers_do_not_break_at_their_hyphen(proposal_docx):
    closing = next(p for p in proposal_docx.document.paragraphs if "reach me at" in p.text)
    assert "you can reach me at (205)\u00a0555-0100 or contracts@riverbendpt.example" \
        in closing.text
    assert closing._p.xpath(".//w:noBreakHyphen")


def test_a_note_under_a_table_prints_with_its_last_row(proposal_docx):
    """The note saying where the market and Medicare figures come from was left alone at the
    top of a page (a reviewer's Cardinal letter): the rates table's last row keeps with it, so a
    page break moves that row (under a repeated header) with the note. A table with no note
    under it (the totals) lets its last row end a page."""
    body = proposal_docx.document.element.body
    blocks = list(body.iterchildren())
    rates, totals = proposal_docx.document.tables[0], proposal_docx.document.tables[1]
    assert rates.rows[0].cells[0].text == "Code" and len(rates.rows) > 12
    after = blocks[blocks.index(rates._tbl) + 1]
    assert "The market column is" in "".join(after.itertext())

    def keeps(row) -> bool:  # noqa: ANN001
        return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)

    assert keeps(rates.rows[-1]) and keeps(rates.rows[0])
    # longer than a page's worth, its body may break, but never to leave one row alone under
    # the repeated header (the reviewer's Cardinal letter: 92523 by itself atop page 2), nor
    # fewer than MIN_ROWS_A_PAGE (13 + 2 rows, a later review): its first rows keep with the
    # header, its last rows together, the rows between may end a page
    n = MIN_ROWS_A_PAGE
    assert all(keeps(row) for row in (*rates.rows[:n], *rates.rows[-n:]))
    assert not any(keeps(row) for row in rates.rows[n:-n])
    assert totals.rows[0].cells[0].text == "Annual reimbursement"
    assert not keeps(totals.rows[-1])


@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_the_closing_prints_with_the_letters_last_two_paragraphs(analysis, summit_offer,
                                                                tmp_path, kind):
    """A print review found a letter's closing paragraph alone at a page's foot (LibreOffice):
    the last two paragraphs before "Sincerely," keep whole (no line of theirs left on the page
    before) and with the next, so they, the closing and the signature print on one page."""
    offer = summit_offer if kind == "counter" else None
    letter = reopen(write_letter(analysis, TOP_PAYER, tmp_path, kind=kind, offer=offer))
    paragraphs = letter.document.paragraphs
    closing = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Sincerely,"))
    assert paragraphs[closing].paragraph_format.keep_together
    for before in paragraphs[closing - 2:closing]:
        assert before.text.strip(), "two paragraphs of words end the letter"
        assert before.paragraph_format.keep_with_next, before.text
        assert before.paragraph_format.keep_together, before.text
