"""``concertations resolve [--kind KIND] [--dep CODE] [--file PATH] [NAME …]``: one JSON line per query.

Queries are answered in input order (the NAME arguments, then the lines of ``--file``).
The exit code is 0 whatever the statuses; only unusable arguments or an unreadable file fail.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from data_access.errors import ValidationError
from data_access.territories import resolver


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "resolve", help="Identifier des territoires (code officiel) à partir de noms ou de codes",
        description="Chaque requête donne une ligne JSON : statut resolved, ambiguous ou unknown.",
    )
    parser.add_argument("names", nargs="*", metavar="NOM", help="nom ou code de territoire")
    parser.add_argument("--kind", type=_kind, default=None,
                        help=f"type attendu ({', '.join(resolver.KINDS)})")
    parser.add_argument("--dep", type=_dep, default=None, help="code (ou nom) du département attendu")
    parser.add_argument("--file", type=Path, default=None,
                        help="fichier UTF-8, une requête par ligne (« - » pour l'entrée standard)")
    parser.set_defaults(handler=_run)


def _kind(value: str) -> str:
    try:
        kind = resolver.kind_from_hint(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    if kind is None:
        raise argparse.ArgumentTypeError("--kind ne peut pas être vide.")
    return kind


def _dep(value: str) -> str:
    code = resolver.dep_from_hint(value)
    if code is None:
        raise argparse.ArgumentTypeError(f"département inconnu : « {value} » (ex. 38, 2A, Isère).")
    return code


def read_queries(path: Path) -> list[str]:
    """One query per line of a UTF-8 file (a byte-order mark is tolerated)."""
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError(f"Le fichier « {path} » est introuvable.") from exc
    except IsADirectoryError as exc:
        raise ValidationError(f"« {path} » est un dossier, pas un fichier.") from exc
    except PermissionError as exc:
        raise ValidationError(f"Le fichier « {path} » ne peut pas être lu : accès refusé.") from exc
    except OSError as exc:
        raise ValidationError(f"Le fichier « {path} » ne peut pas être lu (erreur système {exc.errno}).") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            f"Le fichier « {path} » n'est pas encodé en UTF-8 (octet invalide ligne {line}).",
            hint="Réenregistrez-le en UTF-8 (dans un tableur : « CSV UTF-8 ») puis relancez.",
        ) from exc
    return text.splitlines()


def as_json(resolution: resolver.Resolution) -> dict[str, Any]:
    territory = resolution.territory
    return {
        "query": resolution.query,
        "status": resolution.status,
        "kind": territory.kind if territory else None,
        "code": territory.code if territory else None,
        "name": territory.name if territory else None,
        "score": resolution.score,
        "candidates": [
            {"kind": c.kind, "code": c.code, "name": c.name, "dep_code": c.dep_code, "score": c.score}
            for c in resolution.candidates
        ],
    }


def _run(args: argparse.Namespace) -> int:
    queries = list(args.names)
    if args.file is not None:
        queries.extend(read_queries(args.file))
    elif not queries:
        raise ValidationError("Aucune requête : donnez des noms ou --file FICHIER.")
    abroad = _store_international()
    for query in queries:
        resolution = resolver.resolve(query, kind=args.kind, dep=args.dep, international=abroad)
        print(json.dumps(as_json(resolution), ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return 0


def _store_international() -> tuple[Any, ...]:
    """The store's partners abroad (Montréal, Abidjan…), candidates the shipped reference lacks."""
    from data_access import migrate
    from data_access.db import get_engine, session_scope
    from data_access.territories import reference

    try:
        engine = get_engine()
        migrate.ensure_current(engine)
        with session_scope(engine) as session:
            return reference.stored_international(session)
    except Exception:  # no store (or not reachable): the reference alone answers
        return ()
