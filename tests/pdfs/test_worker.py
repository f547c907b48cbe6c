"""The PDF worker as a real process (issue 18, point 4's faults): the database
queue's worker renders what a request queued; a worker killed (SIGKILL) in the
middle of a render leaves nothing half-stored and the job runs again; the Redis
queue (RQ) does the same against the server on 127.0.0.1:6379."""

import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from lgsys.pdfs import services as pdfs
from lgsys.pdfs.models import PdfRender

State = PdfRender.State
MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.update(
        {
            "DATABASE_URL": _database_url(),
            "LGSYS_TASKS_BACKEND": "database",
            "LGSYS_PDF_LEASE_SECONDS": "3",
            "DJANGO_DEBUG": "1",
            **extra,
        }
    )
    return env


def _long_html(marker: str, paragraphs: int = 1500) -> str:
    body = "".join(
        f"<h2>Avsnitt {i}</h2><p>{marker} Informationssäkerhet, rad {i}. "
        + "Ledningens genomgång av riskerna och åtgärderna. " * 8
        + "</p>"
        for i in range(paragraphs)
    )
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>T</title>'
        f'<link rel="stylesheet" href="css/print.css"></head><body>{body}</body></html>'
    )


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _state(key: str) -> PdfRender:
    return PdfRender.objects.without_pdf().get(key=key)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, MANAGE, "pdf_worker", "--sweep-seconds=1", "--max-tasks=5"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    return worker.stdout.read().decode(errors="replace")


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages[:2])


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_worker_killed_mid_render_leaves_nothing_and_the_job_completes(settings):
    settings.TASKS = DATABASE_QUEUE
    job = pdfs.render_request(html=_long_html("Dödad mitt i"), subject="kill")
    worker = _start_worker(_env())
    try:
        _wait(lambda: _state(job.key).state == State.RUNNING, 120, "the render")
        [child] = _children(worker.pid)  # the worker process rendering it
        os.kill(child, signal.SIGKILL)
        time.sleep(0.5)
        killed = PdfRender.objects.get(key=job.key)
        assert killed.state == State.RUNNING and killed.pdf is None
        assert killed.attempts == 1
        # the supervisor starts a fresh worker; its sweep hands the job out again
        # once the lease (3 s here) expired, and it completes
        _wait(lambda: _state(job.key).state == State.DONE, 180, "the second render")
    finally:
        output = _stop(worker)
    done = PdfRender.objects.get(key=job.key)
    assert done.attempts == 2, output
    assert done.html == "" and done.size == len(bytes(done.pdf))
    assert "Dödad mitt i" in _text(bytes(done.pdf))


def _redis_url() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                # a database of its own, so parallel suites do not share a queue
                return f"redis://127.0.0.1:6379/{1 + os.getpid() % 15}"
    except OSError:
        pass
    if os.environ.get("CI") == "true":
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (CI starts it)")
    return None


def test_the_redis_queue_renders_through_rq(settings):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379 (apt-get install redis-server)")
    env = _env(LGSYS_TASKS_BACKEND="redis", LGSYS_REDIS_URL=url)
    html = _long_html("Via Redis", paragraphs=3)
    # the request's side, in a process configured for Redis: queue the job
    subprocess.run(
        [
            sys.executable,
            MANAGE,
            "shell",
            "-c",
            "import sys; from lgsys.pdfs import services as s; "
            "r = s.render_request(html=sys.stdin.read(), subject='redis'); "
            "print(r.key)",
        ],
        input=html.encode(),
        env=env,
        check=True,
        capture_output=True,
    )
    job = PdfRender.objects.get(subject="redis")
    assert job.state == State.QUEUED  # waiting in Redis, not rendered
    worker = _start_worker(env)
    try:
        _wait(lambda: _state(job.key).state == State.DONE, 180, "the RQ worker")
    finally:
        output = _stop(worker)
    assert "Via Redis" in _text(bytes(PdfRender.objects.get(key=job.key).pdf)), output
