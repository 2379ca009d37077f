"""The letter writer's entry points for the CLI and the Excel ribbon.

    from ratecalc_letter import write_letter
    write_letter(data, "Summit BlueCare PPO", "summit-proposal.docx")

``data`` is the clinic's :class:`~ratecalc.dataset.ClinicData` (the analysis is run) or an
:class:`~ratecalc.analysis.Analysis` already run. Content is built and checked in full before
anything is written, so bad data never leaves a half-written letter behind.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from ratecalc.analysis import Analysis, analyze
from ratecalc.dataset import ClinicData
from ratecalc.errors import Location, NotOnFileError, Problem, ValidationFailed
from ratecalc.frozen_record import frozen_record
from ratecalc_letter.content import LetterContent, PayerOffer, build_letter
from ratecalc_letter.offers import offer_from_rows, read_offer_file, ways_to_give_an_offer
from ratecalc_letter.parts import analysis_for, letter_day
from ratecalc_letter.render import letter_bytes_with_warnings, save_atomic
from ratecalc_letter.sources import (
    LOG_FILE_STEM,
    load_clinic_data,
    read_negotiation_log,
    read_requested_rates,
    reading_once,
)


def as_analysis(source: ClinicData | Analysis) -> Analysis:
    """``source`` if it is an analysis, else the analysis of the clinic's data."""
    return source if isinstance(source, Analysis) else analyze(source)


def letter_content(source: ClinicData | Analysis, payer: str, kind: str = "proposal", *,
                   offer: PayerOffer | None = None, product: str | None = None,
                   letter_date: date | None = None,
                   descriptions: Mapping[str, str] | None = None,
                   requested_rates: Mapping[str, float] | None = None) -> LetterContent:
    """What the letter will say (see :func:`ratecalc_letter.content.build_letter`)."""
    return build_letter(as_analysis(source), payer, kind, offer=offer, product=product,
                        letter_date=letter_date, descriptions=descriptions,
                        requested_rates=requested_rates)


#: Longest payer part of a default letter name [characters]: a file name may be 255 bytes, and
#: the save's temporary file and a backup's time stamp go beside it.
_NAME_PART = 96


def default_filename(content: LetterContent) -> str:
    """``summit-bluecare-ppo-proposal-2025-12-01.docx``; a payer's name longer than
    :data:`_NAME_PART` letters and digits is cut there and tagged by the whole name's digest,
    as one with none (``payer-1a2b3c4d-...``),
    so two such payers keep two letters (a name of 300 letters was refused: "File name too
    long", and no letter could be written to a folder)."""
    slug = re.sub(r"[^a-z0-9]+", "-", content.payer.lower()).strip("-")
    # a name of no letter a to z (Hebrew, Greek) was 'payer' whatever the name: two such
    # payers' letters took one file name
    if not slug or len(slug) > _NAME_PART:
        tag = hashlib.sha256(content.payer.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = f"{(slug or 'payer')[:_NAME_PART - 9].rstrip('-')}-{tag}"
    return f"{slug}-{content.kind}-{content.dates.letter_date.isoformat()}.docx"


def write_letter(source: ClinicData | Analysis, payer: str, out_path: str | Path | None = None,
                 kind: str = "proposal", template: str | Path | None = None, *,
                 offer: PayerOffer | None = None, product: str | None = None,
                 letter_date: date | None = None,
                 descriptions: Mapping[str, str] | None = None,
                 requested_rates: Mapping[str, float] | None = None) -> Path:
    """Write a ``kind`` letter to ``payer`` as a Word document, atomically.

    Parameters
    ----------
    source : ClinicData or Analysis
    payer : str
        Payer name as on the Payers sheet (case ignored).
    out_path : str or Path, optional
        The .docx to write; a folder gets :func:`default_filename`; default the current folder.
    kind : {"proposal", "counter", "termination"}
    template : str or Path, optional
        The clinic's letterhead template (.docx); default the one shipped with RateCalc.
    offer : PayerOffer, optional
        The payer's counteroffer; required for ``counter``.
    product, letter_date, descriptions, requested_rates
        See :func:`ratecalc_letter.content.proposal_letter`.

    Returns
    -------
    pathlib.Path
        The file written. An existing file that differs is kept in ``RateCalc backups/`` beside
        it (:func:`ratecalc_letter.render.save_atomic`).

    Raises
    ------
    ratecalc.errors.InputError
        Missing or bad data (every missing field named), or an unreadable template.
    """
    path, _ = write_letter_with_content(source, payer, out_path, kind, template, offer=offer,
                                        product=product, letter_date=letter_date,
                                        descriptions=descriptions,
                                        requested_rates=requested_rates)
    return path


@frozen_record
class LetterResult:
    """What :func:`write_proposal_letter` did: the file, the content, and the problems to show
    (data warnings from loading, and the letter's own warnings), all of severity warning."""

    path: Path
    content: LetterContent
    problems: tuple[Problem, ...]


def write_proposal_letter(workbook: str | Path, payer: str, out_path: str | Path | None = None,
                          *, kind: str = "proposal", template: str | Path | None = None,
                          product: str | None = None, letter_date: date | None = None,
                          offer: PayerOffer | None = None,
                          offer_file: str | Path | None = None) -> LetterResult:
    """Write a letter from the master workbook (or a folder of tables): the ribbon's entry.

    Reads the clinic's tables, the Proposal sheet's "Your rate" overrides and, for a counter
    letter, the payer's latest offer by the letter's date on the Negotiation Log or in
    ``offer_file`` (unless ``offer`` is given); runs the analysis; writes the letter (see
    :func:`write_letter`). The letter's date is the day every Negotiation Log row is judged
    by: rows dated after it are warned about, and offers dated after it passed over
    (:mod:`ratecalc.negotiation_log`).

    Parameters
    ----------
    workbook : str or Path
        The master workbook (.xlsx/.xlsm) or a folder of CSV/XLSX tables.
    payer, out_path, kind, template, product, letter_date, offer
        As for :func:`write_letter`.
    offer_file : str or Path, optional
        A CSV/XLSX of the payer's offer (``letter --offer``), read as the log's rows are
        (:func:`ratecalc_letter.offers.read_offer_file`) by the letter's date.

    Returns
    -------
    LetterResult

    Raises
    ------
    ratecalc.errors.ValidationFailed
        The tables have errors (every one listed; ``.problems`` holds them).
    ratecalc.errors.InputError
        As for :func:`write_letter`.
    """
    with reading_once(workbook):  # the inputs, the Proposal sheet, the log: one load
        data, problems = load_clinic_data(workbook, letter_date)
        problems = list(problems)  # the offer's file's warnings join them
        if data is None:
            raise ValidationFailed(problems)
        analysis = analyze(data)
        requested = read_requested_rates(workbook, payer) if kind != "termination" else {}
        if kind == "counter" and offer is None and offer_file is not None:
            # by the rule of the log's rows: the latest offer received by the letter's date
            offer = read_offer_file(offer_file, payer, letter_day(analysis, letter_date),
                                    notes=problems)
        if kind == "counter" and offer is None:
            log = read_negotiation_log(workbook, payer)
            if log is None:  # a folder of tables without negotiation_log.csv
                raise NotOnFileError(f"'{Path(workbook).name}': no offer received from payer "
                                 f"{payer!r}: the folder has no {LOG_FILE_STEM}.csv; "
                                 + ways_to_give_an_offer(f"in a {LOG_FILE_STEM}.csv there"))
            problems += log.notes
            # an offer dated after the letter's date is not received yet
            offer = offer_from_rows(log, payer, letter_day(analysis, letter_date))
    path, content = write_letter_with_content(
        analysis, payer, out_path, kind, template, offer=offer, product=product,
        letter_date=letter_date, requested_rates=requested)
    found = [p for p in problems if p.severity == "warning"]
    found += [Problem("Letter", Location(), w, severity="warning") for w in content.warnings]
    codes = {ln.code for ln in content.lines}
    # the warnings of the analysis the letter built on (another contract's, with --product)
    built_on = analysis_for(analysis, payer, product)
    found += [p for p in built_on.warnings
              if p.value in codes or p.code in codes or content.payer in p.rule
              or p == built_on.medicare_warning]  # the letter cites Medicare's amounts
    return LetterResult(path, content, tuple(found))


def write_letter_with_content(source: ClinicData | Analysis, payer: str,
                              out_path: str | Path | None = None, kind: str = "proposal",
                              template: str | Path | None = None, *,
                              offer: PayerOffer | None = None, product: str | None = None,
                              letter_date: date | None = None,
                              descriptions: Mapping[str, str] | None = None,
                              requested_rates: Mapping[str, float] | None = None
                              ) -> tuple[Path, LetterContent]:
    """:func:`write_letter`, also returning the content (for warnings and ``--json``)."""
    content = letter_content(source, payer, kind, offer=offer, product=product,
                             letter_date=letter_date, descriptions=descriptions,
                             requested_rates=requested_rates)
    data, template_warnings = letter_bytes_with_warnings(content, template)
    if template_warnings:
        content = replace(content, warnings=(*content.warnings, *template_warnings))
    target = Path(out_path) if out_path is not None else Path.cwd()
    if target.is_dir():
        target = target / default_filename(content)
    kept: list[Path] = []
    written = save_atomic(data, target, kept=kept)
    if kept:  # the clinic may have edited the earlier letter: it is not lost, and it is said so
        content = replace(content, warnings=(
            *content.warnings, f"the earlier '{target.name}' differed from this letter and is "
                               f"kept as '{kept[0]}'"))
    return written, content
