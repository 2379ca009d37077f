"""The letter's chart: current, proposed and market rate per code, as a PNG.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display, no global state),
so it runs headless and in the Excel add-in's background process alike.
"""

from __future__ import annotations

import io
import math
from functools import cache
from typing import TYPE_CHECKING, Any

from ratecalc_letter.blocks import Chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Colours: grey for today, the letterhead's navy for the ask, amber for the market marker.
CURRENT_COLOR = "#A6A6A6"
PROPOSED_COLOR = "#1F4E79"
MARKET_COLOR = "#C55A11"


#: Fonts with the same metrics as Office's, which LibreOffice and most Linux systems ship:
#: a chart drawn in one of these lines up with a letter set in the Office font.
METRIC_TWINS: dict[str, tuple[str, ...]] = {
    "arial": ("Liberation Sans", "Arimo"),
    "helvetica": ("Liberation Sans", "Arimo"),
    "arial narrow": ("Liberation Sans Narrow",),
    "times new roman": ("Liberation Serif", "Tinos"),
    "times": ("Liberation Serif", "Tinos"),
    "courier new": ("Liberation Mono", "Cousine"),
    "calibri": ("Carlito",),
    "cambria": ("Caladea",),
}
_SERIF = ("times", "cambria", "georgia", "garamond", "book antiqua", "palatino", "serif")


def chart_png(chart: Chart, width_in: float = 6.5, height_in: float = 2.6, dpi: int = 200,
              font: str = "Arial") -> bytes:
    """Render ``chart`` as PNG bytes, its text in the letter's ``font`` (see
    :func:`chart_font`).

    Parameters
    ----------
    chart : ratecalc_letter.content.Chart
        Codes and rates [USD per unit]; a NaN market rate draws no marker.
    width_in, height_in : float
        Size [inches]; the renderer scales the picture to the text width.
    dpi : int
        Resolution [dots per inch].
    font : str
        The letter's font family, as the template names it.

    Returns
    -------
    bytes
        A PNG image.

    Notes
    -----
    Bars for the current and proposed rate side by side per code, and the market rate as a
    short horizontal line across both, so the gap left after the proposal is visible at a glance.
    Codes with very different rates (evaluations near $100, modalities near $12) share one axis:
    the bars are in dollars per unit, as the table is.
    """
    fig = chart_figure(chart, width_in, height_in, dpi, font)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def chart_figure(chart: Chart, width_in: float = 6.5, height_in: float = 2.6, dpi: int = 200,
                 font: str = "Arial") -> Figure:
    """The chart as a matplotlib Figure on an Agg canvas (see :func:`chart_png`)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    family = chart_font(font)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    n = len(chart.codes)
    positions = list(range(n))
    bar = 0.36
    handles: list[Any] = [
        ax.bar([x - bar / 2 for x in positions], chart.current, bar, color=CURRENT_COLOR,
               label="Current rate", zorder=2),
        ax.bar([x + bar / 2 for x in positions], chart.proposed, bar, color=PROPOSED_COLOR,
               label="Proposed rate", zorder=2),
    ]
    marked = [(x, m) for x, m in zip(positions, chart.market, strict=True) if not math.isnan(m)]
    if marked:
        handles.append(ax.hlines(
            [m for _, m in marked], [x - bar * 1.25 for x, _ in marked],
            [x + bar * 1.25 for x, _ in marked], colors=MARKET_COLOR, linewidth=2.2,
            label=chart.market_label, zorder=3))
    ax.set_xticks(positions, chart.codes, fontsize=8)
    # for the tick labels matplotlib makes later too (the y axis' are made at draw time)
    ax.tick_params(axis="both", labelsize=8, labelfontfamily=family)
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_formatter(StrMethodFormatter("${x:,.0f}"))
    ax.set_ylabel("USD per unit", fontsize=8, fontfamily=family)
    ax.set_xlim(-0.6, n - 0.4)
    ax.grid(axis="y", color="#E0E0E0", linewidth=0.6, zorder=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=handles, frameon=False, ncols=3, loc="lower center",
              bbox_to_anchor=(0.5, 1.0), prop={"size": 8, "family": family})
    fig.tight_layout(pad=0.4)
    return fig


@cache
def chart_font(font: str) -> str:
    """The family matplotlib draws the chart in for a letter set in ``font``.

    ``font`` itself when this machine has it; else its metric twin (Arial -> Liberation Sans,
    Calibri -> Carlito, Times New Roman -> Liberation Serif...); else a sans-serif or serif
    of the same kind, Liberation first; else matplotlib's DejaVu. Only installed families are
    returned, so matplotlib never warns that a font is missing.

    Examples
    --------
    >>> chart_font("Arial") in ("Arial", "Liberation Sans", "Arimo", "DejaVu Sans")
    True
    """
    available = _installed_families()
    wanted = font.strip()
    serif = any(word in wanted.casefold() for word in _SERIF)
    generic = (("Liberation Serif", "Tinos", "DejaVu Serif") if serif
               else ("Liberation Sans", "Arimo", "Arial", "Helvetica", "DejaVu Sans"))
    for family in (wanted, *METRIC_TWINS.get(wanted.casefold(), ()), *generic):
        if family in available:
            return family
    return "DejaVu Sans"  # matplotlib's own, always there


@cache
def _installed_families() -> frozenset[str]:
    from matplotlib import font_manager

    return frozenset(f.name for f in font_manager.fontManager.ttflist)
