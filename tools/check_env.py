"""``make check-env``: what the whole test suite needs from the machine, named in French before the long run.

Standard library only, so that it runs with the system Python before anything is installed: the
browser (Chromium), the PostgreSQL server of the tests, npm (axe-core), LibreOffice (``soffice``) and
poppler (``pdftoppm``). A missing piece the suite would skip is a warning on a workstation; in CI
(``CI=true``), where the suite fails without it, it is an error and the exit code is 1.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

POSTGRES_URL_ENV = "CONCERTATIONS_TEST_POSTGRES_URL"
AXE = Path(__file__).resolve().parent.parent / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
DEBIAN_HINT = "sudo apt-get install -y"


@dataclass(frozen=True)
class Finding:
    what: str
    missing: str  # empty when present
    fix: str = ""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _chromium() -> Finding:
    path = os.environ.get("CONCERTATIONS_CHROMIUM", "/usr/bin/chromium")
    if Path(path).exists() or shutil.which(path):
        return Finding("Chromium (tests navigateur)", "")
    return Finding("Chromium (tests navigateur)", f"introuvable ({path})", f"{DEBIAN_HINT} chromium")


def _postgres() -> Finding:
    url = os.environ.get(POSTGRES_URL_ENV, "")
    what = "PostgreSQL (variantes PostgreSQL des tests)"
    if not url:
        return Finding(what, f"{POSTGRES_URL_ENV} non défini",
                       f"export {POSTGRES_URL_ENV}=postgresql+psycopg://postgres@127.0.0.1:5432/test "
                       "(ou « bash .ci/run », qui démarre un serveur)")
    parts = urlsplit(url.replace("+psycopg", ""))
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    try:
        with socket.create_connection((host, port), timeout=3):
            return Finding(what, "")
    except OSError:
        return Finding(what, f"aucun serveur ne répond sur {host}:{port}",
                       f"{DEBIAN_HINT} postgresql, puis démarrez-le (ou « bash .ci/run »)")


def _program(what: str, names: tuple[str, ...], package: str) -> Finding:
    if any(shutil.which(name) for name in names):
        return Finding(what, "")
    return Finding(what, f"« {names[0]} » absent du PATH", f"{DEBIAN_HINT} {package}")


def _npm() -> Finding:
    what = "npm (axe-core, audit d'accessibilité)"
    if AXE.is_file() or shutil.which("npm"):
        return Finding(what, "")
    return Finding(what, "« npm » absent du PATH et axe-core non installé", f"{DEBIAN_HINT} npm")


def findings() -> list[Finding]:
    return [
        _chromium(),
        _postgres(),
        _npm(),
        _program("LibreOffice (conversion PDF du manifeste)", ("soffice", "libreoffice"), "libreoffice-writer-nogui"),
        _program("pdftoppm (aperçu du PDF)", ("pdftoppm",), "poppler-utils"),
    ]


def main() -> int:
    results = findings()
    missing = [finding for finding in results if finding.missing]
    for finding in results:
        if finding.missing:
            print(f"✗ {finding.what} : {finding.missing}. Solution : {finding.fix}", file=sys.stderr)
        else:
            print(f"✓ {finding.what}")
    if not missing:
        print("Environnement de test complet.")
        return 0
    if in_ci():
        print(f"{len(missing)} élément(s) manquant(s) : la CI échouerait, arrêt avant la longue série de tests.",
              file=sys.stderr)
        return 1
    print("Les tests qui en dépendent seront ignorés (en CI, ils échoueraient).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
