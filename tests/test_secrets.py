"""Secrets come only from secrets.toml (never committed): no tracked file carries a real one."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.support.env import PROJECT_ROOT
from tests.support.signin import TEST_COOKIE_SECRET

SECRET_KEYS = ("cookie_secret", "client_secret", "cookieSecret")
# The example placeholders, and values used only by the tests.
ALLOWED = {"une-longue-chaine-aleatoire", "...", "…", "", TEST_COOKIE_SECRET, "test-only-client-secret"}
ASSIGNMENT = re.compile(r"""\b(""" + "|".join(SECRET_KEYS) + r""")\b["']?\s*[=:]\s*["']([^"'\n]*)["']""")


def _tracked_files() -> list[str]:
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("pas de dépôt git ici")
    return [name for name in listing.stdout.decode().split("\0") if name]


def test_no_secrets_file_is_tracked() -> None:
    tracked = _tracked_files()
    assert not [name for name in tracked if name.endswith("secrets.toml")]
    assert ".streamlit/secrets.toml.example" in tracked


def test_no_tracked_file_holds_a_secret_value() -> None:
    offenders = []
    for name in _tracked_files():
        path = PROJECT_ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for key, value in ASSIGNMENT.findall(text):
            if value not in ALLOWED and not value.startswith("{"):  # "{...}" is a template in code
                offenders.append(f"{name}: {key} = {value[:6]}…")
    assert not offenders, offenders


def test_the_detector_sees_a_real_looking_secret() -> None:
    # Built by concatenation so that this file does not itself contain an assignment.
    assert ASSIGNMENT.findall("cookie_secret" + ' = "f3a9c1d0e5b7"') == [("cookie_secret", "f3a9c1d0e5b7")]
    assert ASSIGNMENT.findall('"client_secret"' + ': "abc"') == [("client_secret", "abc")]


def test_example_secrets_file_only_has_placeholders() -> None:
    example = (PROJECT_ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    assert 'cookie_secret = "une-longue-chaine-aleatoire"' in example
