"""Settings read the environment; production refuses the development key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(DJANGO_SETTINGS_MODULE="lgsys.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = "import django; django.setup(); from django.conf import settings; "


def test_production_refuses_the_development_secret_key():
    result = run_django(SETUP + "print('started')", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_wsgi_defaults_to_production():
    result = run_django("import lgsys.wsgi")
    assert result.returncode != 0
    assert "development secret key" in result.stderr


def test_development_default_uses_sqlite_in_the_project_folder():
    result = run_django(
        SETUP + "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], "
        "settings.DEBUG)",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    engine, name, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"
    assert debug == "True"


def test_database_url_selects_postgresql():
    result = run_django(
        SETUP + "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], "
        "d['HOST'], d['PORT'])",
        DATABASE_URL="postgres://lgsys:secret@db.example.se:5433/lgsys_prod",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "lgsys_prod",
        "db.example.se",
        "5433",
    ]


def test_check_deploy_reports_no_warnings_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "k3Jx9-vQ2mZ7pL0aW4eR8tY1uI6oP5sD3fG7hJ2kL9zX4cV8bN1m",
            "DJANGO_ALLOWED_HOSTS": "lgsys.stockholm.example.se",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_settings_are_hardened():
    result = run_django(
        SETUP + "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, "
        "settings.X_FRAME_OPTIONS, settings.ALLOWED_HOSTS)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="a.example.se,b.example.se",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True True True 31536000 DENY ['a.example.se', 'b.example.se']"
    )
