from pathlib import Path

from ratecalc.dataset import Settings
from ratecalc.schema import SETTINGS, TABLES, markdown


def test_data_model_doc_is_current():
    doc = Path(__file__).parents[2] / "docs" / "DATA_MODEL.md"
    assert doc.read_text() == markdown(), "run: python -m ratecalc.schema > docs/DATA_MODEL.md"


def test_settings_defaults_match_schema():
    defaults = Settings()
    for column in SETTINGS.columns:
        if column.default is not None:
            assert getattr(defaults, column.name) == column.default, column.name


def test_every_required_column_is_documented():
    for table in TABLES.values():
        assert table.title and all(c.kind for c in table.columns)
