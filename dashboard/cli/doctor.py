"""``concertations doctor``: is this installation ready to serve? Checks in French, non-zero on a failure.

Configuration (secrets and database address readable), database reachability, store version
(migrations current), sign-in setup ([auth] complete, or mode local on a loopback address only),
free disk where the data and backups live.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from dashboard.text import formatting
from data_access import config, migrate
from data_access.db import check_connection, make_engine
from data_access.errors import UserFacingError

Status = Literal["ok", "attention", "échec"]
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
DISK_FAILURE_MB = 200
DISK_WARNING_MB = 1024
SYMBOLS = {"ok": "✓", "attention": "!", "échec": "✗"}


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("doctor", help="Vérifier l'installation (configuration, base, connexion, disque)")
    parser.add_argument("--address", default=None,
                        help="adresse d'écoute du serveur (par défaut : server.address de .streamlit/config.toml)")
    parser.set_defaults(handler=_run)


def _configuration() -> Check:
    try:
        config.read_secrets()
        url = config.database_url()
    except UserFacingError as exc:
        return Check("Configuration", "échec", str(exc))
    where = "fichier de secrets" if config.secrets_path().is_file() else "aucun fichier de secrets"
    safe = make_url(url).render_as_string(hide_password=True)
    return Check("Configuration", "ok", f"base {safe} ({where} : {config.secrets_path()}).")


def _database() -> Check:
    try:
        check_connection(make_engine())
    except UserFacingError as exc:
        return Check("Base de données joignable", "échec", str(exc))
    return Check("Base de données joignable", "ok", "connexion établie.")


def _store_version() -> Check:
    try:
        engine = make_engine()
        current, head = migrate.current_revision(engine), migrate.head_revision()
    except Exception as exc:  # an unreachable store is reported by the check above
        return Check("Version du schéma", "échec", f"illisible ({type(exc).__name__}).")
    if current == head:
        return Check("Version du schéma", "ok", f"à jour ({head}).")
    return Check("Version du schéma", "échec",
                 f"{current or 'base vide'} au lieu de {head} : lancez « concertations db upgrade ».")


def server_address(explicit: str | None = None) -> str:
    """The address Streamlit will listen on: option, environment, then .streamlit/config.toml."""
    if explicit:
        return explicit
    if os.environ.get("STREAMLIT_SERVER_ADDRESS"):
        return os.environ["STREAMLIT_SERVER_ADDRESS"]
    path = config.PROJECT_ROOT / ".streamlit" / "config.toml"
    try:
        with path.open("rb") as handle:
            return str(tomllib.load(handle).get("server", {}).get("address", ""))
    except (OSError, tomllib.TOMLDecodeError):
        return ""


def is_loopback(address: str) -> bool:
    if address in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _sign_in(address: str) -> Check:
    try:
        auth = config.read_secrets().get("auth")
    except UserFacingError as exc:
        return Check("Connexion des utilisateurs", "échec", str(exc))
    if auth:
        providers = [value for value in auth.values() if isinstance(value, dict)]
        present = {key for section in [auth, *providers] for key in section}
        missing = [key for key in AUTH_KEYS if key not in present]
        if missing:
            return Check("Connexion des utilisateurs", "échec",
                         "section [auth] incomplète : il manque " + ", ".join(missing) + ".")
        return Check("Connexion des utilisateurs", "ok", f"OIDC configuré (retour : {auth.get('redirect_uri')}).")
    if is_loopback(address):
        return Check("Connexion des utilisateurs", "ok",
                     f"mode local (administrateur) sur l'adresse de bouclage {address}.")
    return Check("Connexion des utilisateurs", "échec",
                 f"pas de section [auth] et le serveur écoute sur « {address or 'toutes les adresses'} » : "
                 "le mode local n'est permis que sur 127.0.0.1. Configurez OIDC (docs/connexion.md).")


def _public_url(address: str) -> Check:
    """The address in every personal link sent to a territory: a setting, never the server's guess."""
    name = "Adresse publique des liens personnels"
    try:
        url = config.public_base_url()
        configured = config.public_base_url_configured()
    except UserFacingError as exc:
        return Check(name, "échec", str(exc))
    setting = f"{config.PUBLIC_URL_ENV} ou public_base_url dans secrets.toml"
    host = urlsplit(url).hostname or ""
    if not configured:
        detail = (f"non définie : les liens envoyés aux territoires pointent vers {url}, joignable de cette "
                  f"machine seulement. Définissez l'adresse que les territoires utilisent ({setting}).")
        return Check(name, "attention" if is_loopback(address) else "échec", detail)
    if host and is_loopback(host) and not is_loopback(address):
        return Check(name, "échec", f"{url} désigne cette machine, alors que le serveur écoute sur « "
                                    f"{address or 'toutes les adresses'} » : les territoires ne l'atteindront pas "
                                    f"({setting}).")
    return Check(name, "ok", f"{url}.")


def _free_disk() -> Check:
    try:
        url = make_url(config.database_url())
    except UserFacingError as exc:
        return Check("Espace disque", "échec", str(exc))
    folder = Path(url.database).parent if url.get_backend_name() == "sqlite" and url.database else config.PROJECT_ROOT
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free_mb = shutil.disk_usage(folder).free / 1024 / 1024
    text = f"{free_mb / 1024:.1f} Go libres dans {folder}".replace(".", ",", 1)
    if free_mb < DISK_FAILURE_MB:
        return Check("Espace disque", "échec", f"{text} : moins de {DISK_FAILURE_MB} Mo.")
    if free_mb < DISK_WARNING_MB:
        return Check("Espace disque", "attention", f"{text} : prévoyez de la place pour les sauvegardes.")
    return Check("Espace disque", "ok", f"{text}.")


def checks(address: str | None = None) -> list[Check]:
    results = [_configuration(), _database()]
    if results[-1].status == "ok":
        results.append(_store_version())
    else:
        results.append(Check("Version du schéma", "échec", "non vérifiée : base injoignable."))
    listening = server_address(address)
    results += [_sign_in(listening), _public_url(listening), _free_disk()]
    return results


def _run(args: argparse.Namespace) -> int:
    results = checks(args.address)
    for result in results:
        print(f"{SYMBOLS[result.status]} {result.name} : {result.detail}")
    failures = sum(result.status == "échec" for result in results)
    if failures:
        print(f"{formatting.plural(failures, 'vérification')} en échec : l'installation n'est pas prête.")
        return 1
    print("Installation prête.")
    return 0
