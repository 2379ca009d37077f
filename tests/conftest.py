"""Suite-wide test settings."""

from __future__ import annotations

import pytest
from hypothesis import settings

from ratecalc.medicare.store import clear_caches

# Timings never decide a test: hypothesis' per-example deadline fails tests on a loaded machine
# (CI shares two cores), so it is off for the whole suite; speed is measured in benchmarks/.
settings.register_profile("ratecalc", deadline=None)
# `pytest --hypothesis-profile=thorough` looks 20 times as hard, to find a rare failing example
# before CI's random draw does.
settings.register_profile("thorough", deadline=None, max_examples=2000)
settings.load_profile("ratecalc")

# Fixtures built once per module (a LibreOffice recalculation, a written demo workbook) are built
# once per module only if the module's tests all run on one xdist worker.
_SHARED_SCOPES = {"module", "class", "package"}


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """Under ``--dist loadgroup`` (the default in pyproject.toml) tests are spread one by one
    over the workers, so the slow ones balance; a test using a module-, class- or package-scoped
    fixture is put in its module's group, so that fixture is still built once."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None or item.get_closest_marker("xdist_group") is not None:
            continue
        if any(d.scope in _SHARED_SCOPES for defs in info.name2fixturedefs.values()
               for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))
    result = yield  # the other plugins' hooks: xdist's worker appends each group to its node id
    if config.getoption("loadgroup", default=False):
        for item in items:
            _carry_group(item)
    return result


def _carry_group(item: pytest.Item) -> None:
    """pytest-xdist tells the controller a test's group by appending ``@group`` to the node id
    its worker reports. From pytest 9.2 a node id is a structured value that xdist 3.8 does not
    update (pytest-dev/pytest-xdist#1386), so ``--dist loadgroup`` silently spread every group
    over both workers, and each worker built the module's fixtures (a LibreOffice run, a
    refresh) again. Where xdist's suffix did not take, put it on the structured id; where it
    did (an older pytest, or a fixed xdist), leave it."""
    names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                    for m in item.iter_markers("xdist_group")})
    if not names:
        return
    suffix = "@" + "_".join(names)
    node_id = getattr(item, "_id", None)
    if item.nodeid.endswith(suffix) or not hasattr(type(node_id), "parse"):
        return
    item._id = type(node_id).parse(item.nodeid + suffix)


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """An empty per-user data folder for imported Medicare releases, caches cleared around it."""
    monkeypatch.setenv("RATECALC_DATA_DIR", str(tmp_path / "data"))
    clear_caches()
    yield tmp_path / "data"
    clear_caches()
