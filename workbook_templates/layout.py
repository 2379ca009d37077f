"""Where everything sits in the master workbook: sheet names, table names, defined names, columns.

This is the one place that knows the workbook's geometry. The builder, the reader, the refresh
and the add-in ask it for sheet titles, table names, header rows and column orders; nothing else
spells a sheet name or a cell address.

Every sheet starts the same way: a title in row 1, a plain-words description in row 2, and its
main table's header row in :data:`HEADER_ROW`, data below it. Input tables' headers are chosen so
that :func:`ratecalc.loaders.map_headers` maps them to the canonical columns of
:mod:`ratecalc.schema` (a test checks it), so reading the workbook goes through the same header
mapping as every other source.
"""

from __future__ import annotations

import re

from ratecalc.column_units import Unit
from ratecalc.frozen_record import frozen_record
from ratecalc.mean_days import MEAN_DAYS_PLACES
from ratecalc.money import (
    NUMBER_SHOWN_PLACES,
    PERCENT_PLACES,
    STATED_FRACTION_PLACES,
    STATED_PERCENT_PLACES,
)
from ratecalc.rate_basis import (
    ANALYSIS_DATE_RATES,
    NEW_TERM_RATES,
    REVENUE_NEW_TERM,
    REVENUE_TODAY,
)
from ratecalc.schema import (
    CLINIC,
    CONTRACTS,
    EXIT_ASSUMPTIONS,
    PAYERS,
    SETTINGS,
    Column,
    Table,
    choice_label,
)

# --- sheets --------------------------------------------------------------------------------------
START = "Start"
DASHBOARD = "Dashboard"
CLINIC_SHEET = "Clinic"
PAYERS_CONTRACTS = "Payers & Contracts"
FEE_SCHEDULES = "Fee Schedules"
VOLUMES = "Volumes"
BENCHMARKS = "Benchmarks"
SETTINGS_SHEET = "Settings"
PRIORITIES = "Priorities"
COMPARISON = "Comparison"
PROPOSAL = "Proposal"
TOTALS = "Totals"
SCENARIOS = "Scenarios"
EXIT_IMPACT = "Exit Impact"
TIMELINE = "Timeline"
NEGOTIATION_LOG = "Negotiation Log"
PROBLEMS = "Problems"
LISTS = "Lists"

#: Sheets in the order the workbook shows them.
SHEET_ORDER: tuple[str, ...] = (
    START, DASHBOARD, CLINIC_SHEET, PAYERS_CONTRACTS, FEE_SCHEDULES, VOLUMES, BENCHMARKS,
    SETTINGS_SHEET, PRIORITIES, COMPARISON, PROPOSAL, TOTALS, SCENARIOS, EXIT_IMPACT, TIMELINE,
    NEGOTIATION_LOG, PROBLEMS, LISTS,
)
#: Sheets the user fills in. Refresh reads them and never writes to them.
INPUT_SHEETS: tuple[str, ...] = (CLINIC_SHEET, PAYERS_CONTRACTS, FEE_SCHEDULES, VOLUMES,
                                 BENCHMARKS, SETTINGS_SHEET)
#: Sheets refresh rebuilds from the analysis (user columns and overrides are carried over).
RESULT_SHEETS: tuple[str, ...] = (DASHBOARD, PRIORITIES, COMPARISON, PROPOSAL, TOTALS,
                                  SCENARIOS, EXIT_IMPACT, TIMELINE, LISTS)
#: Sheets that belong to the user entirely: built once, never written again.
USER_SHEETS: tuple[str, ...] = (NEGOTIATION_LOG,)


def spelled_otherwise(sheets: list[str], name: str) -> str | None:
    """The sheet among ``sheets`` whose name is ``name`` in other capitals (``COMPARISON``
    for Comparison), else None.

    Excel and openpyxl take a sheet name in any capitals as one name, so a workbook holds at
    most one such sheet, and RateCalc cannot write or read its own sheet beside it (openpyxl
    would call the new one ``Comparison1``). Every sheet RateCalc reads or writes by name
    refuses it by this one rule, naming the sheet and asking to rename it.
    """
    folded = name.casefold()
    return next((s for s in sheets if s != name and s.casefold() == folded), None)

TITLE_ROW = 1
DESCRIPTION_ROW = 2
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1

#: Rows of empty input table a new template offers (a table needs at least one data row).
BLANK_INPUT_ROWS = 3
#: Data validation on input tables reaches this many rows below the data.
VALIDATION_MARGIN = 2000

# --- number formats ------------------------------------------------------------------------------
def percent_format(places: int) -> str:
    """The number format of a percentage shown to ``places`` decimals (``0.0%``): a
    break-even shown with the decimals it takes beside the percent it is compared with
    (:func:`ratecalc.scenarios.shown_percents`), set on its own cell."""
    return f"0.{'0' * places}%" if places else "0%"


def money_format(places: int) -> str:
    """The number format of an amount shown to ``places`` decimals, two or more
    (``"$"#,##0.000``): a figure the core shows with the decimals it takes beside a line
    (:func:`ratecalc.exit_impact.walk_away_figures`), set on its own cell."""
    return '"$"#,##0.' + "0" * max(places, 2)


FORMATS: dict[str, str] = {
    "money": '"$"#,##0.00',
    "money0": '"$"#,##0',
    # an amount the sheet's formulas round, written unrounded (the Scenarios' years at their
    # rates): shown to the cent, and to four decimals where it has more, so that it never reads
    # as a cent that the rounded figure beside it does not show
    "money_exact": '"$"#,##0.00##',
    # a percent of Medicare, a share: as the letter and the command line show them
    # (ratecalc.money.pct_of_medicare_text)
    "pct": percent_format(PERCENT_PLACES),
    # a yearly change of the conversion factor (ratecalc.scenarios.CF_CHANGE_PLACES)
    "pct2": percent_format(STATED_PERCENT_PLACES),
    # a percentage someone stated and words quote (a contract's percent of Medicare and
    # escalator, the walk-away margin): its hundredths, and the decimals past them it has
    # (ratecalc.money.stated_percent_text): a 12.345% contract read 12.35% here beside the
    # words' 12.345%
    "pct_stated": (percent_format(STATED_PERCENT_PLACES)[:-1]
                   + "#" * (STATED_FRACTION_PLACES - 2 - STATED_PERCENT_PLACES) + "%"),
    "date": "yyyy-mm-dd",
    # a notice deadline that has passed (Exit Impact): the cell keeps its date, and says so in
    # the word `exit-impact` uses, without a column that would take the sheet two pages across
    # "past", not the command's "passed": two letters more took the sheet to two pages across
    "passed_date": '"past "yyyy-mm-dd',
    "datetime": "yyyy-mm-dd hh:mm",
    "int": "#,##0",
    # an average count of days (days in A/R, days to payment), as every output shows it
    # (ratecalc.mean_days.mean_days_text)
    "number": "#,##0" + ("." + "0" * MEAN_DAYS_PLACES if MEAN_DAYS_PLACES else ""),
    "index": "0.0000",
    "text": "@",
    "general": "General",
    # a count as typed (27 days, 9.1 visits: any fixed decimals show 27.0 or round 27.5), right
    # aligned as a number, with a thousands separator from 1,000 (10,400 visits a year; General
    # showed 10400). No one format has both: "#,##0.##" shows 27 as "27.", so a count of 1,000
    # or more shows whole (1,234.5 as 1,235) and a smaller one as typed.
    "count": "[>=1000]#,##0;General",
    # units of service a year: whole here, and with their fraction where they have one through
    # a conditional format (UNITS_FRACTION_FORMAT; styles.show_unit_fractions), as every output
    # writes them (ratecalc.money.units_text): "#,##0" alone showed 132.5 units as 133
    "units": "#,##0",
}

#: A units cell's format where its value has a fraction: up to NUMBER_SHOWN_PLACES decimals.
UNITS_FRACTION_FORMAT = "#,##0.0" + "#" * (NUMBER_SHOWN_PLACES - 1)


def units_fraction_condition(cell: str) -> str:
    """A conditional format's test that ``cell`` (a relative reference to a range's first
    cell) holds units with a fraction as they are shown: 132.5, not 132.001 (shown "132")."""
    return (f"AND(ISNUMBER({cell}),ROUND({cell},{NUMBER_SHOWN_PLACES})<>ROUND({cell},0))")


#: The formats a result sheet may show a figure of each unit in (:class:`ratecalc.column_units.
#: Unit`, declared beside the core's tables, which the CSV files are rounded by): a column the
#: sheet shares with a core table is formatted as its declared unit says (a test holds every
#: result table to it), so a stated escalator is never shown as money on one and a percentage
#: on the other. Money written unrounded shows its extra decimals (``money_exact``); a date
#: passed reads "past" (``passed_date``); units a year are shown whole (``int``).
UNIT_FORMATS: dict[Unit, frozenset[str]] = {
    Unit.TEXT: frozenset({"general", "text"}), Unit.DATE: frozenset({"date", "passed_date"}),
    Unit.COUNT: frozenset({"int"}), Unit.NUMBER: frozenset({"units", "count"}),
    Unit.DAYS: frozenset({"number"}), Unit.MONEY: frozenset({"money", "money_exact"}),
    Unit.MONEY_CHANGE: frozenset({"money"}), Unit.PERCENT: frozenset({"pct"}),
    Unit.PERCENT_2: frozenset({"pct2"}), Unit.PERCENT_STATED: frozenset({"pct_stated"}),
    Unit.FACTOR: frozenset({"index"}), Unit.AMOUNT: frozenset({"money"}),
}


@frozen_record
class ColumnSpec:
    """One column of a workbook table.

    Attributes
    ----------
    key : str
        Canonical name: the schema column for inputs, the result column for results.
    header : str
        Text of the header cell.
    width : float
        Column width [characters].
    fmt : str
        Key of :data:`FORMATS`.
    role : str
        ``input`` (user types it), ``value`` (refresh writes a number), ``formula`` (a native
        formula the spreadsheet computes) or ``user`` (a result-sheet column the user types in;
        refresh carries it over by row key).
    note : str
        Help shown on the header.
    """

    key: str
    header: str
    width: float = 14
    fmt: str = "general"
    role: str = "input"
    note: str = ""


@frozen_record
class TableSpec:
    """A table on a sheet: Excel table name, columns in order, position, and its row key.

    ``former_headers`` pairs a header an earlier RateCalc wrote with the column it headed
    (``("Fixed minus pct", "difference")``), so a workbook written then keeps no renamed column
    as if it were the user's.

    ``labels`` names the columns that tell a reader which row is which (payer, code): a table
    printed more than one page across repeats them left of every page after the first. Empty:
    the row ``key``, else the first column. The table's leading columns up to the last of them
    repeat (:attr:`label_columns`), since a sheet repeats one span of adjacent columns.

    ``print_groups`` names the columns that begin a group read together (a contract's terms,
    its contact): a result sheet printed more than one page across starts a page only at one
    of them (:func:`ratecalc_workbook.page_layout.break_between_groups`), so that no page ends
    inside a group; a group wider than a page is broken where the page ends. An input sheet,
    which refresh never lays out again, prints fitted to N pages wide.
    """

    name: str
    sheet: str
    title: str
    columns: tuple[ColumnSpec, ...]
    header_row: int = HEADER_ROW
    first_col: int = 1
    key: tuple[str, ...] = ()
    style: str = "TableStyleMedium2"
    labels: tuple[str, ...] = ()
    former_headers: tuple[tuple[str, str], ...] = ()
    print_groups: tuple[str, ...] = ()

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def managed(self) -> dict[str, ColumnSpec]:
        """Each header RateCalc writes, or wrote before a rename, and its column."""
        found = {old: self.spec(key) for old, key in self.former_headers}
        return {**found, **{c.header: c for c in self.columns}}

    def col(self, key: str) -> int:
        """1-based sheet column of ``key``."""
        for i, c in enumerate(self.columns):
            if c.key == key:
                return self.first_col + i
        raise KeyError(f"{self.name} has no column {key!r}")

    def spec(self, key: str) -> ColumnSpec:
        return self.columns[self.col(key) - self.first_col]

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.columns) - 1

    @property
    def label_columns(self) -> int:
        """How many of the table's leading columns identify a row (through the last of
        ``labels``, else of ``key``; at least the first column): Priorities' rank and payer,
        Comparison's payer and code."""
        named = self.labels or self.key
        return max((self.keys.index(k) + 1 for k in named), default=1)


def C(key: str, header: str, width: float = 14, fmt: str = "general", role: str = "input",
      note: str = "") -> ColumnSpec:
    """Short constructor for the tables below."""
    return ColumnSpec(key, header, width, fmt, role, note)


# --- input tables --------------------------------------------------------------------------------
# Labels of key/value fields: ratecalc.validation.coerce_key_values turns "Walk-away margin" into
# walk_away_margin, so the label is the canonical name in words.
FIELD_LABELS: dict[str, str] = {
    "name": "Name", "npi": "NPI", "tin": "TIN", "address": "Address", "city": "City",
    "state": "State", "zip": "ZIP", "phone": "Phone", "email": "Email", "website": "Website",
    "locality": "Locality", "signer_name": "Signer name", "signer_title": "Signer title",
    "specialty_programs": "Specialty programs", "advantages": "Advantages",
    "analysis_date": "Analysis date", "medicare_date": "Medicare date", "setting": "Setting",
    "target_percentile": "Target percentile", "min_increase": "Min increase",
    "max_increase": "Max increase", "walk_away_margin": "Walk-away margin",
    "notice_days": "Notice days", "lead_months": "Lead months",
    "follow_up_business_days": "Follow-up business days", "pareto_share": "Pareto share",
    "rate_basis": "Rate basis", "cf_path": "CF path", "cf_custom": "CF custom",
    "scenario_years": "Scenario years", "discount_rate": "Discount rate",
    "apm_qualifying": "APM qualifying", "alternative_terms": "Alternative terms",
    "response_days": "Response days",
}


#: Settings whose words quote them beside a figure priced from them, or a table marked by them
#: (the Totals' "top 82.5% marked"), as stated (ratecalc.money.stated_percent_text): their
#: cells show the decimals the words give, not a share's one.
STATED_PERCENT_FIELDS = frozenset({"walk_away_margin", "pareto_share"})
KIND_FORMATS = {"money": "money", "fraction": "pct", "date": "date", "int": "int",
                "number": "count", "code": "text", "text": "general", "bool": "general",
                "modifier": "text", "locality": "text"}

PROFILE_TABLE = TableSpec(
    "tblProfile", CLINIC_SHEET, "Clinic profile",
    (C("field", "Field", 20, role="value"), C("value", "Value", 44),
     C("help", "What it means", 44, role="value")),
)
#: Beside the profile, so each table keeps its own column widths.
METRICS_TABLE = TableSpec(
    "tblMetrics", CLINIC_SHEET, "Clinic metrics and costs",
    (C("metric", "Metric", 22, note="pick from the list"),
     C("value", "Value", 11, note="fractions as %, money in $"),
     C("benchmark", "Benchmark", 11, note="industry or regional comparison, if known"),
     C("unit", "Unit", 9), C("period", "Period", 8), C("source", "Source", 30)),
    first_col=5,
)
PAYERS_CONTRACTS_TABLE = TableSpec(
    "tblPayersContracts", PAYERS_CONTRACTS, "Payers and contracts",
    (C("payer", "Payer", 28, note="the payer's name, used on every other sheet"),
     C("payer_id", "Payer ID", 10), C("financial_class", "Financial class", 16),
     C("visits_per_year", "Visits per year", 10, "count"),
     C("product", "Product", 16, note="PPO, HMO, Medicare Advantage..."),
     C("contract_id", "Contract ID", 16),
     C("effective_date", "Effective date", 12, "date"),
     C("end_date", "End date", 12, "date"),
     C("auto_renew", "Auto renew", 9, note="yes: renews unless notice is given"),
     C("notice_days", "Notice days", 9, "int"),
     C("renewal_months", "Renewal months", 9, "int",
       note="months each renewed term lasts (auto renew); blank: 12"),
     # a contract's percentages with the decimals its words give (ratecalc.money.
     # stated_percent_text): an 88.75% contract read 88.8% here
     C("rate_basis", "Rate basis", 15), C("pct_of_medicare", "% of Medicare", 10, "pct_stated"),
     C("escalator", "Escalator", 10, "pct_stated"), C("mppr_rule", "MPPR rule", 12),
     C("assistant_reduction", "Assistant reduction", 11, "pct"),
     C("contact_name", "Contact name", 20), C("contact_title", "Contact title", 30),
     C("contact_email", "Contact email", 30), C("contact_phone", "Contact phone", 15),
     C("contact_address", "Contact address", 40, note="lines separated by ;"),
     C("notes", "Notes", 30)),
    # A row is a contract, but its product is the fifth column: repeating the five would
    # fill half of every page after the first. The payer names the row; its contracts follow
    # one another.
    labels=("payer",),
    former_headers=(("Pct of Medicare", "pct_of_medicare"),),
    # the contract, its terms, whom to write to, where (the address is as wide as the rest of
    # the contact: together they take more than a page)
    print_groups=("auto_renew", "contact_name", "contact_address"),
)
#: Columns of Payers & Contracts that describe the payer; read from the payer's first row.
PAYER_LEVEL = ("payer_id", "financial_class", "visits_per_year", "notes")
CONTRACT_LEVEL = tuple(c.name for c in CONTRACTS.columns if c.name != "payer")

FEE_SCHEDULES_TABLE = TableSpec(
    "tblFeeSchedules", FEE_SCHEDULES, "Fee schedules",
    (C("payer", "Payer", 28), C("code", "Code", 9, "text"),
     C("modifier", "Modifier", 9, "text"),
     C("allowed_amount", "Allowed amount", 14, "money", note="USD per unit"),
     C("effective_date", "Effective date", 13, "date"),
     C("confirmed", "Confirmed", 10,
       note="yes once you have checked a rate flagged as implausible on the Problems sheet")),
    labels=("payer", "code"),
)
VOLUMES_TABLE = TableSpec(
    "tblVolumes", VOLUMES, "Volumes",
    (C("payer", "Payer", 28), C("code", "Code", 9, "text"),
     C("units_per_year", "Units per year", 13, "units"), C("visits", "Visits", 10, "count"),
     C("description", "Description", 32,
       note="optional: your words for the service, in place of RateCalc's")),
    labels=("payer", "code"),
)
BENCHMARKS_TABLE = TableSpec(
    "tblBenchmarks", BENCHMARKS, "Market benchmarks",
    (C("code", "Code", 9, "text"), C("region", "Region", 24),
     C("p25", "P25", 11, "money"), C("p50", "P50", 11, "money"), C("p75", "P75", 11, "money"),
     C("p90", "P90", 11, "money"), C("source", "Source", 36), C("as_of", "As of", 12, "date")),
)
SETTINGS_TABLE = TableSpec(
    "tblSettings", SETTINGS_SHEET, "Settings",
    (C("field", "Field", 24, role="value"), C("value", "Value", 22),
     C("help", "What it means", 80, role="value")),
)

EXIT_ASSUMPTIONS_TABLE = TableSpec(
    "tblExitAssumptions", SETTINGS_SHEET, "Exit assumptions (Exit Impact sheet)",
    (C("field", "Field", 24, role="value"), C("value", "Value", 22),
     C("help", "What it means", 80, role="value")),
    header_row=HEADER_ROW + len(SETTINGS.columns) + 4,
)
FIELD_LABELS.update({"retention": "Retention", "retained_collection": "Retained collection",
                     "backfill": "Backfill", "ramp_months": "Ramp months",
                     "admin_savings": "Admin savings"})

#: Input tables and the canonical schema tables each one feeds.
INPUT_TABLES: dict[str, tuple[TableSpec, tuple[str, ...]]] = {
    "profile": (PROFILE_TABLE, ("clinic",)),
    "metrics": (METRICS_TABLE, ("metrics",)),
    "payers_contracts": (PAYERS_CONTRACTS_TABLE, ("payers", "contracts")),
    "fee_schedules": (FEE_SCHEDULES_TABLE, ("fee_schedules",)),
    "volumes": (VOLUMES_TABLE, ("volumes",)),
    "benchmarks": (BENCHMARKS_TABLE, ("benchmarks",)),
    "settings": (SETTINGS_TABLE, ("settings",)),
    "exit_assumptions": (EXIT_ASSUMPTIONS_TABLE, ("exit_assumptions",)),
}
#: Which input table holds each canonical schema table (``append_rows`` writes there).
TABLE_FOR_SCHEMA: dict[str, TableSpec] = {
    schema: spec for spec, schemas in INPUT_TABLES.values() for schema in schemas
}
#: Key/value tables: field label, value, help; one row per field of the schema table.
KEY_VALUE_FIELDS: dict[str, tuple[Column, ...]] = {
    "profile": CLINIC.columns, "settings": SETTINGS.columns,
    "exit_assumptions": EXIT_ASSUMPTIONS.columns,
}

# --- the negotiation log (user input, read by the letter writer) --------------------------------
LOG_DIRECTIONS = ("sent", "received", "call", "meeting")
LOG_SCHEMA = Table(
    "negotiation_log", "Negotiation Log",
    (
        Column("date", "date", True, description="when it happened"),
        Column("payer", "text", True),
        Column("round", "int", description="1 for the first proposal, 2 for the next..."),
        Column("direction", "text", choices=LOG_DIRECTIONS,
               description="sent (by the clinic), received (from the payer), call, meeting"),
        Column("contact", "text", description="who you dealt with"),
        Column("code", "code", description="CPT/HCPCS code the offer is about, blank for all"),
        Column("offered_rate", "money", unit="USD per unit", description="rate offered"),
        Column("offered_increase", "fraction", description="or an across-the-board increase"),
        Column("summary", "text", description="what was offered or said"),
        Column("next_step", "text"),
        Column("next_step_date", "date"),
        Column("status", "text", choices=("open", "waiting", "agreed", "declined", "closed")),
    ),
)
NEGOTIATION_LOG_TABLE = TableSpec(
    "tblNegotiationLog", NEGOTIATION_LOG, "Negotiation log",
    (C("date", "Date", 12, "date"), C("payer", "Payer", 26), C("round", "Round", 7, "int"),
     C("direction", "Direction", 10), C("contact", "Contact", 20), C("code", "Code", 9, "text"),
     C("offered_rate", "Offered rate", 12, "money"),
     C("offered_increase", "Offered increase", 11, "pct"), C("summary", "Summary", 48),
     C("next_step", "Next step", 30), C("next_step_date", "Next step date", 13, "date"),
     C("status", "Status", 10)),
    style="TableStyleMedium7", labels=("date", "payer"),
    # who offered what, then what was said and what comes next
    print_groups=("summary",),
)

# --- result tables -------------------------------------------------------------------------------
RESULT_STYLE = "TableStyleMedium4"

#: The header of the Comparison's and Priorities' last column: what a market figure is where it
#: is not a clinic's current professional market (ratecalc.market_caveats.market_caveat).
MARKET_CAVEAT = "Market caveat"
MARKET_CAVEAT_NOTE = ("blank: the Market is of a clinic's current professional prices; else "
                      "what it is: a facility's prices (TiC billing class institutional) or "
                      "prices past their expiration date, as the Benchmarks row's Source says. "
                      "The gaps and dollars at stake use it as the market")
COMPARISON_TABLE = TableSpec(
    "tblComparison", COMPARISON, "Rates against the market and Medicare",
    (C("payer", "Payer", 28, role="value"), C("code", "Code", 8, "text", "value"),
     C("units_per_year", "Units per year", 10, "units", "value"),
     C("allowed_amount", "Rate", 11, "money", "value",
       "the payer's rate in force on the analysis date, per unit (the Proposal's current rate "
       "is the one in force when the payer's new term begins)"),
     C("rate_source", "Rate from", 21, role="value",
       note="fee schedule (naming the modifier of a GP/GO/GN row, and the row's own rate where "
       "the contract's escalator raised it), or the contract's percent of Medicare x the "
       "Medicare amount"),
     C("schedule_rate", "Payer's schedule", 11, "money", "value",
       "what the payer's own fee schedule pays; for a percent-of-Medicare contract, compare it "
       "with the rate the contract sets. A rate the contract's escalator raised is shown "
       "raised, and 'Rate from' names the row's own rate"),
     C("underpaid_vs_contract_a_year", "Underpaid vs contract a year (negative: paid above)",
       14, "money", "value",
       "contract check, for percent-of-Medicare contracts: (contracted rate - payer's schedule) "
       "x units a year. Positive: the schedule pays below the contract (underpaid); negative: "
       "it pays above the contract"),
     C("clinic_average", "Clinic average", 11, "money", "value",
       "across payers, weighted by units"),
     C("benchmark", "Market", 11, "money", "value", "market rate at the target percentile"),
     C("medicare_amount", "Medicare", 11, "money", "value"),
     C("pct_of_medicare", "% of Medicare", 10, "pct", "formula"),
     C("gap_to_benchmark", "Gap to market", 11, "money", "formula",
       "market minus rate: positive means underpaid"),
     C("gap_to_benchmark_pct", "Gap to market %", 10, "pct", "formula"),
     C("gap_to_average", "Gap to clinic average", 11, "money", "formula"),
     C("dollars_at_stake", "Dollars at stake", 13, "money", "formula",
       "gap to market x units a year"),
     C("below_market", "Below market", 8, role="formula"),
     C("revenue", REVENUE_TODAY, 13, "money", "formula",
       f"rate x units a year, {ANALYSIS_DATE_RATES} (the Totals' '{REVENUE_NEW_TERM}' is "
       f"{NEW_TERM_RATES})"),
     C("notes", "Notes", 30, role="user"),
     # after the Notes: added later, it moves no column a user's formula points at
     C("market_caveat", MARKET_CAVEAT, 30, role="value", note=MARKET_CAVEAT_NOTE)),
    key=("payer", "code"), style=RESULT_STYLE,
    former_headers=(("Annual revenue", "revenue"),),
    # the rates compared, then the gaps and what they are worth
    print_groups=("gap_to_benchmark",),
)
#: The end date's header note: the day is the current term's last, whether the contract then
#: renews or lapses ("Contract ends" headed the dates of contracts that renew by themselves).
TERM_ENDS_NOTE = (f"the current term's last day: a contract marked Auto renew on "
                  f"{PAYERS_CONTRACTS} renews the next day unless notice is given; any other "
                  f"ends then")
PRIORITIES_TABLE = TableSpec(
    "tblPriorities", PRIORITIES, "Who to negotiate with first",
    (C("rank", "Rank", 6, "int", "value",
       "the order to negotiate in; blank for a contract that ended without renewal (Status: "
       "contract ended), listed last: no term to negotiate"),
     C("payer", "Payer", 28, role="value"),
     C("units_per_year", "Units per year", 11, "units", "formula",
       "every unit billed to the payer a year (the Volumes'), codes without a rate included; "
       "the Totals' 'Units with a rate' counts only the codes the Proposal prices"),
     C("share_of_volume", "Share of volume", 10, "pct", "formula"),
     C("annual_revenue", REVENUE_TODAY, 14, "money", "formula",
       f"the Comparison's rates x units a year, {ANALYSIS_DATE_RATES}, as the Dashboard's "
       f"'Annual revenue on file' (the Totals' '{REVENUE_NEW_TERM}' is {NEW_TERM_RATES})"),
     C("dollars_at_stake", "Dollars below market", 14, "money", "formula",
       "sum over codes paid below market of the gap x units"),
     C("codes_below_market", "Codes below market", 9, "int", "formula"),
     C("proposed_increase", "Proposal asks", 13, "money", "formula",
       "annual impact of the Proposal sheet's rates to ask"),
     C("end_date", "Term ends", 12, "date", "value", TERM_ENDS_NOTE),
     C("days_to_renewal", "Days to renewal", 9, "int", "value",
       "days from the analysis date to the day the new term begins (a term ending today "
       "renews tomorrow: 1); blank for a contract that ended"),
     C("notice_deadline", "Notice deadline", 12, "date", "value",
       "end date minus the notice days, moved back to a business day (as the Timeline)"),
     C("status", "Status", 16, role="value"),
     C("deadline_note", "Deadline warning", 40, role="value",
       note="a notice deadline that passed or is within 30 days"),
     C("in_pareto", "Top of volume", 9, role="value",
       note="yes: among the payers carrying the Pareto share of the units"),
     C("notes", "Notes", 30, role="user"),
     # after the Notes: added later, it moves no column a user's formula points at
     C("market_caveat", MARKET_CAVEAT, 30, role="value",
       note="which of the payer's billed codes have a market figure that is not a clinic's "
       "current professional market, and what it is (as the Comparison's, per code): the "
       "Dollars below market are built on it")),
    key=("payer",), style=RESULT_STYLE,
    former_headers=(("Annual revenue", "annual_revenue"), ("Contract ends", "end_date")),
    # what is at stake, then when and how urgent, then the notes on it: the user's and what
    # the market figures are. The Market caveat on the page of the dates made that page wider
    # than a readable scale holds, and the sheet was fitted to pages that broke inside a group
    print_groups=("end_date", "notes"),
)
#: The codes by volume and the Proposal's sums per payer have a sheet of their own: printed,
#: Priorities and the Proposal repeat their table's header row down and its payer (and code)
#: across, on every page of the sheet; a table beside theirs would print beside their payers,
#: one below under their header.
PARETO_CODES_TABLE = TableSpec(
    "tblParetoCodes", TOTALS, "Codes by volume",
    (C("code", "Code", 8, "text", "value"), C("units_per_year", "Units per year", 11, "units",
                                               "value"),
     C("share", "Share", 9, "pct", "formula"),
     C("cumulative_share", "Cumulative share", 11, "pct", "formula"),
     C("in_pareto", "Top of volume", 9, role="value")),
    key=("code",), style=RESULT_STYLE,
)
PROPOSAL_TABLE = TableSpec(
    "tblProposal", PROPOSAL, "Rates to ask for",
    (C("payer", "Payer", 28, role="value"), C("code", "Code", 8, "text", "value"),
     C("units_per_year", "Units per year", 10, "units", "value"),
     C("current_rate", "Current rate", 11, "money", "value",
       "the rate in force on the day the payer's new term begins, when the rates asked would "
       "take effect (the analysis date's for a payer without a contract term); a rate the "
       "payer agreed for a day before then is built on and named under 'Why'; a "
       "percent-of-Medicare contract's is its percentage of Medicare's amount that day"),
     C("benchmark", "Market", 11, "money", "value"),
     C("medicare_amount", "Medicare", 11, "money", "value",
       "Medicare's amount in force on the day the rates asked would take effect (the payer's "
       "new term), which the asks are weighed against; the analysis' Medicare date's where "
       "no release covers that day yet (a warning and 'Why' say so)"),
     C("floor", "Walk-away floor", 11, "money", "value"),
     C("proposed_rate", "Proposed rate", 11, "money", "value", "what RateCalc proposes"),
     C("override_rate", "Your rate", 11, "money", "user",
       "type a rate here to ask for it instead; refresh keeps it"),
     C("requested_rate", "Rate to ask", 11, "money", "formula", "your rate, else the proposed"),
     C("increase", "Increase", 10, "money", "formula"),
     C("increase_pct", "Increase %", 9, "pct", "formula"),
     C("requested_pct_of_medicare", "Ask % of Medicare", 10, "pct", "formula"),
     C("annual_impact", "Annual impact", 13, "money", "formula", "increase x units a year"),
     C("reason", "Why", 44, role="value"),
     C("notes", "Notes", 30, role="user")),
    key=("payer", "code"), style=RESULT_STYLE,
    # the rates and the ask with what it is worth, then why
    print_groups=("reason",),
)


def is_table_of(name: str, spec: TableSpec) -> bool:
    """Whether an Excel table named ``name`` is ``spec``'s: by its name (``tblProposal``), or
    the name refresh gives one it finds on a sheet of another name (a result sheet renamed)
    before it writes a new one: ``tblProposal_2`` (refresh.release_table_names)."""
    return re.fullmatch(rf"{re.escape(spec.name)}(_[0-9]+)?", name, re.IGNORECASE) is not None


def is_proposal_table(name: str) -> bool:
    """Whether an Excel table named ``name`` is a Proposal table (:func:`is_table_of`)."""
    return is_table_of(name, PROPOSAL_TABLE)


#: What the Proposal's "Your rate" accepts: a dollar amount, as any money cell a user types (its
#: data validation on the sheet, and the reader's rule, ratecalc_workbook.reader.your_rate).
YOUR_RATE = Column("override_rate", "money")
PROPOSAL_SUMMARY_TABLE = TableSpec(
    "tblProposalSummary", TOTALS, "Per payer",
    (C("payer", "Payer", 28, role="value"),
     C("units_with_rate", "Units with a rate", 11, "units", "formula",
       "units a year of the Proposal's codes, those with a rate in force; a code billed "
       "without a contracted rate is left out (Priorities' 'Units per year' counts every "
       "unit billed)"),
     C("new_term_revenue", REVENUE_NEW_TERM, 14, "money", "formula",
       f"the Proposal's current rates x units a year, {NEW_TERM_RATES} (Priorities' "
       f"'{REVENUE_TODAY}' and the Dashboard's 'Annual revenue on file', "
       f"{ANALYSIS_DATE_RATES}, differ where a rate changes in between: a rate agreed for a "
       "day in between, or the contract's escalator)"),
     C("requested_revenue", "Revenue at asked rates", 14, "money", "formula"),
     C("annual_impact", "Annual impact", 13, "money", "formula"),
     C("impact_pct", "Impact %", 9, "pct", "formula")),
    key=("payer",), style=RESULT_STYLE,
    # read as today's revenue beside the Priorities' (it is the next term's baseline)
    former_headers=(("Current revenue", "new_term_revenue"),
                    # read as every unit billed, the Priorities' figure of that name
                    ("Units per year", "units_with_rate")),
)
SCENARIOS_TABLE = TableSpec(
    "tblScenarios", SCENARIOS, "Fixed dollars against percent of Medicare, per payer",
    (C("payer", "Payer", 28, role="value"), C("rate_basis", "Contract basis", 13, role="value"),
     C("year1_rates_on", "Year 1 from", 11, "date", "value",
       "year 1 begins the day the payer's new term begins (the day after its current term "
       "ends) and is priced at the rates in force that day, the Proposal's current rates: so "
       f"year 1 is the Totals' '{REVENUE_NEW_TERM}'. A payer without a contract term: the "
       f"analysis date. Priorities' '{REVENUE_TODAY}' differs where a rate changes in "
       "between"),
     # as stated: a contract's percentage, with the decimals the letter quotes it with; the
     # equivalent of fixed rates (computed) is shown as "pct" on its own cell, or with the
     # decimals it takes beside the break-even (result_sheets._show_percent_decimals,
     # ratecalc.scenarios.shown_percents)
     C("pct_of_medicare", "% of Medicare compared", 11, "pct_stated", "value"),
     C("escalator", "Escalator", 9, "pct_stated", "value"),
     C("fixed_total", "Fixed-dollar revenue", 15, "money", "formula",
       "over the horizon, from the yearly table"),
     C("pct_total", "% of Medicare revenue", 15, "money", "formula"),
     C("difference", "Fixed minus % of Medicare", 14, "money", "formula"),
     C("break_even_pct_of_medicare", "Break-even % of Medicare", 11, "pct", "value",
       "the percent of Medicare that would pay as much as the fixed rates; shown with more "
       "decimals where a tenth would read as the percent compared, or on its wrong side"),
     C("better", "Better", 16, role="value"),
     C("notes", "Notes", 30, role="user"),
     # after the Notes, past the year-by-year table's last column: a one-payer book stacks
     # that table under this one (result_sheets.scenarios_stacked), and this column, hidden
     # while empty, would hide the years' column under it
     C("contract_note", "Contract", 30, role="value",
       note="blank while the payer's contract is in force; one that ended without renewal "
            "has no term to renew: its row says so, and is projected as a new contract would "
            "be, from the rates in force on the analysis date (the Problems sheet says it "
            "whole)")),
    key=("payer",), style=RESULT_STYLE,
    # the contract compared, then the revenues over the horizon
    print_groups=("fixed_total",),
    former_headers=(("Pct of Medicare compared", "pct_of_medicare"),
                    ("Pct-of-Medicare revenue", "pct_total"), ("Fixed minus pct", "difference"),
                    ("Break-even pct of Medicare", "break_even_pct_of_medicare")),
)
SCENARIO_YEARS_TABLE = TableSpec(
    "tblScenarioYears", SCENARIOS, "Year by year, per payer",
    (C("payer", "Payer", 28, role="value"), C("year", "Year", 6, "int", "value"),
     C("cf_change", "CF change", 9, "pct2", "value", "Medicare conversion factor change into "
       "this year"),
     C("medicare_index", "Medicare index", 9, "index", "formula"),
     C("escalator", "Escalator", 9, "pct_stated", "value"),
     C("fixed_index", "Fixed index", 9, "index", "formula",
       "the escalator compounded, for reference: each code's rate is raised from the year "
       "before and rounded to cents, so the revenue can differ from year 1's x this index"),
     C("fixed_at_rates", "Fixed-dollar at the year's rates", 14, "money_exact",
       "value",
       "units a year x each code's rate that year: year 1's the rates in force on the payer's "
       "'Year 1 from' day (the Proposal's current rates), each later year's raised by the "
       "escalator and rounded half-up to cents, as the payer pays it (the rule the Proposal "
       "and Exit Impact raise rates by); unrounded"),
     C("pct_at_rates", "% of Medicare at the year's rates", 14, "money_exact",
       "value",
       "what the percentage pays on the same units: a contract's percentage of each code's "
       "Medicare amount moved by the Medicare index, in cents a unit as the payer pays it "
       "(the percent the fixed rates equal: unrounded); year 1 at the Medicare amounts in "
       "force on the 'Year 1 from' day (the analysis' Medicare date's where no release "
       "covers that day); unrounded"),
     C("fixed_revenue", "Fixed-dollar revenue", 14, "money", "formula"),
     C("pct_revenue", "% of Medicare revenue", 14, "money", "formula"),
     C("difference", "Fixed minus % of Medicare", 13, "money", "formula")),
    key=("payer", "year"), style=RESULT_STYLE,
    former_headers=(("Fixed revenue year 1", "fixed_at_rates"),
                    ("Pct revenue year 1", "pct_at_rates"),
                    ("Fixed-dollar revenue year 1", "fixed_at_rates"),
                    ("% of Medicare revenue year 1", "pct_at_rates"),
                    ("Pct-of-Medicare revenue", "pct_revenue"), ("Fixed minus pct", "difference")),
)
SCENARIO_TOTALS_TABLE = TableSpec(
    "tblScenarioTotals", SCENARIOS, "All payers, by year",
    (C("year", "Year", 6, "int", "value"),
     C("fixed_revenue", "Fixed-dollar revenue", 14, "money", "formula"),
     C("pct_revenue", "% of Medicare revenue", 14, "money", "formula"),
     C("difference", "Fixed minus % of Medicare", 13, "money", "formula")),
    key=("year",), style=RESULT_STYLE,
    former_headers=(("Pct-of-Medicare revenue", "pct_revenue"), ("Fixed minus pct", "difference")),
)
EXIT_TABLE = TableSpec(
    "tblExitImpact", EXIT_IMPACT, "If the clinic left each payer",
    (C("payer", "Payer", 28, role="value"),
     C("annual_visits", "Visits a year", 10, "int", "value"),
     C("rate_per_visit", "Rate per visit", 11, "money", "value",
       "the payer's revenue a year / its visits, at the rates in force the day its new term "
       "would begin (a payer left is lost when its current term ends): the Scenarios sheet's "
       "'Year 1 from' day, the analysis date for a payer without a contract term. The "
       "Proposal's current rates; other payers' backfill rate likewise"),
     C("revenue_at_risk", "Revenue at risk", 14, "money", "value",
       f"visits x rate per visit, in the new term's first year: the Totals' "
       f"'{REVENUE_NEW_TERM}' of the payer and the Scenarios' year 1"),
     C("retained_revenue", "Retained", 13, "money", "value",
       "patients kept out of network or as self-pay, a year at full ramp (first year)"),
     C("backfill_revenue", "Backfilled", 13, "money", "value",
       "freed capacity refilled by other payers, a year at full ramp (first year)"),
     C("net_impact_12m", "Net over 12 months", 14, "money", "value",
       "the new term's first year: with every assumption 0, minus the revenue at risk"),
     C("net_impact_24m", "Net over 24 months", 14, "money", "value",
       "months 13-24 are the new term's second year: lost and retained at the payer's rates "
       "raised by its contract's escalator and rounded to cents, backfilled at the other "
       "payers' rates raised by theirs (a percent-of-Medicare contract: its first year's "
       "rates). With every assumption 0, minus the Scenarios' fixed-dollar years 1 and 2"),
     C("notice_deadline", "Notice deadline", 12, "date", "value",
       "'past': the deadline was before the analysis date, so the contract renews first and "
       "notice given now ends the renewed term ('Earliest exit'), as ratecalc exit-impact "
       "says. 'none: ended': the contract ended without renewal, so there is no deadline or "
       "exit date, and the estimate is what its visits are worth (the Problems sheet says "
       "it whole)"),
     C("exit_date", "Earliest exit", 12, "date", "value",
       "last day in network if notice is given on the analysis date: the term's end, or once "
       "its notice deadline has passed, the end of the term it renews into"),
     C("walk_away_floor", "Walk-away floor per visit", 12, "money", "value"),
     C("meets_floor", "Current rate meets floor", 10, role="formula"),
     C("notes", "Notes", 30, role="user")),
    key=("payer",), style=RESULT_STYLE,
    # what leaving costs, then when it could happen and the floor
    print_groups=("notice_deadline",),
)
TIMELINE_TABLE = TableSpec(
    "tblTimeline", TIMELINE, "Renewal dates, most urgent first",
    (C("payer", "Payer", 28, role="value"), C("product", "Product", 16, role="value"),
     C("end_date", "Term ends", 12, "date", "value", TERM_ENDS_NOTE),
     C("auto_renew", "Auto renew", 8, role="value"),
     C("prepare_start", "Start preparing", 12, "date", "value"),
     C("negotiation_start", "Send proposal", 12, "date", "value"),
     C("next_follow_up", "Next follow-up", 12, "date", "value"),
     C("decision_date", "Decide by", 12, "date", "value"),
     C("notice_deadline", "Notice deadline", 12, "date", "value"),
     C("days_to_notice", "Days to notice deadline", 10, "int", "formula"),
     C("dollars_at_stake", "Dollars below market", 14, "money", "formula",
       "the payer's, from the Priorities sheet, on its first row only"),
     C("status", "Status", 14, role="value"),
     C("note", "Timing warning", 40, role="value"),
     C("notes", "Notes", 30, role="user")),
    key=("payer", "product"), style=RESULT_STYLE,
    former_headers=(("Contract ends", "end_date"),),
    # the dates and what is at stake, then the status and its warnings (given the room left
    # on their page, a warning wraps to fewer lines: its row is as tall on every page)
    print_groups=("status",),
)
PROBLEMS_TABLE = TableSpec(
    "tblProblems", PROBLEMS, "Problems found in the inputs",
    (C("severity", "Severity", 9, role="value"), C("table", "Table", 20, role="value"),
     C("sheet", "Sheet", 18, role="value"), C("row", "Row", 7, "int", "value"),
     C("column", "Column", 18, role="value"), C("cell", "Cell", 8, role="value"),
     C("value", "Value", 18, role="value"), C("message", "Problem", 110, role="value")),
    style="TableStyleMedium3",
)
DASHBOARD_CODES = TableSpec(
    "tblChartRates", DASHBOARD, "Top codes: rates against the market and Medicare",
    (C("code", "Code", 10, "text", "value"),), style=RESULT_STYLE,
)

#: Result tables refresh rebuilds; their ``user`` columns and any column the user adds to the
#: right of them are carried over by row key.
RESULT_TABLES: tuple[TableSpec, ...] = (
    COMPARISON_TABLE, PRIORITIES_TABLE, PROPOSAL_TABLE, SCENARIOS_TABLE, EXIT_TABLE,
    TIMELINE_TABLE,
)
#: Result tables with no column to type in: a column the user adds to the right of one is
#: carried over by row key as well (refresh dropped it, with a warning that it was lost, where
#: it kept one beside the tables above). Their bodies are left unread unless a column stands
#: beside them (:func:`ratecalc_workbook.lean_read._unread_bodies`).
BESIDE_ONLY_TABLES: tuple[TableSpec, ...] = (
    PARETO_CODES_TABLE, PROPOSAL_SUMMARY_TABLE, SCENARIO_TOTALS_TABLE, SCENARIO_YEARS_TABLE,
)
#: Every result table whose added columns refresh carries over.
CARRIED_TABLES: tuple[TableSpec, ...] = (*RESULT_TABLES, *BESIDE_ONLY_TABLES)

#: Every table the workbook writes, by its Excel table name (printing looks up its labels).
TABLES_BY_NAME: dict[str, TableSpec] = {spec.name: spec for spec in (
    *(spec for spec, _ in INPUT_TABLES.values()), NEGOTIATION_LOG_TABLE, *CARRIED_TABLES,
    PROBLEMS_TABLE, DASHBOARD_CODES)}

# --- the Lists sheet (hidden): sources of drop-down lists ---------------------------------------
LIST_CODES_COL = 1
LIST_FIRST_ROW = 2
#: Rows of the Lists sheet the CodeList name spans, so codes added at refresh stay in it.
LIST_CODES_ROWS = 3000
#: Columns of the Lists sheet where a refresh records the texts it wrote outside the result
#: tables, a sheet's name and a digest of one text a row under these headers, so that the next
#: refresh tells them from a value the user typed (:mod:`ratecalc_workbook.preserve`).
LIST_OWN_SHEET_COL, LIST_OWN_TEXT_COL = 3, 4
LIST_OWN_HEADERS = ("Sheet", "RateCalc's text or formula outside the tables (digest)")
#: The record's headers as RateCalc wrote them before it recorded its formulas: a record of its
#: texts alone, with which every formula outside the tables is taken for RateCalc's
#: (preserve.own_texts).
TEXTS_ONLY_OWN_HEADERS = ("Sheet", "RateCalc's text outside the tables (digest)")
#: The column, right of the record's two, where a refresh writes the cell each recorded text or
#: formula was written at, under this header: a value the user typed with the same words
#: elsewhere on the sheet (a copy of a Totals sum) is then the user's. A record without it
#: (written before) tells RateCalc's by their words alone (preserve.own_texts).
LIST_OWN_CELL_COL, LIST_OWN_CELL_HEADER = 5, "Cell"
#: First of the four columns of the Lists sheet holding each clinic metric's range (its name as
#: the Metric drop-down shows it, lowest and highest; limits.METRIC_RANGES) and its unit where
#: the row's Unit is blank (limits.METRIC_UNITS), which Excel's own check of a metric's Value and
#: Benchmark looks up by the metric picked on the row; and the column of the units that make a
#: figure a fraction (limits.PERCENT_UNITS, name PercentUnits).
LIST_METRIC_COL = 6
LIST_METRIC_HEADERS = ("Metric", "Lowest", "Highest", "Unit if blank")
LIST_PERCENT_UNITS_COL = 11

#: Titles an earlier RateCalc wrote outside the result tables on a sheet that no longer holds
#: them: the codes by volume on Priorities and the sums per payer on the Proposal, which moved
#: to the Totals sheet (1bff59b, 2026-12-03). A workbook last refreshed then has no record of
#: RateCalc's own texts (:mod:`ratecalc_workbook.preserve`), so its next refresh tells them by
#: their words, not as values of the user's lost.
FORMER_RESULT_TEXTS: dict[str, re.Pattern[str]] = {
    PRIORITIES: re.compile(r"Codes by volume( \(top [0-9.]+% marked\))?"),
    PROPOSAL: re.compile(r"Per payer( \(follows your rates\))?"),
}

# --- the Dashboard -------------------------------------------------------------------------------
#: Top codes and payers the rate chart shows.
CHART_TOP_CODES = 6
CHART_TOP_PAYERS = 4
DASHBOARD_FACTS_ROW = HEADER_ROW  # label/value rows of the headline figures start here
DASHBOARD_FACTS: tuple[tuple[str, str, str], ...] = (
    # key, label, format
    ("as_of", "Analysis date", "date"),
    ("refreshed_at", "Refreshed", "datetime"),
    ("medicare_release", "Medicare release, day priced", "general"),
    ("locality", "Medicare locality", "general"),
    ("annual_revenue", "Annual revenue on file", "money"),
    ("dollars_below_market", "Below market, a year", "money"),
    ("proposal_asks", "Proposal asks, a year", "money"),
    ("top_payer", "Negotiate first with", "general"),
    ("walk_away_floor", "Walk-away floor (of Medicare)", "pct"),
)

# --- the Start sheet: headline cells other sheets and the add-in read ----------------------------
START_STATUS_ROW = 22

# --- the Proposal sheet's payer picker (the letter button writes to this payer) ---------------
SELECTED_PAYER_ROW = 3
SELECTED_PAYER_LABEL_COL = 1
SELECTED_PAYER_COL = 2
SELECTED_PAYER = "SelectedPayer"
PROBLEMS_SHEET = PROBLEMS

# --- defined names -------------------------------------------------------------------------------
#: Settings fields that get a defined name pointing at their value cell.
SETTING_NAMES: dict[str, str] = {
    "analysis_date": "SettingAnalysisDate", "target_percentile": "TargetPercentile",
    "min_increase": "MinIncrease", "max_increase": "MaxIncrease",
    "walk_away_margin": "WalkAwayMargin", "notice_days": "NoticeDays",
    "lead_months": "LeadMonths", "scenario_years": "ScenarioYears",
    "pareto_share": "ParetoShare", "rate_basis": "RateBasis", "cf_path": "CFPath",
}
PROFILE_NAMES: dict[str, str] = {"name": "ClinicName", "locality": "ClinicLocality"}
NAME_AS_OF = "AsOfDate"
NAME_PAYER_LIST = "PayerList"
NAME_CODE_LIST = "CodeList"
NAME_METRIC_RANGES = "MetricRanges"
NAME_PERCENT_UNITS = "PercentUnits"
#: Rows of Payers & Contracts the PayerList name spans.
PAYER_LIST_ROWS = 2000

# --- the Negotiation Log and Settings choices ----------------------------------------------------
BOOL_LABELS = ("yes", "no")


def choice_list(column: Column) -> list[str]:
    """Drop-down entries for a column with choices."""
    return [choice_label(c) for c in column.choices]


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def field_help(column: Column) -> str:
    """One line of help for a key/value field: description, unit and default."""
    parts = [column.description] if column.description else []
    if column.unit:
        if parts:
            parts[-1] += f" [{column.unit}]"
        else:
            parts.append(f"[{column.unit}]")
    if column.choices:
        parts.append("one of: " + ", ".join(choice_label(c) for c in column.choices))
    if default := default_text(column):
        parts.append(f"default {default}")
    text = "; ".join(parts)
    return f"required: {text}" if column.required else text


def default_text(column: Column) -> str:
    """A column's default as its cell would show it (``30%``, ``no``, ``12``); "" for none."""
    default = column.default
    if default in (None, "", ()):
        return ""
    if column.kind == "fraction" and isinstance(default, float):
        return f"{default:.0%}"
    if column.kind == "bool":
        return "yes" if default else "no"
    if isinstance(default, float):
        return f"{default:g}"
    return choice_label(str(default))


PROFILE_FIELDS: tuple[Column, ...] = CLINIC.columns
SETTINGS_FIELDS: tuple[Column, ...] = SETTINGS.columns
PAYER_COLUMNS: tuple[Column, ...] = PAYERS.columns


def profile_row(field: str) -> int:
    """Sheet row of a clinic-profile field's value, as built."""
    return PROFILE_TABLE.header_row + 1 + [c.name for c in PROFILE_FIELDS].index(field)


def settings_row(field: str) -> int:
    """Sheet row of a setting's value, as built."""
    return SETTINGS_TABLE.header_row + 1 + [c.name for c in SETTINGS_FIELDS].index(field)


#: The first line of a result sheet with nothing computed, and what a sheet of a workbook never
#: refreshed says: RateCalc's texts, which the first results replace.
NOT_COMPUTED = "Not computed yet."
NOT_REFRESHED = ("Fill in the input sheets, then press Refresh on the RateCalc ribbon, or run: "
                 "ratecalc refresh <this file>")

#: How an empty result table's note begins: RateCalc's reason
#: (:func:`ratecalc.empty_results.empty_reason`) follows. The note stands above the table
#: (never in its rows, which the next refresh reads back) and goes when the table has rows.
EMPTY_LEAD = "Empty because "
#: Where the workbook's user enters each input table, for the reasons' words.
EMPTY_PLACES: dict[str, str] = {
    "payers": f"the {PAYERS_CONTRACTS} sheet", "contracts": f"the {PAYERS_CONTRACTS} sheet",
    "fee_schedules": f"the {FEE_SCHEDULES} sheet", "volumes": f"the {VOLUMES} sheet",
}


#: The sheet each result table (:data:`ratecalc.empty_results.RESULTS`) stands on.
EMPTY_SHEETS: dict[str, str] = {
    "comparison": COMPARISON, "priorities": PRIORITIES, "pareto_codes": TOTALS,
    "proposal": PROPOSAL, "proposal_summary": TOTALS, "scenarios": SCENARIOS,
    "exit_impact": EXIT_IMPACT, "timeline": TIMELINE,
}


def empty_lines(empty: dict[str, str]) -> list[str]:
    """One line per reason, naming the sheets it empties: ``Comparison, Priorities: empty
    because ...`` (what ``ratecalc refresh`` prints)."""
    sheets: dict[str, list[str]] = {}
    for name, reason in empty.items():
        names = sheets.setdefault(reason, [])
        if EMPTY_SHEETS[name] not in names:
            names.append(EMPTY_SHEETS[name])
    return [f"{', '.join(names)}: {EMPTY_LEAD.lower()}{reason}."
            for reason, names in sheets.items()]


def empty_note(reason: str) -> str:
    """The note above an empty result table: :data:`EMPTY_LEAD` and the reason."""
    return f"{EMPTY_LEAD}{reason}."


def is_empty_note(value: object) -> bool:
    """True for a text as RateCalc writes about an empty table: :data:`EMPTY_LEAD` first, or
    after a table's title (its words may be broken over lines)."""
    if not isinstance(value, str):
        return False
    text = " ".join(value.split())
    return text.startswith(EMPTY_LEAD) or f". {EMPTY_LEAD}" in text


SHEET_DESCRIPTIONS: dict[str, str] = {
    CLINIC_SHEET: "Your practice: the letterhead and the Medicare locality (left), and the "
    "performance figures that make your case (right: fractions as percentages, money in "
    "dollars).",
    PAYERS_CONTRACTS: "One row per contract. Payer ID, financial class, visits per year and "
    "notes are read from each payer's first row.",
    FEE_SCHEDULES: "What each payer allows per unit, one row per payer, code, modifier and "
    "effective date. Keep old rows: the rate in force on the analysis date is used. "
    # the command on a line of its own: wrapped into the sentence, it broke inside "--payer"
    "Import a payer's file with Import fee schedule on the RateCalc ribbon, or run:\n"
    "ratecalc import fee-schedule FILE --payer NAME --workbook THIS",
    VOLUMES: "Units billed a year to each payer, per code.",
    BENCHMARKS: "What payers in your region allow for each code, by percentile.",
    SETTINGS_SHEET: "How the analysis runs. Blank values take the default shown.",
    # the day's words here, not on the figures' labels: a label of two lines took the rows
    # the charts below the figures keep for a payer's long name
    DASHBOARD: f"The case at a glance: revenue and below market {ANALYSIS_DATE_RATES}. "
    "Rewritten by Refresh.",
    PRIORITIES: f"Payers ranked by dollars below market, {ANALYSIS_DATE_RATES}. Rewritten by "
    "Refresh; the Notes column is kept.",
    COMPARISON: "Every payer's rate for every code against the market and Medicare. Red: below "
    "market. Rewritten by Refresh; the Notes column is kept.",
    PROPOSAL: "The rate to ask for, per payer and code, built on the rate in force when the "
    "payer's new term begins ('Current rate'). Type your own rate in the yellow 'Your "
    "rate' column: the sums per payer (Totals sheet) follow it at once, the letter uses it, "
    "and Refresh keeps it.",
    TOTALS: "What the proposal comes to per payer and for all payers, following the Proposal's "
    "rates (yours where typed), and the codes that carry the volume. Rewritten by Refresh.",
    SCENARIOS: "What a fixed-dollar contract and a percent-of-Medicare contract would pay over "
    "the years of each payer's next term, as Medicare's conversion factor moves.",
    EXIT_IMPACT: "What leaving each payer's network would cost over 12 and 24 months.",
    TIMELINE: "When to prepare, send the proposal, follow up, decide and give notice.",
    NEGOTIATION_LOG: "Your record of every contact: proposals sent, offers received, next steps. "
    "RateCalc never changes this sheet; the letter writer reads it.",
    PROBLEMS: "What the last refresh, import or letter found in the inputs. Errors stop the "
    "analysis; warnings do not. Click a cell address to go there.",
}
