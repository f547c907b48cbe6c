"""The PDF worker: renders the PDFs the web requests queue (lgsys.pdfs).

``manage.py pdf_worker`` is a small supervisor. It runs the task library's worker
in a child process (``--child``: WeasyPrint imported and warmed up first, then
django-tasks-db's ``db_worker`` or django-rq's ``rqworker`` for at most
``--max-tasks`` jobs), starts a fresh child whenever one exits or dies, and every
``--sweep-seconds`` hands jobs nobody works on to a worker again (a killed
worker's, once its lease expired) and bounds the cache. Each render itself runs in
a forked grandchild that exits (PDF_RENDER_ISOLATED), so the worker's memory stays
where it started."""

import contextlib
import ctypes
import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections

log = logging.getLogger("lgsys.pdfs")

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """The child gets SIGTERM when the supervisor dies, however it dies."""
    # not Linux: only the supervisor's own handler stops the child
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = "Run the PDF worker (a supervisor and its recycled worker process)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=100,
            help="jobs a worker process runs before a fresh one replaces it",
        )
        parser.add_argument(
            "--sweep-seconds",
            type=float,
            default=15,
            help="how often jobs nobody works on are handed out again",
        )
        parser.add_argument("--child", action="store_true", help="(internal)")

    def handle(self, *args, max_tasks, sweep_seconds, child, **options):
        backend = settings.TASKS_BACKEND
        if backend == "immediate":
            raise CommandError(
                "LGSYS_TASKS_BACKEND is 'immediate': jobs run where they are "
                "queued, there is nothing for a worker to do."
            )
        if child:
            self._child(backend, max_tasks)
        else:
            self._supervise(max_tasks, sweep_seconds)

    def _child(self, backend: str, max_tasks: int) -> None:
        from lgsys.pdfs import render  # imports WeasyPrint

        started = time.monotonic()
        render.warm_up()
        log.info("PDF worker warmed up in %.2f s", time.monotonic() - started)
        connections.close_all()
        if backend == "database":
            call_command(
                "db_worker",
                queue_name="default",
                max_tasks=max_tasks,
                reload=False,
                startup_delay=False,
                interval=0.5,
            )
        else:
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                max_jobs=max_tasks,
            )

    def _supervise(self, max_tasks: int, sweep_seconds: float) -> None:
        from lgsys.pdfs import services as pdfs

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "pdf_worker",
            "--child",
            f"--max-tasks={max_tasks}",
        ]
        self.stdout.write(
            f"PDF worker: {settings.TASKS_BACKEND} queue, a fresh worker process "
            f"every {max_tasks} jobs."
        )
        child, next_sweep, next_prune = None, 0.0, 0.0
        try:
            while not stopping:
                if child is None or child.poll() is not None:
                    if child is not None and child.returncode != 0:
                        log.warning("PDF worker exited with %s", child.returncode)
                        time.sleep(1)  # e.g. the database is down: do not spin
                    child = subprocess.Popen(command, preexec_fn=_die_with_parent)
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + sweep_seconds
                    try:
                        close_old_connections()
                        if handed := pdfs.render_sweep():
                            log.warning("Handed %d PDF jobs to a worker again", handed)
                        pdfs.cache_prune()
                        if settings.TASKS_BACKEND == "database" and (
                            time.monotonic() >= next_prune
                        ):  # the queue's own finished rows, once an hour
                            next_prune = time.monotonic() + 3600
                            call_command(
                                "prune_db_task_results", "--min-age-days=1", verbosity=0
                            )
                    except Exception:  # the database restarting: next sweep
                        log.exception("The PDF sweep failed")
                        connections.close_all()
                time.sleep(0.5)
        finally:
            if child is not None and child.poll() is None:
                child.terminate()
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
