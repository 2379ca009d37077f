"""Where each row was read (:class:`ratecalc.dataset.RowsRead`): one form for the volumes,
contracts, Clinic and Settings, and every message about a row found after reading names its
cell (file, sheet, row and column) through it."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.errors import Location
from ratecalc.loaders import load_folder, require


def _demo_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as shipped:
        shutil.copytree(shipped, folder)
    return folder


@pytest.fixture(scope="module")
def read() -> ClinicData:
    """The demo clinic's tables read as a user's folder of tables."""
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        return require(load_folder(folder))


def test_each_table_names_the_cell_it_read(read: ClinicData) -> None:
    # contracts.csv row 2 is Summit's (header on row 1); contact_name is its 13th column, M
    assert str(read.contract_cell({"payer": "Summit BlueCare PPO", "product": "PPO",
                                   "contract_id": "SBC-PT-2019-114"}, "contact_name")) == \
        "'contracts.csv', row 2, column M 'contact_name'"
    # settings.csv: field/value, analysis_date on row 2, medicare_date on row 3
    cell, label = read.field_cell("settings", "medicare_date") or (None, None)
    assert (str(cell), label) == ("'settings.csv', row 3, column B 'value'", "medicare_date")
    cell, label = read.field_cell("clinic", "signer_name") or (None, None)
    assert (str(cell), label) == ("'clinic.csv', row 13, column B 'value'", "signer_name")
    first = read.volumes.iloc[0]
    assert read.cell("volumes", (first["payer"], first["code"]), "units_per_year") == \
        Location("volumes.csv", None, 2, "units_per_year")
    assert read.cell("volumes", ("Nobody", "97110"), "units_per_year") is None
    assert read.field_cell("clinic", "no_such_field") is None


def test_the_demo_names_no_cell_of_its_bundled_copy() -> None:
    """The demo's tables are RateCalc's, read from a copy: no place in them is the user's, for
    any table (the contracts were left out, and a blank contact named 'contracts.csv')."""
    assert demo_data().rows_read == {}
    assert demo_data().contract_cell({"payer": "Summit BlueCare PPO", "product": "PPO",
                                      "contract_id": "SBC-PT-2019-114"}, "contact_name") is None


def test_a_contract_not_started_is_named_at_its_effective_date_cell(tmp_path: Path) -> None:
    """The warning that a contract starts after the analysis date names its row's Effective
    date cell, as a value refused while reading is named (it named no place at all)."""
    folder = _demo_folder(tmp_path)
    with (folder / "contracts.csv").open("a") as f:
        f.write("Meridian Mutual,HMO,MM-HMO-2026,2026-01-01,2026-03-31,no,30,pct_of_medicare,"
                "1.50,0.05,whole_line,0.15,,,,,\n")
    analysis = analyze(require(load_folder(folder)))
    [warned] = [p for p in analysis.warnings if p.table == "Contracts"]
    assert warned.message.startswith(
        "Contracts 'contracts.csv', row 8, column D 'effective_date': Meridian Mutual: contract "
        "MM-HMO-2026 (HMO) starts 2026-01-01, after the analysis date 2025-12-01")
