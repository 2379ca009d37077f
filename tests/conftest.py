"""Settings shared by every test.

Hypothesis' per-example deadline (200 ms by default) is a timing inside pass/fail tests: on a
busy machine it fails property tests whose behaviour is right (seen at load average 13 on 2
cores). Timings belong in benchmarks/, so the deadline is off; the number of examples still
bounds each test.
"""

from hypothesis import settings

settings.register_profile("ratecalc", deadline=None)
settings.load_profile("ratecalc")
