"""The letter's chart: current, proposed and market rate per code, as a PNG.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display, no global state),
so it runs headless and in the Excel add-in's background process alike.
"""

from __future__ import annotations

import io
import math
from functools import cache
from typing import Any

from ratecalc_letter.blocks import Chart

# Colours: grey for today, the letterhead's navy for the ask, amber for the market marker.
CURRENT_COLOR = "#A6A6A6"
PROPOSED_COLOR = "#1F4E79"
MARKET_COLOR = "#C55A11"


def chart_png(chart: Chart, width_in: float = 6.5, height_in: float = 2.6, dpi: int = 200
              ) -> bytes:
    """Render ``chart`` as PNG bytes.

    Parameters
    ----------
    chart : ratecalc_letter.content.Chart
        Codes and rates [USD per unit]; a NaN market rate draws no marker.
    width_in, height_in : float
        Size [inches]; the renderer scales the picture to the text width.
    dpi : int
        Resolution [dots per inch].

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
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    family = _font_family()
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
    ax.set_xticks(positions, chart.codes, fontsize=8, fontfamily=family)
    for label in ax.get_yticklabels():
        label.set_fontfamily(family)
    ax.tick_params(axis="y", labelsize=8)
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
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


@cache
def _font_family() -> str:
    """The letter's sans-serif if this machine has it (Arial, or its metric twin Liberation
    Sans), else matplotlib's DejaVu Sans: asked once, so no font-not-found noise per chart."""
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    for family in ("Arial", "Liberation Sans", "Helvetica"):
        if family in available:
            return family
    return "DejaVu Sans"
