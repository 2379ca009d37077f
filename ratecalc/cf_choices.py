"""The names a conversion-factor path and a year's representative factor are chosen by.

Apart from :mod:`ratecalc.scenarios` (which imports pandas) so that ``ratecalc scenario``'s
parser offers them as choices without loading it: ``--help`` and a wrong option answer at once.
"""

from __future__ import annotations

#: Presets for the conversion-factor path (``custom`` takes the user's list).
CF_PATHS: tuple[str, ...] = ("flat", "historical", "stress", "custom")
#: How a year with more than one conversion factor is represented (see
#: :func:`ratecalc.scenarios.representative_factors`).
REPRESENTATIVE_RULES: tuple[str, ...] = ("day_weighted", "jan1")
