"""No table shows « None »: Streamlit writes it in every missing cell unless told otherwise, and a
person reads it as a value (or types after it). Every st.dataframe / st.data_editor says what an
empty cell shows; editable tables go through ``widgets.editable_table`` (empty cells stay empty)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.env import PROJECT_ROOT

TABLE_CALLS = {"dataframe", "data_editor"}


def _calls_without_placeholder(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in TABLE_CALLS and not any(k.arg == "placeholder" for k in node.keywords)]


@pytest.mark.parametrize("folder", ["pages", "dashboard"])
def test_every_table_says_what_an_empty_cell_shows(folder: str) -> None:
    offenders = {str(path.relative_to(PROJECT_ROOT)): lines for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
                 if (lines := _calls_without_placeholder(path))}
    assert not offenders, f"{offenders} : passez placeholder= (ou widgets.table / widgets.editable_table)"
