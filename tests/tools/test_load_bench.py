"""The load benchmark's protocol client against a real served app (Streamlit's websocket, no browser)."""

from __future__ import annotations

import pytest

from tools.bench import load


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
    assert process.poll() is not None  # stopped by itself
