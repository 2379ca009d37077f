"""Short descriptions of the services in a letter's rate table.

CPT descriptor text is the AMA's copyright and never appears in a letter. A letter shows, in this
order of preference: the clinic's own wording (a mapping passed by the caller, or the
``description`` column of the Volumes table, or of Fee Schedules when the data has one);
otherwise RateCalc's plain-language description of the code (:data:`PLAIN_DESCRIPTIONS`);
otherwise a generic service category from the code's range; otherwise nothing. The payer's
analyst knows the codes: the column only helps a reader skim, and tells apart services that
share a range (exercise, manual therapy and gait training are all "therapeutic procedures").
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

#: Code -> what the service is, in plain words written for RateCalc (not the AMA's descriptor
#: text): short enough for one line of the letter's table, for a reader who is not a
#: therapist. Time units are stated only where two codes differ by them.
PLAIN_DESCRIPTIONS: dict[str, str] = {
    # physical, occupational therapy and athletic trainer (AT) evaluations
    "97161": "PT evaluation, simple",
    "97162": "PT evaluation, moderate",
    "97163": "PT evaluation, complex",
    "97164": "PT re-evaluation",
    "97165": "OT evaluation, simple",
    "97166": "OT evaluation, moderate",
    "97167": "OT evaluation, complex",
    "97168": "OT re-evaluation",
    "97169": "AT evaluation, simple",
    "97170": "AT evaluation, moderate",
    "97171": "AT evaluation, complex",
    "97172": "AT re-evaluation",
    # treatment, one-on-one unless said otherwise
    "97110": "Strength and motion exercise",
    "97112": "Balance/coordination training",
    "97113": "Exercise in a therapy pool",
    "97116": "Walking (gait) training",
    "97124": "Therapeutic massage",
    "97140": "Hands-on (manual) therapy",
    "97150": "Therapy in a group",
    "97530": "Functional task practice",
    "97533": "Sensory processing therapy",
    "97535": "Training in self-care at home",
    "97537": "Work and community training",
    "97542": "Wheelchair fitting and skills",
    "97129": "Cognitive therapy, 1st 15 min",
    "97130": "Cognitive therapy, +15 min",
    "20560": "Dry needling, 1-2 muscles",
    "20561": "Dry needling, 3+ muscles",
    # tests, braces and artificial limbs
    "97750": "Physical performance testing",
    "97755": "Assistive device assessment",
    "97760": "Brace or splint fitting",
    "97761": "Artificial limb training",
    "97763": "Brace or limb follow-up",
    # modalities
    "97010": "Hot or cold pack",
    "97012": "Traction by machine",
    "97014": "Muscle stim, unattended",
    "G0283": "Muscle stim, unattended",
    "97016": "Swelling compression pump",
    "97018": "Warm paraffin wax",
    "97022": "Whirlpool",
    "97026": "Infrared heat",
    "97032": "Muscle stim, one-on-one",
    "97033": "Medicine by electric current",
    "97035": "Therapeutic ultrasound",
    # speech-language pathology
    "92507": "Speech-language therapy",
    "92508": "Group speech therapy",
    "92521": "Stuttering assessment",
    "92522": "Speech sound assessment",
    "92523": "Speech-language testing",
    "92524": "Voice assessment",
    "92526": "Swallowing therapy",
    "92610": "Swallowing assessment",
    "96105": "Aphasia testing, per hour",
    "96125": "Cognitive testing, per hour",
    # nutrition
    "97802": "First nutrition counseling",
    "97803": "Nutrition follow-up visit",
}

# (first code, last code, category), compared as strings within one numbering family. Written
# for RateCalc from the codes' ranges; deliberately generic.
_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("92507", "92508", "Speech-language treatment"),
    ("92521", "92524", "Speech-language evaluation"),
    ("92526", "92526", "Swallowing treatment"),
    ("92610", "92610", "Swallowing evaluation"),
    ("97010", "97039", "Modality"),
    ("97110", "97546", "Therapeutic procedure"),
    ("97161", "97163", "PT evaluation"),
    ("97164", "97164", "PT re-evaluation"),
    ("97165", "97167", "OT evaluation"),
    ("97168", "97168", "OT re-evaluation"),
    ("97750", "97763", "Tests, orthotics and prosthetics"),
    ("G0283", "G0283", "Modality"),
)


def generic_category(code: str) -> str:
    """A generic service category for a therapy code, or ``""`` when none fits.

    Evaluation codes sit inside the therapeutic-procedure range, so the narrowest range wins.

    Examples
    --------
    >>> generic_category("97110"), generic_category("97162"), generic_category("99213")
    ('Therapeutic procedure', 'PT evaluation', '')
    """
    code = code.strip().upper()
    hits = [(_span(first, last), label) for first, last, label in _CATEGORIES
            if len(first) == len(code) and first[0].isdigit() == code[0].isdigit()
            and first <= code <= last]
    return min(hits)[1] if hits else ""


def _span(first: str, last: str) -> int:
    return int(last) - int(first) if first.isdigit() and last.isdigit() else 0


def clinic_descriptions(*frames: pd.DataFrame) -> dict[str, str]:
    """Descriptions the clinic typed in a ``description`` column of any of ``frames``.

    The first non-blank description per code wins.
    """
    found: dict[str, str] = {}
    for frame in frames:
        if frame is None or frame.empty or "description" not in frame.columns:
            continue
        for code, text in zip(frame["code"], frame["description"], strict=True):
            if isinstance(text, str) and text.strip() and str(code) not in found:
                found[str(code)] = text.strip()
    return found


def plain_description(code: str) -> str:
    """RateCalc's plain-language description of ``code``, else its generic category, else ``""``.

    Examples
    --------
    >>> plain_description("97140"), plain_description("97039"), plain_description("99213")
    ('Hands-on (manual) therapy', 'Modality', '')
    """
    key = code.strip().upper()
    return PLAIN_DESCRIPTIONS.get(key) or generic_category(key)


def describe(codes: list[str], own: Mapping[str, str] | None = None) -> dict[str, str]:
    """The description shown for each code: the clinic's own, else RateCalc's."""
    own = own or {}
    return {code: own.get(code) or plain_description(code) for code in codes}
