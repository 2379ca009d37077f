"""The lean default template (``ratecalc_letter.lean_template``) makes the same letters as the
full one it was cut from: every style a letter names is there and resolves to the same
formatting, the pages LibreOffice renders are the same pixels, and a clinic's own template
gives the same letter as before.

The full template is the one shipped until 2026-12-07, kept byte for byte in
``tests/data/letter/default_template_full_before_lean.docx``: the expectations come from it,
not from the code that cuts it.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from PIL import Image, ImageChops

from ratecalc_letter import render, write_letter
from ratecalc_letter.make_template import build_template, template_bytes
from ratecalc_letter.preview import to_pdfs, to_pngs
from ratecalc_letter.styles import ALL_STYLES, DEFAULT_TEMPLATE

from .conftest import TOP_PAYER

FULL = Path(__file__).parent.parent / "data" / "letter" / "default_template_full_before_lean.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE_NAMING = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")
#: the properties a style sets, by where they live (``w:rPr`` font and size, ``w:pPr`` spacing,
#: indent and borders, ``w:tblPr`` table borders and margins ...)
PROPERTY_GROUPS = ("pPr", "rPr", "tblPr", "trPr", "tcPr")
LETTERS = (("proposal", TOP_PAYER), ("counter", TOP_PAYER), ("termination", "Meridian Mutual"))


def _parts(package: bytes | Path) -> dict[str, bytes]:
    data = package.read_bytes() if isinstance(package, Path) else package
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _styles(package: bytes | Path) -> etree._Element:
    return etree.fromstring(_parts(package)["word/styles.xml"])


def _by_id(styles: etree._Element) -> dict[str, etree._Element]:
    return {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}


def _resolved(styles: etree._Element, style_id: str) -> dict[str, str]:
    """Each property the style ends up with, as Word resolves it: the style's own, else its
    base styles' (nearest first), else the document defaults'; a table style's conditional
    formats (header row, total row) the same way. Keyed by group and property tag."""
    by_id = _by_id(styles)
    chain = []
    current = by_id.get(style_id)
    while current is not None:
        chain.append(current)
        base = current.find(f"{W}basedOn")
        current = by_id.get(base.get(f"{W}val")) if base is not None else None
    defaults = styles.find(f"{W}docDefaults")
    resolved: dict[str, str] = {}
    for source in [*chain, defaults]:
        for group in PROPERTY_GROUPS:
            for holder in source.iter(f"{W}{group}"):
                where = holder.getparent()
                cond = where.get(f"{W}type") if where.tag == f"{W}tblStylePr" else ""
                for prop in holder:
                    key = f"{cond}/{group}/{etree.QName(prop).localname}"
                    resolved.setdefault(key, etree.tostring(prop, method="c14n").decode())
    return resolved


def _named_styles(package: Path) -> set[str]:
    """The style ids every XML part of a letter names."""
    named = set()
    for name, data in _parts(package).items():
        if name.endswith(".xml") and name.startswith("word/"):
            root = etree.fromstring(data)
            named |= {e.get(f"{W}val") for tag in STYLE_NAMING for e in root.iter(f"{W}{tag}")}
    return named


@pytest.fixture(scope="module")
def full_bytes() -> bytes:
    return FULL.read_bytes()


@pytest.fixture(scope="module")
def letters(analysis, summit_offer, full_bytes, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Each kind of letter made with the lean default template and with the full one."""
    folder = tmp_path_factory.mktemp("lean")
    made: dict[str, dict[str, Path]] = {"lean": {}, "full": {}}
    with pytest.MonkeyPatch.context() as patch:
        for which in ("lean", "full"):
            if which == "full":
                patch.setattr(render, "_default_template_bytes", lambda: full_bytes)
            for kind, payer in LETTERS:
                offer = summit_offer if kind == "counter" else None
                made[which][kind] = write_letter(analysis, payer, folder / f"{which}-{kind}.docx",
                                                 kind=kind, offer=offer)
    return made


def test_the_full_template_is_built_as_before(full_bytes):
    """The build the lean template is cut from is the template shipped before."""
    assert template_bytes(lean=False) == full_bytes


def test_the_committed_template_is_the_build_and_the_build_repeats():
    built = template_bytes()
    assert built == template_bytes()
    assert DEFAULT_TEMPLATE.read_bytes() == built, \
        "rebuild it: python scripts/build_letter_template.py"


def test_the_lean_template_keeps_all_but_the_unused_styles(full_bytes):
    lean, full = _parts(DEFAULT_TEMPLATE), _parts(full_bytes)
    assert set(full) - set(lean) == {"word/stylesWithEffects.xml"}
    assert b"stylesWithEffects" not in lean["word/_rels/document.xml.rels"]
    assert b"stylesWithEffects" not in lean["[Content_Types].xml"]
    for name in ("word/numbering.xml", "word/theme/theme1.xml", "word/settings.xml",
                 "word/fontTable.xml", "word/document.xml"):
        assert lean[name] == full[name], name
    lean_styles, full_styles = _styles(DEFAULT_TEMPLATE), _styles(full_bytes)
    for kept in ("docDefaults", "latentStyles"):
        assert etree.tostring(lean_styles.find(f"{W}{kept}")) == \
            etree.tostring(full_styles.find(f"{W}{kept}")), kept
    ids = set(_by_id(lean_styles))
    assert ids < set(_by_id(full_styles))
    # RateCalc's 17, the four types' defaults, the six list styles the numbering names
    assert ids == {
        "RateCalcLetterhead", "RateCalcLetterheadDetails", "RateCalcRunningHeader",
        "RateCalcBody", "RateCalcDate", "RateCalcAddress", "RateCalcSubject", "RateCalcHeading",
        "RateCalcBullet", "RateCalcTableText", "RateCalcTableNumber", "RateCalcFigure",
        "RateCalcCaption", "RateCalcNote", "RateCalcSignature", "RateCalcStrong", "RateCalcTable",
        "Normal", "DefaultParagraphFont", "TableNormal", "NoList",
        "ListBullet", "ListBullet2", "ListBullet3", "ListNumber", "ListNumber2", "ListNumber3"}
    assert len(_parts(DEFAULT_TEMPLATE)["word/styles.xml"]) < len(full["word/styles.xml"]) / 10


def test_every_style_a_letter_names_is_there_and_resolves_as_in_the_full_template(
        letters, full_bytes):
    full_styles = _styles(full_bytes)
    ratecalcs = {name.replace(" ", "") for name in ALL_STYLES}   # their ids: the names unspaced
    named_by_any: set[str] = set()
    for kind, letter in letters["lean"].items():
        lean_styles = _styles(letter)
        named = _named_styles(letter)
        named_by_any |= named
        missing = named - set(_by_id(lean_styles))
        assert not missing, (kind, missing)
        for style_id in named | ratecalcs | {"Normal", "DefaultParagraphFont", "TableNormal"}:
            assert _resolved(lean_styles, style_id) == _resolved(full_styles, style_id), \
                (kind, style_id)
    # the proposal's tables and total rows, every letter's body text
    assert {"RateCalcBody", "RateCalcTable", "RateCalcStrong"} <= named_by_any


def test_the_resolved_formatting_is_font_size_spacing_indent_and_borders(full_bytes):
    """The comparison above sees what a letter looks like: hand-read from the template."""
    full = _styles(full_bytes)
    heading = _resolved(full, "RateCalcHeading")
    assert 'w:val="24"' in heading["/rPr/sz"]                      # 12 pt
    assert 'w:ascii="Arial"' in heading["/rPr/rFonts"]
    assert 'w:before="200"' in heading["/pPr/spacing"]             # 10 pt before
    assert 'w:color="1F4E79"' in _resolved(full, "RateCalcLetterheadDetails")["/pPr/pBdr"]
    assert 'w:left="432"' in _resolved(full, "RateCalcBullet")["/pPr/ind"]
    table = _resolved(full, "RateCalcTable")
    assert 'w:fill="1F4E79"' in table["firstRow/tcPr/shd"]
    assert "insideH" in table["/tblPr/tblBorders"]


def test_the_letters_reopen_in_python_docx_with_their_styles(letters):
    for kind, letter in letters["lean"].items():
        names = {s.name for s in docx.Document(str(letter)).styles}
        assert set(ALL_STYLES) <= names, kind


def test_a_checkout_without_the_file_builds_the_same_lean_styles():
    """``render`` builds the template when its file is missing: the lean one too."""
    built = io.BytesIO()
    build_template().save(built)
    assert _parts(built.getvalue())["word/styles.xml"] == \
        _parts(DEFAULT_TEMPLATE)["word/styles.xml"]


def test_a_letter_on_a_clinics_own_template_is_the_same_as_before(analysis, full_bytes,
                                                                  tmp_path, monkeypatch):
    """The RateCalc styles a clinic's template lacks are copied from the default template:
    the same elements from the lean one as from the full one."""
    own = tmp_path / "letterhead.docx"
    mine = docx.Document()
    mine.styles["Normal"].font.name = "Georgia"
    mine.save(str(own))
    lean = write_letter(analysis, TOP_PAYER, tmp_path / "lean.docx", template=own)
    monkeypatch.setattr(render, "_default_template_bytes", lambda: full_bytes)
    full = write_letter(analysis, TOP_PAYER, tmp_path / "full.docx", template=own)
    lean_parts, full_parts = _parts(lean), _parts(full)
    assert lean_parts.keys() == full_parts.keys()
    assert "word/stylesWithEffects.xml" in lean_parts       # the clinic's own, kept
    for name in lean_parts.keys() - {"docProps/core.xml"}:   # core.xml: the time written
        assert lean_parts[name] == full_parts[name], name


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="needs LibreOffice (soffice) and poppler (pdftoppm)")
def test_each_kind_of_letter_renders_to_the_same_pixels(letters, tmp_path):
    every = [*letters["lean"].values(), *letters["full"].values()]
    pdfs = dict(zip(every, to_pdfs(every, tmp_path), strict=True))   # LibreOffice opens each
    for kind in letters["lean"]:
        lean = to_pngs(pdfs[letters["lean"][kind]], tmp_path, dpi=60)
        full = to_pngs(pdfs[letters["full"][kind]], tmp_path, dpi=60)
        assert lean and len(lean) == len(full), kind
        for page, (a, b) in enumerate(zip(lean, full, strict=True), start=1):
            with Image.open(a) as one, Image.open(b) as other:
                assert one.size == other.size, (kind, page)
                assert ImageChops.difference(one.convert("RGB"),
                                             other.convert("RGB")).getbbox() is None, (kind, page)
