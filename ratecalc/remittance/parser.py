"""The 835 state machine: segments in; claim, service-line and adjustment records out.

The parser walks the loops of an X12 835 (5010 X221 and 4010 X091): the transaction header
(BPR, TRN, DTM*405), payer (1000A, ``N1*PR``) and payee (1000B, ``N1*PE``), claims (2100, ``CLP``)
with their service lines (2110, ``SVC``) and the provider-level adjustments (``PLB``). A segment
whose meaning depends on the loop (``CAS``, ``DTM``, ``AMT``, ``REF``, ``NM1``) is read in the
loop the parser is in.

Bad input never stops the parse. Each malformed segment, unreadable value or unbalanced amount
becomes a :class:`ratecalc.errors.Problem` naming the file, the segment number (``segment``,
counting segments from 1) and the element (``column``), with the segment text as the value; the
rest of the file still imports. Unless patient data is asked for, the text a problem quotes (its
value, and the element values its rule names) has the values that identify a person replaced
(:mod:`~ratecalc.remittance.patient_data`), and a segment that failed one of its checks shows only
the values of the form their position expects (a code, a date, an amount): every quote goes
through :meth:`_Parser._quoted` or :meth:`_Parser._problem`. A claim is never dropped: a claim
whose amounts cannot be read is kept with the amounts missing.

Speed: a large 835 has hundreds of thousands of segments, so the parser builds no object per claim
or line. Claims, lines and adjustments are rows of :class:`Records` (one flat list each, so that
:mod:`~ratecalc.remittance.tables` takes a column with one slice), and the row of the open claim or
line is a plain list until its loop ends. The parse keeps no objects per claim or line for the
cyclic garbage collector to track and rescan as the file grows.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import repeat
from sys import intern
from typing import TYPE_CHECKING, Any, NamedTuple

from ratecalc.errors import InputError, Location, Problem
from ratecalc.limits import MAX_X12_ELEMENT_CHARS, MAX_X12_PROBLEMS_LISTED, MAX_X12_SEGMENT_CHARS
from ratecalc.money import to_decimal_cents
from ratecalc.number_text import plain_decimal
from ratecalc.remittance.claim_rules import (
    CLAIM_DATES,
    DATES_READ,
    LINE_DATES,
    adjustment_shown,
    adjustment_totals,
    adjustment_triples,
    procedure_code,
    procedure_fault,
    submitted_code,
    unbalanced,
    units_paid,
)
from ratecalc.remittance.patient_data import (
    ID_ELEMENT,
    INSURED,
    NAME_ELEMENTS,
    NOT_SHOWN,
    PATIENT,
    checked_elements,
    checked_segment,
    claim_words,
    has_form,
    hidden_segment,
    shown_segment,
)
from ratecalc.remittance.tokenizer import (
    Block,
    Delimiters,
    OverlongSegment,
    StrayKind,
    StrayText,
    X12SyntaxError,
    check_lengths,
    interchange_chunks,
    span_chunks,
)
from ratecalc.remittance.values import (
    ADJUSTMENT_GROUPS,
    AMOUNTS,
    CLAIM_STATUS,
    DATES,
    REASON_CODE,
    REASON_CODE_EXPECTED,
    SEGMENT_IDS,
    SERVICE_QUALIFIERS,
    cents_text,
    exponent_not_positive,
    parse_amount,
    parse_date,
)

if TYPE_CHECKING:  # numpy is not imported here: the tables' modules import it
    import numpy as np

    from ratecalc.remittance.cents import Cents

TABLE = "Remittance"
_ZERO = Decimal(0)
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}\Z")
_SVC_ELEMENTS = 8  # SVC plus SVC01-SVC07
_CLP_ELEMENTS = 10  # CLP plus CLP01-CLP09, the ones read
_BLANKS = ("",) * 20  # pads a segment's elements to those read: left-out elements are empty
#: Control characters: no X12 character set has them (line breaks between segments are layout,
#: dropped before), and a CSV, a workbook cell or a terminal shows them badly or not at all
#: (openpyxl refuses them). In element text each becomes REPLACEMENT, with a warning: the rest
#: of a payment from a payer's system that padded a name with NULs still imports; a space, or
#: nothing, could turn '12\x005.00' into another amount or 'A\x001' into another claim id, while
#: U+FFFD is in no X12 value, so an amount, date or code holding one is an error, not a guess.
#: The C1 controls U+0080-U+009F are among them: a file that is not UTF-8 is read as Latin-1,
#: where a stray byte 0x80-0x9F becomes one, invisible in a CSV or a cell.
CONTROL_CHARACTERS = "".join(map(chr, (*range(0x20), *range(0x7F, 0xA0))))
REPLACEMENT = "\ufffd"
_ANY_CONTROL = re.compile(f"[{re.escape(CONTROL_CHARACTERS)}]")
_CONTROLS_LISTED = 10  # segments a file's control-character warning names

# -- record layouts -------------------------------------------------------------------------
#: What a claim's or a line's CAS triples add up to [USD], kept as they are read: ``adjusted``
#: (all of them) balances the line or claim; ``patient_share`` (group PR) and
#: ``payer_reductions`` (other groups, except CARC 253 sequestration) give the allowed amount;
#: ``prior_payer_only`` (every reason is CARC 23, or none) tells a secondary claim's zero payment
#: from a denial; ``adjustments`` is the triples as text, ``'CO-45 67.50; PR-1 105.26'``.
ADJUSTMENT_TOTALS: tuple[str, ...] = (
    "adjusted", "patient_share", "payer_reductions", "prior_payer_only", "adjustments",
)
#: Claim (CLP, loop 2100) records; ``transaction`` indexes :attr:`ParsedFile.transactions`,
#: ``lines`` counts the claim's service lines.
CLAIM_FIELDS: tuple[str, ...] = (
    "transaction", "segment", "text", "claim_id", "status", "charge", "paid",
    "patient_responsibility", "payer_claim_id", "frequency", "statement_start", "statement_end",
    "received_date", "patient_name", "member_id", "lines", *ADJUSTMENT_TOTALS,
)
#: Service-line (SVC, loop 2110) records; ``claim`` indexes the claim records, ``number`` is the
#: position in the claim from 1. A claim without lines gets one line record numbered 0 that
#: carries the claim's amounts and claim-level totals (``adjustments`` text empty), so that no
#: claim disappears from the line table.
LINE_FIELDS: tuple[str, ...] = (
    "claim", "number", "segment", "text", "readable", "qualifier", "code", "modifiers",
    "submitted_code", "revenue_code", "units", "billed_units", "charge", "paid",
    "allowed_reported", "service_date", "service_end_date", "remarks", "control_number",
    *ADJUSTMENT_TOTALS,
)
#: Adjustment records, one per CAS group/reason/amount triple; ``line`` is 0 at claim level.
ADJUSTMENT_FIELDS: tuple[str, ...] = (
    "claim", "line", "group", "reason", "amount", "quantity", "segment",
)

# Positions in the open rows. Claim and line rows both end with ADJUSTMENT_TOTALS, so negative
# indexes reach the totals of either and CAS has one code path for both.
_ADJUSTED, _PATIENT_SHARE, _PAYER_REDUCTIONS, _PRIOR_PAYER_ONLY, _ADJUSTMENT_TEXT = range(-5, 0)
(_CLAIM_SEGMENT, _CLAIM_TEXT, _CLAIM_ID, _CLAIM_CHARGE, _CLAIM_PAID, _CLAIM_STATEMENT_START,
 _CLAIM_STATEMENT_END, _CLAIM_RECEIVED_DATE, _CLAIM_PATIENT_NAME, _CLAIM_MEMBER_ID,
 _CLAIM_LINES) = (CLAIM_FIELDS.index(name) for name in (
    "segment", "text", "claim_id", "charge", "paid", "statement_start", "statement_end",
    "received_date", "patient_name", "member_id", "lines"))
(_LINE_NUMBER, _LINE_SEGMENT, _LINE_TEXT, _LINE_READABLE, _LINE_CHARGE, _LINE_PAID,
 _LINE_ALLOWED_REPORTED, _LINE_SERVICE_DATE, _LINE_SERVICE_END_DATE, _LINE_REMARKS,
 _LINE_CONTROL_NUMBER) = (LINE_FIELDS.index(name) for name in (
    "number", "segment", "text", "readable", "charge", "paid", "allowed_reported",
    "service_date", "service_end_date", "remarks", "control_number"))
assert CLAIM_FIELDS[-5:] == LINE_FIELDS[-5:] == ADJUSTMENT_TOTALS
#: A claim DTM's qualifier -> the position of the date it sets.
_CLAIM_PAYER_ID = CLAIM_FIELDS.index("payer_claim_id")
_CLAIM_DATE_AT = {qualifier: CLAIM_FIELDS.index(name) for qualifier, name in CLAIM_DATES.items()}


class Records:
    """Rows of the same fields, stored one after another in one flat list.

    A row is added with one ``extend``; a column is then one slice (``values[i::width]``), several
    times faster than transposing row tuples, and the rows are no objects for the garbage collector
    to track.

    Examples
    --------
    >>> records = Records(("code", "units"))
    >>> records.add(("97110", 2)); records.add(("97140", 1))
    >>> len(records), records.column("units")
    (2, [2, 1])
    """

    __slots__ = ("fields", "values", "add")

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields
        self.values: list[Any] = []
        #: Append one row: a sequence of values in :attr:`fields` order.
        self.add = self.values.extend

    def __len__(self) -> int:
        return len(self.values) // len(self.fields)

    def column(self, name: str) -> list[Any]:
        """The values of field ``name``, one per row."""
        return self.values[self.fields.index(name) :: len(self.fields)]

    def array(self, name: str) -> Sequence[Any] | np.ndarray:
        """:meth:`column`, or the column as it is kept (a list or a 1-d object array) where
        that is not a list: the tables read the column reader's object arrays as they are,
        not as lists made of them and made arrays again."""
        return self.column(name)

    def clear(self) -> None:
        """Drop every row (once their columns are taken: the rows would hold them twice)."""
        self.values.clear()

    def coded(self) -> dict[str, tuple[np.ndarray, Sequence[Any]]]:
        """Text fields also kept as each row's index into a list of its distinct values, by
        name (none here: see :class:`ColumnRecords`)."""
        return {}

    def in_cents(self) -> dict[str, Cents]:
        """Money fields also kept as whole cents and exponents (:mod:`.cents`), by name (none
        here: the parser's amounts are Decimals alone; see :class:`ColumnRecords`)."""
        return {}


class ColumnRecords(Records):
    """:class:`Records` kept as one list or 1-d object array per field (the column reader's): a
    column is that list (or a list of the array), and :attr:`values` the rows as
    :class:`Records` holds them, made when asked for. No row can be added.

    Examples
    --------
    >>> records = ColumnRecords(("code", "units"), {"code": ["97110", "97140"], "units": [2, 1]})
    >>> len(records), records.column("units"), records.values
    (2, [2, 1], ['97110', 2, '97140', 1])
    """

    __slots__ = ("columns", "codes", "cents")

    def __init__(self, fields: tuple[str, ...], columns: dict[str, list[Any] | np.ndarray],
                 codes: dict[str, tuple[np.ndarray, Sequence[Any]]] | None = None,
                 cents: dict[str, Cents] | None = None) -> None:
        self.fields = fields
        self.columns = columns
        #: fields also given as (each row's index, the values indexed): the column reader reads
        #: each distinct SVC once, and the tables make text of each distinct value once
        self.codes = codes or {}
        #: money fields also given as whole cents and exponents (the column reader's): the
        #: tables compare and subtract them as integers
        self.cents = cents or {}

    @property
    def values(self) -> list[Any]:  # type: ignore[override]  # read only: made from columns
        """The rows one after another, as :attr:`Records.values` (a new list)."""
        rows: list[Any] = [None] * (len(self) * len(self.fields))
        for position, name in enumerate(self.fields):
            rows[position :: len(self.fields)] = self.columns[name]
        return rows

    def __len__(self) -> int:
        return len(self.columns[self.fields[0]])

    def column(self, name: str) -> list[Any]:
        """The values of field ``name``, one per row (the list itself, or a list of the
        array)."""
        column = self.columns[name]
        return column if isinstance(column, list) else column.tolist()

    def array(self, name: str) -> Sequence[Any] | np.ndarray:
        return self.columns[name]

    def clear(self) -> None:
        self.columns = {name: [] for name in self.fields}
        self.codes = {}
        self.cents = {}

    def coded(self) -> dict[str, tuple[np.ndarray, Sequence[Any]]]:
        return self.codes

    def in_cents(self) -> dict[str, Cents]:
        return self.cents


class ProviderAdjustment(NamedTuple):
    """One reason/amount pair of a PLB segment: positive amounts reduce the payment [USD]."""

    provider_id: str
    fiscal_period_end: date | None
    reason: str
    reference: str
    amount: Decimal
    segment: int


class Transaction:
    """An ST/SE transaction set (one payment) as read; read-only after the parse."""

    __slots__ = (
        "source", "segment", "interchange", "control_number", "handling", "payment",
        "payment_method", "payment_date", "check_number", "originator_id", "production_date",
        "payer", "payer_n1_id", "payer_ref_id", "payee", "payee_id", "claims", "claims_paid",
        "unreadable_claim_payments", "provider_adjustments", "bpr_segment", "bpr_text",
    )

    def __init__(self, source: str, segment: int, interchange: str, control_number: str) -> None:
        self.source = source
        self.segment = segment
        self.interchange = interchange
        self.control_number = control_number
        self.handling = ""
        self.payment: Decimal | None = None  # signed: a debit (BPR03 'D') is negative
        self.payment_method = ""
        self.payment_date: date | None = None
        self.check_number = ""
        self.originator_id = ""
        self.production_date: date | None = None
        self.payer = ""
        self.payer_n1_id = ""
        self.payer_ref_id = ""
        self.payee = ""
        self.payee_id = ""
        self.claims = 0  # CLP segments
        self.claims_paid = _ZERO  # sum of the readable CLP04 [USD]
        self.unreadable_claim_payments = False
        self.provider_adjustments: list[ProviderAdjustment] = []
        self.bpr_segment = 0  # 0: no BPR seen
        self.bpr_text = ""

    @property
    def payer_id(self) -> str:
        """The payer's id: N1*PR N104, else REF*2U, else the TRN03 originator id."""
        return self.payer_n1_id or self.payer_ref_id or self.originator_id


@dataclass(frozen=True)
class ParsedFile:
    """What one file yielded: its problems, transactions and the records of its claims."""

    source: str
    problems: tuple[Problem, ...]
    transactions: tuple[Transaction, ...] = ()
    claims: Records = field(default_factory=lambda: Records(CLAIM_FIELDS))
    lines: Records = field(default_factory=lambda: Records(LINE_FIELDS))
    adjustments: Records = field(default_factory=lambda: Records(ADJUSTMENT_FIELDS))


def parse_text(
    text: str, source: str = "<text>", *, include_patient_data: bool = False
) -> ParsedFile:
    """Parse the text of an 835 file.

    Parameters
    ----------
    text : str
        The whole file, any delimiters, with or without line breaks.
    source : str
        File name used in problem messages.
    include_patient_data : bool
        Keep patient names and member ids (NM1*QC, NM1*IL), and quote them in problems. Off by
        default (minimum necessary): problems quote segments with them replaced.

    Returns
    -------
    ParsedFile
        Never raises for bad content; problems are in :attr:`ParsedFile.problems`.

    Examples
    --------
    >>> parsed = parse_text("ST*835*1~BPR*I*5*C~CLP*A1*1*5*5~SE*4*1~")
    >>> parsed.claims.column("claim_id")
    ['A1']
    >>> [p.rule for p in parsed.problems]  # no ISA: the delimiters had to be inferred
    ["no ISA segment: delimiters inferred from the data (element '*', component ':', segment '~')"]
    """
    if not include_patient_data:
        # Imported here: the column reader is built on this module. It reads a file without a
        # problem (nearly every segment a claim's) a column at a time, and declines the rest.
        from ratecalc.remittance.column_reader import read_text

        return read_text(text, source)
    return parse_segments(text, source, include_patient_data=include_patient_data)


def parse_segments(
    text: str, source: str = "<text>", *, include_patient_data: bool = False
) -> ParsedFile:
    """What :func:`parse_text` gives, always read segment by segment (the parse of any file,
    with its problems; :func:`parse_text` reads a file without any a column at a time first).

    Examples
    --------
    >>> parse_segments("ST*835*1~BPR*I*5*C~CLP*A1*1*5*5~SE*4*1~").claims.column("claim_id")
    ['A1']
    """
    parser = _Parser(source, include_patient_data)
    if not text.strip():
        parser.problem(1, None, None, "the file is empty: no 835 to import")
        return parser.finish()
    stray: StrayText | None = None
    try:
        found = interchange_chunks(text)
    except StrayText as exc:
        # the interchanges before it are read (a refusal of theirs comes first, as earlier in
        # the file) to number the segment where the text is
        found, stray = span_chunks(text, exc.before), exc
    except InputError as exc:
        # The text the tokenizer quotes may hold patient data: unless asked, it is left out of
        # the rule, and the value shows the start of the file as any segment is shown.
        rule = str(exc)
        if isinstance(exc, X12SyntaxError) and not include_patient_data:
            rule = exc.rule
        head = _ANY_CONTROL.sub(REPLACEMENT, text[:120])
        separator = re.search("[^A-Za-z0-9 ]", head.lstrip())
        parser.delimiters = Delimiters(separator.group() if separator else "*", ":", "~")
        parser.problem(1, head, None, f"{rule}; the file was not imported", well_formed=True)
        return parser.finish()
    # The segments stream through the parser, an interchange at a time: the file's text is the
    # only thing held whole (a list of every segment costs several times the text).
    number = 1
    try:
        for delimiters, inferred, chunks in found:
            number = parser.feed_segments(delimiters, inferred, chunks, number)
        if stray is not None:
            raise _Refused(parser.stray_text(text, stray, number))
    except _Refused as refused:
        return _refusal(source, include_patient_data, refused)
    return parser.finish()


def _refusal(source: str, include_patient_data: bool, refused: _Refused) -> ParsedFile:
    """The parse of a file refused whole: only the refusal. What was read before it is dropped
    with the rest: a file is imported whole or not at all, as for a malformed envelope."""
    whole = _Parser(source, include_patient_data)
    whole.problems.append(refused.problem)
    return whole.finish()


def parse_split(source: str, delimiters: Delimiters, segments: list[str]) -> ParsedFile:
    """What ``parse_segments(text, source)`` gives (without patient data), for a file already
    split into ``segments``: one interchange or more, each with the ``delimiters`` its ISA
    declares, every segment passing _plain (the column reader's, when it declines a file)."""
    parser = _Parser(source, include_patient_data=False)
    try:
        parser.feed_segments(delimiters, False, _let_go(segments), 1, plain=True)  # checked
    except _Refused as refused:
        return _refusal(source, False, refused)
    return parser.finish()


def _let_go(segments: list[str], size: int = 1 << 14) -> Iterator[list[str]]:
    """``segments`` a list at a time, each let go of (its place in the list emptied) as it is
    given: the parser holds no more of them than when it streams them from the text."""
    for start in range(0, len(segments), size):
        chunk = segments[start:start + size]
        segments[start:start + size] = repeat("", len(chunk))
        yield chunk


class _Refused(Exception):  # noqa: N818 (never leaves this module)
    """The file cannot be imported; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.rule)
        self.problem = problem


def _plain(segments: list[str]) -> bool:
    """Whether no segment of ``segments`` is over MAX_X12_ELEMENT_CHARS or holds a character
    that is not printable (a control character, or a line break left in a segment).

    Told for a whole list in two C-level passes, so that the segments of a usual file skip the
    checks of one segment at a time (2-12 ms of the 0.2 s parse of a 200,000-segment 835,
    measured under load).
    """
    if max(map(len, segments), default=0) > MAX_X12_ELEMENT_CHARS:
        return False
    joined = "".join(segments)
    if joined.isascii():
        # the ASCII characters str.isprintable takes are exactly ' ' to '~'; deleting them from
        # the bytes is one C pass, five times faster than isprintable's look-up of each
        # character (7.8 ms of the benchmark's 835)
        return not joined.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return joined.isprintable()


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _controls(delimiters: Delimiters) -> re.Pattern[str]:
    """The control characters that are not one of the interchange's delimiters (some payers
    separate with ``\x1d`` or ``\x1f``)."""
    used = {delimiters.element, delimiters.component, delimiters.segment, delimiters.repetition}
    return re.compile(
        f"[{re.escape(''.join(c for c in CONTROL_CHARACTERS if c not in used))}]")


class _Parser:
    def __init__(self, source: str, include_patient_data: bool) -> None:
        self.source = source
        self.include_patient_data = include_patient_data
        self.problems: list[Problem] = []
        # problems past MAX_X12_PROBLEMS_LISTED, by severity: counted, not listed
        self.unlisted: Counter[str] = Counter()
        self.transactions: list[Transaction] = []
        self.claims = Records(CLAIM_FIELDS)
        self.lines = Records(LINE_FIELDS)
        self.adjustments = Records(ADJUSTMENT_FIELDS)
        self.add_claim, self.add_line = self.claims.add, self.lines.add
        self.add_adjustment = self.adjustments.add
        self.delimiters = Delimiters("*", ":", "~")
        self.component = ":"  # self.delimiters.component, read for every SVC
        # SVC01 composite -> (qualifier, code, modifiers), for this block (see _procedure).
        self.procedures: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        # CAS reason codes seen to have their form (REASON_CODE): each is checked once
        self.reasons_seen: set[str] = set()
        # CAS amount text -> what _adjustment_amount read of it
        self.adjustment_amounts: dict[str, tuple[Decimal, bool, str]] = {}
        self.interchange = ""
        # The segment number of the ISA whose IEA has not come yet (None: no interchange open)
        self.interchange_open: int | None = None
        # Its GS groups counted for IEA01; the open group's GS segment number (None: no group
        # open), its GS06 and its transaction sets counted, for GE01 and GE02
        self.groups = 0
        self.group_open: int | None = None
        self.group_control = ""
        self.group_sets = 0
        # The transaction set being skipped (not an 835): its ST's segment number and its ST01
        # as a rule may quote it; and a GE read inside it, (elements, number, text): the
        # group's own when the IEA comes right after it (the set lost its SE)
        self.skipped: tuple[int, str] | None = None
        self.skipped_ge: tuple[list[str], int, str] | None = None
        self.transaction: Transaction | None = None
        # Whether the open transaction began with an ST (not a segment outside any, read as
        # the start of one), and the number of the last segment read: for a file cut short
        self.transaction_from_st = False
        self.last_segment = 0
        self.loop = "envelope"
        # The open claim and line: rows in CLAIM_FIELDS and LINE_FIELDS order. The open claim's
        # index is the number of claims closed before it.
        self.claim: list[Any] | None = None
        self.claim_index = 0
        self.line: list[Any] | None = None
        # What the open claim's closed lines add up to, for balancing the claim.
        self.lines_adjusted = _ZERO
        self.lines_charge = _ZERO  # of readable lines
        self.lines_charge_known = True
        self.readable_lines = 0
        # Line balance problems wait for the claim to close, then come before the claim's own.
        self.line_problems: list[Problem] = []
        # Segments whose control characters were replaced: (number, element label, characters).
        self.controls: list[tuple[int, str, str]] = []
        self.control_segments = 0
        self.handlers = {
            "ISA": self._isa, "GS": self._gs, "GE": self._ge, "IEA": self._iea,
            "ST": self._st, "SE": self._se, "BPR": self._bpr, "TRN": self._trn,
            "DTM": self._dtm, "N1": self._n1, "REF": self._ref, "LX": self._lx, "CLP": self._clp,
            "CAS": self._cas, "NM1": self._nm1, "SVC": self._svc, "AMT": self._amt,
            "LQ": self._lq, "PLB": self._plb,
        }
        for segment_id in SEGMENT_IDS.difference(self.handlers):
            self.handlers[segment_id] = self._ignore  # an 835 segment the importer does not need

    # -- problems ---------------------------------------------------------------------------
    def problem(
        self, number: int, text: str | None, column: str | None, rule: str,
        severity: str = "error", *, misplaced: bool = False, well_formed: bool = False,
    ) -> None:
        """Record a problem at segment ``number``; its text is the problem's value, quoted as
        :meth:`_problem` says. Past :data:`~ratecalc.limits.MAX_X12_PROBLEMS_LISTED` it is
        only counted (:meth:`_unlisted_problem`)."""
        if len(self.problems) >= MAX_X12_PROBLEMS_LISTED:
            self.unlisted[severity] += 1
            return
        self.problems.append(self._problem(number, text, column, rule, severity,
                                           misplaced=misplaced, well_formed=well_formed))

    def _unlisted_problem(self) -> Problem | None:
        """One problem counting those past the limit, an error if any of them is one."""
        if not self.unlisted:
            return None
        errors, warnings = self.unlisted["error"], self.unlisted["warning"]
        counts = ", ".join(f"{n:,} {kind}{'s' if n != 1 else ''}" for n, kind in
                           ((errors, "error"), (warnings, "warning")) if n)
        return Problem(TABLE, Location(file=self.source),
                       f"{errors + warnings:,} more problems in this file ({counts}), not "
                       f"listed: only the first {MAX_X12_PROBLEMS_LISTED:,} are; a file with "
                       f"so many is damaged throughout",
                       severity="error" if errors else "warning")

    def _problem(
        self, number: int, text: str | None, column: str | None, rule: str,
        severity: str = "error", *, misplaced: bool = False, well_formed: bool = False,
    ) -> Problem:
        """A problem at segment ``number`` whose value is ``text`` as a message may quote it.

        By default the segment failed one of its own checks, so only its values of the form
        their position expects are quoted
        (:func:`~ratecalc.remittance.patient_data.checked_segment`); ``misplaced``: the segment
        is where none of its kind can be, so none of its values is quoted
        (:func:`~ratecalc.remittance.patient_data.hidden_segment`); ``well_formed``: it passed
        its checks (the problem is about what it adds up to) or is no segment (the start of
        the file), so only a person's values are replaced
        (:func:`~ratecalc.remittance.patient_data.shown_segment`). A rule quotes element values
        through :meth:`_quoted` alone.
        """
        if text and not self.include_patient_data:
            separator = self.delimiters.element
            text = (hidden_segment(text, separator) if misplaced
                    else shown_segment(text, separator) if well_formed
                    else checked_segment(text, separator))
        return Problem(TABLE, Location(file=self.source, segment=number, column=column), rule,
                       text, severity)

    def _quoted(self, elements: list[str] | tuple[str, ...], index: int,
                part: str | None = None) -> str:
        """Element ``index`` (empty when missing), or ``part`` of it (a composite's code), as a
        problem's rule may quote it: as written when patient data was asked for, else only when
        it has the form its position expects
        (:func:`~ratecalc.remittance.patient_data.checked_elements`)."""
        if index >= len(elements):
            return ""
        if self.include_patient_data:
            return elements[index] if part is None else part
        return checked_elements(elements, self.delimiters.element,
                                None if part is None else {index: part})[index]

    def _claim_words(self, claim: list[Any]) -> str:
        """The claim as a rule names it (:func:`~ratecalc.remittance.patient_data.claim_words`)."""
        return claim_words(claim[_CLAIM_ID], claim[_CLAIM_PAYER_ID], self.include_patient_data)

    def _control_number(self, transaction: Transaction) -> str:
        """The transaction's ST02 as a rule may quote it."""
        return self._quoted(("ST", "835", transaction.control_number), 2)

    # -- driving ----------------------------------------------------------------------------
    def feed(self, block: Block) -> None:
        self.feed_segments(block.delimiters, block.inferred, [list(block.segments)],
                           block.first_segment)

    def feed_segments(
        self, delimiters: Delimiters, inferred: bool, chunks: Iterable[list[str]], first: int,
        plain: bool = False,
    ) -> int:
        """Parse one interchange's segments, given a list at a time and numbered from
        ``first``; return the next number. ``plain``: every list is known to pass _plain."""
        self.delimiters = delimiters
        self.component = delimiters.component
        self.procedures = {}
        element = delimiters.element
        if inferred:
            chunks = iter(chunks)
            opening = next((chunk for chunk in chunks if chunk), None)
            self.problem(
                first, opening[0] if opening else "", None,
                f"no ISA segment: delimiters inferred from the data ({delimiters.describe()})",
                "warning", well_formed=True,
            )
            if opening is not None:
                chunks = itertools.chain((opening,), chunks)
        handlers = self.handlers
        controls = _controls(delimiters)
        number = first - 1
        try:
            for segments in chunks:
                # a list with no overlong segment and no control character (every list of a
                # usual file) skips the checks of one segment at a time
                screened = plain or _plain(segments)
                start = number + 1
                for number, text in enumerate(segments, start):  # noqa: B007 (counted on)
                    if not screened:
                        text = self._screen(text, number, element, controls)
                    elements = text.split(element)
                    handler = handlers.get(elements[0])
                    if handler is not None:
                        handler(elements, number, text)
                    else:
                        self._unknown(elements, number, text)
        except OverlongSegment as exc:  # from the tokenizer: the segment after the last read
            raise _Refused(self._overlong(number + 1, exc)) from None
        self.last_segment = number
        return number + 1

    def _screen(self, text: str, number: int, element: str, controls: re.Pattern[str]) -> str:
        """``text`` refused when a segment is overlong, its control characters replaced (and
        reported)."""
        if len(text) > MAX_X12_ELEMENT_CHARS:
            try:
                check_lengths(text, element)
            except OverlongSegment as exc:
                raise _Refused(self._overlong(number, exc)) from None
        # isprintable() first: a C-level pass that clears the common segment (the pattern's
        # search on each of 200,000 segments cost 10% of an import)
        if not text.isprintable() and controls.search(text) is not None:
            text = self._replace_controls(text, number, controls)
        return text

    def _label(self, segment_id: str, position: int) -> str:
        """``N102`` for element 2 of an N1, when the id is an 835 segment's (anything else may
        be a piece of a name); else ``element 2``."""
        if segment_id in self.handlers and _SEGMENT_ID.match(segment_id):
            return f"{segment_id}{position:02d}"
        return f"element {position}"

    def _overlong(self, number: int, exc: OverlongSegment) -> Problem:
        """The problem refusing the file for a segment or element over the limits."""
        if exc.element is None:
            column = None
            rule = (f"the segment is longer than {MAX_X12_SEGMENT_CHARS:,} characters, the "
                    "most RateCalc reads of an 835 segment")
        elif exc.element == 0:
            column = None
            rule = (f"no element separator {self.delimiters.element!r} in the first "
                    f"{MAX_X12_ELEMENT_CHARS:,} characters of the segment (the terminator may "
                    "be lost)")
        else:
            column = self._label(exc.segment_id, exc.element)
            rule = (f"{column} is longer than {MAX_X12_ELEMENT_CHARS:,} characters, the most "
                    "RateCalc reads of an 835 element (the 835 guides allow at most 256)")
        # The text is not quoted: it is what is too long.
        return self._problem(number, None, column, f"{rule}; the file was not imported")

    def _replace_controls(self, text: str, number: int, controls: re.Pattern[str]) -> str:
        """``text`` with each control character REPLACEMENT, noted for the file's warning."""
        self.control_segments += 1
        if len(self.controls) < _CONTROLS_LISTED:
            elements = text.split(self.delimiters.element)
            for position, value in enumerate(elements):
                found = sorted(set(controls.findall(value)))
                if found:
                    label = ("segment id" if position == 0
                             else self._label(elements[0], position))
                    self.controls.append((number, label, ", ".join(
                        f"U+{ord(c):04X}" for c in found)))
                    break
        return controls.sub(REPLACEMENT, text)

    def _control_warning(self) -> None:
        listed = "; ".join(f"segment {number} {label} ({characters})"
                           for number, label, characters in self.controls)
        more = self.control_segments - len(self.controls)
        self.problem(
            self.controls[0][0], None, None,
            f"control characters, which X12 text cannot hold, replaced by U+FFFD "
            f"{REPLACEMENT!r} in {self.control_segments:,} segment(s): {listed}"
            + (f"; and {more:,} more" if more else "")
            + " (an amount, date or code holding one is not read)", "warning")

    def _unknown(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "skip":
            return  # inside a transaction set that is not an 835
        segment_id = self._quoted(elements, 0)
        if not text:
            self.problem(number, None, None, "empty segment (two terminators in a row)",
                         "warning")
        elif _SEGMENT_ID.match(elements[0]) and segment_id == elements[0]:
            self.problem(number, text, None,
                         f"unexpected segment {segment_id!r} in an 835; ignored", "warning")
        elif _SEGMENT_ID.match(elements[0]):
            self.problem(number, text, None,
                         "unexpected segment in an 835 (its id, which no X12 health-care "
                         "transaction defines, is not shown: it may be a piece of a patient's "
                         "name split at a lost terminator); ignored", "warning")
        else:
            self.problem(number, text, None,
                         f"segment id {segment_id!r} is not 2-3 capital letters or digits "
                         f"followed by {self.delimiters.element!r}; segment ignored")

    def finish(self) -> ParsedFile:
        if self.interchange_open is not None or self.group_open is not None or (
                self.transaction is not None and self.transaction_from_st) or (
                self.loop == "skip"):
            return _refusal(self.source, self.include_patient_data, _Refused(self._cut_short()))
        if self.controls:
            self._control_warning()
        if self.transaction is not None:
            self._close_claim()  # its problems come first
            self.problem(self.transaction.segment, None, "SE",
                         f"transaction {self._control_number(self.transaction)!r} has no SE "
                         "trailer: "
                         "the file may be truncated; its claims were imported")
            self._close_transaction()
        if not self.transactions and not self.unlisted["error"] and not any(
                p.severity == "error" for p in self.problems):
            # Only an envelope, or only other transaction sets: nothing was imported, and an
            # import that imports nothing must not look like a success.
            self.problem(1, None, None, "no 835 transaction in the file: nothing to import")
        unlisted = self._unlisted_problem()
        return ParsedFile(self.source, tuple(self.problems) + ((unlisted,) if unlisted else ()),
                          tuple(self.transactions), self.claims, self.lines, self.adjustments)

    def _cut_short(self) -> Problem:
        """The problem refusing a file that ends inside an envelope: a download or copy that
        stopped early. Its last payment may have lost claims, or its BPR total a claim, and
        nothing in what is left says which: the file is refused whole, as for a malformed
        envelope, rather than its claims imported as if they were all there."""
        expected = []
        transaction = self.transaction
        if transaction is not None and self.transaction_from_st:
            expected.append(f"the SE closing transaction {self._control_number(transaction)!r} "
                            f"(its ST is segment {transaction.segment})")
        skipped = self.skipped if self.loop == "skip" else None
        if skipped is not None:
            expected.append(f"the SE closing transaction set {skipped[1]!r} (its ST is segment "
                            f"{skipped[0]})")
        if self.group_open is not None:
            expected.append(f"the GE closing the functional group of segment {self.group_open}")
        if self.interchange_open is not None:
            expected.append(f"the IEA closing the interchange of segment {self.interchange_open}")
        column = ("SE" if (transaction is not None and self.transaction_from_st) or skipped
                  else "GE" if self.group_open is not None else "IEA")
        last = self.last_segment
        return self._problem(
            last, None, column,
            f"the file ends at segment {last} without {', then '.join(expected)}: it was cut "
            "short (a download or copy that stopped early), and a payment in it may be missing "
            "or incomplete; the file was not imported (get the whole file again)")

    def stray_text(self, text: str, stray: StrayText, number: int) -> Problem:
        """The problem refusing a file for ``stray`` text after an IEA, segment ``number``:
        named by its segment and line, as the file's other segments are (it was named as the
        file's segment 1, quoting the ISA)."""
        line = text.count("\n", 0, stray.position) + 1
        # its first line, quoted as the start of a file that is no X12: text that may hold a
        # name, shown when asked. Text blank to str.strip but not skipped as layout (a form
        # feed, a no-break space, U+001F) has no line: quoted whole (its first line raised
        # IndexError, the import a traceback)
        lines = stray.text.strip().splitlines()
        start = _ANY_CONTROL.sub(REPLACEMENT, lines[0] if lines else stray.text)
        if stray.kind is StrayKind.ISA:
            # no segment of it can be read
            return self._problem(
                number, start, "ISA",
                f"the ISA after the IEA of segment {number - 1} (line {line:,} of the file) "
                f"starts no interchange: {stray.rule.removeprefix('ISA segment: ')}; the file "
                "was not imported", well_formed=True)
        # what the tokenizer says of a file that is no X12, said of what may follow an IEA
        rule = ("expected an ISA (or ST) segment starting another interchange, or the end of "
                "the file") if stray.kind is StrayKind.NO_SEGMENT else stray.rule
        return self._problem(
            number, start, None,
            f"the text after the IEA of segment {number - 1} (line {line:,} of the file) is no "
            f"X12 segment: {rule}; the file was not imported", well_formed=True)

    def _trailer_count(self, elements: list[str], number: int, text: str, what: str,
                       counted: int) -> None:
        """A warning when a trailer's count (GE01, IEA01) is not what was counted; ``what``
        names the envelope and what it counts ("functional group", "transaction set")."""
        declared = _get(elements, 1)
        if declared.isdigit() and int(declared) == counted:
            return
        envelope, unit = what.split(": ")
        shown = self._quoted(elements, 1)
        column = f"{elements[0]}01"
        self.problem(number, text, column,
                     f"{column} says the {envelope} has {shown} {unit}"
                     f"{'' if declared.lstrip('0') == '1' else 's'}, counted {counted}",
                     "warning")

    def _trailer_control(self, elements: list[str], number: int, text: str,
                         header: str, control: str) -> None:
        """A warning when a trailer's control number (GE02, IEA02) is not its header's
        (``header`` names it: GS06, ISA13); compared as numbers: '000000001' is 1."""
        found = _get(elements, 2)
        if found == control or (found.isdigit() and control.isdigit()
                                and int(found) == int(control)):
            return
        column = f"{elements[0]}02"
        position = int(header[-2:])
        shown = self._quoted([header[:-2], *[""] * (position - 1), control], position)
        self.problem(number, text, column, f"{column} does not match {header} {shown!r}",
                     "warning")

    # -- envelope ---------------------------------------------------------------------------
    def _ignore(self, elements: list[str], number: int, text: str) -> None:
        pass

    def _gs(self, elements: list[str], number: int, text: str) -> None:
        if self.transaction is not None or self.loop == "skip":
            return  # inside a transaction set: as likely a piece of a name, as before
        if self.group_open is not None:
            self.problem(number, text, "GS",
                         f"a new functional group (GS) before the GE closing the group of "
                         f"segment {self.group_open}", "warning")
        self.groups += 1
        self.group_open = number
        self.group_control = _get(elements, 6)
        self.group_sets = 0

    def _ge(self, elements: list[str], number: int, text: str) -> None:
        if self.transaction is not None:
            return  # inside a transaction set: as likely a piece of a name, as before
        if self.loop == "skip":
            # the same, unless the IEA follows it: then the skipped set lost its SE
            self.skipped_ge = (elements, number, text)
            return
        if self.group_open is None:
            self.problem(number, text, "GE", "GE without a GS before it", "warning",
                         misplaced=True)
            return
        self._close_group(elements, number, text)

    def _close_group(self, elements: list[str], number: int, text: str) -> None:
        """The GE ``elements`` closing the open group, its count and control number checked."""
        self._trailer_count(elements, number, text, "functional group: transaction set",
                            self.group_sets)
        self._trailer_control(elements, number, text, "GS06", self.group_control)
        self.group_open = None

    def _isa(self, elements: list[str], number: int, text: str) -> None:
        if len(elements) == 17 and self.interchange_open is not None:
            # An interchange cannot hold another: which IEA closes which, and so which
            # payments belong to which envelope, cannot be told. The whole file is refused, as
            # for a malformed envelope.
            raise _Refused(self._problem(
                number, text, "ISA",
                f"a new interchange (ISA) before the IEA closing the interchange that starts at "
                f"segment {self.interchange_open}: expected that IEA first (an interchange "
                "cannot hold another); the file was not imported",
                misplaced=self.transaction is not None))
        if len(elements) == 17 or self.interchange_open is None:
            # a short ISA inside an open interchange (a piece of a name) leaves its control
            # number, which its IEA and its transactions carry, to the ISA that opened it
            self.interchange = elements[13] if len(elements) > 13 else ""
        if len(elements) == 17:
            self.interchange_open = number
            self.groups = 0
            self.group_open = None
        if len(elements) != 17:
            # inside a transaction, where no ISA can be: as likely a piece of a patient's name
            self.problem(number, text, "ISA",
                         f"ISA has {len(elements) - 1} elements, expected 16", "warning",
                         misplaced=self.transaction is not None)

    def _iea(self, elements: list[str], number: int, text: str) -> None:
        if self.transaction is not None:
            self._close_claim()  # its problems come first
            self.problem(number, text, "IEA",
                         f"interchange ended inside transaction "
                         f"{self._control_number(self.transaction)!r} (no SE); its claims were "
                         "imported")
            self._close_transaction()
        elif self.interchange_open is not None:
            # (inside a transaction the IEA is as likely a piece of a name: its error is enough)
            if self.loop == "skip" and self.skipped is not None:
                ge = self.skipped_ge
                if ge is not None and ge[1] == number - 1 and self.group_open is not None:
                    self._close_group(*ge)
                # what is missing is the set's SE (the GE was read as a piece of the set): it
                # was warned "no GE"
                self.problem(number, text, "IEA",
                             f"interchange ended inside transaction set {self.skipped[1]!r} "
                             f"(its ST is segment {self.skipped[0]}) without its SE; the set "
                             "was skipped, as a set that is not an 835 is", "warning")
            if self.group_open is not None:
                self.problem(number, text, "IEA",
                             f"interchange ended inside the functional group of segment "
                             f"{self.group_open} (no GE)", "warning")
            self._trailer_count(elements, number, text, "interchange: functional group",
                                self.groups)
            self._trailer_control(elements, number, text, "ISA13", self.interchange)
        else:
            # no interchange to close (a file, or the part of it after an IEA, without its
            # ISA): it was never checked, where a GE without its GS is named
            self.problem(number, text, "IEA", "IEA without an ISA before it", "warning",
                         misplaced=True)
        self.group_open = None
        self.interchange_open = None
        self.loop = "envelope"

    def _st(self, elements: list[str], number: int, text: str) -> None:
        misplaced = self.transaction is not None
        if self.transaction is not None:
            self._close_claim()  # its problems come first
            self.problem(number, text, "ST",
                         f"new transaction before the SE of transaction "
                         f"{self._control_number(self.transaction)!r}; its claims were imported",
                         misplaced=True)
            self._close_transaction()
        if self.loop == "skip" and self.skipped is not None:
            # the set skipped lost its SE: what follows is read as a new set, as after an SE
            # (it was read so without a word)
            self.problem(number, text, "ST",
                         f"new transaction set (ST) before the SE of transaction set "
                         f"{self.skipped[1]!r} (its ST is segment {self.skipped[0]}); the set "
                         "was skipped, as a set that is not an 835 is", "warning",
                         misplaced=True)
            self.loop, self.skipped = "envelope", None
        if self.group_open is not None:
            self.group_sets += 1
        kind = _get(elements, 1)
        if kind != "835":
            # a transaction set id is 3 digits (837, 277); anything else, or an ST where none
            # can be, may be a piece of a name
            shown = NOT_SHOWN if misplaced and not self.include_patient_data else (
                self._quoted(elements, 1))
            self.problem(number, text, "ST01",
                         f"transaction set {shown!r} is not an 835 "
                         "remittance; skipped up to its SE", "warning", misplaced=misplaced)
            self.loop = "skip"
            self.skipped, self.skipped_ge = (number, shown), None
            return
        self.transaction = Transaction(self.source, number, self.interchange, _get(elements, 2))
        self.transaction_from_st = True
        self.loop = "header"

    def _se(self, elements: list[str], number: int, text: str) -> None:
        transaction = self.transaction
        if transaction is None:
            if self.loop != "skip":
                self.problem(number, text, "SE", "SE without an ST before it", "warning",
                             misplaced=True)
            self.loop = "envelope"
            return
        declared = _get(elements, 1)
        counted = number - transaction.segment + 1
        if not declared.isdigit():
            # no count: as likely a piece of a patient's name split at a terminator
            self.problem(number, text, "SE01",
                         f"SE01 is no segment count; the transaction ends here ({counted} "
                         f"segments counted)", "warning", misplaced=True)
            self._close_transaction()
            return
        if declared != str(counted):
            self.problem(number, text, "SE01",
                         f"SE01 says the transaction has {self._quoted(elements, 1)} segments, "
                         f"counted {counted}", "warning")
        if _get(elements, 2) != transaction.control_number:
            self.problem(number, text, "SE02",
                         f"SE02 does not match ST02 {self._control_number(transaction)!r}",
                         "warning")
        self._close_transaction()

    def _close_transaction(self) -> None:
        transaction = self.transaction
        assert transaction is not None
        self._close_claim()
        self.transactions.append(transaction)
        self.transaction = None
        self.loop = "envelope"
        self._balance_transaction(transaction)

    def _need_transaction(self, number: int, text: str) -> Transaction:
        if self.transaction is None:
            self.problem(number, text, None,
                         "segment outside a transaction (no ST before it); read as the start of "
                         "a transaction without payment header", misplaced=True)
            self.transaction = Transaction(self.source, number, self.interchange, "")
            self.transaction_from_st = False
            self.loop = "header"
        return self.transaction

    # -- header -----------------------------------------------------------------------------
    def _bpr(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "skip":
            return
        if self._in_claim(number, text, "BPR"):
            return
        transaction = self._need_transaction(number, text)
        transaction.bpr_segment = number
        transaction.bpr_text = text
        transaction.handling = _get(elements, 1)
        amount = self._amount(elements, 2, number, text, "total payment")
        if amount is not None and _get(elements, 3) == "D":
            amount = -amount
        transaction.payment = amount
        transaction.payment_method = _get(elements, 4)
        transaction.payment_date = self._date(elements, 16, number, text, required=False)

    def _in_claim(self, number: int, text: str, segment_id: str) -> bool:
        """A header segment inside a claim or service line: reported and ignored, never read
        over the transaction's payment or payer. It is as likely a piece of a patient's name
        split at a terminator (NM1*QC*1*DOE~BPR*JOHN), so none of its values is quoted."""
        if self.loop not in ("claim", "line"):
            return False
        self.problem(number, text, segment_id,
                     f"{segment_id} inside a claim: an 835 gives it before its claims; ignored",
                     "warning", misplaced=True)
        return True

    def _trn(self, elements: list[str], number: int, text: str) -> None:
        if self.transaction is not None and self.loop == "header":
            self.transaction.check_number = _get(elements, 2)
            self.transaction.originator_id = _get(elements, 3)

    def _n1(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "skip":
            return
        if self._in_claim(number, text, "N1"):
            return
        transaction = self._need_transaction(number, text)
        entity = _get(elements, 1)
        if entity == "PR":
            transaction.payer = _get(elements, 2)
            transaction.payer_n1_id = _get(elements, 4)
            self.loop = "payer"
        elif entity == "PE":
            transaction.payee = _get(elements, 2)
            transaction.payee_id = _get(elements, 4)
            self.loop = "payee"

    def _ref(self, elements: list[str], number: int, text: str) -> None:
        if len(elements) < 3:
            return
        loop = self.loop
        if loop == "line" and elements[1] == "6R":
            assert self.line is not None
            self.line[_LINE_CONTROL_NUMBER] = elements[2]
        elif loop == "payer" and elements[1] == "2U":
            assert self.transaction is not None
            self.transaction.payer_ref_id = elements[2]

    def _dtm(self, elements: list[str], number: int, text: str) -> None:
        loop = self.loop
        read = DATES_READ.get(loop)
        qualifier = elements[1] if len(elements) > 1 else ""
        if read is None or qualifier not in read:
            return
        day = (DATES.get(elements[2]) or parse_date(elements[2])) if len(elements) > 2 else None
        if day is None:
            self._date(elements, 2, number, text)  # reports the bad date
        if loop == "line":
            line = self.line
            assert line is not None
            start, end = LINE_DATES[qualifier]
            if start:
                line[_LINE_SERVICE_DATE] = day
            if end:
                line[_LINE_SERVICE_END_DATE] = day
        elif loop == "claim":
            claim = self.claim
            assert claim is not None
            claim[_CLAIM_DATE_AT[qualifier]] = day
        else:
            assert self.transaction is not None
            self.transaction.production_date = day

    def _lx(self, elements: list[str], number: int, text: str) -> None:
        if self.loop != "skip":
            self._close_claim()
            self._need_transaction(number, text)
            self.loop = "lx"

    # -- claims -----------------------------------------------------------------------------
    def _clp(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "skip":
            return
        self._close_claim()
        transaction = self.transaction or self._need_transaction(number, text)
        size = len(elements)
        if size < _CLP_ELEMENTS:
            elements += _BLANKS[size:_CLP_ELEMENTS]
        claim_id, status = elements[1], elements[2]
        if not claim_id:
            self.problem(number, text, "CLP01", "CLP01 claim id is missing; claim kept")
        if status not in CLAIM_STATUS:
            self.problem(number, text, "CLP02",
                         f"CLP02 claim status {self._quoted(elements, 2)!r} is not an 835 "
                         "status code", "warning")
        charge = AMOUNTS.get(elements[3]) or parse_amount(elements[3])
        if charge is None:
            self._amount(elements, 3, number, text, "claim charge")  # reports it
        paid = AMOUNTS.get(elements[4]) or parse_amount(elements[4])
        if paid is None:
            self._amount(elements, 4, number, text, "claim payment")
        patient_responsibility = (AMOUNTS.get(elements[5]) or parse_amount(elements[5])
                                  if elements[5] else None)
        if patient_responsibility is None and elements[5]:
            self._amount(elements, 5, number, text, "patient responsibility")
        if size > 15:
            self.problem(number, text, "CLP",
                         f"CLP has {size - 1} elements, at most 14 are defined")
        transaction.claims += 1
        if paid is None:
            transaction.unreadable_claim_payments = True
        else:
            transaction.claims_paid += paid
        if not self.include_patient_data:
            # A problem value, later. A CLP02 without a status code's form: the CLP is as likely
            # a piece of a patient's name split at a terminator (NM1*QC*1*DOE~CLP*JOHN), so its
            # ids are as unknown as its other values, in the tables as in messages.
            separator = self.delimiters.element
            if status in CLAIM_STATUS or has_form("CLP", 2, status):  # every status has the form
                text = shown_segment(text, separator)
            else:
                text = checked_segment(text, separator)
                elements = checked_elements(elements, separator)
                claim_id, status = elements[1], elements[2]
        self.claim = [
            len(self.transactions), number, text, claim_id, intern(status), charge, paid,
            patient_responsibility, elements[7], intern(elements[9]),
            None, None, None, "", "", 0,  # dates, patient, lines: filled in by the loop
            _ZERO, _ZERO, _ZERO, True, [],  # ADJUSTMENT_TOTALS
        ]
        self.lines_adjusted = _ZERO
        self.lines_charge = _ZERO
        self.lines_charge_known = True
        self.readable_lines = 0
        self.loop = "claim"

    def _nm1(self, elements: list[str], number: int, text: str) -> None:
        if self.loop != "claim" or not self.include_patient_data:
            return  # minimum necessary: names and member ids are not read unless asked
        claim = self.claim
        assert claim is not None
        entity = _get(elements, 1)
        if entity == PATIENT:
            parts = [_get(elements, index) for index in NAME_ELEMENTS]
            claim[_CLAIM_PATIENT_NAME] = " ".join(p for p in parts if p)
            claim[_CLAIM_MEMBER_ID] = claim[_CLAIM_MEMBER_ID] or _get(elements, ID_ELEMENT)
        elif entity == INSURED:
            claim[_CLAIM_MEMBER_ID] = _get(elements, ID_ELEMENT) or claim[_CLAIM_MEMBER_ID]

    def _cas(self, elements: list[str], number: int, text: str) -> None:
        loop = self.loop
        if loop == "line":
            owner = self.line
            assert owner is not None
            line_number = owner[_LINE_NUMBER]
        elif loop == "claim":
            owner = self.claim
            assert owner is not None
            line_number = 0
        else:
            if loop != "skip":
                self.problem(number, text, "CAS", "CAS outside a claim or service line; ignored",
                             misplaced=True)
            return
        size = len(elements)
        group = intern(elements[1]) if size > 1 else ""
        if group not in ADJUSTMENT_GROUPS:
            # no group code: as likely a piece of a patient's name split at a terminator
            # (NM1*QC*1*DOE~CAS*JOHN****MI*ID), so nothing of it is quoted but a code's form
            shown = self._quoted(elements, 1)
            if not has_form("CAS", 1, group):
                self.problem(number, text, "CAS01",
                             f"CAS01 {shown!r} is not an adjustment group (CO, OA, PI, PR) "
                             "nor a code at all; the segment is ignored", misplaced=True)
                return
            self.problem(number, text, "CAS01",
                         f"CAS01 {shown!r} is not an adjustment group (CO, OA, PI, PR); its "
                         "amounts are kept")
        if size > 20:
            self.problem(number, text, "CAS",
                         f"CAS has {size - 1} elements, at most 19 are defined")
        add = self.add_adjustment
        reasons_seen = self.reasons_seen
        adjustment_amounts = self.adjustment_amounts
        found = False
        for index, reason, amount_text, quantity_text in adjustment_triples(elements):
            reason = intern(reason)
            read = adjustment_amounts.get(amount_text) or self._adjustment_amount(amount_text)
            if read is None:
                column = f"CAS{index + 1:02d}"
                self.problem(number, text, column,
                             f"{column} amount {self._quoted(elements, index + 1)!r} of "
                             f"adjustment {self._quoted(elements, 1)}-"
                             f"{self._quoted(elements, index)} is not a number; adjustment not "
                             "counted")
                continue
            amount, reusable, cents = read
            if not reason:
                self.problem(number, text, f"CAS{index:02d}",
                             f"CAS{index:02d} adjustment reason code is missing")
            elif reason not in reasons_seen:
                if not REASON_CODE.fullmatch(reason):
                    self.problem(number, text, f"CAS{index:02d}",
                                 f"CAS{index:02d} {self._quoted(elements, index)!r} is not an "
                                 f"adjustment reason code ({REASON_CODE_EXPECTED}); its amount "
                                 "is kept")
                    # as the message quotes it: no code, so as likely a piece of a patient's
                    # name split at a terminator (NM1*QC*1*DOE~CAS*CO*JOHN*20) as a reason
                    reason = self._quoted(elements, index) or NOT_SHOWN
                elif len(reasons_seen) < 10_000:
                    reasons_seen.add(reason)
            quantity = parse_amount(quantity_text) if quantity_text else None
            add((self.claim_index, line_number, group, reason, amount, quantity, number))
            # ``total + amount``, reusing the amount (see _adjustment_amount), written out: not
            # a call for each total of each of a large file's 50,000 CAS
            total = owner[_ADJUSTED]
            owner[_ADJUSTED] = amount if total is _ZERO and reusable else total + amount
            patient, payer, prior_payer = adjustment_totals(group, reason)
            if patient:
                total = owner[_PATIENT_SHARE]
                owner[_PATIENT_SHARE] = amount if total is _ZERO and reusable else total + amount
            elif payer:
                total = owner[_PAYER_REDUCTIONS]
                owner[_PAYER_REDUCTIONS] = (amount if total is _ZERO and reusable
                                            else total + amount)
            if not prior_payer:
                owner[_PRIOR_PAYER_ONLY] = False
            owner[_ADJUSTMENT_TEXT].append(adjustment_shown(group, reason, cents))
            found = True
        if not found:
            self.problem(number, text, "CAS02", "CAS has no reason/amount pair")

    def _adjustment_amount(self, text: str) -> tuple[Decimal, bool, str] | None:
        """A CAS amount as :meth:`_cas` adds it (None when unreadable), kept for the next CAS
        with the same text (a file repeats a few hundred amounts): the amount; whether it may
        stand for a total that is still the starting zero; its cents as the adjustments text
        shows them.

        A total the amount stands for is the amount object itself, not ``0 + amount``: most
        lines have one adjustment per total, and a new Decimal for each would cost 104 bytes a
        line. A signed zero or a positive exponent would read differently after the addition
        (``0 + Decimal('-0')`` is ``0``, ``0 + Decimal('1E+2')`` is ``100``), so those are
        added.
        """
        amount = parse_amount(text)
        if amount is None:
            return None
        read = (amount, bool(amount) and exponent_not_positive(amount), cents_text(amount))
        if len(self.adjustment_amounts) < 10_000:
            self.adjustment_amounts[text] = read
        return read

    # -- service lines ----------------------------------------------------------------------
    def _svc(self, elements: list[str], number: int, text: str) -> None:
        loop = self.loop
        if loop == "line":
            self._close_line()
        elif loop != "claim":
            if loop != "skip":
                self.problem(number, text, "SVC",
                             "SVC outside a claim (no CLP before it in this transaction); ignored",
                             misplaced=True)
            return
        claim = self.claim
        assert claim is not None
        self.loop = "line"
        claim[_CLAIM_LINES] += 1
        size = len(elements)
        if size < _SVC_ELEMENTS:  # a bare "SVC" (no SVC01) reached _procedure and crashed
            elements += _BLANKS[size:_SVC_ELEMENTS]
        svc01 = elements[1]
        procedure = self.procedures.get(svc01) or self._procedure(elements, number, text)
        if procedure is None:
            self.line = [
                self.claim_index, claim[_CLAIM_LINES], number, text, False, "", "", (), "", "",
                None, None, None, None, None, None, None, None, "",
                _ZERO, _ZERO, _ZERO, True, [],  # ADJUSTMENT_TOTALS
            ]
            return
        qualifier, code, modifiers = procedure
        if size > _SVC_ELEMENTS:
            self.problem(number, text, "SVC",
                         f"SVC has {size - 1} elements, at most 7 are defined")
        charge = AMOUNTS.get(elements[2]) or parse_amount(elements[2])
        if charge is None:
            self._amount(elements, 2, number, text, "line charge")  # reports it
        paid = AMOUNTS.get(elements[3]) or parse_amount(elements[3])
        if paid is None:
            self._amount(elements, 3, number, text, "line payment")
        units = units_paid(elements[5])
        if units is None:
            self._amount(elements, 5, number, text, "units paid")
        billed = units
        if elements[7]:
            billed = self._amount(elements, 7, number, text, "units billed")
        submitted = submitted_code(elements[6], self.component) if elements[6] else ""
        self.line = [
            self.claim_index, claim[_CLAIM_LINES], number, text, True, qualifier, code, modifiers,
            intern(submitted), intern(elements[4]), units, billed, charge, paid,
            None, None, None, None, "",  # allowed, dates, remarks, REF*6R: later segments
            _ZERO, _ZERO, _ZERO, True, [],  # ADJUSTMENT_TOTALS
        ]

    def _procedure(
        self, elements: list[str], number: int, text: str
    ) -> tuple[str, str, tuple[str, ...]] | None:
        """SVC01 as qualifier, code and modifiers; None (reported) when no code can be read.

        A file repeats the same few procedures: a well-formed one is remembered (per block,
        since the component separator may change), and the next SVC just looks it up.
        """
        svc01 = elements[1]
        components = svc01.split(self.component)
        if len(components) > 1 and components[1]:
            procedure = (components[0], *procedure_code(svc01, components))
            if self._checked_procedure(procedure, elements, number, text):
                if len(self.procedures) < 10_000:
                    self.procedures[svc01] = procedure
                return procedure
            return (procedure[0], "", ())
        recovered = self._recover_procedure(elements, components, number, text)
        if recovered is None:
            return None
        procedure = (recovered[0], *procedure_code(svc01, recovered))
        if self._checked_procedure(procedure, elements, number, text):
            return procedure
        return (procedure[0], "", ())

    def _checked_procedure(self, procedure: tuple[str, str, tuple[str, ...]],
                           elements: list[str], number: int, text: str) -> bool:
        """Whether SVC01's code (under qualifier HC) and modifiers have their forms
        (:mod:`ratecalc.code_forms`); else reported, and the line is kept without its code,
        so that it counts in its claim's balance but never as a rate of a code (97110:SMITH
        was read as a plain 97110)."""
        qualifier, code, modifiers = procedure
        kept = ("; the line is kept without its code (its amounts still count in the claim) "
                "and is no rate of any code")
        fault = procedure_fault(qualifier, code, modifiers)
        if fault == 2:
            self.problem(number, text, "SVC01",
                         f"SVC01-2 code {self._quoted(elements, 1, code)!r} is not a CPT/HCPCS "
                         "code (five digits, a letter and four digits, or four digits and a "
                         f"letter){kept}")
        elif fault is not None:
            modifier = modifiers[fault - 3]
            self.problem(number, text, "SVC01",
                         f"SVC01-{fault} modifier {self._quoted(elements, 1, modifier)!r}"
                         f" is not a modifier (two letters or digits){kept}")
        return fault is None

    def _recover_procedure(
        self, elements: list[str], components: list[str], number: int, text: str
    ) -> list[str] | None:
        """SVC01 without a code after the separator: recovered from a stray separator when what
        it separates has a procedure's form, or None (reported) when no code can be read."""
        separator = self.component
        svc01 = elements[1]
        shown = self._quoted(elements, 1)
        stray = svc01[2:3]
        if (
            len(components) == 1 and svc01[:2] in SERVICE_QUALIFIERS
            and stray and not stray.isalnum() and stray not in (" ", separator)
            and len(svc01) > 3 and has_form("SVC", 1, svc01.upper())
        ):
            recovered = svc01.split(stray)
            self.problem(
                number, text, "SVC01",
                f"SVC01 procedure {shown!r} does not use the component separator "
                f"{separator!r} that ISA16 declares; read with {stray!r} as "
                + (f"qualifier {recovered[0]!r}, code {recovered[1]!r}"
                   + (f", modifiers {' '.join(recovered[2:6])!r}" if len(recovered) > 2 else "")
                   if shown == svc01 else "qualifier and code"),
                "warning",
            )
            return recovered
        self.problem(
            number, text, "SVC01",
            f"SVC01 procedure {shown!r} is not "
            f"'qualifier{separator}code' (component separator {separator!r} from ISA16); the "
            "line is kept without code and amounts, since the elements after it cannot be "
            "trusted", misplaced=not has_form("SVC", 1, svc01),
        )
        return None

    def _amt(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "line" and len(elements) > 1 and elements[1] == "B6":
            assert self.line is not None
            allowed = AMOUNTS.get(elements[2]) if len(elements) > 2 else None
            self.line[_LINE_ALLOWED_REPORTED] = allowed or self._amount(
                elements, 2, number, text, "allowed amount")

    def _lq(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "line":
            line = self.line
            assert line is not None
            remark = _get(elements, 2)
            if remark and not has_form("LQ", 2, remark):
                # no remark code: as likely a piece of a patient's name split at a terminator
                # (NM1*QC*1*DOE~LQ*HE*JOHN), so it reaches the remarks only as a message
                # quotes it
                self.problem(number, text, "LQ02",
                             f"LQ02 {self._quoted(elements, 2)!r} is not a remark code (a "
                             "RARC such as N130, M86 or MA01; an NCPDP reject code after RX)",
                             "warning")
                remark = self._quoted(elements, 2) or NOT_SHOWN
            remarks = line[_LINE_REMARKS]  # None until the first LQ: most lines have none
            if remarks is None:
                line[_LINE_REMARKS] = [remark]
            else:
                remarks.append(remark)

    # -- provider-level adjustments ---------------------------------------------------------
    def _plb(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "skip":
            return
        self._close_claim()
        transaction = self._need_transaction(number, text)
        self.loop = "trailer"
        provider = _get(elements, 1)
        period = self._date(elements, 2, number, text, required=False)
        separator = self.delimiters.component
        for index in range(3, min(len(elements), 15), 2):
            composite = elements[index]
            amount_text = _get(elements, index + 1)
            if not composite and not amount_text:
                continue
            parts = composite.split(separator)
            recovered = len(parts) == 1 and len(composite) > 3 and not composite[2].isalnum()
            if recovered:
                parts = [composite[:2], composite[3:]]
            shown = self._quoted(elements, index)
            reason = self._quoted(elements, index, parts[0])
            if recovered:
                self.problem(number, text, f"PLB{index:02d}",
                             f"PLB{index:02d} {shown!r} does not use the component separator "
                             f"{separator!r} that ISA16 declares; read as reason {reason!r}",
                             "warning")
            amount = parse_amount(amount_text)
            if amount is None:
                self.problem(number, text, f"PLB{index + 1:02d}",
                             f"PLB{index + 1:02d} amount {self._quoted(elements, index + 1)!r} of "
                             f"provider adjustment {reason!r} is not a number; adjustment not "
                             "counted")
                continue
            transaction.provider_adjustments.append(ProviderAdjustment(
                provider, period, parts[0], parts[1] if len(parts) > 1 else "", amount, number,
            ))

    # -- values -----------------------------------------------------------------------------
    def _amount(
        self, elements: list[str], index: int, number: int, text: str, what: str,
        required: bool = True,
    ) -> Decimal | None:
        raw = elements[index] if index < len(elements) else ""
        if not raw and not required:
            return None
        value = parse_amount(raw)
        if value is None:
            column = f"{elements[0]}{index:02d}"
            shown = self._quoted(elements, index)
            problem = "is missing" if not raw else (
                f"{shown!r} is out of range (below a trillion, at most 6 decimals)"
                if _is_number(raw) else f"{shown!r} is not a number")
            self.problem(number, text, column, f"{column} {what} {problem}; left blank")
        return value

    def _date(
        self, elements: list[str], index: int, number: int, text: str, required: bool = True
    ) -> date | None:
        raw = elements[index] if index < len(elements) else ""
        if not raw and not required:
            return None
        value = parse_date(raw)
        if value is None:
            column = f"{elements[0]}{index:02d}"
            self.problem(number, text, column,
                         f"{column} {self._quoted(elements, index)!r} is not a date (CCYYMMDD); "
                         "left blank", "warning")
        return value

    # -- closing loops and balancing (DOMAIN.md section 5) ----------------------------------
    def _close_line(self) -> None:
        """Store the open line's row; check its balance (reported when its claim closes)."""
        line = self.line
        assert line is not None
        self.line = None
        charge, paid, adjusted = line[_LINE_CHARGE], line[_LINE_PAID], line[_ADJUSTED]
        self.lines_adjusted += adjusted
        if line[_LINE_READABLE]:
            self.readable_lines += 1
            if charge is None:
                self.lines_charge_known = False
            else:
                self.lines_charge += charge
        if charge is not None and paid is not None and unbalanced(charge, paid, adjusted):
            self._line_unbalanced(line)
        remarks = line[_LINE_REMARKS]
        line[_LINE_REMARKS] = "" if remarks is None else " ".join(remarks)
        line[_ADJUSTMENT_TEXT] = "; ".join(line[_ADJUSTMENT_TEXT])
        line[_LINE_TEXT] = None  # needed only for the balance problem above
        self.add_line(line)

    def _line_unbalanced(self, line: list[Any]) -> None:
        assert self.claim is not None
        charge, paid = line[_LINE_CHARGE], line[_LINE_PAID]
        self.line_problems.append(self._problem(
            line[_LINE_SEGMENT], line[_LINE_TEXT], "SVC",
            f"service line {line[_LINE_NUMBER]} of {self._claim_words(self.claim)} does not "
            f"balance: charge {_money(charge)} - paid {_money(paid)} = "
            f"{_money(charge - paid)}, but its adjustments total {_money(line[_ADJUSTED])}",
            well_formed=True,
        ))

    def _close_claim(self) -> None:
        claim = self.claim
        if claim is None:
            return
        if self.line is not None:
            self._close_line()
        self.claim = None
        if self.line_problems:
            room = max(MAX_X12_PROBLEMS_LISTED - len(self.problems), 0)
            self.problems += self.line_problems[:room]
            self.unlisted.update(p.severity for p in self.line_problems[room:])
            self.line_problems = []
        claim[_ADJUSTMENT_TEXT] = "; ".join(claim[_ADJUSTMENT_TEXT])
        if not claim[_CLAIM_LINES]:
            self._add_claim_line(claim)
        self.add_claim(claim)
        self.claim_index += 1
        charge, paid = claim[_CLAIM_CHARGE], claim[_CLAIM_PAID]
        if charge is None or paid is None:
            return
        adjusted = claim[_ADJUSTED] + self.lines_adjusted
        if unbalanced(charge, paid, adjusted):
            self.problem(
                claim[_CLAIM_SEGMENT], claim[_CLAIM_TEXT], "CLP",
                f"{self._claim_words(claim)} does not balance: charge {_money(charge)} - "
                f"paid {_money(paid)} = {_money(charge - paid)}, but claim and line "
                f"adjustments total {_money(adjusted)}", well_formed=True,
            )
        if self.readable_lines and self.lines_charge_known and self.lines_charge != charge:
            self.problem(
                claim[_CLAIM_SEGMENT], claim[_CLAIM_TEXT], "CLP03",
                f"{self._claim_words(claim)}: its service lines charge "
                f"{_money(self.lines_charge)}, but CLP03 says {_money(charge)}", well_formed=True,
            )

    def _add_claim_line(self, claim: list[Any]) -> None:
        """The line row of a claim without service lines (institutional, or lines left out)."""
        self.add_line((
            self.claim_index, 0, claim[_CLAIM_SEGMENT], claim[_CLAIM_TEXT], False, "", "", (),
            "", "", None, None, claim[_CLAIM_CHARGE], claim[_CLAIM_PAID], None,
            claim[_CLAIM_STATEMENT_START], None, "", "",
            *claim[_ADJUSTED:_ADJUSTMENT_TEXT], "",  # the claim's totals; no line adjustments
        ))

    def _balance_transaction(self, transaction: Transaction) -> None:
        if not transaction.bpr_segment:
            self.problem(transaction.segment, None, "BPR",
                         f"transaction {self._control_number(transaction)!r} has no BPR payment "
                         "segment")
            return
        payment = transaction.payment
        if payment is None or transaction.unreadable_claim_payments:
            return  # an unreadable amount is already reported
        claims_paid = transaction.claims_paid
        provider = sum((a.amount for a in transaction.provider_adjustments), _ZERO)
        if claims_paid - provider != payment:
            self.problem(
                transaction.bpr_segment, transaction.bpr_text, "BPR02",
                f"transaction {self._control_number(transaction)!r} does not balance: BPR02 "
                f"payment {_money(payment)}, but claim payments {_money(claims_paid)} - "
                f"provider adjustments {_money(provider)} = {_money(claims_paid - provider)}",
                well_formed=True,
            )


def _is_number(text: str) -> bool:
    """Whether ``text`` writes a number an amount may not hold (too large, too many decimals),
    as against no number at all, which parse_amount refuses alike."""
    return plain_decimal(text) is not None


def _get(elements: list[str], index: int) -> str:
    return elements[index] if index < len(elements) else ""


def _money(amount: Decimal) -> str:
    return str(to_decimal_cents(amount))
