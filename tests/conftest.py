"""Suite-wide test settings."""

from hypothesis import settings

# Timings never decide a test: hypothesis' per-example deadline fails tests on a loaded machine
# (CI shares two cores), so it is off for the whole suite; speed is measured in benchmarks/.
settings.register_profile("ratecalc", deadline=None)
settings.load_profile("ratecalc")
