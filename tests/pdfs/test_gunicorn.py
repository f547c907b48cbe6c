"""gunicorn.conf.py (issue 18, point 5): the master and every worker warm WeasyPrint
up before they serve, and they serve in production mode."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_warms_weasyprint_up_in_the_master_and_each_worker(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SECRET_KEY="gunicorn-test-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
    )
    env.pop("DJANGO_DEBUG", None)  # production, as wsgi.py defaults it
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(Path(settings.BASE_DIR) / "gunicorn.conf.py"),
                "--log-level",
                "info",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while log.read_text().count("WeasyPrint warmed up") < 3:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/") as answer:
            assert answer.read() == b"ok"
        # DEBUG stays off (the warm-up set Django up as wsgi.py does): no
        # technical 404 page
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ingen-sida/")
        except urllib.error.HTTPError as error:
            assert error.code == 404
            assert b"URLconf" not in error.read()
    finally:
        server.terminate()
        server.wait(30)
    text = log.read_text()
    assert "master: WeasyPrint warmed up" in text
    assert text.count("worker") >= 2
