"""serve.py, what `make run` serves: app.py run once when the server starts, before it answers its first
request; a warm-up that fails (no data) leaves a server that answers all the same. No timing here:
tests/benchmark.py measures the first render in Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from analytics.paths import PROJECT_DIR
from tests.browser.server import free_port

SERVE = PROJECT_DIR / "serve.py"


def _serve(data_dir: Path | None, timeout: float = 90.0) -> tuple[bool, str, str]:
    """Start `streamlit run serve.py`, wait for its health check, fetch its page, stop it: (healthy, the page's
    first bytes, everything the server printed)."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    if data_dir is not None:
        env["PLAN_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(SERVE), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    healthy, page = False, ""
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    healthy = response.read() == b"ok"
            except OSError:
                pass
            if healthy:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read(2000).decode("utf-8", "replace")
                break
            time.sleep(0.2)
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    return healthy, page, output


def test_the_server_runs_the_app_once_before_it_answers():
    healthy, page, output = _serve(None)
    assert healthy, output
    assert "<html" in page.lower()
    warm = [line for line in output.splitlines() if "warm-up run of app.py" in line]
    assert len(warm) == 1, output
    assert "warm-up run of app.py: ok" in warm[0], output


def test_a_failed_warm_up_does_not_stop_the_server(tmp_path: Path):
    healthy, page, output = _serve(tmp_path / "no-data")
    assert healthy, output
    assert "<html" in page.lower()
    assert "warm-up run of app.py" in output, output
