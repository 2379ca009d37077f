"""Settings for the whole test suite."""

from hypothesis import settings

# Timings never decide a pass (house rule): hypothesis' per-example deadline failed healthy
# property tests on a loaded two-core machine. Benchmarks measure time, in benchmarks/.
settings.register_profile("ratecalc", deadline=None)
settings.load_profile("ratecalc")
