"""Counts that suites report at the end of the run (printed by ``pytest_terminal_summary``
in tests/conftest.py), e.g. the hostile-input suite's forms, inputs, pages and exports."""

COUNTS = {}
