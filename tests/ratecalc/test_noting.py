"""A Noticeboard's blocks: nested ones each hear what is told, equal lists kept apart."""

from __future__ import annotations

from ratecalc.noting import Noticeboard


def test_nested_blocks_each_hear_what_is_told_while_open() -> None:
    board: Noticeboard[int] = Noticeboard()
    board.tell(0)  # no block open: heard by none
    with board.block() as outer:
        board.tell(1)
        with board.block() as inner:
            board.tell(2)
        board.tell(3)
    board.tell(4)
    assert outer == [1, 2, 3]
    assert inner == [2]


def test_an_inner_block_ends_its_own_list_not_an_equal_one() -> None:
    board: Noticeboard[str] = Noticeboard()
    with board.block() as first:
        with board.block():  # both lists empty, so equal: removed by identity
            pass
        board.tell("after")
    assert first == ["after"]


def test_what_is_told_unheard_reaches_no_open_block() -> None:
    board: Noticeboard[str] = Noticeboard()
    with board.block() as heard:
        with board.unheard():
            board.tell("draft")
            with board.block() as own:
                board.tell("inside")
        board.tell("whole")
    assert heard == ["whole"]
    assert own == ["inside"]
