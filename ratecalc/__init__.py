"""RateCalc core: Medicare fee-schedule math and payer-rate negotiation analytics.

The core is pure computation on pandas/numpy. It never imports xlwings, openpyxl or python-docx:
the Excel add-in (``ratecalc_addin``), the workbook builder (``ratecalc_workbook``), the letter
writer (``ratecalc_letter``) and the command line (``ratecalc_cli``) import it, never the reverse.
"""

__version__ = "0.1.0"
