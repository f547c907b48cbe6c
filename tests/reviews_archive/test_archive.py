"""The archive keeps an approved report's exact bytes; verification tells a genuine
PDF from a changed copy."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.archive import services
from reviews.models import ArchivedReport, ManagementReview, ReviewStatus
from tests.reviews_archive.factories import FAKE_PDF, make_archive


def test_store_keeps_bytes_hash_size_and_snapshot(org, head):
    archive = make_archive(org, head)
    archive.refresh_from_db()
    data = bytes(archive.pdf)
    assert data == FAKE_PDF + b"2023"
    assert archive.size == len(data)
    assert archive.sha256 == ArchivedReport.digest(data)
    assert archive.snapshot == {"blocks": {"incidents": {"total": 3}}}
    assert archive.history.get().history_user == head


def test_a_review_is_archived_once(org, head):
    archive = make_archive(org, head)
    with pytest.raises(ValidationError) as refused:
        services.archive_store(
            review=archive.review,
            pdf=b"%PDF-other",
            snapshot={},
            decided_by=head,
            decided_on=archive.decided_on,
        )
    assert refused.value.code == "already_archived"
    assert bytes(ArchivedReport.objects.get().pdf) == FAKE_PDF + b"2023"


def test_only_a_pdf_is_archived(org, head):
    review = ManagementReview.objects.create(
        organisation=org, year=2024, status=ReviewStatus.APPROVED
    )
    with pytest.raises(ValidationError) as refused:
        services.archive_store(
            review=review,
            pdf=b"<html>",
            snapshot={},
            decided_by=head,
            decided_on=review_date(),
        )
    assert refused.value.code == "not_pdf"
    assert not ArchivedReport.objects.exists()


def review_date():
    from datetime import date

    return date(2025, 1, 1)


def test_download_returns_the_stored_bytes(as_user, auditor, head, org):
    archive = make_archive(org, head)
    response = as_user(auditor).get(
        f"/{org.code}/granskning/arkiv/{archive.pk}/genomgang.pdf"
    )
    assert response.status_code == 200
    assert response.content == bytes(archive.pdf)
    assert response["Content-Type"] == "application/pdf"
    assert "ledningens-genomgang-2023-KUL.pdf" in response["Content-Disposition"]
    assert response["X-Content-SHA256"] == archive.sha256


def test_another_organisations_archive_is_404(as_user, outsider, head, org, other_org):
    archive = make_archive(org, head)
    client = as_user(outsider)
    assert (
        client.get(
            f"/{org.code}/granskning/arkiv/{archive.pk}/genomgang.pdf"
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/{other_org.code}/granskning/arkiv/{archive.pk}/genomgang.pdf"
        ).status_code
        == 404
    )


def _verify(client, **data):
    return client.post("/verifiera/", data)


def test_verification_accepts_the_stored_file(as_user, outsider, head, org):
    archive = make_archive(org, head)
    client = as_user(outsider)  # anyone logged in, also from another organisation
    upload = SimpleUploadedFile("lg.pdf", bytes(archive.pdf), "application/pdf")
    response = _verify(client, file=upload)
    assert response.status_code == 200
    assert response.context["result"] == archive
    page = response.content.decode()
    assert "Kulturförvaltningen" in page and "2024-01-15" in page


def test_verification_rejects_a_one_byte_changed_copy(as_user, coordinator, head, org):
    archive = make_archive(org, head)
    changed = bytearray(archive.pdf)
    changed[-2] ^= 1
    response = _verify(
        as_user(coordinator), file=SimpleUploadedFile("lg.pdf", bytes(changed))
    )
    assert response.status_code == 200
    assert response.context["checked"] is True
    assert response.context["result"] is None
    assert "inte en beslutad genomgång" in response.content.decode()


def test_verification_by_pasted_checksum(as_user, coordinator, head, org):
    archive = make_archive(org, head)
    client = as_user(coordinator)
    assert _verify(client, sha256=archive.sha256.upper()).context["result"] == archive
    assert _verify(client, sha256="0" * 64).context["result"] is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Välj en PDF-fil eller klistra in en kontrollsumma."),
        ({"sha256": "xyz"}, "En SHA-256-kontrollsumma är 64 tecken 0–9 och a–f."),
        (
            {"file": SimpleUploadedFile("a.docx", b"PK\x03\x04word")},
            "Filen är inte en PDF.",
        ),
        ({"file": SimpleUploadedFile("a.pdf", b"")}, "Den skickade filen är tom."),
    ],
)
def test_verification_explains_bad_input(as_user, coordinator, data, message):
    response = _verify(as_user(coordinator), **data)
    assert response.status_code == 200
    assert response.context["checked"] is False
    assert message in response.content.decode()


def test_verification_refuses_a_too_large_file(as_user, coordinator, monkeypatch):
    from reviews.archive import forms

    monkeypatch.setattr(forms, "MAX_VERIFY_BYTES", 10)
    response = _verify(
        as_user(coordinator), file=SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 20)
    )
    assert "större än 50 MB" in response.content.decode()


def test_verification_needs_login(client):
    assert client.get("/verifiera/").status_code == 302
