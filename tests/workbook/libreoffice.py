"""LibreOffice headless for the workbook tests: recalculate a workbook, render it to PDF, or
write the text its cells show.

Private LibreOffice profiles with ``OOXMLRecalcMode = 0`` ("always recalculate") are made for the
test process, so LibreOffice computes every formula on load instead of trusting cached values (a
test proves it does, with a workbook whose cached value is deliberately wrong).

The profile also says which LibreOffice version last ran in it (``ooSetupLastVersion``): a
profile without it is one of a version never run before, and each start in it first runs
LibreOffice's graphics self-tests (``GraphicsRenderTests``: some hundred drawings on bitmaps up
to 4096 pixels square, kept in ``GraphicsRenderTests.log``). Headless, LibreOffice never records
the version, so every conversion ran them again: three quarters of a small file's conversion
(1.0 CPU-s of 1.3). They only log how the drawing backend fares; they change no output.

The profiles are kept for the whole run (:func:`profiles`): one a conversion at a time, used
again by the next. A new profile's first start is a start and a restart, and copies
LibreOffice's settings into it: 0.85 CPU-s of converting a blank workbook, against 0.70 in a
profile used before. (Not one LibreOffice kept running, handed each file by the ``soffice`` of
each conversion: cheaper still, 0.46, but every test's file then goes through one process's
state, and one run of the suite left it spinning and later conversions waiting.)
"""

from __future__ import annotations

import atexit
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import unescape

from ratecalc_letter.preview import LAST_VERSION_SETTING, profile_settings

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

#: Recalculate every formula on load (0: always), in .xlsx and .ods alike; and skip the graphics
#: self-tests of a first start (:data:`ratecalc_letter.preview.LAST_VERSION_SETTING`).
REGISTRY = profile_settings(
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "0"),
    ("/org.openoffice.Office.Calc/Formula/Load", "ODFRecalcMode", "0"),
    LAST_VERSION_SETTING)


def profile(folder: Path) -> Path:
    """A LibreOffice user profile that recalculates every formula on load."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
    return folder


_FREE: list[Path] = []  # this process's profiles not in use
_MADE: list[Path] = []  # and all it made
_KEPT = threading.Lock()


@contextmanager
def _a_profile() -> Iterator[Path]:
    """A profile of this process no conversion is using (a new one if each is): a LibreOffice
    started in a profile another one is running in hands it its files and quits."""
    with _KEPT:
        if _FREE:
            folder = _FREE.pop()
        else:
            if not _MADE:
                atexit.register(remove_profiles)
            folder = profile(Path(tempfile.mkdtemp(prefix="ratecalc-lo-profile-")))
            _MADE.append(folder)
    yield folder
    # not after a failure or a timeout: a LibreOffice may still be running in it
    with _KEPT:
        _FREE.append(folder)


def profiles() -> list[Path]:
    """Every profile this process's conversions have used."""
    with _KEPT:
        return list(_MADE)


def remove_profiles() -> None:
    """Remove this process's profiles (at the end of the run)."""
    with _KEPT:
        for folder in _MADE:
            shutil.rmtree(folder, ignore_errors=True)
        _MADE.clear()
        _FREE.clear()


def convert(source: Path, out_dir: Path, fmt: str, timeout: float = 240) -> Path:
    """``soffice --headless --convert-to fmt`` with the recalculating profile; the output path.

    ``fmt`` is e.g. ``xlsx`` (recalculated copy) or ``pdf``.
    """
    return convert_all([source], out_dir, fmt, timeout)[0]


def convert_all(sources: list[Path], out_dir: Path, fmt: str,
                timeout: float = 240) -> list[Path]:
    """``convert`` of several files in one request; every file is loaded, recalculated and
    saved on its own. Their names must differ."""
    targets = [out_dir / f"{source.stem}.{fmt.split(':')[0]}" for source in sources]
    _run(sources, out_dir, fmt, timeout, targets)
    return targets


#: CSV of every sheet, each cell's text as the sheet shows it (its number format applied):
#: comma, double quote, UTF-8, from row 1, ..., "save cell contents as shown", ..., all sheets.
SHOWN_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def export_shown(sources: list[Path], out_dir: Path, sheets: list[list[str]],
                 timeout: float = 240) -> list[dict[str, Path]]:
    """Every sheet of each source recalculated and written as the text LibreOffice shows in
    its cells (``-$1.27``, ``$2,613.60``, ``88.0%``), one CSV file per sheet, in one request.

    ``sheets``: each source's sheet names (LibreOffice names the files ``stem-Sheet.csv``).
    Returns, per source, sheet name -> its CSV file. Row 1 of a file is row 1 of the sheet and
    its first field column A.
    """
    files = [{name: out_dir / f"{source.stem}-{name}.csv" for name in names}
             for source, names in zip(sources, sheets, strict=True)]
    _run(sources, out_dir, SHOWN_CSV, timeout,
         [path for per_source in files for path in per_source.values()])
    return files


def run_soffice(options: list[str], sources: list[Path], timeout: float
                ) -> subprocess.CompletedProcess[str]:
    """``soffice --headless --norestore OPTIONS SOURCES`` in a profile of this process."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with _a_profile() as folder:
        return subprocess.run(
            [SOFFICE, f"-env:UserInstallation={folder.resolve().as_uri()}", "--headless",
             "--norestore", *options, *map(str, sources)],
            capture_output=True, text=True, timeout=timeout, check=False)


def _run(sources: list[Path], out_dir: Path, fmt: str, timeout: float,
         targets: list[Path]) -> None:
    if len({s.stem for s in sources}) != len(sources):
        raise ValueError(f"two sources would save to one output: {sources}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for target in targets:  # a file left from before would pass for this run's
        target.unlink(missing_ok=True)
    done = run_soffice(["--convert-to", fmt, "--outdir", str(out_dir)], sources,
                       timeout * len(sources))
    if done.returncode != 0 or not all(t.exists() for t in targets):
        raise RuntimeError(f"soffice failed ({done.returncode}): {done.stdout} {done.stderr}")


#: A sheet's print area in xl/workbook.xml, as openpyxl writes it: (the sheet's index, the area).
PRINT_AREA = re.compile(
    r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">([^<]*)</definedName>')


def printing_only(book: Path, sheet: str | tuple[str, ...], copy: Path) -> Path:
    """A copy of ``book`` whose other sheets print their cell A1 alone, ``sheet`` (or each of
    several) as written.

    Printed whole, the 40-payer workbook of ``test_timeline_print_width`` is 258 pages (its
    880-row input and result sheets), which cost LibreOffice 4 CPU-s and pdfplumber 22 to read
    for the Timeline's 4; this way 20 pages, 1.7 CPU-s. Each sheet's print settings are its
    own, so ``sheet`` prints the same pages. (Hiding the other sheets would not do: LibreOffice
    prints hidden sheets to PDF too.)
    """
    with zipfile.ZipFile(book) as source:
        workbook_xml = source.read("xl/workbook.xml").decode("utf-8")
        names = [unescape(name) for name in re.findall(r'<sheet [^>]*?name="([^"]*)"',
                                                       workbook_xml)]
        kept = (sheet,) if isinstance(sheet, str) else sheet
        keep = {str(names.index(name)) for name in kept}

        def to_a1(area: re.Match[str]) -> str:
            if area[1] in keep:
                return area[0]
            sheet_ref = area[2].split("!")[0]
            return area[0].replace(f">{area[2]}<", f">{sheet_ref}!$A$1<")

        shrunk, count = PRINT_AREA.subn(to_a1, workbook_xml)
        assert count > 1, "no print areas found to shrink: openpyxl writes them otherwise now"
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item)
                target.writestr(item, shrunk.encode("utf-8") if item.filename == "xl/workbook.xml"
                                else data)
    return copy
