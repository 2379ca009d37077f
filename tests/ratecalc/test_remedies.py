"""A message offers the command line's option, or, for a ribbon button, what Excel can do."""

from __future__ import annotations

import re

import pytest

from ratecalc.remedies import REMEDIES, in_excel, remedy

# an option as the command line spells it, outside a quoted command shown whole
FLAG = re.compile(r"(?<![\w'])--[a-z]")


def _outside_quotes(text: str) -> str:
    return re.sub(r"'ratecalc [^']*'", "", text)


@pytest.mark.parametrize("option", sorted(REMEDIES))
def test_each_remedy_names_the_option_on_the_command_line_and_none_in_excel(option: str) -> None:
    assert FLAG.search(remedy(option)), remedy(option)
    with in_excel():
        excel = remedy(option)
    assert not FLAG.search(_outside_quotes(excel)), excel
    assert excel != remedy(option)


def test_in_excel_ends_with_its_block_even_when_it_raises() -> None:
    with pytest.raises(RuntimeError), in_excel():
        assert "Proposal sheet, save" in remedy("payer")
        raise RuntimeError
    assert remedy("payer").startswith("give --payer NAME")
    with in_excel(), in_excel():
        pass
    assert "--payer" in remedy("payer")
