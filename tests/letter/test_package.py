"""The letter's own properties and settings (issue 13): no python-docx template leftovers, Word
2013+ compatibility mode, a complete zoom setting."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from lxml import etree

from ratecalc_letter.content import build_letter
from ratecalc_letter.render import letter_bytes
from ratecalc_letter.styles import DEFAULT_TEMPLATE

from .conftest import TOP_PAYER

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WRITTEN = datetime(2026, 1, 15, 14, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def package(analysis) -> bytes:
    return letter_bytes(build_letter(analysis, TOP_PAYER), written=WRITTEN)


def _part(package: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read(name)


def _names(package: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.namelist()


def test_core_properties_are_the_letters(package):
    props = docx.Document(io.BytesIO(package)).core_properties
    assert props.title == ("Rate proposal, agreement SBC-PT-2019-114 (PPO), current term "
                           "ending March 31, 2026")
    assert props.author == props.last_modified_by == "Jordan Ellis, PT, DPT"
    assert props.subject == f"Proposal letter to {TOP_PAYER}"
    assert props.created == props.modified == WRITTEN
    assert props.revision == 1
    assert props.keywords == "" and props.category == "" and props.last_printed is None


def test_no_template_leftovers(package):
    core = _part(package, "docProps/core.xml").decode()
    app = _part(package, "docProps/app.xml").decode()
    assert "2013" not in core
    assert "Microsoft" not in app and "Normal.dotm" not in app
    assert "<Application>RateCalc</Application>" in app
    assert "<Company>Riverbend Physical Therapy &amp; Rehab</Company>" in app
    assert not [n for n in _names(package) if "thumbnail" in n]
    assert b"thumbnail" not in _part(package, "_rels/.rels")


def test_compatibility_mode_15_and_a_complete_zoom(package):
    settings = etree.fromstring(_part(package, "word/settings.xml"))
    modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting")
             if s.get(f"{W}name") == "compatibilityMode"]
    assert modes == ["15"]
    zoom = settings.find(f"{W}zoom")
    assert zoom is not None and zoom.get(f"{W}percent") == "100"
    assert settings.find(f"{W}savePreviewPicture") is None


def test_the_shipped_template_has_no_leftovers_either():
    package = DEFAULT_TEMPLATE.read_bytes()
    assert b"2013" not in _part(package, "docProps/core.xml")
    assert b"Microsoft" not in _part(package, "docProps/app.xml")
    assert not [n for n in _names(package) if "thumbnail" in n]
    assert b'w:val="15"' in _part(package, "word/settings.xml")


def test_a_clinic_templates_stale_properties_are_replaced(analysis, tmp_path):
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    props = doc.core_properties
    props.author = "Former Office Manager"
    props.keywords = "internal; do not send"
    props.category = "Drafts"
    props.last_printed = datetime(2019, 5, 1)
    props.created = datetime(2019, 5, 1)
    settings = doc.settings.element
    compat = settings.find(f"{W}compat")
    settings.remove(compat)  # a template with no compat block at all gets one
    template = tmp_path / "old.docx"
    doc.save(str(template))

    package = letter_bytes(build_letter(analysis, TOP_PAYER), template, written=WRITTEN)
    out = docx.Document(io.BytesIO(package)).core_properties
    assert out.author == "Jordan Ellis, PT, DPT"
    assert out.keywords == "" and out.category == "" and out.last_printed is None
    assert out.created == WRITTEN
    settings = etree.fromstring(_part(package, "word/settings.xml"))
    assert [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting")] == ["15"]


def test_properties_longer_than_word_holds_are_cut_not_an_internal_error():
    """A payer named in 32,767 characters (Excel's most in a cell, as a payer's table may hold
    it) stopped `letter` with an internal error (exit 4): the subject "Proposal letter to
    <payer>" passed the 255 characters python-docx allows a core property."""
    from ratecalc_letter.package import LetterProperties, set_properties

    name = '=HYPERLINK("http://x.example/","Click")' + "x" * 32_728
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    set_properties(doc, LetterProperties(
        title=f"Rate proposal for {name}", subject=f"Proposal letter to {name}", author=name,
        company=name, written=datetime(2026, 12, 6, tzinfo=UTC)))
    core = doc.core_properties
    for value, start in [(core.title, "Rate proposal for =HYPERLINK"),
                         (core.subject, "Proposal letter to =HYPERLINK"),
                         (core.author, "=HYPERLINK"), (core.last_modified_by, "=HYPERLINK")]:
        assert len(value) == 255 and value.startswith(start) and value.endswith("…")
