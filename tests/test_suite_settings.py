"""The suite's own settings (tests/conftest.py) took: each was made to save CPU, and a test that
silently ran otherwise would only be slower, or test another configuration than a user's."""

from __future__ import annotations

import os

import openpyxl


def test_openpyxl_parses_as_a_users_install_does():
    # set before openpyxl's first import, where it is read: a plugin importing openpyxl earlier
    # would leave defusedxml on without a word (benchmarks/cpu_by_test.py sets it as well)
    wanted = os.environ["OPENPYXL_DEFUSEDXML"] == "True"
    assert openpyxl.DEFUSEDXML is wanted

