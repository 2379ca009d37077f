"""See a letter as its reader will: render it with LibreOffice to PDF, then to PNG pages.

    python -m ratecalc_letter.preview LETTER.docx [OUT_DIR]

prints the page count and any words outside the page margins, and leaves ``LETTER.pdf`` and
``LETTER-1.png``... in OUT_DIR (default: beside the letter). Needs LibreOffice (``soffice``) and
poppler (``pdftoppm``, ``pdftotext``); the tests use the same functions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class Word:
    """A word on a rendered page, in points from the top-left corner."""

    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float  # [pt]
    height: float  # [pt]
    words: tuple[Word, ...]


#: The LibreOffice version that last ran in a profile. A profile without one is taken for a
#: version's first start, and each start then runs LibreOffice's graphics self-tests first
#: (GraphicsRenderTests, a log of how its drawing backend fares; no output changes): headless,
#: LibreOffice never records the version, so every preview paid for them, three quarters of a
#: short letter's conversion.
LAST_VERSION_SETTING = ("/org.openoffice.Setup/Product", "ooSetupLastVersion", "99.9")


def profile_settings(*settings: tuple[str, str, str]) -> str:
    """A LibreOffice profile's ``registrymodifications.xcu`` setting each (path, property,
    value) of ``settings``."""
    items = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
                    f"<value>{value}</value></prop></item>\n" for path, name, value in settings)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            f"{items}</oor:items>\n")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed (LibreOffice / poppler-utils)")
    return found


def to_pdf(letter: Path, out_dir: Path, timeout: float = 180) -> Path:
    """Convert ``letter`` to PDF with LibreOffice headless, in a private profile (so it runs
    beside another LibreOffice); return the PDF's path."""
    return to_pdfs([letter], out_dir, timeout)[0]


def to_pdfs(letters: list[Path], out_dir: Path, timeout: float = 180) -> list[Path]:
    """``to_pdf`` of several letters in one LibreOffice run (each start costs seconds; each
    letter is still loaded and rendered on its own); their PDFs' paths. Names must differ."""
    if len({letter.stem for letter in letters}) != len(letters):
        raise ValueError(f"two letters would render to one PDF: {letters}")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ratecalc-lo-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(
            profile_settings(LAST_VERSION_SETTING), encoding="utf-8")
        done = subprocess.run(
            [_tool("soffice"), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir),
             *map(str, letters)],
            capture_output=True, text=True, timeout=timeout * len(letters), check=False)
    pdfs = [out_dir / f"{letter.stem}.pdf" for letter in letters]
    if done.returncode != 0 or not all(pdf.exists() for pdf in pdfs):
        raise RuntimeError(f"soffice failed ({done.returncode}): {done.stdout} {done.stderr}")
    return pdfs


def to_pngs(pdf: Path, out_dir: Path, dpi: int = 80) -> list[Path]:
    """One PNG per page (``<stem>-1.png``...), rendered by pdftoppm."""
    prefix = out_dir / pdf.stem
    subprocess.run([_tool("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    pages = out_dir.glob(f"{pdf.stem}-*.png")
    return sorted(pages, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</word>')


def pages(pdf: Path) -> list[Page]:
    """Every page with its words' boxes (``pdftotext -bbox``)."""
    done = subprocess.run([_tool("pdftotext"), "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=120)
    found = []
    for number, match in enumerate(_PAGE.finditer(done.stdout), start=1):
        words = tuple(Word(number, w[4], float(w[0]), float(w[1]), float(w[2]), float(w[3]))
                      for w in _WORD.findall(match.group(3)))
        found.append(Page(number, float(match.group(1)), float(match.group(2)), words))
    return found


def words_outside(pdf: Path, left_in: float = 1.0, right_in: float = 1.0,
                  tolerance_pt: float = 0.5) -> list[Word]:
    """Words that cross the left or right margin [inches] by more than ``tolerance_pt``."""
    outside = []
    for page in pages(pdf):
        low = left_in * POINTS_PER_INCH - tolerance_pt
        high = page.width - right_in * POINTS_PER_INCH + tolerance_pt
        outside += [w for w in page.words if w.x_min < low or w.x_max > high]
    return outside


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__)
        return 2
    letter = Path(args[0])
    out_dir = Path(args[1]) if len(args) > 1 else letter.parent
    pdf = to_pdf(letter, out_dir)
    pngs = to_pngs(pdf, out_dir)
    print(f"{pdf}: {len(pages(pdf))} page(s); {', '.join(p.name for p in pngs)}")
    for word in words_outside(pdf):
        print(f"  page {word.page}: {word.text!r} outside the margins at x {word.x_min:.1f}-"
              f"{word.x_max:.1f} pt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
