"""A message offers the command line's option, or, for a ribbon button, what Excel can do."""

from __future__ import annotations

import re

import pytest

from ratecalc.remedies import CONTROLS, REMEDIES, control, in_excel, remedy

# an option as the command line spells it, outside a quoted command shown whole
FLAG = re.compile(r"(?<![\w'])--[a-z]")


def _outside_quotes(text: str) -> str:
    return re.sub(r"'ratecalc [^']*'", "", text)


# a command as the command line is run ("ratecalc medicare import ...")
COMMAND = re.compile(r"\bratecalc [a-z]")


@pytest.mark.parametrize("option", sorted(REMEDIES))
def test_each_remedy_names_the_option_on_the_command_line_and_none_in_excel(option: str) -> None:
    command_line = remedy(option)
    assert FLAG.search(command_line) or COMMAND.search(command_line), command_line
    for where in ("button", "formula"):
        with in_excel(where):
            excel = remedy(option)
        # not even inside a quoted command: a button's user runs none (they named two)
        assert not FLAG.search(excel) and not COMMAND.search(excel), excel
        assert not FLAG.search(_outside_quotes(excel)), excel
        assert excel != command_line


@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_each_control_is_an_option_on_the_command_line_and_named_in_excel(name: str) -> None:
    assert FLAG.search(control(name)), control(name)
    named = set()
    for where in ("button", "formula"):
        with in_excel(where):
            named.add(control(name))
    assert not any(FLAG.search(words) for words in named), named
    with in_excel():
        assert "Settings sheet" in control("locality")
    with in_excel("formula"):  # a worksheet function's argument, as the Function Wizard shows
        assert control("date") == "service_date" and control("locality") == "locality"


def test_in_excel_refuses_a_place_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="expected one of"), in_excel("command"):
        pass


def test_in_excel_ends_with_its_block_even_when_it_raises() -> None:
    with pytest.raises(RuntimeError), in_excel():
        assert "Proposal sheet, save" in remedy("payer")
        raise RuntimeError
    assert remedy("payer").startswith("give --payer NAME")
    with in_excel(), in_excel():
        pass
    assert "--payer" in remedy("payer")
