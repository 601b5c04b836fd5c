"""The project's own rules (DESIGN.md "Architecture"), checked on the source tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _python_files("pages"), ids=lambda p: p.name)
def test_pages_import_neither_sqlalchemy_nor_models(path: Path) -> None:
    forbidden = {name for name in _imports(path)
                 if name.split(".")[0] == "sqlalchemy" or name.startswith("data_access.models")
                 or name.startswith("data_access.db")}
    assert not forbidden, f"{path.name} importe {sorted(forbidden)} : passez par dashboard/"


@pytest.mark.parametrize("path", _python_files("pages"), ids=lambda p: p.name)
def test_pages_never_commit(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert ".commit(" not in source and "session_scope" not in source


@pytest.mark.parametrize("path", _python_files("data_access"), ids=lambda p: str(p.relative_to(ROOT)))
def test_data_access_never_imports_streamlit_or_dashboard(path: Path) -> None:
    roots = {name.split(".")[0] for name in _imports(path)}
    assert "streamlit" not in roots and "dashboard" not in roots and "folium" not in roots


def test_dashboard_package_import_does_not_import_streamlit() -> None:
    # The CLI and exports import dashboard.* headless.
    tree = ast.parse((ROOT / "dashboard" / "__init__.py").read_text(encoding="utf-8"))
    assert not any(isinstance(node, (ast.Import, ast.ImportFrom)) for node in ast.walk(tree))


def test_session_state_keys_only_in_state_module() -> None:
    offenders = []
    for path in _python_files("pages") + _python_files("dashboard"):
        if path.name == "state.py":
            continue
        if "st.session_state" in path.read_text(encoding="utf-8"):
            offenders.append(path.name)
    assert not offenders, f"clés de session hors de dashboard/ui/state.py : {offenders}"


def test_every_registered_page_exists_and_every_page_is_registered() -> None:
    from dashboard.navigation import PAGES

    registered = {spec.script for spec in PAGES}
    on_disk = {path.name for path in (ROOT / "pages").glob("*.py")}
    assert on_disk <= registered, f"pages non déclarées dans navigation.PAGES : {on_disk - registered}"


def test_secrets_file_is_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored
