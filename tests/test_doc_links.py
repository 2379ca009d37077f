"""Every link and repository path the front-door docs name exists.

The README and docs/*.md are moved around as issues land; a link to a section renamed or a file
moved is found here rather than by a newcomer. Checked: relative Markdown links (the file, and
the heading an anchor names) in README.md, docs/*.md, benchmarks/README.md and
benchmarks/HISTORY.md; and, in README.md and docs/*.md, every repository path written in
backticks (`ratecalc/limits.py`, `python scripts/bundle_cms_data.py`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))
LINKED_DOCS = ["README.md", *DOCS, "benchmarks/README.md", "benchmarks/HISTORY.md"]
PATH_DOCS = ["README.md", *DOCS]
# A backticked word is taken for a repository path when it starts with one of the repository's
# own folders; other words in backticks (options, cells, the store's layout) are not paths.
REPO_DIRS = ("ratecalc/", "addin/", "cli/", "tests/", "benchmarks/", "scripts/", "docs/", "letter/",
             "workbook_templates/", ".ci/")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^(```|~~~)")


def _prose(text: str) -> str:
    """The text outside fenced code blocks, where links and code spans are read."""
    kept, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if not fenced:
            kept.append(line)
    return "\n".join(kept)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in _prose(path.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"#{1,6}\s+(.*)", line)
        if match:
            slug = _slug(match.group(1))
            count = seen.get(slug, 0)
            anchors.add(slug if count == 0 else f"{slug}-{count}")
            seen[slug] = count + 1
    return anchors


def broken_links(doc: str) -> list[str]:
    source = ROOT / doc
    problems = []
    for target in LINK.findall(_prose(source.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...: not a file here
            continue
        file_part, _, anchor = target.partition("#")
        linked = (source.parent / file_part).resolve() if file_part else source
        if not linked.exists():
            problems.append(f"{doc}: link to {target}: no file {file_part}")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            problems.append(f"{doc}: link to {target}: {linked.name} has no heading #{anchor}")
    return problems


def missing_paths(doc: str) -> list[str]:
    problems = []
    for span in CODE_SPAN.findall(_prose((ROOT / doc).read_text(encoding="utf-8"))):
        for word in span.split():
            word = word.strip("\"'(),;:")
            if not word.startswith(REPO_DIRS) or re.search(r"[<>*?\[\]{}]|\.\.\.", word):
                continue
            if not (ROOT / word).exists():
                problems.append(f"{doc}: `{span}` names {word}, which is not in the repository")
    return problems


@pytest.mark.parametrize("doc", LINKED_DOCS)
def test_relative_links_reach_a_file_and_heading(doc: str) -> None:
    assert (ROOT / doc).exists(), doc
    assert broken_links(doc) == []


@pytest.mark.parametrize("doc", PATH_DOCS)
def test_backticked_repository_paths_exist(doc: str) -> None:
    assert missing_paths(doc) == []


def test_the_checks_see_a_broken_link_and_a_missing_path(tmp_path: Path, monkeypatch) -> None:
    # The checks themselves: a planted link to a missing file, to a missing heading and a path
    # that is not in the repository are each reported; the good ones are not.
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "ratecalc").mkdir()
    (tmp_path / "ratecalc" / "limits.py").write_text("")
    (tmp_path / "docs" / "A.md").write_text("# Exit codes\n")
    (tmp_path / "README.md").write_text(
        "[ok](docs/A.md#exit-codes) [gone](docs/B.md) [no heading](docs/A.md#speed)\n"
        "`ratecalc/limits.py` and `python ratecalc/gone.py --x`\n"
        "```\n[fenced](docs/C.md) `ratecalc/fenced.py`\n```\n")
    assert broken_links("README.md") == [
        "README.md: link to docs/B.md: no file docs/B.md",
        "README.md: link to docs/A.md#speed: A.md has no heading #speed"]
    assert missing_paths("README.md") == [
        "README.md: `python ratecalc/gone.py --x` names ratecalc/gone.py, which is not in the "
        "repository"]
