"""A decision nobody can undo (issue 15): the approval's password is throttled
like logins, the PDF is rendered outside the lock, the archive keeps its bytes
once and only for an approved review, and a decided review's edit pages do not
open."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from classification.models import InformationAsset
from lgsys.models import SecurityEvent
from reviews.approval import services
from reviews.archive.services import archive_store
from reviews.models import ArchivedReport, ManagementReview, ReviewStatus
from reviews.report import pdf as report_pdf
from tests.factories import PASSWORD
from tests.reviews_report.factories import (
    FILLED,
    make_review,
    make_submittable_review,
)

DECIDED = date(2024, 1, 15)
Kind = SecurityEvent.Kind


@pytest.fixture
def submitted(org, coordinator, head):
    review = make_submittable_review(
        org, year=2023, by=coordinator, dnr="KUL 2023/1946"
    )
    services.review_submit(review=review, by=coordinator)
    return review


def _code(error: ValidationError) -> str:
    return error.error_dict["password"][0].code


def _approve(review, head, password, decided_on=DECIDED):
    return services.review_approve(
        review=review, by=head, password=password, decided_on=decided_on
    )


# The step-up password ----------------------------------------------------------


@pytest.mark.django_db
def test_wrong_passwords_lock_the_approval_for_the_cooloff(
    submitted, head, org, auditor, as_user
):
    """The attack: 40 wrong passwords in a row."""
    limit = settings.AXES_FAILURE_LIMIT
    codes = []
    for _ in range(40):
        with pytest.raises(ValidationError) as refused:
            _approve(submitted, head, "gissning")
        codes.append(_code(refused.value))
    assert codes == ["bad_password"] * (limit - 1) + ["locked"] * (41 - limit)
    # now even the right password is refused, with the reason in Swedish
    with pytest.raises(ValidationError) as refused:
        _approve(submitted, head, PASSWORD)
    assert _code(refused.value) == "locked"
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED
    events = SecurityEvent.objects.filter(user=head, organisation=org)
    assert events.filter(kind=Kind.STEP_UP_FAILED).count() == limit
    # the try that reached the limit and every one after it (the last below too)
    assert events.filter(kind=Kind.STEP_UP_LOCKED).count() == 40 - limit + 2
    # the auditors see them in their timeline
    page = as_user(auditor).get(f"/{org.code}/historik/?kind=security").content
    assert "fel lösenord vid ett beslut" in page.decode().lower()

    # after the cool-off the right password works again
    SecurityEvent.objects.filter(user=head).update(
        when=timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    )
    _approve(submitted, head, PASSWORD)
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.APPROVED


@pytest.mark.django_db
def test_the_lockout_message_is_shown_on_the_page(submitted, head, as_user, org):
    client = as_user(head)
    url = f"/{org.code}/granskning/{submitted.pk}/besluta/"
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            url, {"decided_on": DECIDED.isoformat(), "password": "gissning"}
        )
    assert response.status_code == 200
    assert "För många felaktiga lösenord" in response.content.decode()


@pytest.mark.django_db
def test_the_password_is_compared_exactly_as_typed(submitted, head, as_user, org):
    client = as_user(head)
    url = f"/{org.code}/granskning/{submitted.pk}/besluta/"
    padded = client.post(
        url, {"decided_on": DECIDED.isoformat(), "password": f" {PASSWORD} "}
    )
    assert padded.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED
    assert SecurityEvent.objects.filter(kind=Kind.STEP_UP_FAILED).count() == 1


@pytest.mark.django_db
def test_the_decision_date_lies_in_the_review_year_or_after_and_not_ahead(
    submitted, head
):
    for wrong in (date(2022, 12, 31), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            _approve(submitted, head, PASSWORD, decided_on=wrong)
        assert "decided_on" in refused.value.message_dict
    assert not SecurityEvent.objects.filter(kind=Kind.STEP_UP_FAILED).exists()


# Rendering outside the lock ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_rendered_outside_any_transaction(submitted, head, org, monkeypatch):
    """Nobody's save waits for a render: approval holds no lock while it renders."""
    real = report_pdf.render_review_pdf
    seen = []

    def spy(review, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(review, **kwargs)

    monkeypatch.setattr(report_pdf, "render_review_pdf", spy)
    _approve(submitted, head, PASSWORD)
    assert seen == [False]


@pytest.mark.django_db(transaction=True)
def test_the_head_approves_what_was_submitted_whatever_changes_meanwhile(
    submitted, head, org, monkeypatch
):
    """The registers change after submission and during the render: the approved
    report prints the data taken at submission (as of its data date)."""
    InformationAsset.objects.create(organisation=org, name="Efter inskickandet")
    real = report_pdf.render_review_pdf
    renders = []

    def change_while_rendering(review, **kwargs):
        renders.append(kwargs["blocks"]["coverage"]["assets"])
        InformationAsset.objects.create(organisation=org, name="Under rendering")
        return real(review, **kwargs)

    monkeypatch.setattr(report_pdf, "render_review_pdf", change_while_rendering)
    _approve(submitted, head, PASSWORD)
    archive = ArchivedReport.objects.get(review=submitted)
    assert renders == [0]
    assert archive.snapshot["blocks"]["coverage"]["assets"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_return_during_the_render_wins_and_nothing_is_stored(
    submitted, head, org, monkeypatch
):
    real = report_pdf.render_review_pdf

    def returned_meanwhile(review, **kwargs):
        services.review_return(review=review, by=head, comment="Saknar 1.2.4.")
        return real(review, **kwargs)

    monkeypatch.setattr(report_pdf, "render_review_pdf", returned_meanwhile)
    with pytest.raises(ValidationError):
        _approve(submitted, head, PASSWORD)
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.RETURNED
    assert not ArchivedReport.objects.exists()


# The archive -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_archive_keeps_its_bytes_once(submitted, head):
    _approve(submitted, head, PASSWORD)
    archive = ArchivedReport.objects.get(review=submitted)
    record = archive.history.get()
    assert not hasattr(record, "pdf")
    assert record.sha256 == archive.sha256
    assert "pdf" not in {f.name for f in archive.history.model._meta.fields}


@pytest.mark.django_db
def test_only_an_approved_review_is_archived(org, submitted, coordinator, head):
    draft = make_review(org, year=2024, by=coordinator)
    for review in (draft, submitted):
        with pytest.raises(ValidationError) as refused:
            archive_store(
                review=review,
                pdf=b"%PDF-1.7 fake",
                snapshot={},
                decided_by=head,
                decided_on=DECIDED,
            )
        assert refused.value.code == "not_approved"
    assert not ArchivedReport.objects.exists()


# Edit pages of a decided review ---------------------------------------------------


@pytest.mark.django_db
def test_a_decided_reviews_edit_pages_do_not_open(
    submitted, coordinator, head, as_user, org
):
    base = f"/{org.code}/granskning/{submitted.pk}"
    client = as_user(coordinator)
    waiting = client.get(f"{base}/avsnitt/1.1/")
    assert waiting.status_code == 409
    assert "inskickad för beslut" in waiting.content.decode()
    _approve(submitted, head, PASSWORD)
    for url in (f"{base}/avsnitt/1.1/", f"{base}/uppgifter/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 409
        assert "<textarea" not in page
        assert "Ersätt med ny version" in page
        assert f"{base}/ny-version/" in page
    assert client.post(f"{base}/avsnitt/1.1/", {"text": "x"}).status_code == 409
    assert ManagementReview.objects.get(pk=submitted.pk).sections.get(
        key="1.1"
    ).text == (FILLED)
