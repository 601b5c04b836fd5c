"""The load benchmark's protocol client against a real served app (Streamlit's websocket, no browser)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tools.bench import load, public


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]
    assert load.percentile(values, 0.5) == 10.0
    assert load.percentile(values, 0.95) == 19.0
    assert load.percentile([], 0.95) == 0.0


def test_free_port_is_on_loopback_and_free() -> None:
    assert 1024 <= load.free_port() <= 65535


def test_run_coroutine_works_where_a_loop_already_runs() -> None:
    """Playwright's sync API leaves a loop running in the main thread; the load client must still run."""

    async def answer() -> int:
        return 42

    async def inside_a_running_loop() -> int:
        return load.run_coroutine(answer())

    assert load.run_coroutine(answer()) == 42
    # Whether or not this test process already has a running loop (it has one after a browser test).
    assert load.run_coroutine(inside_a_running_loop()) == 42


@pytest.mark.slow
def test_a_served_app_answers_views_over_the_protocol_and_stops(demo_store: str) -> None:
    with load.serve(demo_store) as servers:
        server = servers[0]
        process = server.process

        async def journey() -> list[load.View]:
            async with load.Session(server.port) as session:
                return [await session.view(page) for page in ("accueil", "suivi")]

        views = load.run_coroutine(journey())
        assert [v.ok for v in views] == [True, True]
        assert all(v.nbytes > 1000 for v in views)
        assert server.cpu_seconds() > 0 and server.rss_mb() > 20
        result = load.concurrent_run(servers, 2, pages=("accueil",), rounds=1)
        assert len(result.views) == 2 and all(v.ok for v in result.views)
        if public.nginx_binary() is not None:  # .ci/run installs it
            # Issue 26: sessions through nginx with the deployed proxy's directives (websocket upgrade).
            with load.behind_nginx(servers) as proxy_port:
                proxied = load.concurrent_run(servers, 2, pages=("accueil",), rounds=1, proxy_port=proxy_port)
            assert len(proxied.views) == 2 and all(v.ok for v in proxied.views)
    assert process.poll() is not None  # stopped by itself


def test_the_proxy_in_front_of_the_processes_is_the_deployed_one(tmp_path: Path) -> None:
    config = load.proxy_config([8601, 8602], 8720, tmp_path)
    deployed = load.APP_PROXY.read_text(encoding="utf-8")
    assert "server 127.0.0.1:8601 max_fails=3" in config and "server 127.0.0.1:8602 max_fails=3" in config
    assert "server 127.0.0.1:8501" not in config and "listen 127.0.0.1:8720;" in config
    for directive in ("hash $concertations_affinity consistent;", "location /_stcore/stream {",
                      "proxy_set_header Connection $connection_upgrade;", "proxy_read_timeout 1h;"):
        assert directive in deployed and directive in config
    binary = public.nginx_binary()
    if binary is not None:
        (tmp_path / "nginx.conf").write_text(config, encoding="utf-8")
        checked = subprocess.run([binary, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c",
                                  str(tmp_path / "nginx.conf")], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
