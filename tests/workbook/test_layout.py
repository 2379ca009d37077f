"""The layout's headers and labels read back as the canonical columns of the data model."""

from __future__ import annotations

import pytest

from ratecalc.loaders import map_headers
from ratecalc.schema import EXIT_ASSUMPTIONS, TABLES
from ratecalc.validation import parse_cell
from ratecalc_workbook import formulas, layout
from ratecalc_workbook.reader import field_name

ROW_TABLES = [(spec, schema) for key, (spec, schemas) in layout.INPUT_TABLES.items()
              for schema in schemas if not TABLES.get(schema, EXIT_ASSUMPTIONS)
              .key_value]


@pytest.mark.parametrize(("spec", "schema"), ROW_TABLES,
                         ids=[f"{s.name}-{t}" for s, t in ROW_TABLES])
def test_input_headers_map_to_the_schema(spec: layout.TableSpec, schema: str) -> None:
    table = TABLES[schema]
    mapping, _ = map_headers(spec.headers, table)
    expected = {c.header: c.key for c in spec.columns if c.key in table.column_names}
    assert mapping == expected
    # every canonical column of the table has a place in the sheet
    assert set(table.column_names) <= set(spec.keys)


@pytest.mark.parametrize("fields", ["profile", "settings", "exit_assumptions"])
def test_field_labels_read_back_as_field_names(fields: str) -> None:
    for column in layout.KEY_VALUE_FIELDS[fields]:
        assert field_name(layout.field_label(column.name)) == column.name


@pytest.mark.parametrize("column", [c for t in TABLES.values() for c in t.columns if c.choices]
                         + [c for c in layout.LOG_SCHEMA.columns if c.choices],
                         ids=lambda c: c.name)
def test_choice_labels_parse_back_to_the_choice(column) -> None:  # noqa: ANN001
    for choice in column.choices:
        assert parse_cell(column, layout.choice_label(choice)) == choice


def test_every_formula_column_has_a_builder() -> None:
    formulas.check_formula_columns()


def test_result_tables_have_keys_and_unique_headers() -> None:
    names = set()
    for spec in (*layout.RESULT_TABLES, layout.PROPOSAL_SUMMARY_TABLE, layout.PARETO_CODES_TABLE,
                 layout.SCENARIO_YEARS_TABLE, layout.SCENARIO_TOTALS_TABLE,
                 layout.NEGOTIATION_LOG_TABLE, layout.PROBLEMS_TABLE,
                 *(s for s, _ in layout.INPUT_TABLES.values())):
        assert len(set(spec.headers)) == len(spec.headers), spec.name
        assert spec.name not in names
        names.add(spec.name)
    for spec in layout.RESULT_TABLES:
        assert spec.key and set(spec.key) <= set(spec.keys)
