"""The public address under a crowd: nginx serving the published files (deploy/nginx/publication.conf),
loaded by ApacheBench (``ab``, Debian package apache2-utils) with 500 concurrent connections.

The demo store at the largest scale is published by the publisher's own code into a temporary folder,
nginx is started on loopback with the deploy snippet (its path rewritten to that folder), then ``ab``
asks for the page ``ab_requests`` times, 500 at a time, each on a new connection (phones scanning a QR
code do not share connections), accepting gzip as browsers do. Reported: 99th percentile, failures.
Without nginx or ab the group is skipped with a French message.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.bench import PROJECT_ROOT, BenchContext, Measure

GROUP = "public"
CONCURRENCY = 500
REQUESTS = 10_000
P99_TARGET_MS = 200.0
SNIPPET = PROJECT_ROOT / "deploy" / "nginx" / "publication.conf"
PRODUCTION_FOLDER = "/var/lib/concertations/publication/courant/"
PUBLIC_PATH = "/territoires/"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def temp_paths(workdir: Path) -> str:
    """An nginx run of its own: no access log, its temporary files in ``workdir`` (not /var/lib/nginx)."""
    return "\n".join(f"    {kind}_temp_path {workdir}/{folder};" for kind, folder in (
        ("client_body", "body"), ("proxy", "proxy"), ("fastcgi", "fastcgi"), ("uwsgi", "uwsgi"), ("scgi", "scgi"))
    ) + "\n    access_log off;"


def nginx_config(publication_folder: Path, port: int, workdir: Path) -> str:
    """A whole nginx configuration on 127.0.0.1:``port`` whose server includes the deploy snippet,
    with the production folder replaced by ``publication_folder`` (its ``courant`` link)."""
    snippet = SNIPPET.read_text(encoding="utf-8")
    if PRODUCTION_FOLDER not in snippet:
        raise RuntimeError(f"{SNIPPET} ne sert plus {PRODUCTION_FOLDER} : mettez ce banc à jour.")
    local = workdir / "publication.conf"
    local.write_text(snippet.replace(PRODUCTION_FOLDER, f"{publication_folder / 'courant'}/"), encoding="utf-8")
    mime = Path("/etc/nginx/mime.types")
    types = f"include {mime};" if mime.exists() else "types { text/html html; text/css css; }"
    # Run as root (a test machine): workers would otherwise be « nobody », who cannot enter a 0700 temp folder.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes auto;
worker_rlimit_nofile 8192;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    {types}
    default_type application/octet-stream;
{temp_paths(workdir)}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        include {local};
    }}
}}
"""


def free_port(first: int = 8720, last: int = 8729) -> int:
    """A free loopback port in the team's nginx range (8720-8729), else any free port."""
    for port in [*range(first, last + 1), 0]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise RuntimeError("Aucun port libre sur 127.0.0.1.")


@contextmanager
def running_nginx(config: str, workdir: Path, port: int) -> Iterator[None]:
    """nginx with ``config`` (its files in ``workdir``) until the block ends, once 127.0.0.1:``port`` listens."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx n'est pas installé (apt-get install nginx).")
    path = workdir / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    process = subprocess.Popen([binary, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(path),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"nginx ne démarre pas : {process.stderr.read().decode()[-800:] if process.stderr else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("nginx ne répond pas après 10 s.") from None
                time.sleep(0.05)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def serve(publication_folder: Path) -> Iterator[str]:
    """nginx on loopback serving the published folder; yields the public page's URL."""
    workdir = Path(tempfile.mkdtemp(prefix="concertations-nginx-"))
    port = free_port()
    try:
        with running_nginx(nginx_config(publication_folder, port, workdir), workdir, port):
            yield f"http://127.0.0.1:{port}{PUBLIC_PATH}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def parse_ab(output: str) -> dict[str, float]:
    """p50/p99 (ms), failures and non-2xx answers, requests per second from ab's report."""
    def number(pattern: str, default: float = 0.0) -> float:
        found = re.search(pattern, output, re.MULTILINE)
        return float(found.group(1)) if found else default

    return {
        "p50": number(r"^\s*50%\s+(\d+)"), "p99": number(r"^\s*99%\s+(\d+)"), "max": number(r"^\s*100%\s+(\d+)"),
        "failed": number(r"^Failed requests:\s+(\d+)"), "non2xx": number(r"^Non-2xx responses:\s+(\d+)"),
        "rps": number(r"^Requests per second:\s+([\d.]+)"), "complete": number(r"^Complete requests:\s+(\d+)"),
        "bytes": number(r"^Document Length:\s+(\d+)"),
    }


def run_ab(url: str, *, concurrency: int = CONCURRENCY, requests: int = REQUESTS) -> dict[str, float]:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, concurrency * 4))
    completed = subprocess.run(
        ["ab", "-q", "-r", "-s", "30", "-n", str(requests), "-c", str(concurrency), "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=False, timeout=600,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard)),
    )
    if "Complete requests" not in completed.stdout:
        raise RuntimeError(f"ab a échoué : {(completed.stderr or completed.stdout)[-800:]}")
    return parse_ab(completed.stdout)


def run(context: BenchContext) -> list[Measure]:
    if nginx_binary() is None or shutil.which("ab") is None:
        print("  Groupe « public » ignoré : nginx et ab (apt-get install nginx apache2-utils) sont nécessaires.",
              flush=True)
        return []
    import logging

    from streamlit import logger as streamlit_logger

    streamlit_logger.set_log_level(logging.ERROR)
    from dashboard.space import publication
    from data_access.db import make_engine, session_scope

    scale = max(context.scales)
    engine = make_engine(context.store_url(scale))
    folder = context.workdir / "publication"
    started = time.perf_counter()
    with session_scope(engine) as session:
        publication.cycle(session, folder, None)
    published_s = time.perf_counter() - started
    engine.dispose()
    page_kb = (folder / "courant" / "index.html").stat().st_size / 1024
    measures = [Measure(GROUP, "publication des fichiers (un cycle)", published_s, "s", scale, 45.0),
                Measure(GROUP, "index.html publié", page_kb, "Ko", scale)]
    with serve(folder) as url:
        for path, label in (("", "page"), ("carte.html", "carte")):
            figures = run_ab(url + path)
            tag = f"{label}, {CONCURRENCY} connexions simultanées"
            measures += [
                Measure(GROUP, f"{tag} : 99ᵉ centile", figures["p99"], "ms", scale, P99_TARGET_MS),
                Measure(GROUP, f"{tag} : médiane", figures["p50"], "ms", scale),
                Measure(GROUP, f"{tag} : échecs", figures["failed"] + figures["non2xx"], "", scale, 0),
                Measure(GROUP, f"{tag} : débit", figures["rps"], "req/s", scale),
                Measure(GROUP, f"{tag} : octets par réponse (gzip)", figures["bytes"] / 1024, "Ko", scale),
            ]
    return measures
