"""``manage.py backup FILE``: everything lgsys keeps, in one file.

PostgreSQL: ``pg_dump --format=custom`` (restore with ``manage.py restore`` or
``pg_restore``). SQLite: ``dumpdata`` of every table as JSON (history tables,
sessions and the archived PDFs included; PDFs as base64, restored byte for byte).

The file holds password hashes and sessions: it is readable by its owner only.
"""

import subprocess
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lgsys.backup import PRIVATE_MODE, pg_environment, pg_target, private_file


class Command(BaseCommand):
    help = "Write a backup of the whole database to FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup")

    def handle(self, *args, file: str, **options):
        target = Path(file)
        # Private before the first byte is written; both tools write into the
        # existing file, which keeps its mode.
        private_file(target)
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
        target.chmod(PRIVATE_MODE)  # should a tool ever replace the file
        self.stdout.write(
            f"Backup written to {target} ({target.stat().st_size} bytes, "
            "readable by its owner only)."
        )
