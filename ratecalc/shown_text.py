"""Text from data shown to people: on one line where a name stands, and nothing in it obeyed.

A payer, clinic or plan name comes from cells RateCalc did not write. Typed with Alt+Enter in
Excel (or pasted from a web page), it holds a line break, and broke the line it was printed on
(``analyze``'s lists: the second half of a payer's name stood alone as a line of its own) or a
letter's sentence. Pasted or planted, it can hold a bidi override (U+202E), which displays the
text after it right to left in a Word letter or a calendar (``$1,299`` reads ``992,1$``), or
characters that show nothing at all.

Two rules, one function each, used by every output that needs them:

- :func:`one_line`: where a name is shown on a line (a terminal's lists and messages, a letter's
  sentence, a calendar event), each line break in it, with the spaces around it, is one space,
  as the name reads in its cell. A line break is LF, CR, CRLF, NEL (U+0085) and the line and
  paragraph separators (U+2028, U+2029). The other characters ``str.splitlines`` breaks at (the
  vertical tab, form feed, U+001C-U+001E) are control characters no line is broken at: a
  terminal is shown their escapes (:mod:`ratecalc.terminal_text`), a document U+FFFD.
- :func:`document_text`: text written into a document RateCalc sends or shows (the Word letter,
  its properties, the .ics calendar) is :func:`one_line`, without the bidi controls and the other
  invisible format characters (:data:`HIDDEN`), and with U+FFFD for each character XML cannot
  hold (:data:`NOT_XML_TEXT`), as a workbook cell gets it.

The workbook is the clinic's data, not a document: its cells keep a name as it was typed, so
that every sheet matches it (:mod:`ratecalc.payers` refuses a name that differs from another
only by such characters).
"""

from __future__ import annotations

import re

#: Characters XML 1.0 cannot hold, so neither can a workbook or a letter: the C0 controls but
#: tab, line feed and carriage return; U+FFFE and U+FFFF; and halves of a surrogate pair (which
#: Python makes of a file name's bytes that are not UTF-8). Every reader refuses them in a table
#: cell, and every writer of a workbook or letter part replaces or drops them: openpyxl's own
#: pattern lacks the last two kinds, and a TiC plan name or an 835 payer name holding U+FFFF
#: stopped the workbook's save with an internal error.
NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: A line break, CRLF as one (see the module notes), with the spaces and tabs around it.
_LINE_BREAKS = re.compile("[ \t]*(?:(?:\r\n|[\n\r\x85\u2028\u2029])[ \t]*)+")

#: Characters a document must not carry from data: they display nothing themselves and change
#: how the rest shows, or hide it.
#: - the bidi controls (Unicode's Bidi_Control: U+061C, U+200E-U+200F, U+202A-U+202E,
#:   U+2066-U+2069), which reorder the text after them;
#: - every other format character (category Cf) but the zero-width non-joiner and joiner
#:   (U+200C, U+200D: Persian and Indic names and emoji are spelled with them) and the marks
#:   Unicode draws above the digits after them (:data:`SHOWN_FORMAT`): the zero-width
#:   space, word joiner and invisible operators (U+200B, U+2060-U+2064), the deprecated format
#:   controls (U+206A-U+206F), the byte order mark (U+FEFF), the soft hyphen (U+00AD), the
#:   interlinear annotation marks (U+FFF9-U+FFFB, whose annotation some programs hide), the tag
#:   characters (U+E0001, U+E0020-U+E007F, invisible text; but those of a flag, below), and the
#:   rest of Unicode 15's Cf.
HIDDEN = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]")
#: Format characters that are seen: Unicode's prepended concatenation marks, drawn over or
#: before the digits that follow (the Arabic number sign U+0600, the Arabic pound and piastre
#: marks U+0890-U+0891 of an Egyptian amount, the end of ayah U+06DD): removed, the sign went.
SHOWN_FORMAT = "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
#: A flag of Scotland, England or Wales: the black flag and a subdivision's tag letters
#: (UTS #51's emoji tag sequence, as every emoji keyboard writes it); its tags removed, the
#: flag showed black. Kept whole, and only so (tags elsewhere are hidden text).
_FLAG = "\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,6}\U000e007f"
_FLAG_OR_HIDDEN = re.compile(f"({_FLAG})|{HIDDEN.pattern}")


def one_line(text: str) -> str:
    """``text`` on one line: each line break in it, and the spaces around it, one space; one
    at its start or end, with its spaces, nothing.

    Examples
    --------
    >>> one_line("Blue Cross\\nBlue Shield of Alabama")
    'Blue Cross Blue Shield of Alabama'
    >>> one_line("Summit \\r\\n BlueCare\\u2028PPO\\n")
    'Summit BlueCare PPO'
    >>> one_line("Acme\\tPPO")
    'Acme\\tPPO'
    """
    if text.isascii() and text.isprintable():  # almost every name: one C-level pass
        return text
    return _LINE_BREAKS.sub(lambda found: "" if found.start() == 0 or found.end() == len(text)
                            else " ", text)


def document_text(text: str) -> str:
    """``text`` as a document shows it: :func:`one_line`, no :data:`HIDDEN` character, and
    U+FFFD for each character XML cannot hold.

    Examples
    --------
    >>> document_text("Summit \\u202eOPP eraCeulB\\u202c\\nWest")
    'Summit OPP eraCeulB West'
    >>> document_text("Zero\\u200bwidth\\x01")
    'Zerowidth\\ufffd'
    """
    if text.isascii() and text.isprintable():
        return text
    return NOT_XML_TEXT.sub("\ufffd", _FLAG_OR_HIDDEN.sub(lambda found: found.group(1) or "",
                                                          one_line(text)))
