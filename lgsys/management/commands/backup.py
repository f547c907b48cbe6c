"""``manage.py backup FILE``: everything lgsys keeps, in one file.

PostgreSQL: ``pg_dump --format=custom`` (restore with ``manage.py restore`` or
``pg_restore``). SQLite: ``dumpdata`` of every table as JSON (history tables,
sessions and the archived PDFs included; PDFs as base64, restored byte for byte).
"""

import subprocess
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lgsys.backup import pg_environment, pg_target


class Command(BaseCommand):
    help = "Write a backup of the whole database to FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup")

    def handle(self, *args, file: str, **options):
        target = Path(file)
        if connection.vendor == "postgresql":
            result = subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(target),
                    *pg_target(connection.settings_dict),
                ],
                env=pg_environment(connection.settings_dict),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        else:
            call_command(
                "dumpdata",
                "--natural-foreign",
                "--exclude=contenttypes",
                "--exclude=auth.permission",
                "--indent=0",
                f"--output={target}",
                verbosity=0,
            )
        self.stdout.write(
            f"Backup written to {target} ({target.stat().st_size} bytes)."
        )
