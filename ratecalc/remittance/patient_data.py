"""Which elements of an 835 identify a person, and how a message quotes a segment without them.

Patient data stays minimal: an 835 names the patient, the insured and their ids, and none of it
reaches an output (a table, a message, the JSON, the workbook's Problems sheet) unless the user
asks (``include_patient_data``). The parser reads names and ids from the elements listed here;
:func:`shown_segment` and :func:`shown_elements` replace the same elements in the text a message
quotes.

Elements that identify a person (X12 835 5010 X221A1, loop 2100; 4010 X091 alike):

- ``NM1`` with NM101 ``QC`` (patient), ``IL`` (insured or subscriber), ``74`` (corrected patient
  or insured) or ``GB`` (other subscriber): NM103-NM107 name, NM109 id (member id, SSN, HIC,
  medical record number: NM108 says which), and anything after NM109. NM101, NM102 and NM108
  are codes and stay.
- ``N1`` with N101 one of those (an 835 has N1 only for payer and payee; a patient's, from
  another transaction or a payer's own use, names a person as NM1 does): N102 name, N104 id,
  and anything after N104. N101 and N103 are codes and stay.
- ``REF`` with REF01 ``1W`` (member id), ``SY`` (social security number), ``EA`` (medical record
  number), ``1L`` and ``IG`` (policy number), ``28`` (employee id): REF02 and after.
- Any segment an 835 does not define (``DMG`` birth dates, ``N3``/``N4`` of a patient, from an 837
  pasted in, or the pieces of a segment split at the wrong character): the meaning of its
  elements is unknown, so every value is replaced.

CLP01, the clinic's own claim id (its patient control number), is often the patient's account
number or made of the name (HIPAA counts account numbers as identifiers): it is replaced
(``<claim id>``), a message names a claim by CLP07 (:func:`claim_words`), and the tables keep it
for the import's own rules only (:func:`ratecalc.remittance.tables.shareable`). CLP07, the
payer's claim control number, stays: it is how a user finds the claim with the payer. When
CLP02 has no status code's form (``NM1*QC*1*DOE~CLP*JOHN``) the CLP is as likely a piece of a
name, and its values reach neither a message nor a table unless they have their position's
form.

REF02 of a REF*6R, the line item control number, is the clinic's own id of a service line, as
often built from the patient's account number or CLP01: it is replaced alike
(``<line control number>``), and the line table keeps it out of every output unless patient data
is asked for (:func:`ratecalc.remittance.tables.shareable`).

A segment whose terminator was lost can carry a person's segment inside it
(``CLP*A1*1*100*80NM1*QC*1*DOE*JOHN``), or a CLP or REF*6R with the clinic's ids
(``CAS*CO*45*20REF*6R*DOE0417L1``): from the start of such a segment on, the text is replaced.

A segment that fails one of its own checks (an unknown code, a bad date or amount, too many
elements) is as likely a piece of a person's segment split at a terminator inside a name
(``NM1*QC*1*DOE~DTM*232*JOHN``), whatever its id. A message quotes such a segment, and the values
its rule names, through :func:`checked_elements`: only the values that have the form their
position expects (a code, a date, an amount: :data:`ELEMENT_FORMS`) are shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ratecalc.remittance.values import REASON_CODE, SEGMENT_IDS, SEGMENT_SIZES

#: NM101 entity codes of the people an 835 names (loop 2100), with the word a message uses.
PERSON_ENTITIES: dict[str, str] = {
    "QC": "patient",
    "IL": "insured",
    "74": "corrected",
    "GB": "other subscriber",
}
PATIENT = "QC"
INSURED = "IL"
#: NM103 last, NM104 first and NM105 middle name: the name the parser reads.
NAME_ELEMENTS = (3, 4, 5)
#: NM103 to NM107 (NM106 prefix, NM107 suffix): every element of a person's name.
_ALL_NAME_ELEMENTS = range(3, 8)
#: NM109: the person's id (member id, SSN, ...; NM108 names the kind).
ID_ELEMENT = 9
#: Elements of a person's NM1 that are codes, not data: NM101 entity, NM102 type, NM108 id kind.
_NM1_CODES = frozenset({0, 1, 2, 8})
#: A person's N1: N102 the name, N104 the id; N101 entity and N103 id kind are codes.
_N1_NAME, _N1_ID, _N1_CODES = 2, 4, frozenset({0, 1, 3})
#: REF01 qualifiers whose REF02 identifies a person, with the word a message uses.
PERSON_REFERENCES: dict[str, str] = {
    "1W": "member id",
    "SY": "social security number",
    "EA": "medical record number",
    "1L": "policy number",
    "IG": "policy number",
    "28": "employee id",
}

#: What replaces a value whose meaning is unknown (a segment an 835 does not define).
NOT_SHOWN = "<not shown>"
#: What replaces CLP01, the clinic's claim id (see the module).
CLAIM_ID = "<claim id>"
#: REF01 of the line item control number, and what replaces its REF02 (see the module).
LINE_CONTROL_QUALIFIER = "6R"
LINE_CONTROL_NUMBER = "<line control number>"
#: What replaces the rest of a person's segment found inside another segment.
PATIENT_DATA = "<patient data>"

_PLACEHOLDERS = frozenset(
    {NOT_SHOWN, PATIENT_DATA, CLAIM_ID, LINE_CONTROL_NUMBER}
    | {f"<{role} name>" for role in PERSON_ENTITIES.values()}
    | {f"<{role} id>" for role in PERSON_ENTITIES.values()}
    | {f"<{what}>" for what in PERSON_REFERENCES.values()}
)
_SEP = "[^A-Za-z0-9]"
#: The start of a person's segment anywhere in a text, whatever its separator (or none, when it
#: was lost), up to and including the separator after the qualifier; and of a CLP or a REF*6R,
#: whose CLP01 and REF02 are as often made of the patient's name or account number (see the
#: module). A CLP right after a \0 starts a segment of its own: the column reader joins the
#: texts of its CLPs with \0 (:func:`may_hold_person_head`).
_PERSON_N1 = f"N1{_SEP}(?:{'|'.join(PERSON_ENTITIES)}){_SEP}?"
_PERSON_HEAD = re.compile(
    f"NM1{_SEP}?(?:{'|'.join(PERSON_ENTITIES)}){_SEP}?|{_PERSON_N1}"
    f"|REF{_SEP}(?:{'|'.join([*PERSON_REFERENCES, LINE_CONTROL_QUALIFIER])}){_SEP}?"
    f"|DMG{_SEP}|(?<!\0)CLP{_SEP}",
    re.IGNORECASE,
)
#: A person's N1 alone: "N1" is in many a claim number (PCN1), so :func:`may_hold_person_head`
#: runs this pattern only where ``_N1_NEAR`` finds its likeness in the upper case (a search
#: without IGNORECASE, for the literal N1, costs a fifth of this one). Its separator may be up
#: to three characters there (upper() of one can be three: 'ß' is 'SS'), and the pattern takes
#: the dotted capital I (U+0130), which upper() keeps, for the I of IL.
_PERSON_N1_HEAD = re.compile(_PERSON_N1, re.IGNORECASE)
_N1_NEAR = re.compile(f"N1.{{1,3}}?(?:{'|'.join(PERSON_ENTITIES)}|\u0130L)", re.DOTALL)
#: Segment ids of the other X12 health-care transactions (837 claims, 270/271 eligibility,
#: 276/277 claim status, 834 enrollment) that end up pasted into an 835: an unexpected segment
#: is named when its id is one of these. Any other id may be a piece of a value split at a lost
#: terminator, and a piece of a name has the form of an id as often as not (ANN, LEE, WU), so it
#: is not shown. LIN and PAT are left out: they are segment ids and names.
OTHER_X12_SEGMENT_IDS = frozenset({
    "BHT", "HL", "PRV", "SBR", "CLM", "DTP", "PWK", "CN1", "K3", "NTE", "CR1", "CR2", "CRC",
    "HI", "HCP", "SV1", "SV2", "SV5", "SVD", "CTP", "DMG", "EQ", "EB", "III", "MSG", "INS",
    "HD", "IDC", "COB", "STC", "BGN", "ENT", "RMR", "MEA", "N9", "DSB", "ACT", "TOO",
})
_KNOWN_PREFIX = re.compile(r"[A-Z][A-Z0-9]{1,2}")
#: A placeholder already put in (so that showing shown text changes nothing), or a run of
#: letters and digits: a value, or a piece of one.
_WORD = re.compile("|".join(re.escape(p) for p in sorted(_PLACEHOLDERS)) + "|[A-Za-z0-9]+")


def shown_segment(text: str, separator: str) -> str:
    """The text of a segment as a message may quote it: the values that identify a person replaced.

    Parameters
    ----------
    text : str
        The segment, without terminator (or any text read as one).
    separator : str
        The element separator of its interchange.

    Returns
    -------
    str
        ``text`` with the values listed in the module docstring replaced by placeholders such as
        ``<patient name>``, ``<member id>`` and ``<not shown>``; segment id, codes and element
        positions (the separators) stay. Showing shown text again changes nothing.

    Examples
    --------
    >>> shown_segment("NM1*QC*1*DOE*JOHN****MI*123456789", "*")
    'NM1*QC*1*<patient name>*<patient name>****MI*<patient id>'
    >>> shown_segment("CLP*A1*1*100*80**12*PCN1", "*")
    'CLP*<claim id>*1*100*80**12*PCN1'
    >>> shown_segment("REF*6R*DOE0417L1", "*")
    'REF*6R*<line control number>'
    >>> shown_segment("NM1QC*1*DOE*JOHN", "*")
    'NM1<not shown>*<not shown>*<not shown>*<not shown>'
    """
    if not text:
        return text
    elements = text.split(separator)
    if elements[0] in SEGMENT_IDS and elements[0] not in ("NM1", "REF", "N1") and (
            not may_hold_person_head(text) or _PERSON_HEAD.search(text, 1) is None) and (
            not _overfull(elements)):
        if elements[0] == "CLP" and len(elements) > 1 and elements[1]:
            elements[1] = CLAIM_ID  # as shown_elements does, at a third of its cost a claim
            return separator.join(elements)
        return text  # the usual case: nothing to replace
    return separator.join(shown_elements(elements, separator))


def claim_words(claim_id: str, payer_claim_id: str, include_patient_data: bool) -> str:
    """How a message names a claim: by the clinic's claim id (CLP01) only when patient data was
    asked for, else by the payer's claim number (CLP07), else as "the claim" (the message's
    place names its segment).

    >>> claim_words("DOE0417", "PCN1", False), claim_words("DOE0417", "", False)
    ("claim 'PCN1' (the payer's claim number)", 'the claim')
    >>> claim_words("DOE0417", "PCN1", True)
    "claim 'DOE0417'"
    """
    if include_patient_data:
        return f"claim {claim_id!r}"
    if payer_claim_id and payer_claim_id not in _PLACEHOLDERS:
        return f"claim {payer_claim_id!r} (the payer's claim number)"
    return "the claim"


def may_hold_person_head(text: str) -> bool:
    """False when no person's segment starts in ``text`` (``_PERSON_HEAD`` finds none), told by
    substring tests: the pattern's search, which the parser ran on each claim's CLP, cost
    0.9 us, a third of a CLP's parse; these cost 0.4 us on a claim's CLP (0.12 us before they
    looked for a glued CLP and N1 too). True may still find none.

    The pattern's ids are ASCII letters and a digit that no other character matches when case
    is ignored, and upper() turns each of them into the capital, so a text the pattern matches
    has one of its ids in its upper case: a CLP counts only where it starts no text (the text's
    own id, or one after a \0 where texts are joined), since every claim's text starts with it;
    an N1 only with an entity code after it (``_N1_NEAR``), since many a claim number has N1.

    Examples
    --------
    >>> may_hold_person_head("CLP*A1*1*100*80"), may_hold_person_head("CAS*CO*45*20nm1*QC")
    (False, True)
    >>> may_hold_person_head(chr(0).join(["CLP*A1", "CLP*A2"])), may_hold_person_head("SVC*1CLP*")
    (False, True)
    """
    upper = text.upper()
    return "NM1" in upper or "REF" in upper or "DMG" in upper or (
        upper.find("CLP", 1) >= 0  # a quarter of the counts' cost: a claim's text has none
        and upper.count("CLP") > upper.startswith("CLP") + upper.count("\0CLP")) or (
        "N1" in upper and _N1_NEAR.search(upper) is not None
        and _PERSON_N1_HEAD.search(text) is not None)


def shown_elements(elements: Sequence[str], separator: str) -> list[str]:
    """The elements of a segment as a message may quote them (see :func:`shown_segment`).

    Parameters
    ----------
    elements : sequence of str
        The segment split at ``separator``; ``elements[0]`` is the segment id.
    separator : str
        The element separator, to find a person's segment that spans elements.

    Returns
    -------
    list of str
        One per element, in order: the element, or a placeholder where it identifies a person
        (an empty element stays empty).

    Examples
    --------
    >>> shown_elements(["REF", "1W", "123456789"], "*")
    ['REF', '1W', '<member id>']
    >>> shown_elements(["CAS", "CO", "45", "20NM1", "QC", "1", "DOE"], "*")
    ['CAS', 'CO', '45', '20NM1', 'QC', '<patient data>', '<patient data>']
    """
    if not elements:
        return []
    segment_id = elements[0]
    if segment_id not in SEGMENT_IDS:
        # An 835 does not define it, so which values identify a person is unknown.
        return _values_hidden(elements)
    head = _PERSON_HEAD.search(separator.join(elements), 1)
    if _overfull(elements) and head is None:
        # More elements than its id has: a piece of another segment split at a terminator
        # inside a value (ST*FIRSTNAME****MI*MEMBERID of a patient's NM1), so its values are
        # whatever that segment held.
        return _values_hidden(elements)
    shown = list(elements)
    # the parser reads qualifiers as written, but a message must not show a lowercase one's data
    qualifier = elements[1].upper() if len(elements) > 1 else ""
    if segment_id == "NM1" and qualifier in PERSON_ENTITIES:
        role = PERSON_ENTITIES[qualifier]
        for index, value in enumerate(elements):
            if value and index not in _NM1_CODES:
                shown[index] = (f"<{role} name>" if index in _ALL_NAME_ELEMENTS
                                else f"<{role} id>" if index == ID_ELEMENT else PATIENT_DATA)
    elif segment_id == "N1" and qualifier in PERSON_ENTITIES:
        role = PERSON_ENTITIES[qualifier]
        for index, value in enumerate(elements):
            if value and index not in _N1_CODES:
                shown[index] = (f"<{role} name>" if index == _N1_NAME
                                else f"<{role} id>" if index == _N1_ID else PATIENT_DATA)
    elif segment_id == "CLP" and len(elements) > 1 and elements[1]:
        shown[1] = CLAIM_ID
    elif segment_id == "REF" and qualifier in PERSON_REFERENCES:
        shown[2:] = [
            (f"<{PERSON_REFERENCES[qualifier]}>" if index == 2 else PATIENT_DATA) if value else ""
            for index, value in enumerate(elements[2:], 2)
        ]
    elif segment_id == "REF" and qualifier == LINE_CONTROL_QUALIFIER and len(elements) > 2 and (
            elements[2]):
        shown[2] = LINE_CONTROL_NUMBER
    if head is not None:
        _replace_after(shown, elements, separator, head.end())
    return shown


def hidden_segment(text: str, separator: str) -> str:
    """A segment found where it cannot be (an ST inside a transaction, an SVC outside a claim),
    as a message may quote it: its id, and every value replaced. Such a segment is as likely a
    piece of another one split at a terminator inside a value (``ST*JOHN`` from a patient's
    ``NM1*QC*1*DOE~ST*JOHN``), and then its values are whatever that segment held.

    >>> hidden_segment("ST*JOHN**X", "*")
    'ST*<not shown>**<not shown>'
    """
    if not text:
        return text
    return separator.join(_values_hidden(text.split(separator)))


#: Forms of the values a message may quote from a segment that failed one of its checks.
_AMOUNT = r"[-+]?\$?\.?\d[\d,.OoIl]{0,17}(?:[Ee][-+]?\d{1,4})?"  # a number, maybe mistyped: 1O0.00
_DATE = r"\d{8}|\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4}"  # CCYYMMDD, or an ISO or US date written instead
_CONTROL_NUMBER = r"\d{1,9}"
#: SVC01 and SVC06: a qualifier, a code with the digits of a CPT, HCPCS or revenue code (97110,
#: G0283, 0001F, 0420) or an NDC, and modifiers, whatever the separators; or a bare qualifier.
_PROCEDURE = (r"[A-Z0-9]{2}|(?:[A-Z0-9]{2}\W)?(?:[A-Z]?\d{4}[A-Z0-9]?|\d{11})"
              r"(?:\W[A-Z0-9]{2}){0,4}")
#: An amount with cents, or a number of at most three digits, identifies no one wherever it
#: stands: a segment with an element left out or added (``SVC*HC*24599.00*1766.50*187.50**1``)
#: keeps its amounts and counts readable in a message.
_ANYWHERE = re.compile(r"-?\d{1,12}\.\d{1,2}|\d{1,3}")

#: By segment id, the form of each element position a message may quote when the segment failed
#: one of its checks (X12 835 5010 X221A1; 4010 X091 alike), for the segments the parser checks:
#: codes (adjustment groups and reasons, claim status, qualifiers), dates, amounts and counts. A
#: position not listed holds a name, an id or free text (CLP01 claim id, REF02, PLB03's
#: reference): nothing tells such a value from a piece of a patient's name, so it is not shown.
#: Two capital letters (CAS01 ``XX``) and two-character modifiers pass as codes: a two-letter
#: name is shown as a code would be.
ELEMENT_FORMS: dict[str, dict[int, re.Pattern[str]]] = {
    segment_id: {index: re.compile(form) for index, form in forms.items()}
    for segment_id, forms in {
        "ISA": {1: r"\d\d", 2: " {10}", 3: r"\d\d", 4: " {10}", 5: "[A-Z0-9]{2}",
                6: "[A-Z0-9 ]{15}", 7: "[A-Z0-9]{2}", 8: "[A-Z0-9 ]{15}", 9: r"\d{6}",
                10: r"\d{4}", 11: r"[^A-Za-z0-9 ]|U", 12: r"\d{5}", 13: r"\d{9}", 14: "[01]",
                15: "[PT]", 16: r"[^A-Za-z0-9 ]"},
        "IEA": {1: r"\d{1,5}", 2: r"\d{9}"},
        # GS02 and GS03, the sender's and receiver's codes, are not shown
        "GS": {1: "[A-Z]{2}", 4: r"\d{8}", 5: r"\d{4,8}", 6: _CONTROL_NUMBER, 7: "[TX]",
               8: r"\d{6}X\d{3}(?:A\d)?"},
        "GE": {1: r"\d{1,6}", 2: _CONTROL_NUMBER},
        "ST": {1: r"\d{3}", 2: _CONTROL_NUMBER, 3: r"\d{6}X\d{3}(?:A\d)?"},
        # SE01 a count of segments, digits whatever their number: the parser reads it as a
        # count and says so ("says the transaction has 999999999999 segments"), so the count
        # it read is shown (past ten digits it was '<not shown>' in that very sentence); one
        # that is no count (letters, a sign) stays hidden, as a piece of a name may be
        "SE": {1: r"\d+", 2: _CONTROL_NUMBER},
        "BPR": {1: "[A-Z]", 2: _AMOUNT, 3: "[CD]", 4: "[A-Z]{3}", 5: "[A-Z]{3}", 6: r"\d\d",
                7: r"\d{9}", 8: "[A-Z]{2}", 10: r"\d{10}", 12: r"\d\d", 13: r"\d{9}",
                14: "[A-Z]{2}", 16: _DATE},  # BPR09, BPR15: account numbers, not shown
        "DTM": {1: r"\d{3}", 2: _DATE, 3: r"\d{4}(?:\d\d){0,2}", 4: "[A-Z0-9]{2}",
                5: "[A-Z0-9]{2,3}"},
        "AMT": {1: "AU|B6|D8|DY|F5|I|KH|NL|T|T2|ZK|ZL|ZM|ZN|ZO", 2: _AMOUNT, 3: "[CD]"},
        "CLP": {2: r"\d{1,2}", 3: _AMOUNT, 4: _AMOUNT, 5: _AMOUNT, 6: "[A-Z0-9]{2}",
                8: r"\d{1,2}", 9: r"\d", 11: r"\d{3,4}", 12: _AMOUNT, 13: _AMOUNT,
                14: "[YNW]"},
        # CAS01 group; then reason (CARC: 45, 253, A1, P12), amount and quantity, six times
        "CAS": {1: "[A-Z]{2}", **{index: form for start in range(2, 20, 3) for index, form in (
            (start, REASON_CODE.pattern), (start + 1, _AMOUNT), (start + 2, _AMOUNT))}},
        # LQ01 the code list (HE remark codes, RX NCPDP reject codes), LQ02 the code: N130,
        # M86, MA01 (an RX code is two or three letters or digits)
        "LQ": {1: "HE|RX", 2: r"[A-Z]{1,2}\d{1,4}|[A-Z0-9]{2,3}"},
        "SVC": {1: _PROCEDURE, 2: _AMOUNT, 3: _AMOUNT, 4: r"\d{3,4}", 5: _AMOUNT,
                6: _PROCEDURE, 7: _AMOUNT},
        # PLB01 an NPI or tax id, PLB02 the fiscal period's end; then a reason code (its
        # reference not shown) and an amount, six times
        "PLB": {1: r"\d{9,10}", 2: _DATE, **{index: form for start in range(3, 15, 2)
                                            for index, form in ((start, "[A-Z0-9]{2}"),
                                                                (start + 1, _AMOUNT))}},
    }.items()
}
#: A segment id at the end of a value: the next segment, glued on where a terminator was lost.
_GLUED_ID = re.compile(f"(?:{'|'.join(sorted(SEGMENT_IDS))})\\Z")


def has_form(segment_id: str, index: int, value: str) -> bool:
    """Whether ``value`` has the form element ``index`` of ``segment_id`` expects
    (:data:`ELEMENT_FORMS`; a position not listed has none).

    >>> has_form("DTM", 2, "20251345"), has_form("DTM", 2, "JOHN"), has_form("CLP", 1, "A1")
    (True, False, False)
    """
    form = ELEMENT_FORMS.get(segment_id, {}).get(index)
    return form is not None and form.fullmatch(value) is not None


def _quotable(segment_id: str, index: int, value: str) -> bool:
    """Whether a message may quote ``value`` at element ``index`` of a segment that failed a
    check: it has its position's form, or is an amount with cents or a number of at most three
    digits (:data:`_ANYWHERE`), either maybe with the next segment's id glued on after a digit
    (``20NM1``, a lost terminator; a name can end in a segment id too: JOSE, ERNEST).

    >>> _quotable("CAS", 3, "20NM1"), _quotable("CAS", 1, "JOSE"), _quotable("SVC", 4, "187.50")
    (True, False, True)
    """
    if has_form(segment_id, index, value) or _ANYWHERE.fullmatch(value):
        return True
    glued = _GLUED_ID.search(value, 1)
    return glued is not None and value[glued.start() - 1].isdigit() and _quotable(
        segment_id, index, value[: glued.start()])


def checked_elements(
    elements: Sequence[str], separator: str, values: dict[int, str] | None = None
) -> list[str]:
    """The elements of a segment that failed one of its checks, as a message may quote them.

    Parameters
    ----------
    elements : sequence of str
        The segment split at ``separator``; ``elements[0]`` is the segment id.
    separator : str
        The element separator (see :func:`shown_elements`).
    values : dict of int to str, optional
        A part of an element to quote in its place (PLB03's reason code without its reference),
        by position: shown when it has the element's form.

    Returns
    -------
    list of str
        One per element: the segment id as :func:`shown_elements` shows it, then each value
        that has the form its position expects (:func:`has_form`), or is an amount with cents
        or a number of at most three digits (a shifted segment's); every other value replaced
        (:data:`NOT_SHOWN`, or the placeholder :func:`shown_elements` puts for a person's value).
        An empty element stays empty.

    Examples
    --------
    >>> checked_elements(["DTM", "232", "JOHN"], "*")
    ['DTM', '232', '<not shown>']
    >>> checked_elements(["CLP", "A1", "JOHN", "100", "8O"], "*")
    ['CLP', '<not shown>', '<not shown>', '100', '8O']
    >>> checked_elements(["PLB", "1234567890", "20251231", "WO:REF1", "X"], "*", {3: "WO"})
    ['PLB', '1234567890', '20251231', 'WO', '<not shown>']
    """
    # a CLP or REF failing a check may be a piece of a name: its CLP01 or REF02 is no more known
    # than the rest
    shown = [NOT_SHOWN if value in (CLAIM_ID, LINE_CONTROL_NUMBER) else value
             for value in shown_elements(elements, separator)]
    segment_id = elements[0] if elements else ""
    for index in range(1, len(shown)):
        element = elements[index]
        value = values.get(index, element) if values else element
        if (value and shown[index] == element and value not in _PLACEHOLDERS
                and not _quotable(segment_id, index, value)):
            shown[index] = NOT_SHOWN
        elif shown[index] == element:
            shown[index] = value
    return shown


def checked_segment(text: str, separator: str) -> str:
    """The text of a segment that failed one of its checks, as a message may quote it: the
    values without the form their position expects replaced (:func:`checked_elements`).

    >>> checked_segment("REF*6R*JOHN", "*"), checked_segment("SVC*HC:97110*100*8O**1", "*")
    ('REF*<not shown>*<not shown>', 'SVC*HC:97110*100*8O**1')
    """
    if not text:
        return text
    return separator.join(checked_elements(text.split(separator), separator))


def _values_hidden(elements: Sequence[str]) -> list[str]:
    """The segment's id as a message may show it, and every value replaced (an empty element
    stays empty)."""
    return [_shown_id(elements[0]), *(NOT_SHOWN if v else "" for v in elements[1:])]


def _overfull(elements: Sequence[str]) -> bool:
    """More elements than the segment's id has (empty ones at the end not counted)."""
    count = len(elements)
    while count > 1 and not elements[count - 1]:
        count -= 1
    return count > SEGMENT_SIZES[elements[0]]


def _replace_after(shown: list[str], elements: Sequence[str], separator: str, end: int) -> None:
    """Replace in ``shown`` what ``elements`` (joined with ``separator``) hold from ``end`` on."""
    start = 0
    for index, value in enumerate(elements):
        stop = start + len(value)
        already = value.endswith(PATIENT_DATA) and stop - len(PATIENT_DATA) <= end
        if value and stop > end and shown[index] == value and not already:
            shown[index] = value[: max(0, end - start)] + PATIENT_DATA
        start = stop + len(separator)


def _shown_id(segment_id: str) -> str:
    """A segment id as a message may show it: one an 835 defines as it is. One it does not
    define: shown when another X12 health-care transaction defines it
    (``DMG``, from an 837); otherwise it may be a piece of something else (a lost separator, a
    split value: ``ANN`` of a patient's name), and only a known segment id at its start and the
    characters that are not letters or digits stay."""
    if segment_id in OTHER_X12_SEGMENT_IDS:
        return segment_id
    prefix = _KNOWN_PREFIX.match(segment_id)
    kept = prefix.group() if prefix and prefix.group() in SEGMENT_IDS else ""
    rest = segment_id[len(kept):]
    return kept + _WORD.sub(lambda m: m.group() if m.group() in _PLACEHOLDERS else NOT_SHOWN,
                            rest)
