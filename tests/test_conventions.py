"""The project's own rules (docs/architecture.md), checked on the source tree."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import dashboard
from dashboard import cache
from dashboard.navigation import PAGES

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
    registered = {spec.script for spec in PAGES}
    on_disk = {path.name for path in (ROOT / "pages").glob("*.py")}
    assert on_disk <= registered, f"pages non déclarées dans navigation.PAGES : {on_disk - registered}"
    assert registered <= on_disk, f"pages déclarées sans script : {registered - on_disk}"


def test_secrets_file_is_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored


def _cache_decorated_functions(folder: str) -> list[tuple[str, str]]:
    """(file, function) for every function decorated with st.cache_data / st.cache_resource."""
    found = []
    for path in _python_files(folder):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if isinstance(target, ast.Attribute) and target.attr in {"cache_data", "cache_resource"}:
                        found.append((str(path.relative_to(ROOT)), node.name))
    return found


def test_every_cached_function_goes_through_the_reader_registry() -> None:
    """A bare st.cache_data never learns about writes from another process: use dashboard.cache."""
    offenders = [item for item in _cache_decorated_functions("dashboard") + _cache_decorated_functions("pages")
                 if item[0] != "dashboard/cache.py"]
    assert not offenders, f"cache hors du registre (utilisez @cache.reader / @cache.resource) : {offenders}"


def test_the_registry_knows_every_reader_of_every_feature() -> None:
    for info in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
        if info.name not in {"dashboard.app", "dashboard.cli.__main__"}:
            importlib.import_module(info.name)
    names = set(cache.REGISTRY)
    # The five readers that no write used to clear are registered with what they read.
    for reader in ("search", "filter_options", "contributing_territories", "proposal_rows", "search_index"):
        entry = cache.REGISTRY[f"dashboard.manifesto.readers.{reader}"]
        assert "submissions" in entry.aggregates
    decorated = {f"{path[:-3].replace('/', '.')}.{name}" for path, name in _cache_decorated_functions("dashboard")
                 if path != "dashboard/cache.py"}
    assert not decorated - names


# Tests that check a rule across a whole layer rather than one module.
CROSS_CUTTING_TESTS = {
    "data_access/test_json_columns.py",  # every JSON column of data_access/models.py on both databases
    "data_access/test_sql_parameters.py",  # no SQL built from strings anywhere in data_access/
    "data_access/test_withdrawn_proposals.py",  # figures, search, sheet and open data agree on them
}


def _mirrored_tests() -> list[Path]:
    return sorted(p for layer in ("data_access", "dashboard") for p in (ROOT / "tests" / layer).rglob("test_*.py"))


@pytest.mark.parametrize("path", _mirrored_tests(), ids=lambda p: str(p.relative_to(ROOT / "tests")))
def test_tests_mirror_the_code(path: Path) -> None:
    """tests/<layer>/<feature>/test_x.py sits beside the code it tests: the folder is a real
    package, and a feature package's tests live in its folder, not at the layer's top."""
    relative = path.relative_to(ROOT / "tests")
    package = ROOT / relative.parent
    assert (package / "__init__.py").is_file(), f"{relative} : aucun paquet {relative.parent}/ à refléter"
    if len(relative.parts) == 2 and relative.as_posix() not in CROSS_CUTTING_TESTS:
        subject = path.stem.removeprefix("test_")
        assert not (package / subject).is_dir(), f"{relative} : rangez-le dans tests/{relative.parent}/{subject}/"
        assert (package / f"{subject}.py").is_file(), f"{relative} : aucun module {relative.parent}/{subject}.py"


# Writes run in their widget's callback (one script run per action, issue 26): no page or helper
# writes then asks for a second run with st.rerun.
RERUN_LEFT: set[str] = set()


def test_no_new_write_asks_for_a_second_run() -> None:
    calling = {str(path.relative_to(ROOT)) for folder in ("pages", "dashboard")
               for path in (ROOT / folder).rglob("*.py") if "st.rerun()" in path.read_text(encoding="utf-8")}
    assert calling <= RERUN_LEFT, sorted(calling - RERUN_LEFT)


def _feature_imports(layer: str) -> dict[str, set[str]]:
    """Feature package → the other feature packages of the same layer it imports."""
    packages = {p.name for p in (ROOT / layer).iterdir() if (p / "__init__.py").is_file()}
    graph: dict[str, set[str]] = {name: set() for name in packages}
    for name in packages:
        for path in (ROOT / layer / name).rglob("*.py"):
            for imported in _imports(path):
                parts = imported.split(".")
                if parts[0] == layer and len(parts) > 1 and parts[1] in packages and parts[1] != name:
                    graph[name].add(parts[1])
    return graph


def _cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """One path start → … → start, if any."""
    stack: list[list[str]] = [[start]]
    seen: set[str] = set()
    while stack:
        path = stack.pop()
        for nxt in sorted(graph[path[-1]]):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append([*path, nxt])
    return None


@pytest.mark.parametrize("layer", ["data_access", "dashboard"])
def test_feature_packages_depend_one_way(layer: str) -> None:
    """One package per feature, arrows one way (issue 25): a package that both uses and is used by
    another is two features tied together, and neither can be read, tested or moved alone."""
    graph = _feature_imports(layer)
    cycles = [" → ".join(cycle) for name in sorted(graph) if (cycle := _cycle_through(graph, name))]
    assert not cycles, cycles


MAX_MODULE_LINES = 500  # past it a module holds more than one idea (issue 25)


def test_no_module_over_500_lines() -> None:
    long = {str(path.relative_to(ROOT)): n for folder in ("pages", "dashboard", "data_access")
            for path in (ROOT / folder).rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long
