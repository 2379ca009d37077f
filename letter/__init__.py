"""Proposal, counter and termination letters as Word documents (import name ``ratecalc_letter``)."""
