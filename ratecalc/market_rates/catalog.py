"""From the SOURCEs a user names to the distinct in-network files to read.

A SOURCE is a path, a glob (``rates/*.json.gz``) or an http(s) URL, of an in-network file or of a
table of contents; which, is told by content. Tables of contents are expanded (restricted to
``--plan-id`` plans), and every file is read once however many plans or indexes list it: files
are the same when their URL (or resolved path) is.

A SOURCE that cannot be had (a 404, a dropped server past its retries) is named in
:attr:`Catalog.failures` and the others are still read; a local path that does not exist is the
user's typo and stops the run at once.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ratecalc.errors import InputError
from ratecalc.input_paths import TIC_SOURCE
from ratecalc.market_rates.http_source import HttpSettings, is_url, open_location
from ratecalc.market_rates.toc import (
    KIND_ALLOWED,
    KIND_TOC,
    TableOfContents,
    inspect_source,
    normalize_plan_id,
)
from ratecalc.regular_files import not_a_file, resolved

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class FileTask:
    """One in-network file to read.

    Attributes
    ----------
    location : str
        Absolute URL, or resolved path.
    listed_by : tuple of str
        The tables of contents that list it (empty for a file named on the command line).
    plans : tuple of str
        ``plan_id`` of the plans that use it, as listed (empty when named directly).
    reporting_entity : str
        The index's ``reporting_entity_name`` (the payer), when listed by one.
    listed_as : tuple of str
        How each of ``listed_by`` wrote its location (perhaps relative to it), for messages.
    """

    location: str
    listed_by: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    reporting_entity: str = ""
    listed_as: tuple[str, ...] = ()

    def listings_text(self) -> str:
        """Where it is listed, as written, for messages: ``; listed as 'files/a.json' by
        /data/toc.json`` per index (empty for a file named on the command line)."""
        return "".join(f"; listed as '{written}' by {index}"
                       for index, written in zip(self.listed_by, self.listed_as, strict=True))


@dataclass(frozen=True)
class Failure:
    """A file or index that could not be read, and why (the message names it)."""

    location: str
    reason: str
    listed_by: tuple[str, ...] = ()


@dataclass
class Catalog:
    """Everything a run will read.

    Attributes
    ----------
    tasks : list of FileTask
        Distinct in-network files, in the order first named or listed.
    tables : list of TableOfContents
        The indexes read.
    failures : list of Failure
        SOURCEs that could not be inspected.
    listings : int
        In-network file mentions (direct SOURCEs plus index entries of the kept plans).
    """

    tasks: list[FileTask] = field(default_factory=list)
    tables: list[TableOfContents] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    listings: int = 0

    @property
    def duplicates(self) -> int:
        """Listings that named a file already listed (read once)."""
        return self.listings - len(self.tasks)


def expand_source(source: str) -> list[str]:
    """A SOURCE as locations: a URL as is, a path resolved, a glob's matches (sorted).

    A file named by the SOURCE is that file, even when its name holds a glob's characters
    (``rates[12].json`` was a pattern, which matched ``rates1.json`` and ``rates2.json``
    beside it and never the file itself); the SOURCE is a pattern only when no file has its
    name.

    Raises
    ------
    InputError
        A path that does not exist, or a glob that matches nothing.
    """
    if is_url(source):
        return [source]
    if _GLOB_CHARS & set(source) and not Path(source).is_file():
        matches = sorted(glob.glob(source, recursive=True))
        files = [str(resolved(m)) for m in matches if Path(m).is_file()]
        if not files:
            raise InputError(f"SOURCE '{source}': the pattern matches no file")
        return files
    path = Path(source)
    if (what := not_a_file(path)) is not None:
        raise InputError(TIC_SOURCE.refusal(source, what))
    return [str(resolved(path))]


def build_catalog(
    sources: Sequence[str],
    plan_ids: Iterable[str] | None = None,
    settings: HttpSettings | None = None,
) -> Catalog:
    """Inspect each SOURCE, expand tables of contents, and list each in-network file once.

    Parameters
    ----------
    sources : sequence of str
        Paths, globs and URLs.
    plan_ids : iterable of str, optional
        Keep only index entries that list one of these plans (letters and digits compared,
        case and hyphens ignored). In-network files named directly are always read.
    settings : HttpSettings, optional
        Download settings.

    Returns
    -------
    Catalog

    Raises
    ------
    InputError
        A local SOURCE missing, or a SOURCE that is not a TiC file of a kind this reads.
    """
    wanted = (frozenset(normalize_plan_id(p) for p in plan_ids if str(p).strip())
              if plan_ids is not None else None)
    catalog = Catalog()
    index: dict[str, int] = {}

    def add(task: FileTask) -> None:
        catalog.listings += 1
        at = index.get(task.location)
        if at is None:
            index[task.location] = len(catalog.tasks)
            catalog.tasks.append(task)
            return
        old = catalog.tasks[at]
        # an index listing the file again (given twice) keeps how it first wrote it
        listed = dict(zip(old.listed_by, old.listed_as, strict=True))
        for toc_location, written in zip(task.listed_by, task.listed_as, strict=True):
            listed.setdefault(toc_location, written)
        catalog.tasks[at] = FileTask(
            old.location,
            tuple(listed),
            tuple(dict.fromkeys(old.plans + task.plans)),
            old.reporting_entity or task.reporting_entity,
            tuple(listed.values()),
        )

    for source in sources:
        for location in expand_source(source):
            try:
                with open_location(location, settings=settings) as opened:
                    found = inspect_source(opened, wanted)
            except InputError as exc:
                if not is_url(location):
                    raise
                catalog.failures.append(Failure(location, str(exc)))
                continue
            if found.kind == KIND_ALLOWED:
                raise InputError(
                    f"SOURCE '{location}' is an allowed-amounts (out-of-network) file; give an "
                    "in-network rates file or a table of contents")
            if found.kind != KIND_TOC:
                add(FileTask(location))
                continue
            toc = found.toc
            assert toc is not None
            catalog.tables.append(toc)
            for listed in toc.files.values():
                if listed.refused:  # an index on the web naming a path (see resolve_location)
                    catalog.listings += 1
                    catalog.failures.append(Failure(listed.location, listed.refused, (location,)))
                    continue
                add(FileTask(listed.location, (location,),
                             tuple(p.plan_id for p in listed.plans), toc.reporting_entity,
                             (listed.written,)))
            # files repeated inside one index count as listings too
            catalog.listings += toc.listings - len(toc.files)
    return catalog
