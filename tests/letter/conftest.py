"""Shared fixtures: the demo clinic's analysis, written letters, and a reader that reopens a
.docx with python-docx the way a test needs it (texts, tables, styles)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from ratecalc.analysis import Analysis, analyze
from ratecalc.demo import demo_data
from ratecalc_letter import write_letter
from ratecalc_letter.content import PayerOffer

TOP_PAYER = "Summit BlueCare PPO"


@pytest.fixture(scope="session")
def analysis() -> Analysis:
    return analyze(demo_data())


@dataclass
class Reopened:
    """A written letter read back with python-docx."""

    path: Path
    document: docx.document.Document

    @property
    def body_paragraphs(self) -> list[str]:
        return [p.text for p in self.document.paragraphs]

    @property
    def tables(self) -> list[list[list[str]]]:
        return [[[c.text for c in row.cells] for row in t.rows] for t in self.document.tables]

    @property
    def header_texts(self) -> list[str]:
        section = self.document.sections[-1]
        return [p.text for part in (section.first_page_header, section.header)
                for p in part.paragraphs]

    def all_texts(self) -> list[str]:
        cells = [cell for table in self.tables for row in table for cell in row]
        return self.header_texts + self.body_paragraphs + cells

    def full_text(self) -> str:
        return "\n".join(self.all_texts())

    def table_with_header(self, first: str) -> list[list[str]]:
        for table in self.tables:
            if table and table[0][0] == first:
                return table
        raise AssertionError(f"no table whose header starts with {first!r}")

    def money(self) -> list[str]:
        return re.findall(r"[+-]?\$[\d,]+\.\d\d", self.full_text())


def reopen(path: Path) -> Reopened:
    return Reopened(path, docx.Document(str(path)))


@pytest.fixture(scope="session")
def proposal_docx(analysis: Analysis, tmp_path_factory: pytest.TempPathFactory) -> Reopened:
    out = tmp_path_factory.mktemp("letters") / "proposal.docx"
    return reopen(write_letter(analysis, TOP_PAYER, out))


@pytest.fixture(scope="session")
def summit_offer() -> PayerOffer:
    """A counteroffer written out by hand: one code at the ask (accepted), one below the
    floor, the rest in between."""
    return PayerOffer(TOP_PAYER, {"97110": 26.50, "97140": 28.26, "97530": 29.00,
                                  "97112": 30.10, "G0283": 10.00})
