"""Backup and restore: a dump restored into an emptied database gives back every
record, every history row and the approved PDFs byte for byte."""

import hashlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from lgsys.models import Organisation
from reviews.models import ArchivedReport
from tests.factories import make_member, make_user
from tests.reviews_archive.factories import make_archive

SKIPPED = {"sessions.session"}


def _counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in SKIPPED
    }


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_every_row_history_and_pdf(tmp_path, capsys):
    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    org = Organisation.objects.get(code="KUL")
    head = make_member(org, "chef", make_user("backupchef"))
    archive = make_archive(org, head, year=2019, pdf=b"%PDF-1.7\n\x00\xff binary \x80")
    stored = bytes(archive.pdf)
    org.name = "Kulturförvaltningen (ändrad)"
    org.save()
    before = _counts()
    history_tables = [k for k in before if ".historical" in k]
    assert history_tables and all(before[k] > 0 for k in ("lgsys.organisation",))
    assert sum(before[k] for k in history_tables) > 0

    dump = tmp_path / (
        "lgsys.dump" if connection.vendor == "postgresql" else "lgsys.json"
    )
    call_command("backup", str(dump))
    assert dump.stat().st_size > 0

    call_command("flush", interactive=False, verbosity=0)
    assert Organisation.objects.count() == 0
    assert ArchivedReport.objects.count() == 0

    call_command("restore", str(dump), "--yes")
    connection.close()

    after = _counts()
    assert after == before
    restored = ArchivedReport.objects.get(pk=archive.pk)
    assert bytes(restored.pdf) == stored
    assert hashlib.sha256(bytes(restored.pdf)).hexdigest() == restored.sha256
    assert Organisation.objects.get(code="KUL").name == "Kulturförvaltningen (ändrad)"


@pytest.mark.django_db
def test_restore_refuses_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "nothing.json"), "--yes")
