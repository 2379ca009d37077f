"""The letter writer's entry points for the CLI and the Excel ribbon.

    from ratecalc_letter import write_letter
    write_letter(data, "Summit BlueCare PPO", "summit-proposal.docx")

``data`` is the clinic's :class:`~ratecalc.dataset.ClinicData` (the analysis is run) or an
:class:`~ratecalc.analysis.Analysis` already run. Content is built and checked in full before
anything is written, so bad data never leaves a half-written letter behind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from ratecalc.analysis import Analysis, analyze
from ratecalc.dataset import ClinicData
from ratecalc_letter.content import LetterContent, PayerOffer, build_letter
from ratecalc_letter.render import letter_bytes, save_atomic


def as_analysis(source: ClinicData | Analysis) -> Analysis:
    """``source`` if it is an analysis, else the analysis of the clinic's data."""
    return source if isinstance(source, Analysis) else analyze(source)


def letter_content(source: ClinicData | Analysis, payer: str, kind: str = "proposal", *,
                   offer: PayerOffer | None = None, product: str | None = None,
                   letter_date: date | None = None,
                   descriptions: Mapping[str, str] | None = None) -> LetterContent:
    """What the letter will say (see :func:`ratecalc_letter.content.build_letter`)."""
    return build_letter(as_analysis(source), payer, kind, offer=offer, product=product,
                        letter_date=letter_date, descriptions=descriptions)


def default_filename(content: LetterContent) -> str:
    """``summit-bluecare-ppo-proposal-2025-12-01.docx``."""
    slug = re.sub(r"[^a-z0-9]+", "-", content.payer.lower()).strip("-") or "payer"
    return f"{slug}-{content.kind}-{content.dates.letter_date.isoformat()}.docx"


def write_letter(source: ClinicData | Analysis, payer: str, out_path: str | Path | None = None,
                 kind: str = "proposal", template: str | Path | None = None, *,
                 offer: PayerOffer | None = None, product: str | None = None,
                 letter_date: date | None = None,
                 descriptions: Mapping[str, str] | None = None) -> Path:
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
    product, letter_date, descriptions
        See :func:`ratecalc_letter.content.proposal_letter`.

    Returns
    -------
    pathlib.Path
        The file written. An existing file is kept as ``<name>.bak.docx``.

    Raises
    ------
    ratecalc.errors.InputError
        Missing or bad data (every missing field named), or an unreadable template.
    """
    path, _ = write_letter_with_content(source, payer, out_path, kind, template, offer=offer,
                                        product=product, letter_date=letter_date,
                                        descriptions=descriptions)
    return path


def write_letter_with_content(source: ClinicData | Analysis, payer: str,
                              out_path: str | Path | None = None, kind: str = "proposal",
                              template: str | Path | None = None, *,
                              offer: PayerOffer | None = None, product: str | None = None,
                              letter_date: date | None = None,
                              descriptions: Mapping[str, str] | None = None
                              ) -> tuple[Path, LetterContent]:
    """:func:`write_letter`, also returning the content (for warnings and ``--json``)."""
    content = letter_content(source, payer, kind, offer=offer, product=product,
                             letter_date=letter_date, descriptions=descriptions)
    data = letter_bytes(content, template)
    target = Path(out_path) if out_path is not None else Path.cwd()
    if target.is_dir():
        target = target / default_filename(content)
    return save_atomic(data, target), content
