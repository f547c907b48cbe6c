"""Print the PDF path's figures as JSON (lgsys.pdfs.measure): the first PDF of a
fresh process, the worker's memory, and with --page an ordinary page's latency
on a running server while the worker renders two PDFs at once."""

import json

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand

from lgsys.pdfs import measure


class Command(BaseCommand):
    help = "Measure the PDF path: first PDF, memory, page delay during renders."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--skip-first", action="store_true")
        parser.add_argument("--skip-memory", action="store_true")
        parser.add_argument(
            "--page", help="URL of an ordinary page on a running server (with a worker)"
        )
        parser.add_argument("--user", default="samordnare", help="logged in as")
        parser.add_argument("--seconds", type=float, default=8)

    def handle(self, *args, runs, skip_first, skip_memory, page, user, seconds, **o):
        figures = {}
        if not skip_first:
            figures["first_pdf"] = measure.first_pdf_cost(runs)
        if not skip_memory:
            figures["worker_memory"] = measure.worker_memory()
        if page:
            figures["page_during_two_renders"] = measure.page_delay_during_renders(
                page, seconds=seconds, headers={"Cookie": f"sessionid={_session(user)}"}
            )
        self.stdout.write(json.dumps(figures, indent=2))


def _session(username: str) -> str:
    account = get_user_model().objects.get(username=username)
    session = SessionStore()
    session["_auth_user_id"] = str(account.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = account.get_session_auth_hash()
    session.create()
    return session.session_key
