"""The master negotiation workbook (import name ``ratecalc_workbook``): builder, reader, refresh.

Entry points:

- :func:`ratecalc_workbook.builder.new_workbook` ``(path, data=None)``: create the workbook
  (``ratecalc workbook new``).
- :func:`ratecalc_workbook.refresh.refresh_workbook` ``(path, *, now=None)``: validate the
  inputs and rebuild the result sheets (``ratecalc refresh``, the ribbon's Refresh button).
- :func:`ratecalc_workbook.reader.read_workbook`, :func:`~ratecalc_workbook.reader.read_proposal`,
  :func:`~ratecalc_workbook.reader.read_proposal_overrides`,
  :func:`~ratecalc_workbook.reader.read_negotiation_log`,
  :func:`~ratecalc_workbook.reader.selected_payer`: what the letter writer reads.
- :func:`ratecalc_workbook.fee_schedule_import.append_rows` ``(path, table, frame)`` and
  :func:`~ratecalc_workbook.fee_schedule_import.import_fee_schedule`: add rows to input tables
  (``ratecalc import fee-schedule``; the 835 and TiC importers' ``--workbook``).

Sheet, table and defined names are in :mod:`ratecalc_workbook.layout`.
"""
