"""Connection arguments for pg_dump and pg_restore from Django's database settings."""

import os


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
