"""`detente serve` as a user runs it: a real process on a free port, read-only unless given a token file, and
one-line errors (exit 3) for a missing store or an unusable token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

pytestmark = pytest.mark.usefixtures("detente_env")


def _serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "detente", "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_web_serve_missing_store_exits_3(tmp_path: Path):
    process = _serve("--db", str(tmp_path / "none.duckdb"))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 3 and "no store at" in err and "detente ingest" in err
    assert not (tmp_path / "none.duckdb").exists()


def test_web_serve_short_token_exits_3(tmp_path: Path, web_store: Path):
    token = tmp_path / "token"
    token.write_text("short\n")
    process = _serve("--db", str(web_store), "--token", str(token))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 3 and "at least 16 characters" in err


def test_web_serve_answers_and_takes_the_token(tmp_path: Path, web_store: Path):
    import shutil

    db = tmp_path / "served.duckdb"
    shutil.copy(web_store, db)
    secret = "0123456789abcdef-serve-test"
    (tmp_path / "token").write_text(secret + "\n")
    port = _free_port()
    process = _serve("--db", str(db), "--port", str(port), "--token", str(tmp_path / "token"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(base + "/", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline, "detente serve did not start"
                time.sleep(0.1)
        assert response.status_code == 200 and "Top dyads" in response.text
        assert httpx.get(base + "/api/v1/stats").json()["documents"] == 10
        body = {"name": "Liu Xiaoming", "code": "CHN", "sector": "GOV"}
        assert httpx.post(base + "/api/v1/actors/corrections", json=body).status_code == 401
        ok = httpx.post(base + "/api/v1/actors/corrections", json=body,
                        headers={"Authorization": f"Bearer {secret}"})
        assert ok.status_code == 201
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err
