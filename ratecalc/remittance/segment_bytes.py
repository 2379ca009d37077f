"""The segments of a plain 835 found in its bytes, never made one Python string each.

The column reader (:mod:`.column_reader`) needs of most segments only their kind, their count
of elements and, for the few hundred distinct SVC, CAS, DTM and AMT texts a file repeats, the
text once. Splitting the text into a string per segment (200,000 in the benchmark's file),
joining them again to find their kinds and hashing each to find the distinct ones was a third
of its read. Here the segments are places in one byte array: their terminators found with
numpy, their kinds from their first bytes, the distinct ones by a hash of their bytes checked
byte for byte; text is made only of the segments asked for.

Only a file the tokenizer splits the same way is taken (:func:`byte_segments`): printable ASCII
text and line breaks, one set of delimiters, no line break as terminator, every interchange
ending with a terminator. Anything else is left to the segments as strings, which the reader
takes of any file.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ratecalc.limits import MAX_X12_ELEMENT_CHARS
from ratecalc.remittance.column_values import Declined
from ratecalc.remittance.tokenizer import Delimiters

#: Widest segment whose distinct texts are found by its bytes; a wider one (a 1,000-character
#: remark) would make the byte table that wide for every segment of its kind.
WIDEST_HASHED = 64


class ByteSegments:
    """The segments of a file as places in one byte array (line breaks dropped).

    Attributes
    ----------
    data : ndarray of uint8
        Every interchange's bytes without line breaks, one after another: each segment followed
        by the terminator.
    starts, ends : ndarray of int64
        Each segment's first byte and its terminator's place in ``data``.
    """

    def __init__(self, padded: np.ndarray, ends: np.ndarray, delimiters: Delimiters) -> None:
        # the bytes followed by WIDEST_HASHED zeros: room for a row from any segment (_table)
        self._padded = padded
        self.data = padded[:len(padded) - WIDEST_HASHED]
        self.ends = ends
        self.starts = np.r_[0, ends[:-1] + 1] if len(ends) else ends
        self.delimiters = delimiters

    def __len__(self) -> int:
        return len(self.ends)

    def layout(self, known: dict[str, int], other: int) -> tuple[np.ndarray, np.ndarray]:
        """Each segment's count of elements (with its id) and kind (see :func:`kinds`)."""
        separator = self.delimiters.element
        if not len(self.ends):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8)
        # each segment's separators: those before its terminator less those before the one
        # before it (the delimiters are distinct), counted 8 bytes a word: each word's
        # separators summed by one multiply, their running total, and the part of a word
        # before a terminator. numpy's sum over each segment's bytes (reduceat) cost 37.4 M
        # instructions of the benchmark's first read, this about 24 M
        found = self._padded == ord(separator)  # the zeros after the bytes are none
        words = found[:len(found) // 8 * 8].view(np.uint64)
        counts = (words * _EACH_BYTE) >> _LAST_BYTE
        before = np.cumsum(counts) - counts
        word = self.ends >> 3
        part = ((words[word] & _FIRST_BYTES[self.ends & 7]) * _EACH_BYTE) >> _LAST_BYTE
        sizes = np.diff((before[word] + part).astype(np.int64), prepend=0) + 1
        # the padded bytes: three codes past the last segment's start (zeros, no id's)
        return sizes, kinds(self._padded, self.starts, separator, known, other)

    def release(self) -> None:
        """Let the file's bytes go (the reader has read every segment)."""
        self.data = self._padded = np.zeros(0, dtype=np.uint8)
        self.ends = self.starts = np.zeros(0, dtype=np.int64)

    def texts(self, at: np.ndarray) -> list[str]:
        """The texts of the segments at ``at``, in that order."""
        if not len(at):
            return []
        return self._joined(at, ord("\n")).split("\n")[:-1]  # segments hold no line break

    def elements(self, at: np.ndarray) -> list[str]:
        """The elements of the segments at ``at``, one after another: what joining their texts
        with the element separator and splitting them there gives."""
        if not len(at):
            return []
        separator = self.delimiters.element
        return self._joined(at, ord(separator)).split(separator)[:-1]

    def heads(self, at: np.ndarray, head: str) -> np.ndarray:
        """Whether each segment at ``at`` starts with ``head`` (printable ASCII) and holds more
        than it, compared in the bytes."""
        starts = self.starts[at]
        found = self.ends[at] - starts > len(head)
        for offset, code in enumerate(head.encode("ascii")):
            # a byte past the file is one of the zeros after it (room for WIDEST_HASHED)
            found &= self._padded[starts + offset] == code
        return found

    def tails(self, at: np.ndarray, skip: int) -> list[str]:
        """The texts of the segments at ``at`` less their first ``skip`` characters (each is
        longer than that): made of those bytes alone, where the elements of a REF*6R made three
        strings, two of them thrown away."""
        if not len(at):
            return []
        return self._joined(at, ord("\n"), skip).split("\n")[:-1]

    def all_texts(self) -> list[str]:
        """Every segment's text, as the tokenizer splits the file."""
        terminator = self.delimiters.segment
        return str(self.data, "ascii").split(terminator)[:-1]  # type: ignore[call-overload]

    def distinct(self, at: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """What ``pd.factorize`` of the texts at ``at`` gives: each one's index among the
        distinct texts (in order of first appearance), and those texts.

        Found by a hash of each text's bytes (8 at a time), then checked byte for byte: each
        text against the first with its hash.
        """
        if not len(at):
            return np.zeros(0, dtype=np.intp), []
        lengths = self.ends[at] - self.starts[at]
        table = self._table(at, lengths)  # plain text holds no NUL: no text ends in one
        if table is None:
            where, found = pd.factorize(np.array(self.texts(at), dtype=object))
            return where, found.tolist()
        words = table.view(np.uint64)
        key = words[:, 0].copy()
        for column in range(1, words.shape[1]):  # wrapping: a hash, checked below
            key = key * np.uint64(0x100000001B3) ^ words[:, column]
        where, keys = pd.factorize(key)
        first = np.empty(len(keys), dtype=np.intp)
        first[where[::-1]] = np.arange(len(at) - 1, -1, -1)
        if not np.array_equal(words, words[first[where]]):
            # two texts with one hash (never seen): the column reader declines the whole
            # file, which the segment parser then reads from these segments' texts
            raise Declined
        return where.astype(np.intp, copy=False), self.texts(at[first])

    def _table(self, at: np.ndarray, lengths: np.ndarray) -> np.ndarray | None:
        """The bytes of the segments at ``at``, a row each, zeros after each one's end (rows
        of a multiple of 8 bytes); None when one is wider than WIDEST_HASHED."""
        width = int(lengths.max())
        if width > WIDEST_HASHED:
            return None
        width = max(8, -(-width // 8) * 8)
        # rows copied whole, each an item of ``width`` bytes starting at every byte (items
        # overlapping): a gather of each byte took twice as long as rows of a window over the
        # bytes (sliding_window_view), and those 2.7 times as long as these items (about 145
        # instructions a row against 54)
        items = np.ndarray(shape=(len(self._padded) - width + 1,),
                           dtype=np.dtype((np.void, width)), buffer=self._padded, strides=(1,))
        rows = items[self.starts[at]].view(np.uint8).reshape(len(at), width)
        # the bytes past each end zeroed a word at a time: a mask of every byte (n x width
        # flags, then a masked store) was half of a distinct() of the benchmark's file
        words = rows.view(np.uint64)
        whole, part = np.divmod(lengths, 8)
        for column in range(words.shape[1]):
            words[:, column] &= np.where(whole > column, _ALL_BYTES,
                                         np.where(whole == column, _FIRST_BYTES[part], 0))
        return rows

    def _joined(self, at: np.ndarray, mark: int, skip: int = 0) -> str:
        """The texts at ``at`` (less their first ``skip`` characters), each followed by the
        character ``mark``, as one string."""
        starts, ends = self.starts[at] + skip, self.ends[at]
        sizes = ends - starts + 1  # with the terminator, which becomes ``mark``
        # each byte's place: a run per segment (twice as fast as a table of rows masked)
        offsets = np.cumsum(sizes) - sizes
        places = np.arange(int(sizes.sum())) + np.repeat(starts - offsets, sizes)
        picked = self.data[places]
        picked[offsets + sizes - 1] = mark
        return str(picked, "ascii")


def byte_segments(text: str, spans: list[tuple[Delimiters, bool, int, int]], raw: bytes,
                  *, told_plain: bool = False) -> tuple[Delimiters, ByteSegments] | None:
    """The segments of ``text`` found in its bytes, and its delimiters; None when the tokenizer
    might split it otherwise, or a segment is not one the column reader takes as split
    (``parser._plain``: printable, at most MAX_X12_ELEMENT_CHARS characters).

    Taken: printable ASCII text and line breaks (``column_reader._plain_text`` tells it a slice
    at a time, whose memory a 20 MB element does not take, and gives its bytes), interchanges
    with one set of delimiters, none inferred, no line break as terminator, nothing but line
    breaks between them, each ending with its terminator (the tokenizer reads what follows
    the last as a segment when not blank). The tokenizer drops every line break of such a
    text and splits the rest at each terminator: so is it split here.

    Parameters
    ----------
    text : str
        The whole file.
    spans : list
        ``tokenizer.interchange_spans(text)``.
    raw : bytes
        ``text`` encoded as ASCII.
    told_plain : bool
        ``raw`` is every slice ``column_reader._plain_text`` found printable ASCII and line
        breaks: not looked over again for a control character (1.5 ms of the benchmark's
        4.4 MB).
    """
    if not spans or not text.isascii():
        return None
    delimiters = spans[0][0]
    terminator = delimiters.segment
    if terminator in _BREAKS or any(inferred or found != delimiters
                                    for found, inferred, _, _ in spans):
        return None
    gaps = [0, *(place for _, _, start, end in spans for place in (start, end)), len(text)]
    if any(text[start:end].strip(_BREAKS)
           for start, end in zip(gaps[::2], gaps[1::2], strict=True)):
        return None  # blanks other than line breaks between interchanges
    for _, _, start, end in spans:
        while end > start and text[end - 1] in _BREAKS:
            end -= 1
        if text[end - 1] != terminator:
            return None
    if len(raw) != len(text) or (not told_plain and raw.translate(None, _PRINTABLE_OR_BREAK)):
        return None  # a control character
    if b"\n" in raw or b"\r" in raw:
        raw = raw.replace(b"\n", b"").replace(b"\r", b"")
    # followed by room for a row of WIDEST_HASHED bytes from any segment (ByteSegments._table)
    padded = np.frombuffer(raw + bytes(WIDEST_HASHED), dtype=np.uint8)
    data = padded[:len(raw)]
    del raw
    ends = np.flatnonzero(data == ord(terminator))
    if (np.diff(ends, prepend=-1) - 1).max(initial=0) > MAX_X12_ELEMENT_CHARS:
        return None  # a segment the parser would not take as split
    return delimiters, ByteSegments(padded, ends, delimiters)


_BREAKS = "\r\n"
#: A word keeping all of its 8 bytes, and words keeping their first 0..7 bytes (in memory
#: order, whatever the machine's byte order), the rest zero.
_ALL_BYTES = np.frombuffer(b"\xff" * 8, dtype=np.uint64)[0]
_FIRST_BYTES = np.frombuffer(b"".join(b"\xff" * kept + bytes(8 - kept) for kept in range(8)),
                             dtype=np.uint64)
#: A word's bytes (each 0 or 1) summed into its last byte by one multiply.
_EACH_BYTE = np.uint64(0x0101010101010101)
_LAST_BYTE = np.uint64(56)
_PRINTABLE_OR_BREAK = bytes(range(0x20, 0x7F)) + b"\r\n"


def kinds(codes: np.ndarray, starts: np.ndarray, separator: str,
          known: dict[str, int], other: int) -> np.ndarray:
    """Each segment's kind (``known``'s value of its id, else ``other``), from its first four
    codes: an id of three and the separator, else one of two and the separator (``codes``
    holds at least three codes past the last start; a code past a segment is the next one's).

    Looked up in tables of every first three (and two) ASCII codes: the four codes as one
    number, factorized and each distinct number looked up (a file has a few dozen), cost
    43 M instructions of the benchmark's 200,000 segments, these about 26 M (the four
    gathers of codes 11 M of it).
    """
    if not len(starts):
        return np.full(0, other, np.int8)
    three, two = _kind_tables(tuple(known.items()), other)
    # ids and separators are printable ASCII: a code above it is none of them (read as NUL)
    head = [codes[starts + offset] for offset in range(4)]
    if codes.dtype != np.uint8:
        head = [np.where(code < 0x80, code, 0) for code in head]
    first, second, third, fourth = (code.astype(np.intp) for code in head)
    mark = ord(separator)
    code = first | (second << 7)
    found = three[code | (third << 14)]
    return np.where((fourth == mark) & (found != other), found,
                    np.where(third == mark, two[code], other)).astype(np.int8, copy=False)


@functools.lru_cache(maxsize=4)
def _kind_tables(known: tuple[tuple[str, int], ...], other: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Each id's kind at its codes' place (seven bits a code), ``other`` elsewhere: one table of
    three codes (2 MB, made once), one of two."""
    three = np.full(1 << 21, other, dtype=np.int8)
    two = np.full(1 << 14, other, dtype=np.int8)
    for segment_id, value in known:
        codes = segment_id.encode("ascii")
        place = sum(code << (7 * n) for n, code in enumerate(codes))
        if len(codes) == 3:
            three[place] = value
        elif len(codes) == 2:
            two[place] = value
    return three, two
