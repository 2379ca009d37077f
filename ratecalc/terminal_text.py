"""Text from data printed on a terminal: shown, never obeyed.

A payer name in an 835, a TiC plan or file name, a workbook cell or sheet name, a file name
given on the command line: RateCalc did not write any of them, and a terminal obeys some
characters instead of showing them. An ESC (or the C1 control U+009B, which some terminals take
for ESC ``[``) starts a sequence that colours text, moves the cursor, clears the screen, makes a
hyperlink (OSC 8) or writes the clipboard (OSC 52); a carriage return or a backspace prints the
text after it over a figure already printed; a bidi override (U+202E) prints the characters after
it right to left, so ``$1,299`` reads as ``992,1$``. Each becomes its Python escape, visible and
inert: ``\\x1b``, ``\\x0d``, ``\\u202e``. Accented and CJK letters, and every other printable
character, are left as they are.

Tab and line feed are kept: a command's own messages and tables are laid out with them, and a
filter over all of a command's output (``ratecalc_cli.main``) cannot tell them from the data's.
Where a value must stay on one line (a table cell), its line breaks are the caller's to replace.
"""

from __future__ import annotations

import re

#: What a terminal obeys rather than shows, or cannot show at all:
#: - the C0 controls but tab and line feed (ESC, CR, BS, BEL ending an OSC sequence...), DEL,
#:   and the C1 controls U+0080-U+009F (U+009B is CSI, U+009D OSC on terminals that read them);
#: - the bidi marks, embeddings, overrides and isolates (Unicode's Bidi_Control property:
#:   U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), which reorder the text after them;
#: - the line and paragraph separators U+2028-U+2029, which some terminals break a line at;
#: - halves of a surrogate pair (Python's text for a file name's bytes that are not UTF-8),
#:   which a UTF-8 terminal cannot be written at all: printing one stopped the command.
UNSAFE_ON_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` as it can be printed on a terminal: each character a terminal would obey
    (:data:`UNSAFE_ON_TERMINAL`) written as its escape, every other one as it is.

    Examples
    --------
    >>> terminal_text("Summit\\x1b[2J BlueCare\\r$0.00")
    'Summit\\\\x1b[2J BlueCare\\\\x0d$0.00'
    >>> terminal_text("Caf\\u00e9 \\u7f8e\\u56fd \\u202e99.21$")
    'Café 美国 \\\\u202e99.21$'
    >>> terminal_text("two\\tcolumns\\nand lines")
    'two\\tcolumns\\nand lines'
    """
    if text.isascii() and text.isprintable():  # almost every message: one C-level pass
        return text
    return UNSAFE_ON_TERMINAL.sub(_escape, text)
