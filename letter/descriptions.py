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
    # physical and occupational therapy evaluations
    "97161": "PT evaluation, simple case",
    "97162": "PT evaluation, moderate case",
    "97163": "PT evaluation, complex case",
    "97164": "PT re-evaluation",
    "97165": "OT evaluation, simple case",
    "97166": "OT evaluation, moderate case",
    "97167": "OT evaluation, complex case",
    "97168": "OT re-evaluation",
    "97169": "Athletic training eval, simple",
    "97170": "Athletic training eval, moderate",
    "97171": "Athletic training eval, complex",
    "97172": "Athletic training re-evaluation",
    # treatment, one-on-one unless said otherwise
    "97110": "Exercise for strength and mobility",
    "97112": "Balance and coordination training",
    "97113": "Exercise in a therapy pool",
    "97116": "Walking (gait) training",
    "97124": "Therapeutic massage",
    "97140": "Hands-on (manual) therapy",
    "97150": "Therapy in a group",
    "97530": "Practice of everyday movements",
    "97533": "Sensory processing therapy",
    "97535": "Training in self-care at home",
    "97537": "Training for work and community",
    "97542": "Wheelchair fitting and skills",
    "97129": "Cognitive therapy, first 15 min",
    "97130": "Cognitive therapy, added 15 min",
    "20560": "Dry needling, one or two muscles",
    "20561": "Dry needling, three or more muscles",
    # tests, braces and artificial limbs
    "97750": "Measured physical performance test",
    "97755": "Assistive technology assessment",
    "97760": "Brace or splint fitting, training",
    "97761": "Training with an artificial limb",
    "97763": "Brace or artificial limb follow-up",
    # modalities
    "97010": "Hot or cold pack",
    "97012": "Traction by machine",
    "97014": "Electrical stimulation, unattended",
    "G0283": "Electrical stimulation, unattended",
    "97016": "Compression pump for swelling",
    "97018": "Warm paraffin wax",
    "97022": "Whirlpool",
    "97026": "Infrared heat",
    "97032": "Electrical stimulation, one-on-one",
    "97033": "Medication by electric current",
    "97035": "Therapeutic ultrasound",
    # speech-language pathology
    "92507": "Speech and language therapy",
    "92508": "Speech and language therapy, group",
    "92521": "Stuttering (fluency) assessment",
    "92522": "Speech sound assessment",
    "92523": "Speech and language assessment",
    "92524": "Voice assessment",
    "92526": "Swallowing and feeding therapy",
    "92610": "Swallowing assessment",
    "96105": "Aphasia assessment, per hour",
    "96125": "Thinking-skills testing, per hour",
    # nutrition
    "97802": "Nutrition counseling, first visit",
    "97803": "Nutrition counseling, follow-up",
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
