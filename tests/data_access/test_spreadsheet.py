from __future__ import annotations

import pytest

from data_access.spreadsheet import neutralise


@pytest.mark.parametrize("text", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starters_are_shown_as_text(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_other_values_pass_unchanged() -> None:
    assert neutralise("Rennes") == "Rennes" and neutralise(3) == 3 and neutralise(None) is None
