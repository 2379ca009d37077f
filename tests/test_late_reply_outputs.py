"""A payer's reply logged on the notice deadline is said alike by every output that takes the
Timeline's note: the analysis's calendar (``analyze``'s "Deadlines:", renewal_timeline.csv),
summary.json's timing notes and the Timeline sheet's table (ratecalc_workbook.results.
timeline_table: the analysis's, or for other inputs its own), and every other output that
speaks of the payer's deadline: the Priorities table's deadline note (the sheet, priorities.csv,
summary.json's priorities) and the .ics's notice-deadline event (renewals.ics of ``analyze``,
``timeline --ics``: ratecalc.timeline.calendar_events), as a sentence. Each passes the log's
offer days on; one that left them out would say nothing of the reply while the others did.

By hand: the demo's Pioneer Medicare Advantage ends Thu 2026-12-31, renews by itself, 90 days'
notice: 2026-12-31 minus 90 days is Fri 2026-10-02, a business day, the notice deadline.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from icalendar import Calendar

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.report import summary, write_results
from ratecalc.timeline import calendar_events
from ratecalc_workbook.results import timeline_table

PIONEER = "Pioneer Medicare Advantage"
DEADLINE = date(2026, 10, 2)
SAID = ("the payer's reply came on the notice deadline, 2026-10-02, today: there is still time "
        "today to give 90 days' written notice, which must reach the payer today and ends the "
        "contract on 2026-12-31; without it the contract renews on its current terms on "
        "2027-01-01, and the reply can then only amend their rates")


def test_every_output_of_the_timelines_note_says_a_reply_on_the_deadline(tmp_path: Path):
    demo = demo_data()
    data = replace(demo, settings=replace(demo.settings, analysis_date=DEADLINE),
                   proposals_sent={}, offers_received={PIONEER.upper(): (DEADLINE,)})
    analysis = analyze(data)
    calendar = analysis.timeline.set_index("payer")["note"]
    assert SAID in calendar[PIONEER]
    assert not [p for p, note in calendar.items() if p != PIONEER and "reply" in note]
    sheet = timeline_table(data, analysis).set_index("payer")["note"]
    assert sheet[PIONEER] == calendar[PIONEER]
    # the same inputs in another object: the sheet's table is then computed on its own
    computed = timeline_table(replace(data), analysis).set_index("payer")["note"]
    assert computed[PIONEER] == calendar[PIONEER]
    notes = {n["payer"]: n["note"] for n in summary(analysis)["timing_notes"]}
    assert notes[PIONEER] == calendar[PIONEER]
    # the Priorities table (the sheet and priorities.csv take it), in summary.json too
    assert SAID in analysis.priorities.set_index("payer")["deadline_note"][PIONEER]
    ranked = {p["payer"]: p for p in summary(analysis)["priorities"]}
    assert SAID in ranked[PIONEER]["deadline_note"]
    assert not [p for p, r in ranked.items() if p != PIONEER and "reply" in r["deadline_note"]]
    # the calendar file: the notice deadline's event, the words as a sentence
    sentence = SAID[:1].upper() + SAID[1:] + "."
    s = data.settings
    events = calendar_events(data.contracts, as_of=DEADLINE, lead_months=s.lead_months,
                             follow_up_business_days=s.follow_up_business_days,
                             notice_days=s.notice_days, offers_received=data.offers_received)
    said = [e for e in events if sentence in e.description]
    assert [e.summary for e in said] == [f"NOTICE DEADLINE: {PIONEER}"]
    write_results(analysis, tmp_path)  # renewals.ics, read back by another reader
    written = Calendar.from_ical((tmp_path / "renewals.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in written.walk("VEVENT")
            if sentence in str(e.get("DESCRIPTION", ""))] == [f"NOTICE DEADLINE: {PIONEER}"]
