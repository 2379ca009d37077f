"""Build the default letter template, ``letter/resources/default_template.docx``: python-docx's
default template (MIT licence; its styles are Microsoft Word's defaults as python-docx ships
them) with RateCalc's page setup and styles added, then cut to the styles RateCalc's letters
use and without its Word 2010 copy of the styles (``ratecalc_letter.make_template``,
``ratecalc_letter.lean_template``; provenance in ``letter/resources/README.md``).

    python scripts/build_letter_template.py [--check] [--full] [OUT.docx]

Each build of an unchanged design gives the same bytes (fixed dates in the package and the
zip). ``--check`` writes nothing and exits 1 when the committed template is not what this
tree builds; ``--full`` builds the template with every style python-docx's carries (as the
template was before 2026-12-07), to compare letters made with the two.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ratecalc_letter.make_template import template_bytes
from ratecalc_letter.styles import DEFAULT_TEMPLATE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_TEMPLATE)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if OUT is not what this tree builds; write nothing")
    parser.add_argument("--full", action="store_true",
                        help="keep every style of python-docx's default template")
    args = parser.parse_args(argv)
    built = template_bytes(lean=not args.full)
    if args.check:
        same = args.out.is_file() and args.out.read_bytes() == built
        print(f"{args.out}: {'as built' if same else 'differs from the build: rebuild it'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(built)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
