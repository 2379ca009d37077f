"""Delimiters come from each ISA; segments split with or without line breaks."""

from __future__ import annotations

import re

import pytest

from ratecalc.errors import InputError
from ratecalc.remittance.tokenizer import Delimiters, delimiters_from_isa, tokenize

from .samples import KEIRON, TIGERSHARK

ISA_5010 = ("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*"
            "^*00501*000000001*0*P*:~")


def _isa(element: str, component: str, terminator: str, repetition: str = "^",
         version: str = "00501") -> str:
    return ISA_5010.replace("*", element).replace("^", repetition).replace(":", component) \
        .replace("~", terminator).replace("00501", version)


@pytest.mark.parametrize(("element", "component", "terminator", "repetition"), [
    ("*", ":", "~", "^"),
    ("|", "^", "~", "{"),
    ("!", ">", "\n", "^"),  # a line break as the terminator itself
    ("\x1d", "\x1f", "\x1e", "\x1c"),  # control characters, as some clearinghouses send
])
def test_delimiters_come_from_the_isa(element, component, terminator, repetition) -> None:
    text = _isa(element, component, terminator, repetition) + "GS" + element + "HP" + terminator
    assert delimiters_from_isa(text) == Delimiters(element, component, terminator, repetition)


def test_4010_has_no_repetition_separator() -> None:
    text = _isa("*", ":", "~", "U", "00401")
    assert delimiters_from_isa(text).repetition is None


def test_line_breaks_before_the_terminator_are_layout() -> None:
    # TigerShark writes "ISA|...|^\n~GS|...": the terminator is '~', not the line break.
    text = (TIGERSHARK / "835-example.txt").read_text()
    assert delimiters_from_isa(text) == Delimiters("|", "^", "~", None)
    segments = tokenize(text)[0].segments
    assert segments[1] == "GS|HP|MYCLEARINGHOUSE|RECVCODE|20120323|1938|15555|X|004010X091A1"
    assert segments[-1] == "IEA|1|000015442"


def test_malformed_isa_names_what_was_expected() -> None:
    with pytest.raises(InputError, match=r"ISA segment: expected 16 elements separated by '\*'"):
        delimiters_from_isa("ISA*00*short~")
    with pytest.raises(InputError, match="ISA segment: expected an element separator after"):
        delimiters_from_isa("ISA00")
    with pytest.raises(InputError, match="expected distinct non-alphanumeric separators, got "
                       "element '\\*', component \\(ISA16\\) '\\*', terminator '~'"):
        delimiters_from_isa(_isa("*", "*", "~"))
    with pytest.raises(InputError, match=r"repetition \(ISA11\) ':'"):
        delimiters_from_isa(_isa("*", ":", "~", ":"))


@pytest.mark.parametrize("line_break", ["\n", "\r"])
def test_a_line_break_as_component_or_repetition_separator_is_refused_naming_it(
        line_break: str) -> None:
    # was read: line breaks are dropped as layout, so every SVC's procedure was refused, one
    # error per service line; one refusal of the ISA says the file's one mistake
    with pytest.raises(InputError, match=rf"^ISA segment: the component separator \(ISA16\) "
                       rf"is a line break \('{re.escape(repr(line_break)[1:-1])}'\), which X12 "
                       r"files use as layout between segments: expected another character, "
                       r"such as ':' \(the file's ISA may have lost it\)$"):
        delimiters_from_isa(_isa("*", line_break, "~") + "GS*HP~")
    with pytest.raises(InputError, match=r"^ISA segment: the repetition separator \(ISA11\) "
                       r"is a line break .* such as '\^' "):
        delimiters_from_isa(_isa("*", ":", "~", line_break) + "GS*HP~")


def test_file_without_isa_infers_delimiters_from_st_and_svc() -> None:
    text = (KEIRON / "blue_cross_nc_sample.txt").read_text()
    [block] = tokenize(text)
    assert block.inferred
    assert block.delimiters == Delimiters("*", ":", "~")
    assert block.segments[0] == "ST*835*1234"


def test_not_x12_is_an_input_error() -> None:
    with pytest.raises(InputError, match="expected an X12 file starting with an ISA"):
        tokenize("name,amount\nx,1\n")


def test_line_breaks_between_segments_do_not_change_the_segments() -> None:
    body = _isa("*", ":", "~") + "GS*HP~ST*835*1~SE*2*1~GE*1*1~IEA*1*000000001~"
    plain = tokenize(body)
    for layout in ("~\n", "~\r\n", "~\n\n"):
        assert [b.segments for b in tokenize(body.replace("~", layout))] == [
            b.segments for b in plain]
    assert plain[0].segments[2:4] == ("ST*835*1", "SE*2*1")


def test_several_interchanges_each_with_its_own_delimiters() -> None:
    first = _isa("*", ":", "~") + "GS*HP~ST*835*1~SE*2*1~GE*1*1~IEA*1*000000001~\n"
    second = _isa("|", "^", "!", "{") + "GS|HP!ST|835|2!SE|2|2!GE|1|1!IEA|1|000000001!"
    blocks = tokenize(first + second)
    assert [b.delimiters.element for b in blocks] == ["*", "|"]
    assert [b.first_segment for b in blocks] == [1, 7]
    assert blocks[1].segments[2] == "ST|835|2"


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
@pytest.mark.parametrize("layout", ["", "\n", "\r\n", "\n\n"])
def test_segments_split_a_chunk_at_a_time_are_the_same(monkeypatch, chunk, layout) -> None:
    # The tokenizer splits a chunk at a time so that no list of every segment is held (issue 12):
    # a segment, a line break or a CR LF cut by a chunk's end must come out as a whole split does.
    from ratecalc.remittance import tokenizer

    body = ("ST*835*1~BPR*I*5*C~~CLP*A1*1*5*5~SE*4*1~" + ISA_5010 + "GS*HP~ST*835*2~SE*2*2~"
            "IEA*1*000000001~")
    texts = [body.replace("~", "~" + layout),
             _isa("!", ">", "\n") + "GS!HP\r\nST!835!1\r\nSE!2!1\r\nIEA!1!000000001\r\n  "]
    for text in texts:
        whole = [(b.delimiters, b.segments, b.first_segment) for b in tokenize(text)]
        monkeypatch.setattr(tokenizer, "_CHUNK", chunk)
        assert [(b.delimiters, b.segments, b.first_segment) for b in tokenize(text)] == whole
        monkeypatch.undo()
    assert len(whole) == 1 and whole[0][1][-1] == "IEA!1!000000001"


def test_every_sample_splits_the_same_a_few_characters_at_a_time(monkeypatch) -> None:
    from ratecalc.remittance import tokenizer

    from .samples import SAMPLES

    for path in SAMPLES:
        text = path.read_text(encoding="latin-1")
        try:
            whole = [(b.delimiters, b.segments) for b in tokenize(text)]
        except InputError:
            continue
        monkeypatch.setattr(tokenizer, "_CHUNK", 5)
        assert [(b.delimiters, b.segments) for b in tokenize(text)] == whole, path
        monkeypatch.undo()
