"""Payer names: an import names a payer the clinic already has, or says it adds a new one."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from ratecalc.errors import Location, Problem, ValidationFailed
from ratecalc.ranking import name_key
from ratecalc.remedies import remedy


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
                table: str = "Payers & Contracts") -> str:
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
        table, Location(workbook or None, table, None, "payer"),
        f"payer {str(name).strip()!r}{importing} is not on the {table} sheet; {hint}Nothing "
        f"was imported. To import it, {remedy('new_payer')}")])


def closest_payers(name: str, names: Iterable[str]) -> str:
    """The payers on file whose names are closest to ``name`` (``difflib``), quoted and joined
    by "or" ("'Meridian Mutual Insurance'"); "" when none is close. Every message about a payer
    the clinic does not list suggests them alike."""
    import difflib  # only for a message: not loaded by every command that reads payers

    by_key = {payer_key(n): str(n) for n in names}
    close = difflib.get_close_matches(payer_key(name), list(by_key), n=3,
                                      cutoff=0.6)
    return " or ".join(repr(by_key[c]) for c in close)
