"""The clinic's data as one immutable value: profile, payers, contracts, rates, volumes,
benchmarks, metrics and settings, each typed per :mod:`ratecalc.schema`."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import field, fields
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from ratecalc import dates
from ratecalc.errors import Location
from ratecalc.frozen_record import frozen_record
from ratecalc.schema import CLINIC, SETTINGS

if TYPE_CHECKING:
    from ratecalc.validation import Source


@frozen_record
class Settings:
    """Analysis settings; every field has the default a billing manager would expect."""

    analysis_date: date | None = None
    medicare_date: date | None = None
    locality: str | None = None
    setting: str = "non_facility"
    target_percentile: float = 50.0
    min_increase: float = 0.05
    max_increase: float = 0.15
    walk_away_margin: float = 0.10
    notice_days: int = 90
    lead_months: int = 5
    follow_up_business_days: int = 10
    pareto_share: float = 0.80
    rate_basis: str = "fixed"
    cf_path: str = "historical"
    cf_custom: str | None = None
    scenario_years: int = 5
    discount_rate: float = 0.0
    apm_qualifying: bool = False
    alternative_terms: str | None = None
    response_days: int = 30
    plausible_low: float = 0.30
    plausible_high: float = 4.0

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Settings:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})

    @property
    def as_of(self) -> date:
        """The analysis date: the setting, else today."""
        return self.analysis_date or dates.today()

    @property
    def date_of_service(self) -> date:
        """The date Medicare amounts are priced for."""
        return self.medicare_date or self.as_of


assert {f.name for f in fields(Settings)} == {c.name for c in SETTINGS.columns}


@frozen_record
class MedicareTerms:
    """How a clinic's Medicare amounts are priced: the locality, the date of service
    (:attr:`Settings.date_of_service`), the facility or non-facility amount and the APM
    participant's conversion factor. The analysis' Medicare amounts and every comparison made
    for the clinic's data (a market-rate import into its workbook) are priced by these."""

    locality: str
    date_of_service: date
    facility: bool
    apm_qualifying: bool

    def amounts(self, codes: list[str], days: object) -> pd.DataFrame:
        """:func:`ratecalc.medicare.medicare_amounts` of ``codes`` on ``days`` (one, or one per
        code) in this locality with these options: the one call the analysis' Medicare
        amounts, the new terms' first days and the CQ/CO warning of an 835 import price the
        clinic's Medicare with (the warning passed the locality, setting and APM status
        itself, beside the analysis' own copy of them)."""
        from ratecalc.medicare import medicare_amounts

        return medicare_amounts(codes, self.locality, days, facility=self.facility,
                                apm_qualifying=self.apm_qualifying)


@frozen_record
class RowsRead:
    """Where one table's rows were read: the table's source and each row's position in it by
    the row's key (a volume's ``(payer, code)``, a contract's :func:`contract_key`, a field of
    a field/value table), and for a field/value table each field's label as written.

    Kept as plain integers: a place (:class:`~ratecalc.errors.Location`) is built only when a
    message asks for one (:meth:`cell`); a fee schedule or volume table of many thousand rows
    builds none on reading.
    """

    source: Source
    positions: Mapping[Hashable, int]
    labels: Mapping[str, str] = field(default_factory=dict)

    def cell(self, key: Hashable, column: str) -> Location | None:
        """The cell of ``column`` (RateCalc's name) in the row of ``key``, by its header as
        written and its letter; None when no row has that key."""
        index = self.positions.get(key)
        return None if index is None else self.source.at(index, column)


def _empty(table_columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=table_columns)


@frozen_record
class ClinicData:
    """Everything the analysis reads. DataFrames have the canonical columns of schema.py."""

    clinic: dict[str, Any]
    payers: pd.DataFrame
    contracts: pd.DataFrame
    fee_schedules: pd.DataFrame
    volumes: pd.DataFrame
    benchmarks: pd.DataFrame
    metrics: pd.DataFrame
    settings: Settings = field(default_factory=Settings)
    #: (payer, code) -> the rate the clinic chose to ask instead of the proposed one [USD per
    #: unit]: the master workbook's Proposal sheet, column "Your rate".
    requested_rates: dict[tuple[str, str], float] = field(default_factory=dict)
    #: Payer -> every day a proposal went to it, oldest first: the master workbook's
    #: Negotiation Log ("sent" rows), whatever their dates; the outputs count those on or
    #: before their own day (:func:`ratecalc.negotiation_log.proposal_sent_as_of`). None when
    #: there is no log to tell (a folder of tables).
    proposals_sent: dict[str, tuple[date, ...]] | None = None
    #: Payer -> every day an offer came from it, oldest first: the Negotiation Log's
    #: offers (:func:`ratecalc.negotiation_log.is_payer_offer`), whatever their dates (each
    #: output counts those by its own day). None without a log.
    offers_received: dict[str, tuple[date, ...]] | None = None
    #: The Exit Impact what-ifs of the master workbook's Settings sheet: retention,
    #: retained_collection, backfill [fractions], ramp_months, admin_savings [USD per year].
    #: Empty for a folder of tables: each is then 0, the worst case.
    exit_assumptions: dict[str, float] = field(default_factory=dict)
    #: Table name (``"volumes"``, ``"contracts"``, ``"fee_schedules"`` (by row number),
    #: ``"clinic"``, ``"settings"``) -> where its
    #: rows were read (:class:`RowsRead`): so that what an output or the analysis finds of a
    #: row after reading it (a volume with no rate in force, a blank contact the letter needs, a
    #: Settings date no Medicare release covers) is named at its cell, as a value refused while
    #: reading is. Empty for data built in code, and for the demo's (no file of the user's).
    rows_read: Mapping[str, RowsRead] = field(default_factory=dict)

    def cell(self, table: str, key: Hashable, column: str) -> Location | None:
        """Where ``column`` (RateCalc's name) of ``table``'s row ``key`` was read: file, sheet,
        row and the column's header as written (:meth:`RowsRead.cell`); None when it was not
        read from a table."""
        rows = self.rows_read.get(table)
        return None if rows is None else rows.cell(key, column)

    def table_place(self, table: str) -> Location:
        """Where ``table`` was read, its file and sheet, for a message about the table as a
        whole or a row it lacks (no market benchmark for a billed code); an empty place for a
        table not read from a file (data built in code, the demo's)."""
        rows = self.rows_read.get(table)
        return Location() if rows is None else Location(rows.source.file, rows.source.sheet)

    def column_place(self, table: str, column: str) -> Location | None:
        """Column ``column`` (RateCalc's name) of ``table`` as the user sees it where it was
        read: file, sheet, its header as written and its letter (no row: the column as a
        whole); None when the table was not read from a file. A message naming a column of
        the user's names it so (``column A 'Payer'``), never by RateCalc's name (``payer``)."""
        rows = self.rows_read.get(table)
        if rows is None:
            return None
        source = rows.source
        return source.shown(Location(source.file, source.sheet, None, column))

    def field_cell(self, table: str, name: str) -> tuple[Location, str] | None:
        """A field/value table's (Clinic, Settings) value cell of field ``name`` and the
        field's label as written there (``"Medicare date"`` on the sheet, ``"medicare_date"``
        in settings.csv); None when no row of a table gave it."""
        rows = self.rows_read.get(table)
        cell = None if rows is None else rows.cell(name, "value")
        return None if cell is None or rows is None else (cell, rows.labels.get(name, name))

    def contract_cell(self, contract: Mapping[str, Any], column: str) -> Location | None:
        """Where ``column`` (RateCalc's name) of the contract row ``contract`` was read: file,
        sheet, row and the column's header as written; None for data built in code."""
        return self.cell("contracts", contract_key(contract), column)

    @property
    def locality(self) -> str:
        """The Medicare locality: the settings' override, else the clinic's."""
        return str(self.settings.locality or self.clinic.get("locality") or "")

    @property
    def medicare_terms(self) -> MedicareTerms:
        """How this clinic's Medicare amounts are priced, the one rule (:class:`MedicareTerms`)."""
        s = self.settings
        return MedicareTerms(self.locality, s.date_of_service, s.setting == "facility",
                             bool(s.apm_qualifying))

    @property
    def clinic_name(self) -> str:
        return str(self.clinic.get("name") or "")


def contract_key(contract: Mapping[str, Any]) -> tuple[str, str, str]:
    """A contract row's payer, product and contract id as text (blank for none): what tells
    one row from another (its key in :attr:`ClinicData.rows_read`)."""
    def text(name: str) -> str:
        value = contract.get(name)
        return "" if value is None or (isinstance(value, float) and value != value) \
            else str(value).strip()

    return text("payer"), text("product"), text("contract_id")


CLINIC_FIELDS = [c.name for c in CLINIC.columns]
