"""RateCalc's Excel add-in (import name ``ratecalc_addin``): UDFs, ribbon actions, .xlam builder."""
