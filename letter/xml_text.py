"""Text as XML: character data and attribute values for the parts RateCalc writes by hand.

Not ``xml.sax.saxutils``: importing it loads urllib.request, http.client and ssl, about a tenth
of a second of a letter written in a fresh process.
"""

from __future__ import annotations

from ratecalc.shown_text import NOT_XML_TEXT


def escape(text: str) -> str:
    """``text`` as XML character data (``&``, ``<``, ``>`` escaped; characters XML cannot
    hold left out)."""
    return (NOT_XML_TEXT.sub("", text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def quoteattr(text: str) -> str:
    """``text`` as a double-quoted XML attribute value."""
    return '"' + escape(text).replace('"', "&quot;") + '"'
