"""Names of the template's styles, and where the default template lives.

Shared by the template builder (:mod:`ratecalc_letter.make_template`) and the renderer
(:mod:`ratecalc_letter.render`); a clinic restyles these in Word, the code only names them.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_TEMPLATE = Path(__file__).with_name("resources") / "default_template.docx"

PARAGRAPH_STYLES: tuple[str, ...] = (
    "RateCalc Letterhead", "RateCalc Letterhead Details", "RateCalc Running Header",
    "RateCalc Body", "RateCalc Date", "RateCalc Address", "RateCalc Subject", "RateCalc Heading",
    "RateCalc Bullet", "RateCalc Table Text", "RateCalc Table Number", "RateCalc Figure",
    "RateCalc Caption", "RateCalc Note", "RateCalc Signature",
)
CHARACTER_STYLES: tuple[str, ...] = ("RateCalc Strong",)
TABLE_STYLES: tuple[str, ...] = ("RateCalc Table",)
ALL_STYLES: tuple[str, ...] = (*PARAGRAPH_STYLES, *CHARACTER_STYLES, *TABLE_STYLES)
