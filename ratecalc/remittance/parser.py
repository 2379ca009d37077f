"""The 835 state machine: segments in; transactions, claims, service lines, adjustments, PLB out.

The parser walks the loops of an X12 835 (5010 X221 and 4010 X091): the transaction header
(BPR, TRN, DTM*405), payer (1000A, ``N1*PR``) and payee (1000B, ``N1*PE``), claims (2100, ``CLP``)
with their service lines (2110, ``SVC``) and the provider-level adjustments (``PLB``). A segment
whose meaning depends on the loop (``CAS``, ``DTM``, ``AMT``, ``REF``, ``NM1``) is read in the
loop the parser is in.

Bad input never stops the parse. Each malformed segment, unreadable value or unbalanced amount
becomes a :class:`ratecalc.errors.Problem` naming the file, the segment number (``segment``, counting
segments from 1) and the element (``column``), with the segment text as the value; the rest of the
file still imports. A claim is never dropped: a claim whose amounts cannot be read is kept with the
amounts missing.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ratecalc.errors import InputError, Location, Problem
from ratecalc.money import to_decimal_cents
from ratecalc.remittance import values
from ratecalc.remittance.tokenizer import Block, Delimiters, tokenize
from ratecalc.remittance.values import parse_amount, parse_date

TABLE = "Remittance"
_ONE = Decimal(1)
_ZERO = Decimal(0)
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}\Z")
#: Segments an 835 may carry that the importer does not need.
_IGNORED = frozenset(
    {"CUR", "N2", "N3", "N4", "PER", "RDM", "TS3", "TS2", "MIA", "MOA", "QTY", "TA1"}
)
#: DTM qualifiers read, by loop: service date, period start and end (2110); statement period
#: and received date (2100); production date (header).
_DATES_READ = {
    "line": frozenset({"472", "150", "151"}),
    "claim": frozenset({"232", "233", "050"}),
    "header": frozenset({"405"}),
}
_SVC_ELEMENTS = 8  # SVC plus SVC01-SVC07


class Adjustment(NamedTuple):
    """One group/reason/amount triple of a CAS segment.

    ``amount`` is in USD: positive reduces the payment, negative increases it.
    """

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None
    segment: int


class ProviderAdjustment(NamedTuple):
    """One reason/amount pair of a PLB segment: positive amounts reduce the payment [USD]."""

    provider_id: str
    fiscal_period_end: date | None
    reason: str
    reference: str
    amount: Decimal
    segment: int


class ServiceLine:
    """A 2110 service line as read; built by the parser, read-only afterwards."""

    __slots__ = (
        "segment", "text", "qualifier", "code", "modifiers", "charge", "paid", "revenue_code",
        "units", "billed_units", "submitted_code", "service_date", "service_end_date",
        "allowed_reported", "adjustments", "remarks", "control_number", "readable",
    )

    def __init__(
        self, segment: int, text: str, qualifier: str = "", code: str = "",
        modifiers: tuple[str, ...] = (), charge: Decimal | None = None,
        paid: Decimal | None = None, revenue_code: str = "", units: Decimal | None = None,
        billed_units: Decimal | None = None, submitted_code: str = "", readable: bool = True,
    ) -> None:
        self.segment = segment
        self.text = text
        self.qualifier = qualifier
        self.code = code
        self.modifiers = modifiers
        self.charge = charge
        self.paid = paid
        self.revenue_code = revenue_code
        self.units = units
        self.billed_units = billed_units
        self.submitted_code = submitted_code
        self.service_date: date | None = None
        self.service_end_date: date | None = None
        self.allowed_reported: Decimal | None = None  # AMT*B6
        self.adjustments: list[Adjustment] = []
        self.remarks: list[str] = []
        self.control_number = ""
        self.readable = readable


class Claim:
    """A 2100 claim payment as read; built by the parser, read-only afterwards."""

    __slots__ = (
        "segment", "text", "claim_id", "status", "charge", "paid", "patient_responsibility",
        "filing_indicator", "payer_claim_id", "facility", "frequency", "adjustments",
        "statement_start", "statement_end", "received_date", "patient_name", "member_id",
        "lines", "transaction",
    )

    def __init__(self, segment: int, text: str, transaction: Transaction) -> None:
        self.segment = segment
        self.text = text
        self.transaction = transaction
        self.claim_id = ""
        self.status = ""
        self.charge: Decimal | None = None
        self.paid: Decimal | None = None
        self.patient_responsibility: Decimal | None = None
        self.filing_indicator = ""
        self.payer_claim_id = ""
        self.facility = ""
        self.frequency = ""
        self.adjustments: list[Adjustment] = []
        self.statement_start: date | None = None
        self.statement_end: date | None = None
        self.received_date: date | None = None
        self.patient_name = ""
        self.member_id = ""
        self.lines: list[ServiceLine] = []


class Transaction:
    """An ST/SE transaction set (one payment) as read; read-only after the parse."""

    __slots__ = (
        "source", "segment", "interchange", "control_number", "handling", "payment",
        "payment_method", "payment_date", "check_number", "originator_id", "production_date",
        "payer", "payer_n1_id", "payer_ref_id", "payee", "payee_id", "claims",
        "provider_adjustments", "bpr_segment", "bpr_text",
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
        self.claims: list[Claim] = []
        self.provider_adjustments: list[ProviderAdjustment] = []
        self.bpr_segment = 0  # 0: no BPR seen
        self.bpr_text = ""

    @property
    def payer_id(self) -> str:
        """The payer's id: N1*PR N104, else REF*2U, else the TRN03 originator id."""
        return self.payer_n1_id or self.payer_ref_id or self.originator_id


@dataclass(frozen=True)
class ParsedFile:
    """What one file yielded: its transactions (with claims and lines) and its problems."""

    source: str
    transactions: tuple[Transaction, ...]
    problems: tuple[Problem, ...]


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
        Keep patient names and member ids (NM1*QC, NM1*IL). Off by default: minimum necessary.

    Returns
    -------
    ParsedFile
        Never raises for bad content; problems are in :attr:`ParsedFile.problems`.

    Examples
    --------
    >>> parsed = parse_text("ST*835*1~BPR*I*5*C~CLP*A1*1*5*5~SE*4*1~")
    >>> [c.claim_id for t in parsed.transactions for c in t.claims]
    ['A1']
    >>> [p.rule for p in parsed.problems]  # no ISA: the delimiters had to be inferred
    ["no ISA segment: delimiters inferred from the data (element '*', component ':', segment '~')"]
    """
    parser = _Parser(source, include_patient_data)
    if not text.strip():
        parser.problem(1, None, None, "the file is empty", "warning")
        return parser.finish()
    try:
        blocks = tokenize(text)
    except InputError as exc:
        parser.problem(1, text[:120], None, f"{exc}; the file was not imported")
        return parser.finish()
    with gc_paused():
        for block in blocks:
            parser.feed(block)
        return parser.finish()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    None of them is cyclic garbage, yet the collector would rescan them again and again as they
    accumulate: about a third of the import time of a large file.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Parser:
    def __init__(self, source: str, include_patient_data: bool) -> None:
        self.source = source
        self.include_patient_data = include_patient_data
        self.problems: list[Problem] = []
        self.transactions: list[Transaction] = []
        self.delimiters = Delimiters("*", ":", "~")
        self.interchange = ""
        self.transaction: Transaction | None = None
        self.claim: Claim | None = None
        self.line: ServiceLine | None = None
        self.loop = "envelope"
        self.handlers = {
            "ISA": self._isa, "GS": self._ignore, "GE": self._ignore, "IEA": self._iea,
            "ST": self._st, "SE": self._se, "BPR": self._bpr, "TRN": self._trn,
            "DTM": self._dtm, "N1": self._n1, "REF": self._ref, "LX": self._lx, "CLP": self._clp,
            "CAS": self._cas, "NM1": self._nm1, "SVC": self._svc, "AMT": self._amt,
            "LQ": self._lq, "PLB": self._plb,
        }
        for segment_id in _IGNORED:
            self.handlers[segment_id] = self._ignore

    # -- problems ---------------------------------------------------------------------------
    def problem(
        self, number: int, text: str | None, column: str | None, rule: str,
        severity: str = "error",
    ) -> None:
        """Record a problem at segment ``number`` (its text is the problem's value)."""
        self.problems.append(
            Problem(TABLE, Location(file=self.source, segment=number, column=column), rule, text,
                    severity)
        )

    # -- driving ----------------------------------------------------------------------------
    def feed(self, block: Block) -> None:
        self.delimiters = block.delimiters
        element = block.delimiters.element
        number = block.first_segment
        if block.inferred:
            self.problem(
                number, block.segments[0] if block.segments else "", None,
                "no ISA segment: delimiters inferred from the data ("
                f"{block.delimiters.describe()})", "warning",
            )
        handlers = self.handlers
        for text in block.segments:
            elements = text.split(element)
            segment_id = elements[0]
            handler = handlers.get(segment_id)
            if handler is not None:
                handler(elements, number, text)
            elif self.loop == "skip":
                pass  # inside a transaction set that is not an 835
            elif not text:
                self.problem(number, None, None, "empty segment (two terminators in a row)",
                             "warning")
            elif _SEGMENT_ID.match(segment_id):
                self.problem(number, text, None,
                             f"unexpected segment {segment_id!r} in an 835; ignored", "warning")
            else:
                self.problem(number, text, None,
                             f"segment id {segment_id!r} is not 2-3 capital letters or digits "
                             f"followed by {element!r}; segment ignored")
            number += 1

    def finish(self) -> ParsedFile:
        if self.transaction is not None:
            self._close_claim()  # its problems come first
            self.problem(self.transaction.segment, None, "SE",
                         f"transaction {self.transaction.control_number!r} has no SE trailer: "
                         "the file may be truncated; its claims were imported")
            self._close_transaction()
        return ParsedFile(self.source, tuple(self.transactions), tuple(self.problems))

    # -- envelope ---------------------------------------------------------------------------
    def _ignore(self, elements: list[str], number: int, text: str) -> None:
        pass

    def _isa(self, elements: list[str], number: int, text: str) -> None:
        self.interchange = elements[13] if len(elements) > 13 else ""
        if len(elements) != 17:
            self.problem(number, text, "ISA",
                         f"ISA has {len(elements) - 1} elements, expected 16", "warning")

    def _iea(self, elements: list[str], number: int, text: str) -> None:
        if self.transaction is not None:
            self._close_claim()  # its problems come first
            self.problem(number, text, "IEA",
                         f"interchange ended inside transaction "
                         f"{self.transaction.control_number!r} (no SE); its claims were imported")
            self._close_transaction()
        self.loop = "envelope"

    def _st(self, elements: list[str], number: int, text: str) -> None:
        if self.transaction is not None:
            self._close_claim()  # its problems come first
            self.problem(number, text, "ST",
                         f"new transaction before the SE of transaction "
                         f"{self.transaction.control_number!r}; its claims were imported")
            self._close_transaction()
        kind = _get(elements, 1)
        if kind != "835":
            self.problem(number, text, "ST01",
                         f"transaction set {kind!r} is not an 835 remittance; skipped up to its "
                         "SE", "warning")
            self.loop = "skip"
            return
        self.transaction = Transaction(self.source, number, self.interchange, _get(elements, 2))
        self.loop = "header"

    def _se(self, elements: list[str], number: int, text: str) -> None:
        transaction = self.transaction
        if transaction is None:
            if self.loop != "skip":
                self.problem(number, text, "SE", "SE without an ST before it", "warning")
            self.loop = "envelope"
            return
        declared = _get(elements, 1)
        counted = number - transaction.segment + 1
        if declared != str(counted):
            self.problem(number, text, "SE01",
                         f"SE01 says the transaction has {declared} segments, counted {counted}",
                         "warning")
        if _get(elements, 2) != transaction.control_number:
            self.problem(number, text, "SE02",
                         f"SE02 does not match ST02 {transaction.control_number!r}", "warning")
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
                         "a transaction without payment header")
            self.transaction = Transaction(self.source, number, self.interchange, "")
            self.loop = "header"
        return self.transaction

    # -- header -----------------------------------------------------------------------------
    def _bpr(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "skip":
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

    def _trn(self, elements: list[str], number: int, text: str) -> None:
        if self.transaction is not None and self.loop == "header":
            self.transaction.check_number = _get(elements, 2)
            self.transaction.originator_id = _get(elements, 3)

    def _n1(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "skip":
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
            self.line.control_number = elements[2]
        elif loop == "payer" and elements[1] == "2U":
            assert self.transaction is not None
            self.transaction.payer_ref_id = elements[2]

    def _dtm(self, elements: list[str], number: int, text: str) -> None:
        loop = self.loop
        read = _DATES_READ.get(loop)
        qualifier = elements[1] if len(elements) > 1 else ""
        if read is None or qualifier not in read:
            return
        day = parse_date(elements[2]) if len(elements) > 2 else None
        if day is None:
            self._date(elements, 2, number, text)  # reports the bad date
        if loop == "line":
            line = self.line
            assert line is not None
            if qualifier == "472":
                line.service_date = line.service_end_date = day
            elif qualifier == "150":
                line.service_date = day
            else:
                line.service_end_date = day
        elif loop == "claim":
            claim = self.claim
            assert claim is not None
            if qualifier == "232":
                claim.statement_start = day
            elif qualifier == "233":
                claim.statement_end = day
            else:
                claim.received_date = day
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
        transaction = self._need_transaction(number, text)
        claim = Claim(number, text, transaction)
        claim.claim_id = _get(elements, 1)
        if not claim.claim_id:
            self.problem(number, text, "CLP01", "CLP01 claim id is missing; claim kept")
        claim.status = _get(elements, 2)
        if claim.status not in values.CLAIM_STATUS:
            self.problem(number, text, "CLP02",
                         f"CLP02 claim status {claim.status!r} is not an 835 status code",
                         "warning")
        claim.charge = self._amount(elements, 3, number, text, "claim charge")
        claim.paid = self._amount(elements, 4, number, text, "claim payment")
        claim.patient_responsibility = self._amount(elements, 5, number, text,
                                                    "patient responsibility", required=False)
        claim.filing_indicator = _get(elements, 6)
        claim.payer_claim_id = _get(elements, 7)
        claim.facility = _get(elements, 8)
        claim.frequency = _get(elements, 9)
        if len(elements) > 15:
            self.problem(number, text, "CLP",
                         f"CLP has {len(elements) - 1} elements, at most 14 are defined")
        transaction.claims.append(claim)
        self.claim = claim
        self.line = None
        self.loop = "claim"

    def _nm1(self, elements: list[str], number: int, text: str) -> None:
        if self.loop != "claim" or not self.include_patient_data:
            return  # minimum necessary: names and member ids are not read unless asked
        claim = self.claim
        assert claim is not None
        entity = _get(elements, 1)
        if entity == "QC":
            parts = [_get(elements, 3), _get(elements, 4), _get(elements, 5)]
            claim.patient_name = " ".join(p for p in parts if p)
            claim.member_id = claim.member_id or _get(elements, 9)
        elif entity == "IL":
            claim.member_id = _get(elements, 9) or claim.member_id

    def _cas(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "line":
            assert self.line is not None
            target = self.line.adjustments
        elif self.loop == "claim":
            assert self.claim is not None
            target = self.claim.adjustments
        else:
            if self.loop != "skip":
                self.problem(number, text, "CAS", "CAS outside a claim or service line; ignored")
            return
        size = len(elements)
        group = elements[1] if size > 1 else ""
        if group not in values.ADJUSTMENT_GROUPS:
            self.problem(number, text, "CAS01",
                         f"CAS01 {group!r} is not an adjustment group (CO, OA, PI, PR); its "
                         "amounts are kept")
        if size > 20:
            self.problem(number, text, "CAS",
                         f"CAS has {size - 1} elements, at most 19 are defined")
        found = False
        for index in range(2, min(size, 20), 3):
            reason = elements[index]
            amount_text = elements[index + 1] if index + 1 < size else ""
            quantity_text = elements[index + 2] if index + 2 < size else ""
            if not reason and not amount_text and not quantity_text:
                continue
            amount = parse_amount(amount_text)
            column = f"CAS{index + 1:02d}"
            if amount is None:
                self.problem(number, text, column,
                             f"{column} amount {amount_text!r} of adjustment {group}-{reason} is "
                             "not a number; adjustment not counted")
                continue
            if not reason:
                self.problem(number, text, f"CAS{index:02d}",
                             f"CAS{index:02d} adjustment reason code is missing")
            quantity = parse_amount(quantity_text) if quantity_text else None
            target.append(Adjustment(group, reason, amount, quantity, number))
            found = True
        if not found:
            self.problem(number, text, "CAS02", "CAS has no reason/amount pair")

    # -- service lines ----------------------------------------------------------------------
    def _svc(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "skip":
            return
        claim = self.claim
        if claim is None or self.loop not in ("claim", "line"):
            self.problem(number, text, "SVC",
                         "SVC outside a claim (no CLP before it in this transaction); ignored")
            return
        self.loop = "line"
        components = self._procedure(elements, number, text)
        if components is None:
            self.line = ServiceLine(number, text, readable=False)
            claim.lines.append(self.line)
            return
        size = len(elements)
        if size > _SVC_ELEMENTS:
            self.problem(number, text, "SVC",
                         f"SVC has {size - 1} elements, at most 7 are defined")
        elif size < _SVC_ELEMENTS:
            elements = elements + [""] * (_SVC_ELEMENTS - size)
        charge = parse_amount(elements[2])
        if charge is None:
            self._amount(elements, 2, number, text, "line charge")  # reports it
        paid = parse_amount(elements[3])
        if paid is None:
            self._amount(elements, 3, number, text, "line payment")
        # TR3: SVC05 may be left out when one unit was paid.
        units = parse_amount(elements[5]) if elements[5] else _ONE
        if units is None:
            self._amount(elements, 5, number, text, "units paid")
        billed = units
        if elements[7]:
            billed = self._amount(elements, 7, number, text, "units billed")
        submitted = elements[6]
        if submitted:
            parts = submitted.split(self.delimiters.component)
            submitted = parts[1] if len(parts) > 1 else submitted
        code = components[1]
        modifiers = tuple(m for m in components[2:6] if m)
        if not code.isupper() or not code.isalnum() or any(not m.isupper() for m in modifiers):
            code = code.strip().upper()  # rare: lower case or padded codes
            modifiers = tuple(m.strip().upper() for m in modifiers if m.strip())
        self.line = ServiceLine(number, text, components[0], code, modifiers, charge, paid,
                                elements[4], units, billed, submitted)
        claim.lines.append(self.line)

    def _procedure(self, elements: list[str], number: int, text: str) -> list[str] | None:
        """SVC01 split into qualifier, code and modifiers; None when no code can be read."""
        composite = _get(elements, 1)
        separator = self.delimiters.component
        components = composite.split(separator)
        if len(components) > 1 and components[1]:
            return components
        stray = composite[2:3]
        if (
            len(components) == 1 and composite[:2] in values.SERVICE_QUALIFIERS
            and stray and not stray.isalnum() and stray not in (" ", separator)
            and len(composite) > 3
        ):
            recovered = composite.split(stray)
            self.problem(
                number, text, "SVC01",
                f"SVC01 procedure {composite!r} does not use the component separator "
                f"{separator!r} that ISA16 declares; read with {stray!r} as qualifier "
                f"{recovered[0]!r}, code {recovered[1]!r}"
                + (f", modifiers {' '.join(recovered[2:6])!r}" if len(recovered) > 2 else ""),
                "warning",
            )
            return recovered
        self.problem(
            number, text, "SVC01",
            f"SVC01 procedure {composite!r} is not 'qualifier{separator}code' (component "
            f"separator {separator!r} from ISA16); the line is kept without code and amounts, "
            "since the elements after it cannot be trusted",
        )
        return None

    def _amt(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "line" and len(elements) > 1 and elements[1] == "B6":
            assert self.line is not None
            self.line.allowed_reported = self._amount(elements, 2, number, text,
                                                      "allowed amount")

    def _lq(self, elements: list[str], number: int, text: str) -> None:
        if self.loop == "line":
            assert self.line is not None
            self.line.remarks.append(_get(elements, 2))

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
            if len(parts) == 1 and len(composite) > 3 and not composite[2].isalnum():
                parts = [composite[:2], composite[3:]]
                self.problem(number, text, f"PLB{index:02d}",
                             f"PLB{index:02d} {composite!r} does not use the component separator "
                             f"{separator!r} that ISA16 declares; read as reason {parts[0]!r}",
                             "warning")
            amount = parse_amount(amount_text)
            if amount is None:
                self.problem(number, text, f"PLB{index + 1:02d}",
                             f"PLB{index + 1:02d} amount {amount_text!r} of provider adjustment "
                             f"{parts[0]!r} is not a number; adjustment not counted")
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
            problem = "is missing" if not raw else f"{raw!r} is not a number"
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
                         f"{column} {raw!r} is not a date (CCYYMMDD); left blank", "warning")
        return value

    # -- balancing (DOMAIN.md section 5) ----------------------------------------------------
    def _close_claim(self) -> None:
        claim = self.claim
        if claim is None:
            return
        self.claim = None
        self.line = None
        lines_adjusted = _ZERO
        for position, line in enumerate(claim.lines, start=1):
            adjusted = _ZERO
            for adjustment in line.adjustments:
                adjusted += adjustment.amount
            lines_adjusted += adjusted
            if (line.charge is not None and line.paid is not None
                    and line.charge - line.paid != adjusted):
                self.problem(
                    line.segment, line.text, "SVC",
                    f"service line {position} of claim {claim.claim_id!r} does not balance: "
                    f"charge {_money(line.charge)} - paid {_money(line.paid)} = "
                    f"{_money(line.charge - line.paid)}, but its adjustments total "
                    f"{_money(adjusted)}",
                )
        charge, paid = claim.charge, claim.paid
        if charge is None or paid is None:
            return
        adjusted = sum((a.amount for a in claim.adjustments), _ZERO) + lines_adjusted
        if charge - paid != adjusted:
            self.problem(
                claim.segment, claim.text, "CLP",
                f"claim {claim.claim_id!r} does not balance: charge {_money(charge)} - "
                f"paid {_money(paid)} = {_money(charge - paid)}, but claim and line "
                f"adjustments total {_money(adjusted)}",
            )
        charges = [line.charge for line in claim.lines if line.readable]
        known = [c for c in charges if c is not None]
        if known and len(known) == len(charges):
            total = sum(known, _ZERO)
            if total != charge:
                self.problem(
                    claim.segment, claim.text, "CLP03",
                    f"claim {claim.claim_id!r}: its service lines charge {_money(total)}, "
                    f"but CLP03 says {_money(charge)}",
                )

    def _balance_transaction(self, transaction: Transaction) -> None:
        if not transaction.bpr_segment:
            self.problem(transaction.segment, None, "BPR",
                         f"transaction {transaction.control_number!r} has no BPR payment segment")
            return
        payment = transaction.payment
        paid = [claim.paid for claim in transaction.claims]
        known = [p for p in paid if p is not None]
        if payment is None or len(known) != len(paid):
            return  # an unreadable amount is already reported
        claims_paid = sum(known, _ZERO)
        provider = sum((a.amount for a in transaction.provider_adjustments), _ZERO)
        if claims_paid - provider != payment:
            self.problem(
                transaction.bpr_segment, transaction.bpr_text, "BPR02",
                f"transaction {transaction.control_number!r} does not balance: BPR02 payment "
                f"{_money(payment)}, but claim payments {_money(claims_paid)} - "
                f"provider adjustments {_money(provider)} = {_money(claims_paid - provider)}",
            )


def _get(elements: list[str], index: int) -> str:
    return elements[index] if index < len(elements) else ""


def _money(amount: Decimal) -> str:
    return str(to_decimal_cents(amount))
