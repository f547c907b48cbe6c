"""Connection arguments for pg_dump and pg_restore from Django's database settings,
and the backup file's permissions."""

import os
from pathlib import Path

# A backup holds password hashes and sessions: its owner alone may read it.
PRIVATE_MODE = 0o600


def pg_target(settings_dict: dict, flag: str = "--dbname") -> list[str]:
    args = [f"{flag}={settings_dict['NAME']}"]
    if settings_dict.get("HOST"):
        args.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        args.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        args.append(f"--username={settings_dict['USER']}")
    return args


def pg_environment(settings_dict: dict) -> dict:
    """The environment with the password, so it never shows in a process list."""
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def private_file(path: Path) -> None:
    """Create ``path`` empty (or empty it) readable and writable by its owner only,
    before anything is written to it; an existing file's mode is changed too, as
    the mode given when a file is created applies only to a new one."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_MODE)
    finally:
        os.close(descriptor)
