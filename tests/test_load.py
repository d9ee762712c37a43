"""The server under load: `fabula serve` on loopback, 20 clients for ~20 s, a mix of good and bad requests.

Asserts no 5xx, no transport failures, the process still alive and healthy, and its memory
(RSS from /proc) back near its post-warm-up baseline. Prints the figures (pytest -s) and writes
them to load.json in the test's tmp dir. FABULA_LOAD_SECONDS / FABULA_LOAD_CLIENTS change the load.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "fixtures" / "dev"
SECONDS = float(os.environ.get("FABULA_LOAD_SECONDS", "20"))
CLIENTS = int(os.environ.get("FABULA_LOAD_CLIENTS", "20"))
MAX_BYTES = 100_000

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def excerpts() -> list[str]:
    """Short real stories: three-paragraph stretches of the dev stories."""
    out = []
    for path in sorted(DEV.glob("*.txt")):
        paragraphs = [p for p in path.read_text("utf-8").split("\n\n") if p.strip()]
        out.extend("\n\n".join(paragraphs[i:i + 3]) for i in range(0, min(len(paragraphs), 30), 10))
    return out


def requests_mix(rng: random.Random, stories: list[str]):
    """One request: (kind, method, path, httpx keyword arguments)."""
    story = rng.choice(stories)
    choice = rng.random()
    if choice < 0.25:
        return "story-json", "/api/analyze", {"json": {"text": story}}
    if choice < 0.35:
        return "story-upload", "/api/analyze", {"files": {"file": ("story.md", story.encode(), "text/markdown")}}
    if choice < 0.45:
        return "story-form", "/report", {"data": {"text": story, "format": "auto"}}
    if choice < 0.60:
        return "oversized", "/api/analyze", {"content": b"word " * (MAX_BYTES // 4), "headers": {
            "content-type": "text/plain"}}
    if choice < 0.75:
        return "wrong-type", "/api/analyze", rng.choice([
            {"content": story.encode(), "headers": {"content-type": "application/xml"}},
            {"files": {"file": ("story.pdf", b"%PDF-1.4", "application/pdf")}},
            {"content": b"\x89PNG", "headers": {"content-type": "image/png"}},
        ])
    return "garbage", "/api/analyze", rng.choice([
        {"content": bytes(rng.getrandbits(8) for _ in range(2000)), "headers": {"content-type": "text/plain"}},
        {"content": b"{\"text\": [1, 2", "headers": {"content-type": "application/json"}},
        {"content": b"--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\xff\xfe",
         "headers": {"content-type": "multipart/form-data; boundary=x"}},
        {"json": {"text": "", "format": "pdf"}},
        {"content": "\u202e\u200b".encode() * 500, "headers": {"content-type": "text/plain; charset=utf-8"}},
    ])


async def client_loop(base: str, seed: int, stories: list[str], deadline: float, results: list) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < deadline:
            kind, path, kwargs = requests_mix(rng, stories)
            started = time.perf_counter()
            try:
                response = await client.post(path, **kwargs)
                status = response.status_code
            except httpx.TransportError as exc:
                status = f"transport:{type(exc).__name__}"
            results.append((kind, status, time.perf_counter() - started))


def run_load(base: str, stories: list[str], seconds: float, clients: int) -> list:
    results: list = []
    deadline = time.monotonic() + seconds

    async def main():
        await asyncio.gather(*(client_loop(base, seed, stories, deadline, results) for seed in range(clients)))

    asyncio.run(main())
    return results


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


@pytest.fixture
def server():
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
           "FABULA_MAX_PENDING": str(CLIENTS), "FABULA_TIME_LIMIT": "30"}
    process = subprocess.Popen([sys.executable, "-m", "fabula", "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--max-bytes", str(MAX_BYTES)], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if process.poll() is not None:
                raise AssertionError(f"fabula serve exited: {process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).json()["model_loaded"]:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        else:
            raise AssertionError("fabula serve did not come up in 120 s")
        yield process, base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_server_holds_a_mixed_load(server, tmp_path):
    process, base = server
    stories = excerpts()
    run_load(base, stories, min(5.0, SECONDS / 4), CLIENTS)  # warm-up: every path, lazy resources, arenas
    time.sleep(1)
    baseline = rss_mib(process.pid)
    started = time.monotonic()
    results = run_load(base, stories, SECONDS, CLIENTS)
    elapsed = time.monotonic() - started
    peak_after = rss_mib(process.pid)
    time.sleep(2)
    after = rss_mib(process.pid)

    statuses = Counter(status for _, status, _ in results)
    by_kind = {kind: Counter(str(s) for k, s, _ in results if k == kind) for kind in sorted({k for k, _, _ in results})}
    latencies = [t for _, _, t in results]
    stories_ok = [t for k, s, t in results if k.startswith("story") and s == 200]
    figures = {
        "clients": CLIENTS, "seconds": round(elapsed, 1), "requests": len(results),
        "requests_per_s": round(len(results) / elapsed, 1), "statuses": {str(k): v for k, v in statuses.items()},
        "by_kind": {k: dict(v) for k, v in by_kind.items()},
        "latency_ms": {"p50": round(percentile(latencies, 50) * 1000), "p95": round(percentile(latencies, 95) * 1000)},
        "latency_ms_by_kind": {kind: {"p50": round(percentile(times, 50) * 1000),
                                      "p95": round(percentile(times, 95) * 1000)}
                               for kind in by_kind if (times := [t for k, _, t in results if k == kind])},
        "rss_mib": {"baseline": round(baseline, 1), "end_of_load": round(peak_after, 1), "after": round(after, 1)},
    }
    (tmp_path / "load.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print("\nload:", json.dumps(figures, indent=2), f"\nwritten to {tmp_path / 'load.json'}")

    assert process.poll() is None, "the server died under load"
    assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
    server_errors = {k: v for k, v in statuses.items() if not isinstance(k, int) or k >= 500}
    assert not server_errors, f"5xx or transport failures under load: {server_errors}"
    assert stories_ok, "no story was analysed under load"
    assert all(s == 413 for k, s, _ in results if k == "oversized")
    assert all(s == 415 for k, s, _ in results if k == "wrong-type")
    assert all(s in (200, 400, 422) for k, s, _ in results if k == "garbage")  # random bytes may decode as text
    assert after <= baseline * 1.25, f"RSS {after:.0f} MiB after the load, {baseline:.0f} MiB before"
