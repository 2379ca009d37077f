"""CQ/CO de minimis: the modifier applies when an assistant furnished more than 10% of a service.

CMS (CY2022 PFS final rule; DOMAIN.md section 3): "in whole or in part", where "in part" means
more than 10% of the service's minutes. Exactly 10% does not trigger it.
"""

from __future__ import annotations

import math

import pytest

from ratecalc.errors import InputError
from ratecalc.therapy_units import needs_assistant_modifier

CASES = [
    (0, 10, False),     # therapist alone
    (1, 10, False),     # exactly 10%: not more than 10%
    (1.5, 10, True),    # 15%
    (2, 15, True),      # 13.3%
    (10, 10, True),     # the assistant furnished all of it
    (1, 1, True),       # one minute, all by the assistant
    (0, 0, False),      # no service at all
    (3, 30, False),     # 10% again, of a longer service
    (3.01, 30, True),
]


@pytest.mark.parametrize(("assistant", "total", "expected"), CASES)
def test_more_than_ten_percent(assistant, total, expected):
    assert needs_assistant_modifier(assistant, total) is expected


@pytest.mark.parametrize(("assistant", "total", "message"), [
    (-1, 10, r"^assistant_minutes: expected minutes >= 0, got -1$"),
    (math.nan, 10, r"^assistant_minutes: expected minutes >= 0, got nan$"),
    (0.5, -0.5, r"^total_minutes: expected minutes >= 0, got -0.5$"),
    (1, math.inf, r"^total_minutes: expected minutes >= 0, got inf$"),
    (11, 10, r"^assistant_minutes: 11 exceeds the service's 10 minutes$"),
])
def test_bad_minutes_are_refused_in_words(assistant, total, message):
    with pytest.raises(InputError, match=message):
        needs_assistant_modifier(assistant, total)


def test_exactly_ten_percent_of_minutes_in_tenths_does_not_trigger_it():
    # 0.23 of 2.3 minutes is exactly 10% (0.1 x 2.3 is 0.22999999999999998 in binary)
    assert needs_assistant_modifier(0.23, 2.3) is False
    assert not any(needs_assistant_modifier(t / 100, t / 10) for t in range(1, 20_000))
    assert needs_assistant_modifier(0.24, 2.3) is True
