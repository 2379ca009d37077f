"""Payer names: an import names a payer the clinic already has, or says it adds a new one."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from ratecalc.errors import Location, Problem, ValidationFailed
from ratecalc.ranking import name_key
from ratecalc.remedies import remedy
from ratecalc.words import join_words


def payer_key(name: object) -> str:
    """A payer's name as every lookup by name compares it: surrounding spaces and case
    ignored, as Excel's own comparisons ignore case. The Payers table's, an import's and the
    Negotiation Log's names are matched by it alike.

    >>> payer_key(" SUMMIT BlueCare PPO ") == payer_key("Summit BlueCare PPO")
    True
    """
    return str(name).strip().casefold()


def lookalike_key(name: object) -> str:
    """A payer's name as it looks: :func:`payer_key` with every run of spaces (a no-break space
    too) one space, and the characters that show nothing (zero-width spaces, direction marks:
    Unicode's format characters) left out.

    Two names with one look-alike key and two payer keys (:func:`lookalike_payers`) look like
    one payer but would be taken as two.

    >>> lookalike_key("Summit\u00a0 BlueCare\u200b PPO") == lookalike_key("summit bluecare ppo")
    True
    """
    shown = "".join(ch for ch in str(name) if unicodedata.category(ch) != "Cf")
    return " ".join(shown.split()).casefold()


def lookalike_payers(names: Sequence[object]) -> list[tuple[int, int]]:
    """Each name that differs from an earlier one only by spaces, characters that show nothing
    (zero-width spaces, direction marks) or capitals, but is not the same payer by
    :func:`payer_key`: (position of the earlier name, its own), positions in ``names``.

    The one rule for payer names that look alike: the Payers table refuses such a name as a
    duplicate of the earlier row, as the Fee Schedules and Volumes refuse it as a payer not
    listed ("did you mean", :func:`closest_payers`). Names one by :func:`payer_key` (other
    capitals alone) are one payer, not look-alikes.

    >>> lookalike_payers(["Summit BlueCare PPO", "Meridian", "Summit  BlueCare PPO",
    ...                   "SUMMIT BLUECARE PPO"])
    [(0, 2)]
    """
    firsts: dict[str, int] = {}
    found = []
    for position, name in enumerate(names):
        first = firsts.setdefault(lookalike_key(name), position)
        if first != position and payer_key(names[first]) != payer_key(name):
            found.append((first, position))
    return found


def known_payer(name: str, known: Iterable[str], *, source: str = "", workbook: str = "",
                table: str = "Payers & Contracts", listed_at: Location | None = None) -> str:
    """``name`` as the Payers table spells it; a name it does not list is refused.

    Parameters
    ----------
    name : str
        The payer named for an import.
    known : iterable of str
        The payers on file.
    source : str
        The file being imported, for the message.
    workbook : str
        The workbook whose ``table`` lists ``known``: where the message points.
    listed_at : Location, optional
        The payer column of ``table`` as the user sees it (its header and letter, the
        workbook's layout knows them): the message names it so, not by RateCalc's name
        (``column A 'Payer'``, not ``column 'payer'``).

    Returns
    -------
    str
        The known spelling (case and surrounding spaces ignored).

    Raises
    ------
    ratecalc.errors.ValidationFailed
        An unknown payer: the message suggests the closest known names (``difflib``) and says
        how to add a new payer on purpose.

    Examples
    --------
    >>> known_payer("cardinal employers trust ", ["Cardinal Employers Trust"])
    'Cardinal Employers Trust'
    """
    names = sorted({str(k) for k in known}, key=name_key)
    by_key = {payer_key(n): n for n in names}
    found = by_key.get(payer_key(name))
    if found is not None:
        return found
    close = closest_payers(name, names)
    hint = (f"did you mean {close}? " if close else
            f"payers on file: {', '.join(names) or 'none'}. ")
    # The problem is where the payers are listed (the workbook's sheet), not in the file being
    # imported, which is named in the text; the name is quoted there, not repeated as "got".
    importing = f", importing {source!r}," if source else ""
    raise ValidationFailed([Problem(
        table, listed_at or Location(workbook or None, table, None, "payer"),
        f"payer {str(name).strip()!r}{importing} is not on the {table} sheet; {hint}Nothing "
        f"was imported. To import it, {remedy('new_payer')}")])


#: How alike two payer names must be (:func:`name_similarity`) to be suggested for each other.
SIMILAR_ENOUGH = 0.6


def name_similarity(a: object, b: object) -> float:
    """How alike two payer names are, from 0 to 1: difflib's ``ratio`` of their casefolded sets
    of words, each set sorted (the "token set" comparison record linkage uses), so words
    reordered or repeated ("Health Plan Keystone") do not count as different.

    >>> round(name_similarity("Keystone Health Plan", "Health Plan Keystone"), 3)
    1.0
    >>> round(name_similarity("Keystone Health Plan", "Keystone Health"), 3)
    0.857
    """
    import difflib  # only for a message: not loaded by every command that reads payers

    def words(name: object) -> str:
        return " ".join(sorted(set(lookalike_key(name).split())))

    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def closest_payers(name: str, names: Iterable[str]) -> str:
    """The payer on file whose name is closest to ``name`` (:func:`name_similarity`, at least
    :data:`SIMILAR_ENOUGH`), quoted ("'Meridian Mutual Insurance'"); names equally close are
    joined by "or"; "" when none is close. Every message about a payer the clinic does not list
    suggests them alike. The best alone: the next best (for "Keystone Health Plan",
    "Lakeside Health Partners", 0.68, beside "Keystone Health", 0.86) was suggested too."""
    return " or ".join(repr(known) for known in _closest(name, names))


def _closest(name: str, names: Iterable[str]) -> list[str]:
    """The names of ``names`` closest to ``name`` (:func:`closest_payers`), as written."""
    by_key = {payer_key(n): str(n) for n in names}
    scored = [(name_similarity(name, known), known) for known in by_key.values()]
    best = max((score for score, _ in scored), default=0.0)
    if best < SIMILAR_ENOUGH:
        return []
    return [known for score, known in scored if score == best]


def renamed_payers(missing: Sequence[str], listed: Sequence[str],
                   named_elsewhere: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The name each payer ``missing`` from the Payers table likely has there now, and why:
    ``{old name: (new name, why)}``; a name with no likely one is left out.

    A rename is seen when one name used elsewhere is missing from the Payers table and one
    Payers name alone is named nowhere else (``named_elsewhere``: the payers the other tables
    name); else the closest name (:func:`closest_payers`) is suggested, a single one.

    >>> renamed_payers(["Keystone Health Plan"], ["Summit", "KHP"], ["Summit"])
    {'Keystone Health Plan': ('KHP', 'the one payer there that no other table names')}
    """
    used = {payer_key(n) for n in named_elsewhere}
    unused = [n for n in listed if payer_key(n) not in used]
    if len(missing) == 1 and len(unused) == 1:
        return {missing[0]: (unused[0], "the one payer there that no other table names")}
    found: dict[str, tuple[str, str]] = {}
    for old in missing:
        close = _closest(old, listed)
        if len(close) == 1:
            found[old] = (close[0], "the name there closest to it")
    return found


def rows_in_words(rows: Sequence[int], limit: int = 5) -> str:
    """Sheet rows as a message names them: runs of consecutive rows as ranges, the first
    ``limit`` runs listed and the rest counted ("rows 20 to 34"; "rows 4, 9 to 12 and 3 more").

    >>> rows_in_words([20, 21, 22]), rows_in_words([4]), rows_in_words([1, 3, 5, 7, 9, 11, 13])
    ('rows 20 to 22', 'row 4', 'rows 1, 3, 5, 7, 9 and 2 more')
    """
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    shown = [str(r[0]) if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs[:limit]]
    rest = sum(len(r) for r in runs[limit:])
    if rest:
        shown.append(f"{rest} more")
    word = "row" if len(rows) == 1 else "rows"
    return f"{word} {join_words(shown)}"
