"""Where a ``location`` written in a TiC file leads: resolved against that file.

A table of contents lists in-network files (``in_network_files[].location``), and a schema 1.x
provider reference may name the file holding its groups (``location``). The schema asks for full
https URLs; copies of a payer's files on disk, and some payers, write relative ones
(``refs/group-7.json``). A relative location is taken relative to the file that names it, as a
browser takes a link relative to its page: against the file's URL (:func:`urllib.parse.urljoin`)
or its folder on disk. The folder RateCalc runs in plays no part: a run gives the same result
from any folder (a relative provider reference was looked for in the run's folder, and read
from any other folder it named no file, or another one).

A file read from the web may name web addresses only: it may not make RateCalc read this
machine's files or devices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ratecalc.errors import InputError, shown_value
from ratecalc.market_rates.http_source import is_url
from ratecalc.regular_files import resolved

#: A location with a scheme (``https://``, ``file://``) is absolute: taken as written.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True)
class Reference:
    """A location as a file writes it, and where it leads.

    Attributes
    ----------
    written : str
        The location as written in the file (spaces around it dropped).
    named_by : str
        The file that writes it: a URL, or a path.
    location : str
        Where it leads: an absolute URL, or an absolute path.
    """

    written: str
    named_by: str
    location: str

    def __str__(self) -> str:
        """The reference for messages: as written, who names it and, if other, where it leads."""
        text = f"'{self.written}' named by {self.named_by}"
        if self.location != self.written:
            text += f" (resolved to {self.location})"
        return text


def resolve_location(written: str, named_by: str, what: str = "file") -> Reference:
    """A location written in the file ``named_by``, resolved against that file.

    Parameters
    ----------
    written : str
        The location as written (an ``in_network_files`` entry's or a provider reference's).
    named_by : str
        The file that writes it: an http(s) URL, or a path (absolute, or relative to the folder
        the file itself was opened from).
    what : str
        What the location is, for the message of a refusal (``"provider reference file"``).

    Returns
    -------
    Reference
        ``location`` is ``written`` when that has a scheme (``https://...``); else, for a file
        from the web, ``urljoin(named_by, written)``; for a file on disk, ``written`` taken from
        the file's folder, made absolute.

    Raises
    ------
    InputError
        ``named_by`` is a web address and the location leads elsewhere than to an http(s)
        address (a path, a ``file://`` URI): ``<what> '<written>' named by <named_by> is not an
        http(s) address; not read``; or it is no address (``//[``) or path (a NUL) at all.

    Examples
    --------
    >>> resolve_location("refs/g7.json", "https://payer.example/2025/in-network.json").location
    'https://payer.example/2025/refs/g7.json'
    >>> resolve_location("/files/a.json", "https://payer.example/toc/index.json").location
    'https://payer.example/files/a.json'
    """
    written = written.strip()
    if _SCHEME.match(written):
        location = written
    elif is_url(named_by):
        try:
            location = urljoin(named_by, written)
        except ValueError as exc:  # "//[": urllib's "Invalid IPv6 URL"
            raise InputError(f"{what} '{written}' named by {named_by} is not a valid address "
                             f"({exc}); not read") from None
    elif "\0" in written:  # "\u0000" in the JSON, which a path may not hold: told in words of
        # our own, as Python's ValueError words it by version (3.13: "lstat: embedded null
        # character in path", where 3.11 and 3.12 said "embedded null byte")
        raise InputError(f"{what} {shown_value(written)} named by {named_by} is not a valid "
                         "path (embedded null byte); not read")
    else:
        location = str(resolved(Path(named_by).parent / written))
    if is_url(named_by) and not is_url(location):
        raise InputError(f"{what} '{written}' named by {named_by} is not an http(s) address; "
                         "not read")
    return Reference(written, named_by, location)
