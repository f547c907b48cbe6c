"""``manage.py restore FILE``: load a backup made by ``manage.py backup`` into the
configured database, replacing what is there.

PostgreSQL: ``pg_restore --clean --if-exists`` of the custom-format dump.
SQLite: migrate, flush, then ``loaddata`` of the JSON dump, in one transaction.
"""

import subprocess
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lgsys.backup import pg_environment, pg_target


class Command(BaseCommand):
    help = "Replace the database's contents with the backup in FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the data"
        )

    def handle(self, *args, file: str, yes: bool, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"No such backup file: {source}")
        name = connection.settings_dict["NAME"]
        if (
            not yes
            and input(f"Replace every row of {name} with {source}? [y/N] ") != "y"
        ):
            raise CommandError("Nothing restored.")
        if connection.vendor == "postgresql":
            connection.close()
            result = subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    *pg_target(connection.settings_dict, flag="--dbname"),
                    str(source),
                ],
                env=pg_environment(connection.settings_dict),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            call_command("migrate", verbosity=0, interactive=False)
            with transaction.atomic():
                call_command("flush", verbosity=0, interactive=False)
                call_command("loaddata", str(source), verbosity=0)
        self.stdout.write(f"Restored {source} into {name}.")
