"""The one place that reads configuration: database URL, auth presence, campaign defaults.

Order of precedence for the database URL: the environment variable
``CONCERTATIONS_DATABASE_URL``, then ``database_url`` in ``.streamlit/secrets.toml``,
then a SQLite file under ``data/`` at the project root.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from data_access.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL_ENV = "CONCERTATIONS_DATABASE_URL"
SECRETS_PATH_ENV = "CONCERTATIONS_SECRETS_PATH"
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "concertations.sqlite3"


def secrets_path() -> Path:
    override = os.environ.get(SECRETS_PATH_ENV)
    return Path(override) if override else PROJECT_ROOT / ".streamlit" / "secrets.toml"


def read_secrets() -> dict[str, Any]:
    """Read secrets.toml without Streamlit, so the CLI and the app agree."""
    path = secrets_path()
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(
            f"Le fichier de secrets {path} est illisible ({exc}).",
            hint="Corrigez sa syntaxe TOML ou supprimez-le pour revenir au mode local.",
        ) from exc


def _normalise_url(raw: str) -> str:
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise ConfigurationError(
            f"L'adresse de base de données « {raw} » n'est pas valide.",
            hint=f"Exemple : sqlite:///data/concertations.sqlite3 ou "
            f"postgresql+psycopg://utilisateur@hôte:5432/base (variable {DATABASE_URL_ENV}).",
        ) from exc
    backend = url.get_backend_name()
    if backend == "postgresql" and url.drivername == "postgresql":
        # Bare postgresql:// would pick psycopg2, which we do not ship.
        url = url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        if not path.is_absolute():
            path = (PROJECT_ROOT / path).resolve()
        url = url.set(database=str(path))
    if backend not in {"sqlite", "postgresql"}:
        raise ConfigurationError(
            f"Le type de base « {backend} » n'est pas pris en charge.",
            hint="Utilisez SQLite ou PostgreSQL.",
        )
    return url.render_as_string(hide_password=False)


def database_url() -> str:
    raw = os.environ.get(DATABASE_URL_ENV)
    if not raw:
        raw = str(read_secrets().get("database_url") or "")
    if not raw:
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    return _normalise_url(raw)


def auth_configured() -> bool:
    """True when secrets carry an [auth] section, i.e. OIDC sign-in is on."""
    return bool(read_secrets().get("auth"))


def bootstrap_admins() -> list[str]:
    """E-mails that are administrators before any role is stored (from secrets)."""
    admins = read_secrets().get("admins") or read_secrets().get("roles", {}).get("admins", [])
    return [str(email).strip().lower() for email in admins if str(email).strip()]


@dataclass(frozen=True)
class Limits:
    upload_max_mb: int = 20
    text_max_chars: int = 10_000


def limits() -> Limits:
    section = read_secrets().get("limits", {})
    return Limits(
        upload_max_mb=int(section.get("upload_max_mb", Limits.upload_max_mb)),
        text_max_chars=int(section.get("text_max_chars", Limits.text_max_chars)),
    )


MAP_TILES_ENV = "CONCERTATIONS_MAP_TILES"
MAP_TILES_CHOICES = ("aucun", "openstreetmap")


def map_tiles() -> str:
    """Base layer of the map: ``aucun`` (contours only, works offline: the default) or ``openstreetmap``.

    Set by the environment variable ``CONCERTATIONS_MAP_TILES`` or ``[carte] fond`` in secrets.toml.
    """
    raw = os.environ.get(MAP_TILES_ENV) or str(read_secrets().get("carte", {}).get("fond", "") or "")
    value = raw.strip().lower() or "aucun"
    if value not in MAP_TILES_CHOICES:
        raise ConfigurationError(
            f"Le fond de carte « {raw} » n'est pas reconnu.",
            hint=f"Valeurs possibles : {', '.join(MAP_TILES_CHOICES)} ({MAP_TILES_ENV} ou [carte] fond).",
        )
    return value


PUBLIC_URL_ENV = "CONCERTATIONS_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8501"


def public_base_url_configured() -> bool:
    """Whether the public address is set (otherwise links fall back on ``DEFAULT_PUBLIC_URL``)."""
    return bool((os.environ.get(PUBLIC_URL_ENV) or str(read_secrets().get("public_base_url", "") or "")).strip())


def public_base_url() -> str:
    """The address territories use to reach the app, for the links sent to them.

    ``CONCERTATIONS_PUBLIC_URL`` or ``public_base_url`` in secrets.toml; by default the local app.
    """
    raw = os.environ.get(PUBLIC_URL_ENV) or str(read_secrets().get("public_base_url", "") or "")
    value = (raw.strip() or DEFAULT_PUBLIC_URL).rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise ConfigurationError(
            f"L'adresse publique « {raw} » n'est pas une adresse web.",
            hint=f"Exemple : https://observatoire.exemple.fr ({PUBLIC_URL_ENV} ou public_base_url).",
        )
    return value


SMTP_ENV_PREFIX = "CONCERTATIONS_SMTP_"
SMTP_SECURITY_CHOICES = ("starttls", "ssl", "aucune")


@dataclass(frozen=True)
class SmtpSettings:
    """How the app sends e-mail to territories (invitation, relance, grille renvoyée)."""

    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    security: str = "starttls"  # « aucune » only for a relay on the same machine (or the tests' sink)
    timeout: float = 20.0


def smtp_settings() -> SmtpSettings | None:
    """The ``[smtp]`` section of secrets.toml, or ``CONCERTATIONS_SMTP_HOST``, ``_PORT``, ``_USER``,
    ``_PASSWORD``, ``_SENDER``, ``_SECURITY`` (the environment wins key by key); None without a host:
    e-mail is then off and the pages show the link to copy."""
    section = read_secrets().get("smtp") or {}
    if not isinstance(section, dict):
        section = {}

    def value(key: str) -> str:
        return (os.environ.get(SMTP_ENV_PREFIX + key.upper()) or str(section.get(key, "") or "")).strip()

    host = value("host")
    if not host:
        return None
    security = (value("security") or "starttls").lower()
    if security not in SMTP_SECURITY_CHOICES:
        raise ConfigurationError(
            f"La sécurité SMTP « {security} » n'est pas reconnue.",
            hint=f"Valeurs possibles : {', '.join(SMTP_SECURITY_CHOICES)} ([smtp] security ou {SMTP_ENV_PREFIX}SECURITY).",
        )
    raw_port = value("port") or ("465" if security == "ssl" else "587" if security == "starttls" else "25")
    try:
        port = int(raw_port)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise ConfigurationError(f"Le port SMTP « {raw_port} » n'est pas valide.",
                                 hint="Exemple : 587 (starttls) ou 465 (ssl).")
    user = value("user")
    sender = value("sender") or user
    if "@" not in sender:
        raise ConfigurationError("L'expéditeur des courriels n'est pas une adresse électronique.",
                                 hint=f"Renseignez [smtp] sender (ou {SMTP_ENV_PREFIX}SENDER), par exemple "
                                      "« Observatoire des concertations <observatoire@exemple.fr> ».")
    return SmtpSettings(host=host, port=port, sender=sender, user=user, password=value("password"),
                        security=security)
