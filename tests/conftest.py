"""Suite-wide test settings."""

import pytest
from hypothesis import settings

from ratecalc.medicare.store import clear_caches

# Timings never decide a test: hypothesis' per-example deadline fails tests on a loaded machine
# (CI shares two cores), so it is off for the whole suite; speed is measured in benchmarks/.
settings.register_profile("ratecalc", deadline=None)
settings.load_profile("ratecalc")


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """An empty per-user data folder for imported Medicare releases, caches cleared around it."""
    monkeypatch.setenv("RATECALC_DATA_DIR", str(tmp_path / "data"))
    clear_caches()
    yield tmp_path / "data"
    clear_caches()
