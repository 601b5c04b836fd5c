"""requirements.lock agrees with pyproject.toml: a range changed without `make lock` fails here."""

from __future__ import annotations

import re

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tools import lock

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _pins() -> dict[str, list[tuple[Version, str | None]]]:
    pins: dict[str, list[tuple[Version, str | None]]] = {}
    for line in lock.LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            pins.setdefault(canonicalize_name(name), []).append((Version(version), marker))
    return pins


def _applies(marker: str | None) -> bool:
    return marker is None or Requirement(f"x; {marker}").marker.evaluate(default_environment())  # type: ignore[union-attr]


def test_the_lock_was_made_from_this_pyproject() -> None:
    assert lock.locked_digest() == lock.pyproject_digest(), (
        "pyproject.toml a changé depuis le dernier verrouillage : lancez `make lock`, "
        "les tests, puis versionnez pyproject.toml et requirements.lock ensemble."
    )


def test_every_declared_requirement_is_locked_within_its_range() -> None:
    tables = lock.dependency_tables()
    declared = [*tables["dependencies"], *(r for extra in tables["extras"].values() for r in extra)]
    pins = _pins()
    problems = []
    for text in declared:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(default_environment()):
            continue
        here = [version for version, marker in pins.get(canonicalize_name(requirement.name), [])
                if _applies(marker)]
        if not here:
            problems.append(f"{requirement.name} absent du verrou")
        elif not all(requirement.specifier.contains(version, prereleases=True) for version in here):
            problems.append(f"{requirement.name} {here} hors de « {requirement.specifier} »")
    assert not problems, problems


def test_every_locked_package_has_a_hash() -> None:
    text = lock.LOCK.read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 3)[3])
    unhashed = [block.split("==")[0] for block in blocks if "==" in block and "--hash=sha256:" not in block]
    assert not unhashed
    assert len(_pins()) > 50
