"""The letter's chart is drawn in the letter's font (issue 13: it used DejaVu Sans for the
value axis in an Arial letter)."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import docx
import pytest
from matplotlib import font_manager
from matplotlib.text import Text

from ratecalc_letter.blocks import Chart
from ratecalc_letter.chart import _installed_families, chart_figure, chart_font
from ratecalc_letter.render import letter_font
from ratecalc_letter.styles import DEFAULT_TEMPLATE

CHART = Chart(codes=("97110", "97140", "G0283"), current=(25.22, 24.58, 10.56),
              proposed=(29.00, 28.26, 12.14), market=(31.66, math.nan, 13.39),
              market_label="Market median", caption="Figure 1.")
LIBERATION = {"Liberation Sans", "Liberation Serif"} <= _installed_families()


def _font_files(font: str) -> Counter[str]:
    """The font file of every piece of text in the drawn chart."""
    fig = chart_figure(CHART, font=font)
    fig.canvas.draw()
    texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
    assert len(texts) >= 10  # ticks both ways, axis label, legend
    return Counter(Path(font_manager.findfont(t.get_fontproperties())).name for t in texts)


@pytest.mark.skipif(not LIBERATION, reason="needs the Liberation fonts (fonts-liberation)")
def test_every_text_of_the_chart_is_in_the_letters_font():
    files = _font_files("Arial")
    assert set(files) == {"LiberationSans-Regular.ttf"}, files


@pytest.mark.skipif(not LIBERATION, reason="needs the Liberation fonts (fonts-liberation)")
@pytest.mark.parametrize(("font", "expected"), [
    ("Arial", {"Arial", "Liberation Sans"}),
    ("Helvetica", {"Helvetica", "Liberation Sans"}),
    ("Times New Roman", {"Times New Roman", "Liberation Serif"}),
    ("Georgia", {"Georgia", "Liberation Serif"}),        # no twin: a serif of the same kind
    ("Some Script Font", {"Liberation Sans"}),            # unknown: the sans-serif
    ("Calibri", {"Calibri", "Carlito", "Liberation Sans"}),
])
def test_the_chart_font_follows_the_letter_font(font, expected):
    assert chart_font(font) in expected


def test_the_chart_font_is_always_one_matplotlib_has():
    for font in ("Arial", "Times New Roman", "Wingdings", ""):
        assert chart_font(font) in _installed_families() | {"DejaVu Sans"}


def test_the_letters_font_is_read_from_the_template(tmp_path):
    assert letter_font(docx.Document(str(DEFAULT_TEMPLATE)), "RateCalc Caption") == "Arial"
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    doc.styles["RateCalc Caption"].font.name = None
    doc.styles["Normal"].font.name = "Georgia"   # inherited through the style's base
    assert letter_font(doc, "RateCalc Caption") == "Georgia"
    # python-docx's own template names no font: its theme's minor font applies
    assert letter_font(docx.Document(), "Normal") == "Cambria"
