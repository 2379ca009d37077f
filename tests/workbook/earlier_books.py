"""A master workbook as an earlier RateCalc wrote it, before the optional columns and Settings
rows of :data:`ratecalc_workbook.earlier_versions.ADDED_AFTER_FIRST_RELEASE` were added.

The builder writes every sheet from :mod:`ratecalc_workbook.layout`; with those columns and rows
taken out of the layout (and the Exit assumptions back where they stood below fewer Settings
rows), it writes the workbook the earlier version wrote: the same headers in the same cells, the
same tables, checks and formats. (Checked once against workbooks the earlier versions built from
git: 240d80c, before "Renewal months", and cddb0bc, before Description, Confirmed and the
plausible band: the input sheets' headers, Settings labels and table ranges are the same.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from ratecalc.dataset import ClinicData
from ratecalc_workbook import builder, layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.earlier_versions import ADDED_AFTER_FIRST_RELEASE

#: The layout's name of each row table's spec.
ROW_TABLES = {"payers_contracts": "PAYERS_CONTRACTS_TABLE", "fee_schedules": "FEE_SCHEDULES_TABLE",
              "volumes": "VOLUMES_TABLE"}


@contextmanager
def earlier_layout(added: Mapping[str, tuple[str, ...]] = ADDED_AFTER_FIRST_RELEASE
                   ) -> Iterator[None]:
    """The layout without the parts ``added`` (input table -> canonical names), and the
    input sheets' print areas ending at their last row as the earlier versions set them
    (before :func:`~ratecalc_workbook.page_layout.print_to_last_row`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builder, "print_to_last_row", lambda ws: None)
        for table, names in added.items():
            if table == "settings":
                fields = tuple(c for c in layout.SETTINGS_FIELDS if c.name not in names)
                patch.setattr(layout, "SETTINGS_FIELDS", fields)
                patch.setattr(layout, "EXIT_ASSUMPTIONS_TABLE", dataclasses.replace(
                    layout.EXIT_ASSUMPTIONS_TABLE, header_row=layout.HEADER_ROW + len(fields) + 4))
                continue
            attr = ROW_TABLES[table]
            spec = getattr(layout, attr)
            patch.setattr(layout, attr, dataclasses.replace(
                spec, columns=tuple(c for c in spec.columns if c.key not in names)))
        yield


def write_earlier_workbook(path: Path, data: ClinicData | None,
                           added: Mapping[str, tuple[str, ...]] = ADDED_AFTER_FIRST_RELEASE
                           ) -> Path:
    """The workbook of ``data`` as a RateCalc before the parts ``added`` wrote it."""
    with earlier_layout(added):
        return new_workbook(path, data)
