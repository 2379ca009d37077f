"""The master negotiation workbook (import name ``ratecalc_workbook``): builder and refresh."""
