"""A yearly change of Medicare's conversion factor reads the same in every output: signed, to
the hundredth of a percent, as the Scenarios sheet's and the ``scenario`` command's "CF change"
columns show it (``ratecalc.scenarios.cf_change_text``).

Before, the historical average, -1.08% in both columns and in the Scenarios sheet's note, was
"-1.0801% a year" in the note under the command's table, and the stress path's note read
"Medicare's conversion factor cut -2.8% every year": a cut of minus 2.8%, a raise, beside the
command's "-2.80%".
"""

from __future__ import annotations

import pytest

from ratecalc.scenarios import cf_change_text, settings_cf_path
from ratecalc_cli.main import main


@pytest.mark.parametrize(("change", "said"), [
    (-0.028, "-2.80%"), (0.0, "+0.00%"), (0.01, "+1.00%"), (-0.0108014712, "-1.08%"),
    (0.00125, "+0.13%"),  # half-up, as every percent shown
])
def test_a_yearly_change_in_words(change: float, said: str) -> None:
    assert cf_change_text(change) == said


def test_the_historical_average_and_the_stress_cut_read_as_their_columns(
        capsys: pytest.CaptureFixture[str]) -> None:
    # (33.4009 / 36.0391) ** (1/7) - 1 = -1.0801% a year, by hand; -1.08% to the hundredth
    historical = settings_cf_path("historical", None, 3)
    assert historical.note.startswith("Medicare's conversion factor moving -1.08% a year, ")
    assert settings_cf_path("stress", None, 3).note == \
        "Medicare's conversion factor moving -2.80% every year"
    assert main(["scenario", "--units", "1000", "--medicare", "30", "--fixed", "31",
                 "--pct-of-medicare", "1.1", "--years", "3", "--cf-window", "2019-2026"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()
            if line.strip().startswith(("historical ", "stress ")) and "$" in line}
    [note] = [line for line in out.splitlines() if line.startswith("historical = ")]
    assert rows["historical"].split()[1] == "-1.08%", rows
    assert rows["stress"].split()[1] == "-2.80%", rows
    assert note.endswith(": -1.08% a year"), note
