"""Read the claims of a well-formed 835 a column at a time, not a segment at a time.

The parser (:mod:`~ratecalc.remittance.parser`) walks an 835 segment by segment: about 1 us of
Python a segment, most of an import of a large file. Here the claims (loop 2100 from its CLP to
the next LX, PLB or SE, with the service lines, adjustments, dates and references in it, nearly
every segment of a file) are read as columns: each segment's kind and element count from one
numpy pass over the file's characters, its claim and service line from cumulative counts of the
CLP and SVC before it, each distinct SVC, CAS, DTM and AMT text split and read once (a file
repeats them: :mod:`.column_values`), and totals and balances summed per claim and line in whole
cents with numpy. A plain file's segments are places in its bytes (:mod:`.segment_bytes`:
never a string each, text made only of the segments read); any other's are the tokenizer's
strings.

It is a shortcut, never a second set of rules: each rule it shares with the parser is one
function of :mod:`.claim_rules` or :mod:`.values` that both call. It reads only a file the parser
would read without a single problem, and gives then exactly the records the parser gives: the
segments between claims (envelopes, payment header, payer, PLB, SE: a few per payment) go through
the parser's own handlers, and whatever this reader does not handle, or would be a problem (an
unreadable or unbalanced amount, an unknown code, a segment out of place, patient data asked
for), makes it decline, and the parser reads the file, with its messages. A file with a problem
is read twice: this attempt reads the distinct SVC and CAS texts right after the layout, so
that a bad amount or code stops it early, and the parser then reads the segments it split
(:func:`read_text`). Tests compare both readers on generated and mutated 835s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from ratecalc.errors import InputError
from ratecalc.limits import MAX_X12_ELEMENT_CHARS
from ratecalc.remittance import parser
from ratecalc.remittance.cents import Cents, decimals
from ratecalc.remittance.claim_rules import (
    CLAIM_DATES,
    LINE_DATES,
    adjustment_totals,
    unbalanced,
)
from ratecalc.remittance.column_values import (
    Declined,
    amounts,
    amt_fields,
    bounded,
    cas_fields,
    dtm_fields,
    objects,
    optional_amounts,
    read_segment,
    svc_fields,
)
from ratecalc.remittance.parser import (
    ADJUSTMENT_FIELDS,
    CLAIM_FIELDS,
    LINE_FIELDS,
    ColumnRecords,
    ParsedFile,
)
from ratecalc.remittance.patient_data import (
    CLAIM_ID,
    has_form,
    may_hold_person_head,
    shown_segment,
)
from ratecalc.remittance.segment_bytes import ByteSegments, byte_segments, kinds
from ratecalc.remittance.tokenizer import Delimiters, interchange_chunks, interchange_spans
from ratecalc.remittance.values import (
    CLAIM_STATUS,
)

# Segment kinds. Inside a claim: its own segments and those the parser passes over there (NM1
# without patient data, TRN outside the header, the 835 segments it never reads). LX, PLB and
# SE end a claim; any other segment after one is a problem or a case this reader leaves alone.
(_OTHER, _CLP, _SVC, _CAS, _DTM, _REF, _AMT, _LQ, _PASS, _LX, _PLB, _SE) = range(12)
_KINDS: dict[str, int] = {
    "CLP": _CLP, "SVC": _SVC, "CAS": _CAS, "DTM": _DTM, "REF": _REF, "AMT": _AMT, "LQ": _LQ,
    "LX": _LX, "PLB": _PLB, "SE": _SE,
    **dict.fromkeys(("NM1", "TRN", "CUR", "N2", "N3", "N4", "PER", "RDM", "TS3", "TS2", "MIA",
                     "MOA", "QTY", "TA1"), _PASS),
}


def read_columns(text: str, source: str) -> ParsedFile | None:
    """The parse of ``text`` (without patient data), read a column at a time; None when the
    file has a problem, or anything else this reader leaves to the parser.

    Parameters
    ----------
    text : str
        The whole file.
    source : str
        File name, as the parser names it.

    Returns
    -------
    ParsedFile or None
        Equal, record for record, to ``parse_segments(text, source)``, which has no problem.
    """
    read = _attempt(text, source)
    return read if isinstance(read, ParsedFile) else None


def read_text(text: str, source: str) -> ParsedFile:
    """``parse_segments(text, source)``, read a column at a time when the file allows.

    A file this reader declines is read by the parser: from the segments this reader split,
    when it got that far (a file with a problem is then split once, not twice), else from
    the text.
    """
    read = _attempt(text, source)
    if isinstance(read, ParsedFile):
        return read
    if read is not None:
        return parser.parse_split(source, *read)
    return parser.parse_segments(text, source)


def _attempt(text: str, source: str) -> ParsedFile | tuple[Delimiters, list[str]] | None:
    """The parse read a column at a time; or, declined, the file's delimiters and segments
    (when split, and still whole), or None."""
    found: tuple[Delimiters, _Segments] | None = None
    try:
        found = _found_segments(text)
        if found is None:
            return None
        return _Reader(source, *found).read()
    except (Declined, InputError, parser._Refused):
        # a refusal (an interchange inside another) is the parser's to give, as its other
        # messages are. The reader lets the segments go before it makes the records (a decline
        # then is rare)
        if found is None or not len(found[1]):
            return None
        return found[0], found[1].all_texts()


def _found_segments(text: str) -> tuple[Delimiters, _Segments] | None:
    """The file's delimiters and segments: found in its bytes where the tokenizer would split
    it the same way, else split as strings (:func:`_segments`); None as :func:`_segments`."""
    spans = interchange_spans(text)  # raises as the tokenizer does, before any is split
    if not spans or spans[0][1]:
        return None  # no segment, or envelope-less: _segments declines them too
    kept: list[bytes] = []
    # told plain (its bytes kept) before the bytes are split: a slice's memory, not the file's,
    # for a file that is not (a 20 MB element)
    if _plain_text(text, spans[0][0], kept):
        in_bytes = byte_segments(text, spans, b"".join(kept), told_plain=True)
        if in_bytes is not None:
            return in_bytes
    del kept
    found = _segments(text)
    return None if found is None else (found[0], _TextSegments(*found))


def _segments(text: str) -> tuple[Delimiters, list[str]] | None:
    """Every segment of the file and its one set of delimiters; None for envelope-less text,
    interchanges with different delimiters, an overlong segment or a control character."""
    segments: list[str] = []
    first: Delimiters | None = None
    whole = False  # every segment told plain from the text at once
    for delimiters, inferred, chunks in interchange_chunks(text):
        if inferred or (first is not None and delimiters != first):
            return None
        if first is None:
            whole = _plain_text(text, delimiters)
        first = delimiters
        for chunk in chunks:
            if not whole and not parser._plain(chunk):  # looked up here: a test may replace it
                return None
            segments += chunk
    return None if first is None else (first, segments)


def _plain_text(text: str, delimiters: Delimiters, kept: list[bytes] | None = None) -> bool:
    """Whether every segment the tokenizer splits ``text`` into with ``delimiters`` passes
    ``parser._plain``, told from the whole text (False: not told, each list is asked).

    A segment is a piece of the text between two terminators with its line breaks dropped
    (the terminator not a line break): text of printable ASCII and line breaks alone, without
    more than MAX_X12_ELEMENT_CHARS characters between two terminators, has none that
    ``_plain`` refuses. Told over the text's bytes a slice at a time (a slice's memory, not
    the file's: a 20 MB element must not cost 40 MB), where asking each list of segments
    joined them again and measured each segment (9 ms of the benchmark's file).

    ``kept``, when given, gets the bytes of each slice told (all of the text's when True).
    """
    terminator = delimiters.segment
    if terminator in "\r\n" or not text.isascii():
        return False
    mark = ord(terminator)
    last = -1  # the place of the last terminator seen
    for start in range(0, len(text), _SLICE):
        raw = text[start:start + _SLICE].encode("ascii")
        codes = np.frombuffer(raw, dtype=np.uint8)
        if not _printable_or_break(codes):
            return False
        if kept is not None:
            kept.append(raw)
        found = codes == mark
        blocks = len(codes) // _BLOCK
        if blocks and found[:blocks * _BLOCK].reshape(blocks, _BLOCK).any(axis=1).all():
            # a terminator in every block of the slice: no piece inside it is as long as two
            # blocks, and its last terminator is in its last two blocks' bytes. The places of
            # all of them cost 19 M instructions of the benchmark's first read, this about 4 M
            first = start + int(found.argmax())
            longest = first - last - 1
            tail = found[-2 * _BLOCK:]
            last = start + len(codes) - len(tail) + int(np.flatnonzero(tail)[-1])
            if longest > MAX_X12_ELEMENT_CHARS:
                return False
            continue
        ends = np.flatnonzero(found) + start
        if len(ends):
            longest = max(int(ends[0]) - last, int(np.diff(ends).max(initial=0))) - 1
            last = int(ends[-1])
        else:
            longest = start + len(raw) - last - 1
        if longest > MAX_X12_ELEMENT_CHARS:
            return False
    return len(text) - last - 1 <= MAX_X12_ELEMENT_CHARS


def _printable_or_break(codes: np.ndarray) -> bool:
    """Whether every code of ASCII text (uint8) is printable (0x20-0x7E) or a line break.

    Told by numpy's compare and count passes: ``bytes.translate`` deleting the allowed bytes
    went through the benchmark's 4.4 MB at about 9 instructions a byte (40 M of its first
    read's 1,578 M), these at about 3 (27.5 M less: the codes below 0x20 counted, and
    matched by the line feeds, and carriage returns only where they are not all line feeds).
    """
    if not len(codes):
        return True
    if int(codes.max()) > 0x7E:  # DEL (the text is ASCII: nothing above it)
        return False
    low = np.count_nonzero(codes < 0x20)
    if not low:
        return True
    breaks = np.count_nonzero(codes == 0x0A)
    return low == breaks or low == breaks + np.count_nonzero(codes == 0x0D)


#: The CAS totals also kept as whole cents on the claim and line records (:mod:`.cents`).
_TOTALS_IN_CENTS = ("adjusted", "payer_reductions", "patient_share")
#: svc_fields' whole cents and exponents (charge, payment), by position.
_SVC_INTEGERS = frozenset({4, 6, 11, 12})
_SLICE = 1 << 18  # characters of the text told at a time
#: Bytes of a slice each holding a terminator tell its pieces shorter than two of them, which
#: are shorter than MAX_X12_ELEMENT_CHARS.
_BLOCK = 256
_BATCH = 1 << 10  # segments between claims made text at a time


class _TextSegments:
    """The segments of a file as strings (any file the reader takes): what
    :class:`~.segment_bytes.ByteSegments` gives of the bytes, of a list of segment texts."""

    def __init__(self, delimiters: Delimiters, segments: list[str]) -> None:
        self.delimiters = delimiters
        self.segments = segments
        self.array = objects(segments)

    def __len__(self) -> int:
        return len(self.segments)

    def layout(self, known: dict[str, int], other: int) -> tuple[np.ndarray, np.ndarray]:
        return _layout(self.segments, self.delimiters.element)

    def texts(self, at: np.ndarray) -> list[str]:
        return self.array[at].tolist()

    def elements(self, at: np.ndarray) -> list[str]:
        separator = self.delimiters.element
        return separator.join(self.array[at].tolist()).split(separator) if len(at) else []

    def distinct(self, at: np.ndarray) -> tuple[np.ndarray, list[str]]:
        where, found = pd.factorize(self.array[at])
        return where, found.tolist()

    def heads(self, at: np.ndarray, head: str) -> np.ndarray:
        return np.fromiter((len(text) > len(head) and text.startswith(head)
                            for text in self.array[at].tolist()), dtype=bool, count=len(at))

    def tails(self, at: np.ndarray, skip: int) -> list[str]:
        return [text[skip:] for text in self.array[at].tolist()]

    def all_texts(self) -> list[str]:
        return self.segments

    def release(self) -> None:
        self.segments = []
        self.array = objects([])


_Segments = _TextSegments | ByteSegments


class _Reader:
    def __init__(self, source: str, delimiters: Delimiters, segments: _Segments) -> None:
        self.delimiters = delimiters
        self.segments = segments
        self.parser = parser._Parser(source, include_patient_data=False)
        self.parser.delimiters = delimiters
        self.parser.component = delimiters.component
        self.sizes, self.kind = segments.layout(_KINDS, _OTHER)
        # First what declines by itself (an amount, code or group that is not one): a file with
        # a problem is read twice, and this attempt had better stop early.
        element, component = delimiters.element, delimiters.component
        self.svc_at = np.flatnonzero(self.kind == _SVC)
        self.svc_where, self.svc_rows = self._distinct_rows(
            self.svc_at, lambda text: read_segment(svc_fields, text, element, component), 13)
        # the whole cents and exponents made int64 of the distinct rows, then gathered: as
        # gathered objects made int64 per line, they cost 24 M instructions more of the
        # benchmark's first read
        self.services = [
            (np.array(column, dtype=np.int64) if position in _SVC_INTEGERS else objects(column)
             )[self.svc_where] for position, column in enumerate(self.svc_rows)]
        self.cas_at = np.flatnonzero(self.kind == _CAS)
        self.cas_where, self.cas_read = self._distinct_adjustments(self.cas_at)

    def read(self) -> ParsedFile:
        kind = self.kind
        n = len(kind)
        index = np.arange(n)
        last_clp = np.maximum.accumulate(np.where(kind == _CLP, index, -1)) if n else index
        ends = (kind == _OTHER) | (kind >= _LX)
        last_end = np.maximum.accumulate(np.where(ends, index, -1)) if n else index
        in_claim = last_clp > last_end
        last_svc = np.maximum.accumulate(np.where(kind == _SVC, index, -1)) if n else index
        in_line = in_claim & (last_svc > last_clp)
        after_claim = np.flatnonzero(~in_claim[1:] & in_claim[:-1]) + 1
        if np.any(kind[after_claim] < _LX):
            raise Declined  # BPR, N1, an envelope or unknown segment inside a claim
        svc_at, cas_at = self.svc_at, self.cas_at
        if not np.all(in_claim[cas_at]):
            raise Declined  # "CAS outside a claim or service line"
        claims = self._claims(np.flatnonzero(kind == _CLP))
        claim_of = np.cumsum(kind == _CLP) - 1  # each segment's claim, when in one
        line_of = np.cumsum(kind == _SVC) - 1
        self._between_claims(np.flatnonzero(~in_claim), in_claim, in_line, claims)
        lines = self._lines(svc_at, self.services, claim_of, claims)
        # the SVC's text fields as each line's distinct SVC and the values read of those
        self.line_codes: dict[str, tuple[np.ndarray, Sequence[Any]]] = {
            name: (self.svc_where, self.svc_rows[position]) for name, position in (
            ("qualifier", 0), ("code", 1), ("modifiers", 2), ("submitted_code", 9),
            ("revenue_code", 10))}
        self._dates(in_claim, in_line, claim_of, line_of, claims, lines)
        self._line_references(in_line, line_of, lines)
        adjustments = self._adjustments(cas_at, self.cas_where, self.cas_read, in_line,
                                        claim_of, line_of, claims, lines)
        _balance(claims, lines)
        # every segment read: their texts (a few times the file) go before the records are made
        self.segments.release()
        return self._finish(claims, lines, adjustments)

    def _fields(self, at: np.ndarray) -> _Fields:
        return _Fields(self.segments, self.sizes, at)

    # -- claims (CLP) -------------------------------------------------------------------------
    def _claims(self, at: np.ndarray) -> dict[str, Any]:
        if np.any(self.sizes[at] > 15):
            raise Declined  # "CLP has N elements"
        texts = self.segments.texts(at)
        # the elements split from these texts: made from the bytes again they cost 2.7 ms more
        fields = _Fields(_TextSegments(self.delimiters, texts), self.sizes[at],
                         np.arange(len(at)))
        claim_id = fields.get(1)
        status = fields.get(2)
        # every claim id written (nearly all distinct: no set of them), every status known
        if not all(claim_id.tolist()) or not _each(status, CLAIM_STATUS.__contains__):
            raise Declined
        charge, charge_cents, charge_exponent = amounts(fields.get(3))
        paid, paid_cents, paid_exponent = amounts(fields.get(4))
        separator = self.delimiters.element
        if may_hold_person_head("\0".join(texts)):  # \0 is in no segment: no id spans two
            texts = list(map(shown_segment, texts, repeat(separator)))
        else:  # CLP01, the clinic's claim id, replaced as shown_segment does (no CLP01 is empty)
            texts = [f"CLP{separator}{CLAIM_ID}{text[4 + len(claim):]}"
                     for text, claim in zip(texts, claim_id, strict=True)]
        count = len(at)
        return {
            "at": at, "segment": at + 1, "text": texts, "claim_id": claim_id,
            "status": status, "charge": charge, "charge_cents": charge_cents, "paid": paid,
            "paid_cents": paid_cents, "charge_exponent": charge_exponent,
            "paid_exponent": paid_exponent,
            "patient_responsibility": optional_amounts(fields.get(5)),
            "payer_claim_id": fields.get(7), "frequency": fields.get(9),
            **{name: np.full(count, None, dtype=object) for name in CLAIM_DATES.values()},
        }

    def _between_claims(self, at: np.ndarray, in_claim: np.ndarray, in_line: np.ndarray,
                        claims: dict[str, Any]) -> None:
        """The segments outside claims, each through the parser's own handler, in file order;
        before each segment that ends claims, their CLP counts and payments go to the
        transaction, as the parser's CLP handler adds them."""
        reader = self.parser
        handlers = reader.handlers
        claim_at = claims["at"]
        paid = claims["paid"]
        counted = 0  # claims already given to their transaction
        count = len(self.segments)
        texts: list[str] = []
        for n, i in enumerate([*at.tolist(), count]):
            if i and in_claim[i - 1]:
                upto = int(np.searchsorted(claim_at, i))
                transaction = reader.transaction
                if transaction is None:
                    raise Declined  # a claim outside a transaction
                transaction.claims += upto - counted
                transaction.claims_paid = sum(paid[counted:upto].tolist(),
                                              transaction.claims_paid)
                counted = upto
                reader.loop = "line" if in_line[i - 1] else "claim"
            if i == count:
                break
            if not n % _BATCH:  # a batch at a time: a decline at the first problem makes few
                texts = self.segments.texts(at[n:n + _BATCH])
            text = texts[n % _BATCH]
            elements = text.split(self.delimiters.element)
            handler = handlers.get(elements[0])
            if handler is None:
                reader._unknown(elements, i + 1, text)
            else:
                handler(elements, i + 1, text)
            if reader.problems:
                raise Declined
        if reader.transaction is not None:
            raise Declined  # no SE: the parser reports it

    # -- service lines (SVC) --------------------------------------------------------------------
    def _distinct_columns(self, at: np.ndarray, read: Callable[[str], tuple[Any, ...]],
                          width: int) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each segment at ``at``'s index in the distinct segment texts, and ``read`` of each
        of those as columns (object arrays, one item per distinct text): called once per
        distinct segment text (a file repeats its SVC, CAS, DTM and AMT segments: 1,350
        distinct SVC of 29,817 in the benchmark's file, 594 CAS of 52,049)."""
        where, columns = self._distinct_rows(at, read, width)
        return where, [objects(column) for column in columns]

    def _distinct_rows(self, at: np.ndarray, read: Callable[[str], tuple[Any, ...]],
                       width: int) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
        """Each segment at ``at``'s index in the distinct segment texts, and ``read`` of each
        of those as columns."""
        where, distinct = self.segments.distinct(at)
        rows = [read(text) for text in distinct]
        if not rows:
            return where, [()] * width
        return where, list(zip(*rows, strict=True))

    def _lines(self, at: np.ndarray, services: list[np.ndarray], claim_of: np.ndarray,
               claims: dict[str, Any]) -> dict[str, Any]:
        """The service lines of the SVC at ``at``, ``services`` their columns (svc_fields)."""
        (qualifier, code, modifiers, charge, charge_cents, paid, paid_cents, units, billed,
         submitted, revenue, charge_exponent, paid_exponent) = services
        claim = claim_of[at]
        count = len(at)
        return {
            "at": at, "claim": claim,
            "number": np.arange(count) - np.searchsorted(claim, claim) + 1,
            "qualifier": qualifier, "code": code, "modifiers": modifiers,
            "charge": charge, "charge_cents": bounded(charge_cents.astype(np.int64)),
            "paid": paid, "paid_cents": bounded(paid_cents.astype(np.int64)),
            "charge_exponent": charge_exponent.astype(np.int64),
            "paid_exponent": paid_exponent.astype(np.int64),
            "units": units, "billed_units": billed,
            "submitted_code": submitted, "revenue_code": revenue,
            "allowed_reported": np.full(count, None, dtype=object),
            "service_date": np.full(count, None, dtype=object),
            "service_end_date": np.full(count, None, dtype=object),
            "remarks": np.full(count, "", dtype=object),
            "control_number": np.full(count, "", dtype=object),
            "lines": np.bincount(claim, minlength=len(claims["at"])),
        }

    # -- DTM ------------------------------------------------------------------------------------
    def _dates(self, in_claim: np.ndarray, in_line: np.ndarray, claim_of: np.ndarray,
               line_of: np.ndarray, claims: dict[str, Any], lines: dict[str, Any]) -> None:
        at = np.flatnonzero((self.kind == _DTM) & in_claim)
        separator = self.delimiters.element
        # what each date's qualifier says, told of the few hundred distinct DTM texts and
        # gathered (told of 41,962 gathered objects: 3-4 ms of the benchmark's file)
        where, (qualifier, day, claim_date, line_date) = self._distinct_columns(
            at, lambda text: read_segment(dtm_fields, text, separator, ""), 4)
        day = day[where]
        line_level = in_line[at]
        claim_read = ~line_level & claim_date.astype(bool)[where]
        line_read = line_level & line_date.astype(bool)[where]
        if pd.isna(day[claim_read | line_read]).any():
            raise Declined  # a date read that is not one
        for qualifier_text, name in CLAIM_DATES.items():
            chosen = claim_read & (qualifier == qualifier_text)[where]
            _last_each(claims[name], claim_of[at[chosen]], day[chosen])
        for place, name in enumerate(("service_date", "service_end_date")):
            sets = [text for text, fields in LINE_DATES.items() if fields[place]]
            chosen = line_read & np.isin(qualifier, sets)[where]
            _last_each(lines[name], line_of[at[chosen]], day[chosen])

    # -- REF*6R, AMT*B6, LQ ---------------------------------------------------------------------
    def _line_references(self, in_line: np.ndarray, line_of: np.ndarray,
                         lines: dict[str, Any]) -> None:
        kind = self.kind
        separator = self.delimiters.element
        at = np.flatnonzero((kind == _REF) & in_line & (self.sizes > 2))
        # REF*6R*number, nearly every REF of a line: the number is the text after its head
        # (a line's REF made three strings, two thrown away); any other REF split as before
        head = f"REF{separator}6R{separator}"
        short = self.segments.heads(at, head) & (self.sizes[at] == 3)
        chosen = short.copy()
        number = np.full(len(at), "", dtype=object)
        number[short] = objects(self.segments.tails(at[short], len(head)))
        rest = np.flatnonzero(~short)
        if len(rest):
            fields = self._fields(at[rest])
            chosen[rest] = fields.get(1) == "6R"
            number[rest] = fields.get(2)
        _last_each(lines["control_number"], line_of[at[chosen]], number[chosen])
        self.line_codes["control_number"] = _coded_last(
            len(lines["at"]), line_of[at[chosen]], number[chosen])
        at = np.flatnonzero((kind == _AMT) & in_line)
        where, (qualifier, allowed) = self._distinct_columns(
            at, lambda text: read_segment(amt_fields, text, separator, ""), 2)
        chosen = (qualifier == "B6")[where]
        allowed = allowed[where]
        if pd.isna(allowed[chosen]).any():
            raise Declined  # AMT*B6 without a readable amount
        _last_each(lines["allowed_reported"], line_of[at[chosen]], allowed[chosen])
        at = np.flatnonzero((kind == _LQ) & in_line)
        remarks = self._fields(at).get(2)
        if not _each(remarks, lambda r: not r or has_form("LQ", 2, r)):
            raise Declined  # "LQ02 ... is not a remark code"
        owners, joined = _joined(line_of[at], remarks.tolist(), " ")
        lines["remarks"][owners] = objects(joined)
        self.line_codes["remarks"] = _coded_last(len(lines["at"]), owners, objects(joined))

    # -- CAS --------------------------------------------------------------------------------------
    def _distinct_adjustments(self, at: np.ndarray
                              ) -> tuple[np.ndarray, list[tuple[str, tuple[Any, ...]]]]:
        """Each CAS at ``at``'s index in the distinct CAS texts, and cas_fields of each of those."""
        where, distinct = self.segments.distinct(at)
        element, component = self.delimiters.element, self.delimiters.component
        return where, [read_segment(cas_fields, text, element, component) for text in distinct]

    def _adjustments(self, at: np.ndarray, where: np.ndarray,
                     read: list[tuple[str, tuple[Any, ...]]], in_line: np.ndarray,
                     claim_of: np.ndarray, line_of: np.ndarray, claims: dict[str, Any],
                     lines: dict[str, Any]) -> dict[str, Any]:
        """The CAS triples in file order, and each claim's and line's totals of them."""
        # each distinct CAS's triples one after another; each CAS's rows are gathered from them
        counts = np.array([len(triples) for _, triples in read], dtype=np.intp)
        first = np.cumsum(counts) - counts
        flat = [triple for _, triples in read for triple in triples]
        own_counts = counts[where]
        total = int(own_counts.sum())
        gather = np.repeat(first[where], own_counts) + (
            np.arange(total) - np.repeat(np.cumsum(own_counts) - own_counts, own_counts))
        segment = np.repeat(at, own_counts)
        group = objects([g for g, _ in read])[np.repeat(where, own_counts)]
        reasons = objects([triple[0] for triple in flat])  # of the distinct texts' triples
        amount, quantity = (objects([triple[i] for triple in flat])[gather] for i in (1, 4))
        # which totals each triple counts in, told of the distinct CAS texts' triples and
        # gathered: told of the 52,049 gathered texts, each compared as an object, it was
        # 31.6 M instructions of the benchmark's first read
        patient, payer, prior_payer = (told[gather] for told in adjustment_totals(
            objects([g for g, triples in read for _ in triples]), reasons))
        reason = reasons[gather]
        cents, exponent = (np.array([triple[i] for triple in flat], dtype=np.int64)[gather]
                           for i in (2, 3))
        cents = bounded(cents)
        line_level = in_line[segment]
        claims_count = len(claims["at"])
        owner = np.where(line_level, claims_count + line_of[segment], claim_of[segment])
        totals = _Totals(owner, claims_count + len(lines["at"]))
        totals.add("adjusted", cents, exponent)
        totals.add("patient_share", np.where(patient, cents, 0), np.where(patient, exponent, 0))
        totals.add("payer_reductions", np.where(payer, cents, 0), np.where(payer, exponent, 0))
        totals.all_of("prior_payer_only", prior_payer)
        totals.text("adjustments", gather, [triple[5] for triple in flat])
        for name, column in totals.columns.items():
            claims[name], lines[name] = column[:claims_count], column[claims_count:]
        claims["adjusted_cents"] = totals.adjusted_cents[:claims_count]
        lines["adjusted_cents"] = totals.adjusted_cents[claims_count:]
        for name, in_cents in totals.cents.items():
            claims[f"{name}_in_cents"] = Cents(*(part[:claims_count] for part in in_cents))
            lines[f"{name}_in_cents"] = Cents(*(part[claims_count:] for part in in_cents))
        line_number = np.zeros(len(segment), dtype=np.int64)
        line_number[line_level] = lines["number"][line_of[segment[line_level]]]
        return {
            "claim": claim_of[segment], "line": line_number, "group": group, "reason": reason,
            "amount": amount, "quantity": quantity, "segment": segment + 1,
        }

    # -- records ----------------------------------------------------------------------------------
    def _finish(self, claims: dict[str, Any], lines: dict[str, Any],
                adjustments: dict[str, Any]) -> ParsedFile:
        reader = self.parser
        count = len(claims["at"])
        line_count = lines["lines"]
        claim_columns = {
            **claims, "transaction": np.cumsum(self.kind == _SE)[claims["at"]],  # SEs before
            "patient_name": np.full(count, "", dtype=object),
            "member_id": np.full(count, "", dtype=object), "lines": line_count,
        }
        reader.claims = _records(CLAIM_FIELDS, claim_columns, cents={
            "paid": Cents(claims["paid_cents"], claims["paid_exponent"]),
            **{name: claims[f"{name}_in_cents"] for name in _TOTALS_IN_CENTS}})
        svc_count = len(lines["at"])
        line_cents = {
            "charge": Cents(lines["charge_cents"], lines["charge_exponent"]),
            "paid": Cents(lines["paid_cents"], lines["paid_exponent"]),
            **{name: lines[f"{name}_in_cents"] for name in _TOTALS_IN_CENTS}}
        line_columns = {
            **lines, "segment": lines["at"] + 1, "text": np.full(svc_count, None, dtype=object),
            "readable": np.ones(svc_count, dtype=bool),
        }
        bare = np.flatnonzero(line_count == 0)  # claims without service lines: one line each
        if len(bare):
            b = len(bare)

            def blank(value: Any) -> np.ndarray:
                return objects([value] * b)

            bare_columns = {
                "claim": bare, "number": np.zeros(b, dtype=np.int64),
                "segment": claims["segment"][bare], "text": objects(claims["text"])[bare],
                "readable": np.zeros(b, dtype=bool), "qualifier": blank(""), "code": blank(""),
                "modifiers": blank(()), "submitted_code": blank(""), "revenue_code": blank(""),
                "units": blank(None), "billed_units": blank(None),
                "charge": claims["charge"][bare], "paid": claims["paid"][bare],
                "allowed_reported": blank(None), "service_date": claims["statement_start"][bare],
                "service_end_date": blank(None), "remarks": blank(""),
                "control_number": blank(""),
                **{name: claims[name][bare] for name in parser.ADJUSTMENT_TOTALS[:-1]},
                "adjustments": blank(""),
            }
            # the parser adds a claim's bare line as the claim closes: in segment order
            order = np.argsort(np.concatenate([lines["at"], claims["at"][bare]]), kind="stable")
            line_columns = {name: np.concatenate([_array(line_columns[name]),
                                                  _array(bare_columns[name])])[order]
                            for name in LINE_FIELDS}
            self.line_codes = _with_bare_lines(self.line_codes, bare_columns, order)
            # a bare line's money is its claim's
            bare_cents = {
                "charge": Cents(claims["charge_cents"][bare], claims["charge_exponent"][bare]),
                "paid": Cents(claims["paid_cents"][bare], claims["paid_exponent"][bare]),
                **{name: Cents(*(part[bare] for part in claims[f"{name}_in_cents"]))
                   for name in _TOTALS_IN_CENTS}}
            line_cents = {name: Cents(*(np.concatenate([part, bare_part])[order]
                                        for part, bare_part in zip(column, bare_cents[name],
                                                                   strict=True)))
                          for name, column in line_cents.items()}
        reader.lines = _records(LINE_FIELDS, line_columns, self.line_codes, line_cents)
        reader.adjustments = _records(ADJUSTMENT_FIELDS, adjustments)
        parsed = reader.finish()
        if parsed.problems:
            raise Declined  # "no 835 transaction in the file"
        return parsed


class _Fields:
    """The elements of the segments at ``at``, split a size at a time: the segments with one
    number of elements joined and split once, which makes no list per segment."""

    def __init__(self, segments: _Segments, sizes: np.ndarray, at: np.ndarray) -> None:
        self.count = len(at)
        self.groups: list[tuple[np.ndarray, int, list[str]]] = []
        own = sizes[at]
        for size in np.unique(own).tolist():
            where = np.flatnonzero(own == size)
            self.groups.append((where, size, segments.elements(at[where])))

    def get(self, position: int) -> np.ndarray:
        """Element ``position`` of each segment ('' where left out), an object array."""
        if len(self.groups) == 1 and self.groups[0][1] > position:
            _, size, flat = self.groups[0]
            return objects(flat[position::size])
        found = np.full(self.count, "", dtype=object)
        for where, size, flat in self.groups:
            if size > position:
                found[where] = objects(flat[position::size])
        return found


def _layout(segments: list[str], separator: str) -> tuple[np.ndarray, np.ndarray]:
    """Each segment's count of elements (with its id) and kind, from one array of the file's
    characters (segments hold no line break: each ends with one here)."""
    if ord(separator) > 127:
        raise Declined
    # three NULs after the last line break: room for kinds' four codes of any segment (no id
    # holds one, nor does any segment)
    joined = "\n".join(segments) + "\n\0\0\0"
    codes = (np.frombuffer(joined.encode("ascii"), dtype=np.uint8) if joined.isascii()
             else np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32))
    del joined  # the file's size again: not held past its encoding
    ends = np.flatnonzero(codes == 10)
    starts = np.r_[0, ends[:-1] + 1]
    # each segment's separators counted over its characters and its line break (never empty);
    # two searches of the separators' places among 200,000 ends cost twice as much. Counted
    # in int32 (no segment here is over MAX_X12_ELEMENT_CHARS characters: _segments checked
    # them): numpy's sum of the bytes as int64 took twice as long (7.2 ms against 3.4 ms of
    # the benchmark's file)
    sizes = np.add.reduceat((codes == ord(separator)).view(np.uint8), starts,
                            dtype=np.int32).astype(np.int64) + 1
    del ends
    # the first four characters of each segment: an id and the separator
    return sizes, kinds(codes, starts, separator, _KINDS, _OTHER)


class _Totals:
    """Sums of CAS amounts per owner (claims, then lines), as the parser's running totals
    leave them: the same value and the same exponent (the least of the amounts added, and of
    the starting ``Decimal(0)``), so that each writes as the parser's does."""

    def __init__(self, owner: np.ndarray, owners: int) -> None:
        self.owner = owner
        self.count = owners
        # the CAS of one claim or line follow one another: each owner's triples are one run
        self.starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else (
            np.zeros(0, dtype=np.intp))
        self.owners = owner[self.starts]
        self.columns: dict[str, np.ndarray] = {}
        self.cents: dict[str, Cents] = {}
        self.adjusted_cents = np.zeros(owners, dtype=np.int64)

    def add(self, name: str, cents: np.ndarray, exponent: np.ndarray) -> None:
        total = np.zeros(self.count, dtype=np.int64)
        least = np.zeros(self.count, dtype=np.int64)
        if len(self.starts):
            total[self.owners] = np.add.reduceat(cents, self.starts)
            least[self.owners] = np.minimum(np.minimum.reduceat(exponent, self.starts), 0)
        self.columns[name] = decimals(total, least, parser._ZERO)
        self.cents[name] = Cents(total, least)
        if name == "adjusted":
            self.adjusted_cents = total

    def all_of(self, name: str, flags: np.ndarray) -> None:
        found = np.ones(self.count, dtype=bool)
        if len(self.starts):
            found[self.owners] = np.logical_and.reduceat(flags, self.starts)
        self.columns[name] = found

    def text(self, name: str, ids: np.ndarray, texts: list[str]) -> None:
        """Each owner's texts (``texts[ids[i]]`` of its rows, in order) joined with "; ".

        A file repeats its claims' and lines' runs of adjustments (742 distinct runs of the
        benchmark's 29,817): each run is told by an exact number (its ids as the digits of a
        number in base ``len(texts) + 1``), and each distinct run joined once and gathered,
        where joining every owner's texts took 39.5 M instructions of its first read. A run
        whose number would not fit in int64 (runs long and texts many) is joined as before.
        """
        column = np.full(self.count, "", dtype=object)
        base = len(texts) + 1
        lengths = np.diff(np.r_[self.starts, len(ids)])
        if len(self.starts) and base ** int(lengths.max()) < 2**62:
            place = np.arange(len(ids)) - np.repeat(self.starts, lengths)
            # each run's ids + 1 (none zero) as digits: distinct runs, distinct numbers
            number = np.add.reduceat((ids + 1) * np.power(base, place), self.starts)
            where, distinct = pd.factorize(number)
            first = np.empty(len(distinct), dtype=np.intp)
            first[where[::-1]] = np.arange(len(where) - 1, -1, -1)  # each number's first run
            listed = ids.tolist()
            joined = ["; ".join([texts[i] for i in listed[start:start + length]])
                      for start, length in zip(self.starts[first].tolist(),
                                               lengths[first].tolist(), strict=True)]
            column[self.owners] = objects(joined)[where]
        elif len(self.starts):
            owners, joined_all = _joined(self.owner, [texts[i] for i in ids.tolist()], "; ")
            column[owners] = objects(joined_all)
        self.columns[name] = column


def _joined(owner: np.ndarray, texts: list[str], separator: str
            ) -> tuple[np.ndarray, list[str]]:
    """Each owner's texts joined with ``separator``, for the owners that have any (their texts
    are consecutive): one join and one split over all of them (segments hold no NUL)."""
    if not texts:
        return owner[:0], []
    last = np.r_[owner[1:] != owner[:-1], True]
    pieces: list[str] = [""] * (2 * len(texts))
    pieces[0::2] = texts
    # an object array: numpy's own text type would drop the NUL
    pieces[1::2] = objects([separator, "\0"])[last.astype(np.intp)].tolist()
    return owner[last], "".join(pieces).split("\0")[:-1]


def _each(texts: np.ndarray, test: Callable[[Any], bool]) -> bool:
    """Whether ``test`` holds for every item (each distinct item tested once)."""
    return all(map(test, set(texts.tolist())))


def _last_each(column: np.ndarray, owner: np.ndarray, values: np.ndarray) -> None:
    """Set ``column[owner[i]] = values[i]`` in order, so the last of an owner's stays (the
    parser's later segment overwrites the earlier); ``owner`` does not decrease."""
    if len(owner):
        last = np.r_[owner[1:] != owner[:-1], True]
        column[owner[last]] = values[last]


def _balance(claims: dict[str, Any], lines: dict[str, Any]) -> None:
    """Decline any line or claim that does not balance, or whose lines' charges are not the
    claim's (the parser's problems), in whole cents."""
    claims_count = len(claims["at"])
    line_adjusted = lines["adjusted_cents"]
    if np.any(unbalanced(lines["charge_cents"], lines["paid_cents"], line_adjusted)):
        raise Declined
    claim_line = lines["claim"]
    lines_adjusted = np.bincount(claim_line, weights=line_adjusted, minlength=claims_count)
    charged = np.bincount(claim_line, weights=lines["charge_cents"], minlength=claims_count)
    # float sums, exact: every column's amounts add up to less than MOST_CENTS (amounts)
    adjusted = claims["adjusted_cents"] + lines_adjusted
    if np.any(unbalanced(claims["charge_cents"], claims["paid_cents"], adjusted)):
        raise Declined
    has_lines = lines["lines"] > 0
    if np.any(charged[has_lines] != claims["charge_cents"][has_lines]):
        raise Declined


def _records(fields: tuple[str, ...], columns: dict[str, Any],
             codes: dict[str, tuple[np.ndarray, Sequence[Any]]] | None = None,
             cents: dict[str, Cents] | None = None) -> ColumnRecords:
    """The records of ``columns`` (the parser's values, one list or object array per field),
    ``codes``, fields also given as each row's index into their distinct values, and
    ``cents``, money fields also given as whole cents (:mod:`.cents`).

    Object arrays are kept as they are: the tables gather and write them as arrays (a list of
    each and an array of it again was 10% of the benchmark's import). Numbers and flags become
    lists of Python ints and bools, as the parser's, which messages quote.
    """
    return ColumnRecords(fields, {name: _kept(columns[name]) for name in fields}, codes, cents)


def _coded_last(count: int, owner: np.ndarray, values: np.ndarray
                ) -> tuple[np.ndarray, Sequence[Any]]:
    """:func:`_last_each` of a column of ``count`` empty texts, as each row's index into
    ``['', *the values kept]``."""
    where = np.zeros(count, dtype=np.intp)
    if not len(owner):
        return where, [""]
    last = np.r_[owner[1:] != owner[:-1], True]
    where[owner[last]] = np.arange(1, int(last.sum()) + 1)
    return where, ["", *values[last].tolist()]


def _with_bare_lines(codes: dict[str, tuple[np.ndarray, Sequence[Any]]],
                     bare: dict[str, np.ndarray], order: np.ndarray
                     ) -> dict[str, tuple[np.ndarray, Sequence[Any]]]:
    """``codes`` of the service lines with the bare lines' (one value each, the same for every
    bare line) after them, put in ``order``; fields sharing an index still share one."""
    count = len(next(iter(bare.values())))
    made: dict[int, np.ndarray] = {}
    extended: dict[str, tuple[np.ndarray, Sequence[Any]]] = {}
    for name, (where, distinct) in codes.items():
        # one index per shared index (its distinct values all have the same length)
        key = id(where)
        if key not in made:
            made[key] = np.concatenate([where, np.full(count, len(distinct), dtype=np.intp)]
                                       )[order]
        extended[name] = (made[key], [*distinct, bare[name][0]])
    return extended


def _kept(column: Any) -> list[Any] | np.ndarray:
    if isinstance(column, np.ndarray):
        return column if column.dtype == object else column.tolist()
    return list(column)


def _array(column: Any) -> np.ndarray:
    return column if isinstance(column, np.ndarray) else objects(column)
