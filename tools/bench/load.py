"""Many users at once: concurrent sessions over Streamlit's own protocol against a served app.

No browser (Chromium would saturate the 2 cores before the server): each simulated user opens
``/_stcore/stream`` (subprotocol ``streamlit``), sends a ``BackMsg`` ``rerun_script`` with the
page name, and waits for the ``ForwardMsg`` ``script_finished``. A view's latency is the time
between the two; its size is the bytes of every frame received in between.

The app is served by ``streamlit run dashboard/app.py`` on free loopback ports (one per process,
``--processes``), on a demo store at the largest bench scale, in mode local. Everything is
bounded: a fixed number of rounds per user, a timeout per view, servers stopped at the end.
Server CPU and RSS come from ``/proc`` (Linux).
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tools.bench import PROJECT_ROOT, BenchContext, Measure, _environ, public

T = TypeVar("T")

GROUP = "load"
ROUND_PAGES = ("accueil", "carte", "suivi")  # the journey: home, map, table
# Per-view server CPU is measured on every page a lecteur to administrator opens daily.
SERVER_TIME_PAGES = ("accueil", "carte", "suivi", "enseignements", "fiche_territoire", "manifeste",
                     "exports", "atelier", "saisie")
SERVER_TIME_VIEWS = 5
ROUNDS = 2
VIEW_TIMEOUT_S = 120.0
START_TIMEOUT_S = 120.0
SERVER_TIME_TARGET_MS = 80.0
P95_TARGET_S = 2.0  # at 20 users, one process
FORUM_P95_TARGET_S = 1.5  # issue 26: 40 users on two processes behind nginx
FORUM_USERS = 40
APP_PROXY = PROJECT_ROOT / "deploy" / "nginx" / "concertations.conf"
BYTES_TARGET_KO = 300.0
RSS_PER_SESSION_TARGET_MB = 5.0


@dataclass
class View:
    page: str
    seconds: float
    nbytes: int
    ok: bool


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def cpu_seconds(self) -> float:
        """User + system CPU of the server process (all threads), from /proc."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


@dataclass
class RunResult:
    users: int
    views: list[View] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float = 0.0
    rss_open_mb: float = 0.0  # every session still connected
    rss_after_mb: float = 0.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Le serveur s'est arrêté au démarrage : {log.read_text()[-1500:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Le serveur n'a pas répondu sur le port {port} en {START_TIMEOUT_S:.0f} s.")


@contextmanager
def serve(database_url: str, *, processes: int = 1, options: Sequence[str] = ()) -> Iterator[list[Server]]:
    """``processes`` app servers on free loopback ports, stopped (their own process group) on exit."""
    workdir = Path(tempfile.mkdtemp(prefix="concertations-load-"))
    # MALLOC_ARENA_MAX=2 as the systemd unit sets it (deploy/systemd): the RSS per session measured is
    # the deployed one. Set it in the environment to measure another value (0: glibc's default).
    env = {"MALLOC_ARENA_MAX": "2", **_environ(), "CONCERTATIONS_DATABASE_URL": database_url,
           # No secrets file: mode local (administrator, loopback only), the widest view of the data.
           "CONCERTATIONS_SECRETS_PATH": str(workdir / "absent.toml")}
    servers: list[Server] = []
    try:
        for index in range(processes):
            port = free_port()
            log = workdir / f"server-{index}.log"
            command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
                       "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
                       "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
                       *(f"--{option}" for option in options)]
            with log.open("wb") as out:
                process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                           start_new_session=True)
            servers.append(Server(process, port, log))
        for server in servers:
            _wait_healthy(server.port, server.process, server.log)
        yield servers
    finally:
        for server in servers:
            if server.process.poll() is None:
                os.killpg(server.process.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.process.pid, signal.SIGKILL)
                server.process.wait(timeout=5)


class Session:
    """One simulated browser tab: one websocket, one Streamlit session, views one after another."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._socket: object = None

    async def __aenter__(self) -> Session:
        from websockets.asyncio.client import connect

        self._socket = await connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None, open_timeout=30, ping_interval=None,
        )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._socket.close()  # type: ignore[attr-defined]

    async def view(self, page: str) -> View:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        # The home page is the navigation's default: the browser asks for it with an empty name.
        message.rerun_script.page_name = "" if page == "accueil" else page
        message.rerun_script.query_string = ""
        message.rerun_script.widget_states.SetInParent()
        socket_ = self._socket
        start = time.perf_counter()
        await socket_.send(message.SerializeToString())  # type: ignore[attr-defined]
        received = 0
        deadline = start + VIEW_TIMEOUT_S
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return View(page, time.perf_counter() - start, received, False)
            frame = await asyncio.wait_for(socket_.recv(), timeout=remaining)  # type: ignore[attr-defined]
            received += len(frame)
            forward = ForwardMsg()
            forward.ParseFromString(frame)
            if forward.WhichOneof("type") == "script_finished":
                status = forward.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                return View(page, time.perf_counter() - start, received,
                            status == ForwardMsg.FINISHED_SUCCESSFULLY)


async def _user(port: int, pages: Sequence[str], rounds: int, started: asyncio.Event,
                done: asyncio.Event, views: list[View]) -> None:
    async with Session(port) as session:
        await started.wait()
        for _ in range(rounds):
            for page in pages:
                views.append(await session.view(page))
        await done.wait()  # keep the session open until RSS is sampled with every session connected


async def _concurrent(servers: Sequence[Server], users: int, pages: Sequence[str], rounds: int,
                      proxy_port: int | None = None) -> RunResult:
    result = RunResult(users)
    started, finished = asyncio.Event(), asyncio.Event()
    # Through the proxy when there is one (it spreads the sessions); else user i stays on process i mod N,
    # as a proxy with affinity would do.
    ports = [proxy_port] if proxy_port is not None else [server.port for server in servers]
    tasks = [asyncio.create_task(_user(ports[i % len(ports)], pages, rounds, started, finished, result.views))
             for i in range(users)]
    await asyncio.sleep(0.2 + 0.02 * users)  # let every websocket connect before the clock starts
    cpu_before = sum(server.cpu_seconds() for server in servers)
    start = time.perf_counter()
    started.set()
    while len(result.views) < users * rounds * len(pages):
        if any(task.done() and task.exception() for task in tasks):
            break
        await asyncio.sleep(0.05)
    result.wall_s = time.perf_counter() - start
    result.cpu_s = sum(server.cpu_seconds() for server in servers) - cpu_before
    result.rss_open_mb = sum(server.rss_mb() for server in servers)
    finished.set()
    await asyncio.gather(*tasks)
    await asyncio.sleep(0.5)
    result.rss_after_mb = sum(server.rss_mb() for server in servers)
    return result


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` that also works where a loop already runs in this thread.

    Playwright's sync API keeps an event loop running in the test process's main
    thread once a browser test has started, and ``asyncio.run`` refuses to nest.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def concurrent_run(servers: Sequence[Server], users: int, *, pages: Sequence[str] = ROUND_PAGES,
                   rounds: int = ROUNDS, proxy_port: int | None = None) -> RunResult:
    return run_coroutine(_concurrent(servers, users, pages, rounds, proxy_port))


def proxy_config(ports: Sequence[int], port: int, workdir: Path) -> str:
    """nginx on 127.0.0.1:``port`` in front of ``ports``, with the deployed proxy's own directives
    (deploy/nginx/concertations.conf: affinity map, upstream, websocket locations), TLS aside."""
    deployed = APP_PROXY.read_text(encoding="utf-8")
    maps = re.findall(r"^map .*?^\}", deployed, re.M | re.S)
    upstream_match = re.search(r"^upstream concertations \{.*?^\}", deployed, re.M | re.S)
    locations = re.findall(r"^    location .*?^    \}", deployed, re.M | re.S)
    if len(maps) < 2 or upstream_match is None or len(locations) < 2:
        raise RuntimeError(f"{APP_PROXY} a changé de forme : mettez ce banc à jour.")
    upstream = re.sub(r"^\s*server 127\.0\.0\.1:\d+[^\n]*\n", "", upstream_match.group(0), flags=re.M)
    upstream = upstream.replace("{\n", "{\n" + "".join(
        f"    server 127.0.0.1:{app_port} max_fails=3 fail_timeout=10s;\n" for app_port in ports), 1)
    user = "user root;" if os.geteuid() == 0 else ""
    newline = "\n"
    return f"""{user}
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
{public.temp_paths(workdir)}
{newline.join(maps)}
{upstream}
    server {{
        listen 127.0.0.1:{port};
{newline.join(locations)}
    }}
}}
"""


@contextmanager
def behind_nginx(servers: Sequence[Server]) -> Iterator[int]:
    """nginx on a free loopback port in front of the app processes, as deployed; yields its port."""
    workdir = Path(tempfile.mkdtemp(prefix="concertations-proxy-"))
    port = public.free_port()
    config = proxy_config([server.port for server in servers], port, workdir)
    try:
        with public.running_nginx(config, workdir, port):
            yield port
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def server_time_per_view(server: Server, page: str, views: int = SERVER_TIME_VIEWS) -> tuple[float, float, int]:
    """Warm per-view server CPU (s), median latency (s) and bytes for ``page``, one user."""

    async def measure() -> tuple[float, float, int]:
        async with Session(server.port) as session:
            await session.view(page)  # warms this page's readers
            before = server.cpu_seconds()
            timed = [await session.view(page) for _ in range(views)]
            cpu = (server.cpu_seconds() - before) / views
        return cpu, statistics.median(v.seconds for v in timed), max(v.nbytes for v in timed)

    return run_coroutine(measure())


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    # Nearest rank: the smallest value with at least ``share`` of the values at or below it.
    index = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[index]


def _label(processes: int) -> str:
    return "1 processus" if processes == 1 else f"{processes} processus"


def run(context: BenchContext) -> list[Measure]:
    scale = max(context.scales)
    url = context.store_url(scale)
    measures: list[Measure] = []
    processes = context.processes
    tag = _label(processes)
    with serve(url, processes=processes, options=context.streamlit_options) as servers:
        # Warm every page once in every process: targets are about warm views. Per-page server time
        # is a one-process figure: with several processes only the concurrent runs are measured.
        pages = SERVER_TIME_PAGES if processes == 1 else ROUND_PAGES
        for server in servers:
            for page in pages:
                server_time_per_view(server, page, views=1)
        rss_idle = sum(server.rss_mb() for server in servers)
        for page in SERVER_TIME_PAGES if processes == 1 else ():
            cpu, latency, nbytes = server_time_per_view(servers[0], page)
            measures.append(Measure(GROUP, f"{page} : temps serveur par vue (chaud)", cpu * 1000, "ms", scale,
                                    SERVER_TIME_TARGET_MS))
            measures.append(Measure(GROUP, f"{page} : latence d'une vue seule", latency, "s", scale))
            measures.append(Measure(GROUP, f"{page} : octets par vue", nbytes / 1024, "Ko", scale, BYTES_TARGET_KO))
        # Several processes are measured through nginx, with the deployed proxy's directives (issue 26).
        proxied = processes >= 2 and public.nginx_binary() is not None
        if proxied:
            tag += " derrière nginx"
        with behind_nginx(servers) if proxied else nullcontext(None) as proxy_port:
            results = [_concurrent_measures(servers, users, context, scale, tag, proxy_port, measures)
                       for users in context.users]
        measures.append(Measure(GROUP, f"RSS au repos après mise en chauffe, {tag}", rss_idle, "Mo", scale))
        if len(results) >= 2:
            low, high = results[0], results[-1]
            per_session = (high.rss_open_mb - low.rss_open_mb) / max(1, high.users - low.users)
            measures.append(Measure(GROUP, f"RSS par session ajoutée, {tag}", per_session, "Mo", scale,
                                    RSS_PER_SESSION_TARGET_MB))
    return measures


def _p95_target(users: int, context: BenchContext) -> float | None:
    if users != max(context.users):
        return None
    if context.processes >= 2 and users >= FORUM_USERS:
        return FORUM_P95_TARGET_S
    return P95_TARGET_S if users >= 20 else None


def _concurrent_measures(servers: Sequence[Server], users: int, context: BenchContext, scale: int, tag: str,
                         proxy_port: int | None, measures: list[Measure]) -> RunResult:
    result = concurrent_run(servers, users, proxy_port=proxy_port)
    seconds = [v.seconds for v in result.views]
    failed = sum(not v.ok for v in result.views) + (users * ROUNDS * len(ROUND_PAGES) - len(result.views))
    measures += [
        Measure(GROUP, f"{users} utilisateurs, {tag} : p50 par vue", percentile(seconds, 0.5), "s", scale),
        Measure(GROUP, f"{users} utilisateurs, {tag} : p95 par vue", percentile(seconds, 0.95), "s", scale,
                _p95_target(users, context)),
        Measure(GROUP, f"{users} utilisateurs, {tag} : vues par seconde",
                len(seconds) / result.wall_s if result.wall_s else 0.0, "/s", scale),
        Measure(GROUP, f"{users} utilisateurs, {tag} : CPU serveur (cœurs)",
                result.cpu_s / result.wall_s if result.wall_s else 0.0, "", scale),
        Measure(GROUP, f"{users} utilisateurs, {tag} : RSS sessions ouvertes", result.rss_open_mb, "Mo", scale),
        Measure(GROUP, f"{users} utilisateurs, {tag} : vues en échec", failed, "", scale, 0),
    ]
    for page in ROUND_PAGES:
        page_seconds = [v.seconds for v in result.views if v.page == page]
        measures.append(Measure(GROUP, f"{users} utilisateurs, {tag} : {page} p50",
                                percentile(page_seconds, 0.5), "s", scale))
        measures.append(Measure(GROUP, f"{users} utilisateurs, {tag} : {page} p95",
                                percentile(page_seconds, 0.95), "s", scale))
    return result
