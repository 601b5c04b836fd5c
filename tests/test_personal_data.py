"""Personal data (coordinators' contacts) and safe defaults, checked on the source tree.

Only data_access reads the contact columns; the UI gets contacts through
``participations.contact_of`` / ``contacts_of_campaign``, which refuse lecteurs.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from tests.support.env import PROJECT_ROOT

CONTACT_FIELDS = {"contact_name", "contact_email", "contact_phone"}


def _contact_attribute_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [ast.unparse(node) for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in CONTACT_FIELDS]


@pytest.mark.parametrize("folder", ["dashboard", "pages"])
def test_ui_never_reads_contact_columns_directly(folder: str) -> None:
    offenders = {str(path.relative_to(PROJECT_ROOT)): hits for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
                 if (hits := _contact_attribute_reads(path))}
    assert not offenders, (
        f"{offenders} : lisez les contacts via participations.contact_of / contacts_of_campaign "
        "(réservés aux éditeurs et administrateurs)"
    )


def test_server_listens_on_loopback_by_default() -> None:
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False  # no analytics cookie (RGPD)
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    run_lines = [line for line in makefile.splitlines() if "streamlit run" in line]
    assert run_lines and all("--server.address=127.0.0.1" in line for line in run_lines)


def test_erasure_reaches_every_table_that_stores_grid_answers() -> None:
    """The grid's contact questions are copied into every stored ``answers`` (drafts, filed versions,
    responses): erasing a contact must clear each such table, including one added later."""
    from data_access import models
    from data_access.space import participations

    holders = {mapper.class_.__name__ for mapper in models.Base.registry.mappers
               if "answers" in mapper.columns}
    assert holders >= {"GridFiling", "GridResponse"}
    source = ast.unparse(ast.parse(Path(participations.__file__).read_text(encoding="utf-8")))
    eraser = source.split("def _erase_contact_in_answers", 1)[1].split("\ndef ", 1)[0]
    assert all(name in eraser for name in holders), holders
