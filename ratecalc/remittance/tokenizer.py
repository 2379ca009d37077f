"""Split X12 text into segments with the delimiters its ISA segment declares.

An X12 interchange names its own delimiters: the element separator is the character right after
``ISA``, the component separator is ISA16, the segment terminator is the character after ISA16,
and from version 00402 on ISA11 is the repetition separator. Nothing here assumes ``*``, ``:`` or
``~``. A file may hold several interchanges, each with its own delimiters, and may put line breaks
between segments (or none at all).

Some payer exports drop the ISA/GS envelope and start at ``ST``. For those the delimiters are
inferred from the data and the caller is told so (:attr:`Block.inferred`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from ratecalc.errors import InputError
from ratecalc.file_signatures import GZIP, OLE, PDF, ZIP
from ratecalc.limits import MAX_X12_ELEMENT_CHARS, MAX_X12_SEGMENT_CHARS
from ratecalc.remittance.values import SEGMENT_IDS

_LINE_BREAKS = "\r\n"
_BLANK = " \t\r\n\ufeff\x00"
#: DOS's end-of-file mark (SUB), which some systems still write after a file's last byte
_END_OF_FILE = "\x1a"
_ISA_ELEMENTS = 16
_CHUNK = 1 << 18  # characters split at a time


class X12SyntaxError(InputError):
    """Text that cannot be split into segments; the message quotes the text at fault.

    Attributes
    ----------
    rule : str
        The message without the quoted text, for a caller that must not quote it (the text may
        hold patient data).
    text : str
        The text at fault.
    """

    def __init__(self, rule: str, text: str) -> None:
        super().__init__(f"{rule}, got {text!r}")
        self.rule = rule
        self.text = text


class NoSegment(X12SyntaxError):
    """Text that starts with no segment id and separator: no X12 at all (a page's footer, a
    PDF)."""


class StrayKind(Enum):
    """What the text after an IEA that starts no interchange is (:class:`StrayText`): an ISA
    whose delimiters cannot be read, text starting with no segment (:class:`NoSegment`), or a
    segment without its terminator."""

    ISA = "isa"
    NO_SEGMENT = "no segment"
    UNENDED = "unended"


class StrayText(X12SyntaxError):
    """Text after an interchange's IEA that starts no interchange (a page's footer, a segment
    cut short): the file is refused there, naming the segment and line where it starts.

    Attributes
    ----------
    before : list of tuple
        The interchanges before it, as :func:`interchange_spans` gives them: the parser reads
        them to number the segment the text would be.
    position : int
        Where the text starts in the file.
    kind : StrayKind
        What the text is; ``rule`` says what is wrong with it.
    """

    def __init__(self, rule: str, text: str, before: list[tuple[Delimiters, bool, int, int]],
                 position: int, kind: StrayKind) -> None:
        super().__init__(rule, text)
        self.before = before
        self.position = position
        self.kind = kind


class OverlongSegment(InputError):
    """A segment longer than :data:`~ratecalc.limits.MAX_X12_SEGMENT_CHARS`, or with an element
    longer than :data:`~ratecalc.limits.MAX_X12_ELEMENT_CHARS`.

    Raised while the segments are read, before the long text is copied out of the file's text
    (an element of 50,000,000 characters cost 516 MB and 40 s to import). The tokenizer does not
    count segments: the parser, which does, names the segment in its message.

    Attributes
    ----------
    segment_id : str
        The text before the segment's first element separator, at most 3 characters (it may be
        no segment id at all: the caller decides whether to quote it).
    element : int or None
        Position of the first element over the limit (1 for the first after the id; 0 when no
        element separator comes within the limit, so there is no segment id), or None when
        every element is within it and the segment as a whole is too long.
    """

    def __init__(self, segment_id: str, element: int | None) -> None:
        self.segment_id = segment_id
        self.element = element
        if element is None:
            super().__init__(f"segment longer than {MAX_X12_SEGMENT_CHARS:,} characters")
        elif element == 0:
            super().__init__("no element separator in the first "
                             f"{MAX_X12_ELEMENT_CHARS:,} characters of the segment")
        else:
            super().__init__(f"element {element} longer than {MAX_X12_ELEMENT_CHARS:,} "
                             "characters")


def check_lengths(segment: str, element: str) -> None:
    """Refuse a segment over the limits of :mod:`ratecalc.limits`.

    Parameters
    ----------
    segment : str
        The segment's text (or the start of one, when its terminator has not been read yet).
    element : str
        The element separator.

    Raises
    ------
    OverlongSegment
        Naming the first element over MAX_X12_ELEMENT_CHARS, else the segment when it is over
        MAX_X12_SEGMENT_CHARS.

    Examples
    --------
    >>> check_lengths("N1*PR*" + "A" * 1000, "*")
    >>> check_lengths("N1*PR*" + "A" * 1001 + "*XV", "*")
    Traceback (most recent call last):
    ...
    ratecalc.remittance.tokenizer.OverlongSegment: element 2 longer than 1,000 characters
    """
    if len(segment) <= MAX_X12_ELEMENT_CHARS:
        return
    segment_id = segment[:4].split(element)[0][:3]
    start = 0
    for position in itertools.count():
        end = segment.find(element, start)
        stop = len(segment) if end < 0 else end
        if stop - start > MAX_X12_ELEMENT_CHARS:
            raise OverlongSegment(segment_id, position)
        if end < 0:
            break
        start = end + 1
    if len(segment) > MAX_X12_SEGMENT_CHARS:
        raise OverlongSegment(segment_id, None)


@dataclass(frozen=True)
class Delimiters:
    """The separators of one interchange.

    Attributes
    ----------
    element : str
        Separates the elements of a segment (ISA character 4).
    component : str
        Separates the components of a composite element (ISA16).
    segment : str
        Ends a segment (the character after ISA16).
    repetition : str or None
        Separates repeated elements (ISA11, versions 00402 and later); None for 4010.
    """

    element: str
    component: str
    segment: str
    repetition: str | None = None

    def describe(self) -> str:
        """Name the delimiters for a message, e.g. ``element '*', component ':', segment '~'``."""
        return (
            f"element {self.element!r}, component {self.component!r}, "
            f"segment {self.segment!r}"
        )


@dataclass(frozen=True)
class Block:
    """The segments of one interchange (or of one envelope-less file) in file order.

    Attributes
    ----------
    delimiters : Delimiters
        The separators the segments were split with.
    segments : tuple of str
        Segment texts without terminator or surrounding line breaks; an empty string is an empty
        segment (two terminators in a row).
    first_segment : int
        Number of ``segments[0]`` in the file, counting from 1.
    inferred : bool
        True when the block has no ISA segment and the delimiters were inferred from the data.
    """

    delimiters: Delimiters
    segments: tuple[str, ...]
    first_segment: int
    inferred: bool = False


def delimiters_from_isa(text: str, start: int = 0) -> Delimiters:
    """Read the delimiters an ISA segment declares.

    Parameters
    ----------
    text : str
        X12 text.
    start : int
        Index of the ``I`` of ``ISA`` in ``text``.

    Returns
    -------
    Delimiters

    Raises
    ------
    InputError
        When the ISA segment does not have its 16 elements or declares clashing delimiters.

    Notes
    -----
    The terminator is the character after ISA16. When that character is a line break and the next
    character that is not a line break is not alphanumeric, the file puts its line breaks *before*
    the terminator (``...|^\\n~GS|...``): the terminator is that next character and the line
    breaks are layout.

    Examples
    --------
    >>> delimiters_from_isa("ISA*00*          *00*          *ZZ*SENDER         *ZZ*"
    ...                     "RECEIVER       *250301*1200*^*00501*000000001*0*P*>~GS*HP")
    Delimiters(element='*', component='>', segment='~', repetition='^')
    """
    element = text[start + 3 : start + 4]
    if not element or element.isalnum() or element in _BLANK:
        raise InputError(
            f"ISA segment: expected an element separator after 'ISA', got {element!r}"
        )
    position = start
    for _ in range(_ISA_ELEMENTS):
        position = text.find(element, position + 1)
        if position < 0:
            raise X12SyntaxError(
                f"ISA segment: expected {_ISA_ELEMENTS} elements separated by {element!r}",
                text[start : start + 106],
            )
    if position - start > MAX_X12_SEGMENT_CHARS:  # an ISA is 106 characters; do not copy it
        raise X12SyntaxError(
            f"ISA segment: expected {_ISA_ELEMENTS} elements within "
            f"{MAX_X12_SEGMENT_CHARS:,} characters (an ISA has 106)", text[start : start + 106])
    component = text[position + 1 : position + 2]
    segment = text[position + 2 : position + 3]
    if segment and segment in _LINE_BREAKS:
        after = position + 2
        while after < len(text) and text[after] in _LINE_BREAKS:
            after += 1
        if after < len(text) and not text[after].isalnum():
            segment = text[after]
    fields = text[start:position].split(element)
    version = fields[12] if len(fields) > 12 else ""
    repetition = (
        fields[11] if version.isdigit() and version >= "00402" and len(fields[11]) == 1 else None
    )
    for name, separator in (("component separator (ISA16)", component),
                            ("repetition separator (ISA11)", repetition)):
        if separator and separator in _LINE_BREAKS:
            # every reader of X12 (this one too) drops line breaks between segments as layout,
            # so a line break splitting values cannot be told from one: each SVC's procedure
            # was refused in its own message, the file's one mistake said once per line
            raise InputError(
                f"ISA segment: the {name} is a line break ({separator!r}), which X12 files use "
                f"as layout between segments: expected another character, such as "
                f"{':' if 'ISA16' in name else '^'!r} (the file's ISA may have lost it)")
    chosen = [element, component, segment] + ([repetition] if repetition else [])
    # A letter or digit as terminator would split the values themselves (a terminator 'G'
    # left after an ISA16 without one cuts names apart).
    if (not component or not segment or len(set(chosen)) != len(chosen) or component.isalnum()
            or segment.isalnum()):
        raise InputError(
            "ISA segment: expected distinct non-alphanumeric separators, got element "
            f"{element!r}, component (ISA16) {component!r}, terminator {segment!r}"
            + (f", repetition (ISA11) {repetition!r}" if repetition else "")
        )
    return Delimiters(element, component, segment, repetition)


def infer_delimiters(text: str, start: int = 0) -> Delimiters:
    """Infer the delimiters of envelope-less X12 text (starting at a segment such as ``ST``).

    The element separator follows the first segment id; the terminator is the first character
    after it that cannot belong to an ``ST`` segment's values; the component separator is the
    character after the two-letter qualifier of the first ``SVC`` composite, else ``:``.

    Raises
    ------
    InputError
        When the text does not start with a segment id followed by a separator.
    """
    head = re.compile(r"([A-Z][A-Z0-9]{1,2})([^A-Za-z0-9\s])").match(text, start)
    # The delimiters are those of an 835's segment: any two capitals and a character after them
    # took a zip's "PK\x03" (a Word or Excel file given as an 835) for a segment id and its
    # separator, and every later piece of the file was refused as a segment of its own.
    if head is None or head.group(1) not in SEGMENT_IDS:
        raise NoSegment(
            "expected an X12 file starting with an ISA (or ST) segment" + _kind(text, start),
            text[start : start + 20])
    element = head.group(2)
    position = head.end()
    limit = min(len(text), start + MAX_X12_SEGMENT_CHARS)
    while position < limit and (
        text[position].isalnum() or text[position] in (element, " ", ".", "-")
    ):
        position += 1
    segment = text[position : position + 1]
    if position >= start + MAX_X12_SEGMENT_CHARS:
        raise X12SyntaxError(f"expected a segment terminator within the first "
                             f"{MAX_X12_SEGMENT_CHARS:,} characters", text[start : start + 20])
    if not segment:
        raise X12SyntaxError("expected a segment terminator after the first segment",
                             text[start:position])
    svc = re.compile("SVC" + re.escape(element) + r"[A-Z0-9]{2}([^A-Za-z0-9\s])").search(
        text, start
    )
    component = svc.group(1) if svc and svc.group(1) not in (element, segment) else ":"
    return Delimiters(element, component, segment)


#: The first bytes of files given as 835s that are none (read as Latin-1, as a file that is not
#: UTF-8 is read), and what each file is.
_OTHER_KINDS = tuple((signature.decode("latin-1"), kind) for signature, kind in (
    (ZIP, "a zip archive (an Excel or Word file, or 835 files zipped: unzip it and give the "
          "files it holds)"),
    (PDF, "a PDF"),
    (OLE, "an Excel 97-2003 or Word 97-2003 file"),
    (GZIP, "a gzip file (unpack it and give the file it holds)"),
))


def _kind(text: str, start: int) -> str:
    """What the text is, for the refusal of text that is no X12 ("; it is a PDF"), or ""."""
    return next((f"; it is {kind}" for magic, kind in _OTHER_KINDS
                 if text.startswith(magic, start)), "")


def tokenize(text: str) -> list[Block]:
    """Split X12 text into blocks of segments, one block per interchange.

    Parameters
    ----------
    text : str
        The whole file.

    Returns
    -------
    list of Block
        In file order; segment numbers run on across blocks.

    Raises
    ------
    InputError
        When an ISA segment is malformed or the text is not X12.

    Examples
    --------
    >>> [b.segments for b in tokenize("ST*835*1~SE*2*1~")]
    [('ST*835*1', 'SE*2*1')]
    """
    blocks: list[Block] = []
    number = 1
    for delimiters, inferred, segments in interchanges(text):
        found = tuple(segments)
        blocks.append(Block(delimiters, found, number, inferred))
        number += len(found)
    return blocks


def interchanges(text: str) -> Iterator[tuple[Delimiters, bool, Iterator[str]]]:
    """Each interchange's delimiters, whether they were inferred, and its segments one by one.

    What :func:`tokenize` returns, without holding every segment of the file at once: a large
    835 has millions, and a list of them costs several times the text. Each interchange's
    segments must be read before the next interchange is asked for.

    Raises
    ------
    InputError
        When an ISA segment is malformed or the text is not X12.

    Examples
    --------
    >>> [(d.segment, list(s)) for d, _, s in interchanges("ST*835*1~SE*2*1~")]
    [('~', ['ST*835*1', 'SE*2*1'])]
    """
    return ((delimiters, inferred, itertools.chain.from_iterable(chunks))
            for delimiters, inferred, chunks in interchange_chunks(text))


def interchange_chunks(text: str) -> Iterator[tuple[Delimiters, bool, Iterator[list[str]]]]:
    """What :func:`interchanges` gives, each interchange's segments a list at a time (the
    segments of 262,144 characters, about 12,000 in a usual 835; perhaps none).

    A reader that checks a list's segments at once, rather than one by one, reads a large file
    faster: the parser tells a list without an overlong segment or control character (every list
    of a usual file) in two C-level passes.

    Raises
    ------
    InputError
        When an ISA segment is malformed or the text is not X12.

    Examples
    --------
    >>> [(d.segment, list(c)) for d, _, c in interchange_chunks("ST*835*1~SE*2*1~")]
    [('~', [['ST*835*1', 'SE*2*1']])]
    """
    # Every envelope is read before the first segment is given, so a malformed ISA anywhere
    # raises before any of the file is parsed (a file is imported whole or not at all).
    return span_chunks(text, interchange_spans(text))


def interchange_spans(text: str) -> list[tuple[Delimiters, bool, int, int]]:
    """Each interchange's delimiters, whether they were inferred, and where its text starts
    and ends in ``text`` (the blanks between interchanges are in none).

    Raises
    ------
    InputError
        When an ISA segment is malformed or the text is not X12 (:class:`StrayText` when the
        text that is not follows an IEA).

    Examples
    --------
    >>> interchange_spans("ST*835*1~SE*2*1~\\n")
    [(Delimiters(element='*', component=':', segment='~', repetition=None), True, 0, 17)]
    """
    found: list[tuple[Delimiters, bool, int, int]] = []
    position = _skip_blank(text, 0)
    while position < len(text):
        inferred = not text.startswith("ISA", position)
        if inferred:
            try:
                delimiters = infer_delimiters(text, position)
            except X12SyntaxError as exc:
                if not found:
                    raise  # the file itself is no X12
                kind = StrayKind.NO_SEGMENT if isinstance(exc, NoSegment) else StrayKind.UNENDED
                raise StrayText(exc.rule, exc.text, found, position, kind) from None
        else:
            try:
                delimiters = delimiters_from_isa(text, position)
            except InputError as exc:
                if not found:
                    raise  # the file's own ISA, segment 1
                # another interchange's ISA, after an IEA: named where it is (it was named as
                # the file's segment 1, quoting the file's first ISA)
                rule = exc.rule if isinstance(exc, X12SyntaxError) else str(exc)
                raise StrayText(rule, text[position:position + 106], found, position,
                                StrayKind.ISA) from None
        end = _interchange_end(text, position, delimiters)
        found.append((delimiters, inferred, position, end))
        # After an IEA, its terminator again and an end-of-file mark are layout, as blanks are
        # (a sender's "IEA*1*000000001~~" or DOS's Ctrl-Z): what followed was read as a file
        # of its own without an envelope, and the whole file refused naming its first segment
        position = _skip_blank(text, end, delimiters.segment + _END_OF_FILE)
    return found


def span_chunks(text: str, spans: list[tuple[Delimiters, bool, int, int]]
                ) -> Iterator[tuple[Delimiters, bool, Iterator[list[str]]]]:
    """What :func:`interchange_chunks` gives, for the interchanges ``spans`` found
    (:attr:`StrayText.before`)."""
    return ((delimiters, inferred, _chunks(text, start, end, delimiters))
            for delimiters, inferred, start, end in spans)


def _skip_blank(text: str, position: int, also: str = "") -> int:
    blank = _BLANK + also
    while position < len(text) and text[position] in blank:
        position += 1
    return position


def _interchange_end(text: str, start: int, delimiters: Delimiters) -> int:
    """Index just past the IEA segment that closes the interchange at ``start`` (or the end):
    the first ``IEA`` and element separator after a terminator at or past ``start`` and any
    line breaks.

    Found with ``str.find`` of ``IEA``, each checked for the terminator before it: a pattern
    starting at the terminator was tried at each of a file's segments (the 12 interchanges of
    the 835 benchmark's file: 4.6 ms, now 3.2 ms).
    """
    terminator = delimiters.segment
    trailer = "IEA" + delimiters.element
    at = text.find(trailer, start)
    while at >= 0:
        breaks = at  # the line breaks right before it start here (never before ``start``)
        while breaks > start and text[breaks - 1] in _LINE_BREAKS:
            breaks -= 1
        # the terminator before the line breaks, or among them (a line break terminator)
        if (breaks > start and text[breaks - 1] == terminator) or terminator in text[breaks:at]:
            end = text.find(terminator, at + len(trailer))
            return len(text) if end < 0 else end + 1
        at = text.find(trailer, at + 1)
    return len(text)


def _chunks(text: str, start: int, end: int, delimiters: Delimiters) -> Iterator[list[str]]:
    """The segments of ``text[start:end]``, a list per chunk (perhaps empty), split a chunk at a
    time (a split of the whole interchange would hold a list of every segment).

    A segment still unterminated past MAX_X12_SEGMENT_CHARS raises :class:`OverlongSegment`
    there: what is held of it never grows past that and one chunk.
    """
    terminator = delimiters.segment
    layout = terminator in _LINE_BREAKS
    pending = ""  # the last part of a chunk: it may continue in the next one
    while start < end:
        stop = min(start + _CHUNK, end)
        chunk = pending + text[start:stop]
        start = stop
        if not layout and ("\n" in chunk or "\r" in chunk):
            # Line breaks are layout between segments (X12 data cannot contain them): dropping
            # them all at once is much faster than stripping each segment.
            chunk = chunk.replace("\r", "").replace("\n", "")
        parts = chunk.split(terminator)
        pending = parts.pop()
        if layout:
            yield [part.strip(_LINE_BREAKS) for part in parts]
        else:
            yield parts
        if len(pending) > MAX_X12_SEGMENT_CHARS:  # after the segments before it, so counted
            check_lengths(pending.lstrip(_LINE_BREAKS), delimiters.element)
    # What follows the last terminator is a segment only if it is not blank.
    if pending.strip(_BLANK):
        yield [pending.strip(_LINE_BREAKS) if layout else pending]
