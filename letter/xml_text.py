"""Text as XML: character data and attribute values for the parts RateCalc writes by hand.

Not ``xml.sax.saxutils``: importing it loads urllib.request, http.client and ssl, about a tenth
of a second of a letter written in a fresh process.
"""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold (a control character typed into a cell): left out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """``text`` as XML character data (``&``, ``<``, ``>`` escaped; characters XML cannot
    hold left out)."""
    return (_NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def quoteattr(text: str) -> str:
    """``text`` as a double-quoted XML attribute value."""
    return '"' + escape(text).replace('"', "&quot;") + '"'
