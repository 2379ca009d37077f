"""The canonical data model: every table RateCalc reads, with column names, kinds and units.

This module is the glossary. Readers of outside formats (CSV/XLSX exports, workbook sheets, CMS
files, 835s, TiC files) rename their headers to these names through :data:`HEADER_ALIASES`;
calculations only ever see canonical names.

Kinds
-----
``text``      free text
``code``      CPT/HCPCS code: five digits (97110), a letter and four digits (G0283), or four digits
              and a letter (0552T); stored upper-case
``modifier``  two letters/digits (GP, CQ, 59), blank allowed
``money``     dollars, non-negative [USD]
``fraction``  0.05 means 5%; "5%" in a file is read as 0.05
``int``       whole non-negative number
``number``    any real number
``date``      calendar date (ISO in CSV; real dates in XLSX)
``bool``      yes/no, true/false, 1/0, y/n
``locality``  Medicare locality as ``MAC-LOC``, e.g. ``10112-00``
"""

from __future__ import annotations

from ratecalc.frozen_record import frozen_record


@frozen_record
class Column:
    """One column of a canonical table: its name, kind, unit and what it holds."""

    name: str
    kind: str
    required: bool = False
    unit: str = ""
    description: str = ""
    default: object = None
    choices: tuple[str, ...] = ()


@frozen_record
class Table:
    """A table of the data model. ``key`` columns identify a row: duplicates are a problem."""

    name: str
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    key_value: bool = False  # stored as two columns `field`, `value` (profile, settings)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


CLINIC = Table(
    "clinic",
    "Clinic",
    (
        Column("name", "text", True, description="practice name for the letterhead"),
        Column("npi", "text", description="group NPI (10 digits)"),
        Column("tin", "text", description="tax id"),
        Column("address", "text", description="street address, may span lines"),
        Column("city", "text"),
        Column("state", "text", description="two-letter state"),
        Column("zip", "text"),
        Column("phone", "text"),
        Column("email", "text"),
        Column("website", "text"),
        Column("locality", "locality", True, description="Medicare locality, e.g. 10112-00"),
        Column("signer_name", "text", description="who signs the letters"),
        Column("signer_title", "text"),
        Column("specialty_programs", "text", description="semicolon-separated, for the letter"),
        Column("advantages", "text", description="semicolon-separated: extended hours, etc."),
    ),
    key_value=True,
    description="The practice's profile, one field per row.",
)

PAYERS = Table(
    "payers",
    "Payers",
    (
        Column("payer", "text", True, description="payer name, used as the key everywhere"),
        Column("payer_id", "text", description="X12 payer id or internal id"),
        Column("financial_class", "text", default="commercial"),
        # a yearly figure that feeds projections, which may be an average (RateCalc's own
        # estimate, the clinic's visits spread by units, has a fraction), as every entry point
        # of visits a year takes it (limits.RANGES); it refused 1000.3 that exit-impact took
        Column("visits_per_year", "number", unit="visits per year",
               description="patient visits a year billed to this payer"),
        Column("notes", "text"),
    ),
    key=("payer",),
)

CONTRACTS = Table(
    "contracts",
    "Contracts",
    (
        Column("payer", "text", True),
        Column("product", "text", description="network/product, e.g. PPO, HMO, Medicare Advantage"),
        Column("contract_id", "text"),
        Column("effective_date", "date", True),
        Column("end_date", "date", True),
        Column("auto_renew", "bool", default=False),
        Column("notice_days", "int", unit="days", default=90,
               description="days of written notice the contract requires before end_date"),
        Column("renewal_months", "int", unit="months", default=12,
               description="length of each term an auto-renewing contract renews for"),
        Column("rate_basis", "text", default="fixed", choices=("fixed", "pct_of_medicare")),
        Column("pct_of_medicare", "fraction", unit="fraction of Medicare, 1.10 = 110%",
               description="required when rate_basis is pct_of_medicare"),
        Column("escalator", "fraction", unit="fraction per year", default=0.0),
        Column("mppr_rule", "text", default="none", choices=("none", "medicare", "whole_line"),
               description="the payer's multiple-procedure reduction: none; Medicare's (50% of PE "
               "on units after the first); or 50% of the whole line"),
        Column("assistant_reduction", "fraction", default=0.0,
               description="reduction for CQ/CO services, 0.15 = paid at 85%"),
        Column("contact_name", "text", description="provider-relations contact"),
        Column("contact_title", "text"),
        Column("contact_email", "text"),
        Column("contact_phone", "text"),
        Column("contact_address", "text", description="mailing address, lines separated by ';'"),
    ),
    key=("payer", "product"),
)

FEE_SCHEDULES = Table(
    "fee_schedules",
    "Fee Schedules",
    (
        Column("payer", "text", True),
        Column("code", "code", True),
        Column("modifier", "modifier", default="",
               description="blank, or GP/GO/GN (59, KX...): still the code's rate; CQ/CO, "
               "26/TC, 52/53, 50, 80-82/AS rows price a different service and are never "
               "the code's rate"),
        Column("allowed_amount", "money", True, unit="USD per unit"),
        Column("effective_date", "date", True),
        Column("confirmed", "bool", default=False,
               description="yes once you have checked a rate RateCalc flags as implausible; "
               "the letter cites a flagged rate only when confirmed"),
    ),
    key=("payer", "code", "modifier", "effective_date"),
    description="What each payer allows per unit, long form: one row per payer, code, modifier "
    "and effective date.",
)

VOLUMES = Table(
    "volumes",
    "Volumes",
    (
        Column("payer", "text", True),
        Column("code", "code", True),
        Column("units_per_year", "number", True, unit="units per year"),
        Column("visits", "number", unit="visits per year",  # as the Payers' visits a year
               description="visits in which the code was billed"),
        Column("description", "text",
               description="the service in the clinic's own words, shown in letters instead of "
               "RateCalc's plain-language description; the first one given for a code is used "
               "for every payer"),
    ),
    key=("payer", "code"),
)

BENCHMARKS = Table(
    "benchmarks",
    "Benchmarks",
    (
        Column("code", "code", True),
        Column("region", "text", default=""),
        Column("p25", "money", unit="USD per unit"),
        Column("p50", "money", True, unit="USD per unit", description="market median"),
        Column("p75", "money", unit="USD per unit"),
        Column("p90", "money", unit="USD per unit"),
        Column("source", "text", description="where the figures come from"),
        Column("as_of", "date"),
    ),
    key=("code", "region"),
    description="Market rates for the clinic's region: percentiles of what payers allow.",
)

METRICS = Table(
    "metrics",
    "Clinic Metrics",
    (
        Column("metric", "text", True, choices=(
            "clean_claim_rate", "denial_rate", "days_in_ar", "visits_per_episode",
            "outcome_improvement", "nps", "cost_per_visit", "cost_per_episode",
            "patient_satisfaction", "visits_per_year",
        )),
        Column("value", "number", True),
        Column("benchmark", "number", description="industry or regional comparison, if known"),
        Column("unit", "text", description="fraction, days, visits, USD, score"),
        Column("period", "text", description="e.g. 2025"),
        Column("source", "text"),
    ),
    key=("metric",),
)

#: How Settings' CF custom is written, as every message about the cell says it (the sheet's
#: help says it shorter; ratecalc.scenarios.parse_cf_custom reads it).
CF_CUSTOM_FORM = "fractions or percentages separated by commas (-0.028 or -2.8%)"

SETTINGS = Table(
    "settings",
    "Settings",
    (
        Column("analysis_date", "date", description="as-of date for rates and renewals; "
               "default today"),
        Column("medicare_date", "date", description="date of service for Medicare amounts; "
               "default the analysis date"),
        Column("locality", "locality", description="overrides the clinic's locality"),
        Column("setting", "text", default="non_facility", choices=("non_facility", "facility")),
        Column("target_percentile", "number", default=50.0, unit="percentile, 0-100",
               description="market percentile the proposal asks rates up to"),
        Column("min_increase", "fraction", default=0.05,
               description="smallest increase asked for a code, over its current rate"),
        Column("max_increase", "fraction", default=0.15,
               description="largest increase asked for a code, over its current rate"),
        Column("walk_away_margin", "fraction", default=0.10,
               description="margin over cost per visit that the floor must keep"),
        Column("notice_days", "int", default=90, unit="days",
               description="notice a contract needs where Payers & Contracts gives none"),
        Column("lead_months", "int", default=5, unit="months",
               description="how long before a contract ends the proposal is sent"),
        Column("follow_up_business_days", "int", default=10, unit="business days",
               description="time between follow-ups after the proposal"),
        Column("pareto_share", "fraction", default=0.80,
               description="share of units marking the payers and codes that matter most"),
        Column("rate_basis", "text", default="fixed", choices=("fixed", "pct_of_medicare"),
               description="how the proposal states rates (APTA advises fixed dollars)"),
        Column("cf_path", "text", default="historical", choices=("flat", "historical", "stress",
                                                                   "custom")),
        Column("cf_custom", "text",
               # one line of help on the Settings sheet, which prints on one page
               description="yearly changes for CF path custom, as -0.028 or -2.8%, several "
                           "separated by commas"),
        Column("scenario_years", "int", default=5,
               description="years of each payer's next term on Scenarios"),
        Column("discount_rate", "fraction", default=0.0,
               description="yearly discount of later years' revenue on Scenarios"),
        Column("apm_qualifying", "bool", default=False,
               description="yes if the clinic is a qualifying APM participant"),
        Column("alternative_terms", "text", description="semicolon-separated terms to ask for if "
               "rates cannot move"),
        Column("response_days", "int", default=30, description="days the payer has to respond"),
        Column("plausible_low", "fraction", default=0.30,
               description="a rate below this fraction of Medicare is flagged as implausible"),
        Column("plausible_high", "fraction", default=4.0,
               description="a rate above this fraction of Medicare is flagged as implausible"),
    ),
    key_value=True,
)

#: Assumptions about leaving a payer (the Exit Impact sheet's, ``exit-impact --data``): what-if
#: inputs beside the clinic's eight tables, not one of them; a folder holds them in
#: ``exit_assumptions.csv`` (``field,value``), which ``workbook export`` writes when any is set.
EXIT_ASSUMPTIONS = Table(
    "exit_assumptions", "Exit assumptions",
    (
        Column("retention", "fraction", default=0.0,
               description="share of a payer's visits you would keep out of network or as "
               "self-pay; 0 is the worst case"),
        Column("retained_collection", "fraction", default=0.0,
               description="share of the rate you would collect on a kept visit"),
        Column("backfill", "fraction", default=0.0,
               description="share of the freed capacity other payers' patients would refill"),
        Column("ramp_months", "number", default=0.0, unit="months",
               description="months until that backfill is complete (linear ramp)"),
        Column("admin_savings", "money", default=0.0, unit="USD per year",
               description="admin cost of a contract you would save by leaving"),
    ),
    key_value=True,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (CLINIC, PAYERS, CONTRACTS, FEE_SCHEDULES, VOLUMES, BENCHMARKS, METRICS, SETTINGS)
}

# How a canonical choice is shown to people: in a workbook cell and drop-down, and in the
# message for a choice not recognised. Reading turns the shown text back into the choice (lower
# case, spaces and hyphens to underscores; ratecalc.validation.parse_cell).
CHOICE_LABELS: dict[str, str] = {
    "non_facility": "non-facility", "pct_of_medicare": "% of Medicare",
    "whole_line": "whole line", "clean_claim_rate": "Clean claim rate",
    "denial_rate": "Denial rate", "days_in_ar": "Days in AR",
    "visits_per_episode": "Visits per episode", "outcome_improvement": "Outcome improvement",
    "nps": "NPS", "cost_per_visit": "Cost per visit", "cost_per_episode": "Cost per episode",
    "patient_satisfaction": "Patient satisfaction", "visits_per_year": "Visits per year",
}


def choice_label(value: str) -> str:
    """The text a canonical choice is shown as (``pct_of_medicare`` -> ``% of Medicare``)."""
    return CHOICE_LABELS.get(value, value)


# Header spellings seen in payer exports and clinic spreadsheets -> canonical column names.
# Matching ignores case, spaces, punctuation; see ratecalc.loaders.normalize_header.
HEADER_ALIASES: dict[str, str] = {
    # codes
    "cpt": "code", "cptcode": "code", "hcpcs": "code", "cpthcpcs": "code", "hcpcscode": "code",
    "procedurecode": "code", "proccode": "code", "billingcode": "code", "servicecode": "code",
    "mod": "modifier", "modifier1": "modifier", "mod1": "modifier",
    # money
    "fee": "allowed_amount", "allowable": "allowed_amount", "allowed": "allowed_amount",
    "rate": "allowed_amount", "contractrate": "allowed_amount", "feeamount": "allowed_amount",
    "allowedamount": "allowed_amount", "feeschedule": "allowed_amount", "amount": "allowed_amount",
    "reimbursement": "allowed_amount", "payment": "allowed_amount",
    # payer fee-schedule exports (ratecalc.fee_schedule_import): therapists in private practice
    # are paid the non-facility amount, so a non-facility column is the allowed amount
    "nonfacilityfee": "allowed_amount", "nonfacilityrate": "allowed_amount",
    "nonfacilityamount": "allowed_amount", "nonfacilityallowable": "allowed_amount",
    "nonfacility": "allowed_amount", "allowableamount": "allowed_amount",
    "maxallowable": "allowed_amount", "maximumallowable": "allowed_amount",
    # Medicaid schedules head the amount so (walk-9's Florida plan: "Max Fee")
    "maxfee": "allowed_amount", "maximumfee": "allowed_amount",
    "allowedrate": "allowed_amount", "contractedrate": "allowed_amount",
    "negotiatedrate": "allowed_amount", "feescheduleamount": "allowed_amount",
    "feeallowable": "allowed_amount", "allowablefee": "allowed_amount",
    "allowedfee": "allowed_amount",
    "cpthcpcscode": "code", "hcpcscpt": "code", "hcpcscptcode": "code", "cpt4": "code",
    "procedure": "code", "proccd": "code", "effectivefrom": "effective_date",
    "effdt": "effective_date", "dateeffective": "effective_date",
    # dates
    "effectivedate": "effective_date", "effective": "effective_date", "effdate": "effective_date",
    "startdate": "effective_date", "enddate": "end_date", "expirationdate": "end_date",
    "termdate": "end_date", "terminationdate": "end_date", "expires": "end_date",
    # payers
    "payername": "payer", "insurer": "payer", "insurance": "payer", "plan": "payer",
    "payerid": "payer_id",
    # volumes
    "units": "units_per_year", "annualunits": "units_per_year", "unitsyear": "units_per_year",
    "unitsperyear": "units_per_year", "visitsperyear": "visits",
    # benchmarks
    "median": "p50", "percentile50": "p50", "50thpercentile": "p50", "25thpercentile": "p25",
    "75thpercentile": "p75", "90thpercentile": "p90", "asof": "as_of", "asofdate": "as_of",
    # contracts
    "autorenew": "auto_renew", "evergreen": "auto_renew", "noticedays": "notice_days",
    "noticeperiod": "notice_days", "ratebasis": "rate_basis", "pctofmedicare": "pct_of_medicare",
    "percentofmedicare": "pct_of_medicare", "ofmedicare": "pct_of_medicare",  # "% of Medicare"
    "contractid": "contract_id",
    "contactname": "contact_name", "contactemail": "contact_email",
    "contactphone": "contact_phone",
}


def markdown() -> str:
    """The data model as Markdown (docs/DATA_MODEL.md is this text; a test keeps them equal)."""
    lines = ["# Data model", "",
             "Generated from `ratecalc/schema.py` by `python -m ratecalc.schema`. Column names are "
             "the canonical names every reader maps to; kinds are explained in the module's "
             "docstring (money is USD, fractions are 0.05 = 5%).", ""]
    for table in TABLES.values():
        lines.append(f"## {table.title} (`{table.name}`)")
        lines.append("")
        if table.description:
            lines += [table.description, ""]
        if table.key_value:
            lines += ["Stored as two columns, `field` and `value`, one field per row.", ""]
        if table.key:
            lines += [f"Each row is identified by: {', '.join(table.key)}.", ""]
        lines.append("| column | kind | required | unit | default | meaning |")
        lines.append("|---|---|---|---|---|---|")
        for c in table.columns:
            meaning = c.description
            if c.choices:
                meaning = (meaning + "; " if meaning else "") + "one of " + ", ".join(c.choices)
            default = "" if c.default is None else str(c.default)
            lines.append(f"| `{c.name}` | {c.kind} | {'yes' if c.required else ''} | {c.unit} | "
                         f"{default} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
