"""A decision nobody can undo (issue 15): the approval's password is throttled
like logins, the PDF is rendered by the worker from the HTML fixed at the
decision, the archive keeps its bytes
once and only for an approved review, and a decided review's edit pages do not
open."""

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from classification.models import InformationAsset
from lgsys.models import Organisation, SecurityEvent
from lgsys.pdfs import render as renderer
from lgsys.pdfs import services as pdfs
from lgsys.pdfs.models import PdfRender
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


# Rendering in the worker, from the HTML fixed at the decision --------------------

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db(transaction=True)
def test_the_decision_is_taken_in_the_request_and_the_worker_renders(
    submitted, head, org, settings, monkeypatch
):
    """Nobody waits for WeasyPrint: the request stores the decision and queues the
    render; the worker renders and archives it."""
    settings.TASKS = DATABASE_QUEUE
    rendered = []
    real = renderer.html_to_pdf
    monkeypatch.setattr(
        renderer, "html_to_pdf", lambda html: rendered.append(1) or real(html)
    )
    _approve(submitted, head, PASSWORD)
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.APPROVED
    assert rendered == []
    assert not ArchivedReport.objects.exists()
    job = PdfRender.objects.get(subject=report_pdf.archive_subject(submitted))
    assert job.state == PdfRender.State.QUEUED
    assert DBTaskResult.objects.filter(args_kwargs__args=[job.key]).count() == 1

    assert pdfs.render_run(job.key, isolated=False) == PdfRender.State.DONE
    archive = ArchivedReport.objects.get(review=submitted)
    assert rendered == [1]
    assert "Beslutad 2024-01-15" in _pdf_text(bytes(archive.pdf))
    assert archive.decided_on == DECIDED and archive.decided_by == head


@pytest.mark.django_db(transaction=True)
def test_the_archive_prints_what_was_decided_whatever_changes_before_the_render(
    submitted, head, coordinator, org, settings
):
    """The registers, the letterhead and the review change between the decision
    and the render: the archived PDF prints the data taken at submission and the
    organisation as it was at the decision."""
    settings.TASKS = DATABASE_QUEUE
    InformationAsset.objects.create(organisation=org, name="Efter inskickandet")
    name = org.name
    _approve(submitted, head, PASSWORD)
    job = PdfRender.objects.get(subject=report_pdf.archive_subject(submitted))
    InformationAsset.objects.create(organisation=org, name="Efter beslutet")
    Organisation.objects.filter(pk=org.pk).update(name="Omdöpt förvaltning")
    with pytest.raises(ValidationError):  # a decided review is not returned
        services.review_return(review=submitted, by=head, comment="För sent.")
    pdfs.render_run(job.key, isolated=False)
    archive = ArchivedReport.objects.get(review=submitted)
    assert archive.snapshot["blocks"]["coverage"]["assets"] == 0
    text = _pdf_text(bytes(archive.pdf))
    assert name in text and "Omdöpt" not in text


@pytest.mark.django_db(transaction=True)
def test_an_approval_job_that_runs_twice_archives_once(submitted, head, org, settings):
    settings.TASKS = DATABASE_QUEUE
    _approve(submitted, head, PASSWORD)
    job = PdfRender.objects.get(subject=report_pdf.archive_subject(submitted))
    assert pdfs.render_run(job.key, isolated=False) == PdfRender.State.DONE
    first = ArchivedReport.objects.get(review=submitted)
    # The same job handed to a worker again (a sweep, a second delivery): the row
    # is done, nothing is rendered or stored again.
    assert pdfs.render_run(job.key, isolated=False) == PdfRender.State.DONE
    # Even a row forced back to running with its lease expired stores no second
    # archive: the hook finds the archive and leaves it.
    PdfRender.objects.filter(pk=job.pk).update(
        state=PdfRender.State.RUNNING, lease_until=None, html=job.html
    )
    assert pdfs.render_run(job.key, isolated=False) == PdfRender.State.DONE
    assert ArchivedReport.objects.get(review=submitted).sha256 == first.sha256
    assert ArchivedReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_review_page_says_the_pdf_is_being_generated_until_it_is_archived(
    submitted, head, coordinator, auditor, org, other_org, as_user, settings
):
    settings.TASKS = DATABASE_QUEUE
    _approve(submitted, head, PASSWORD)
    base = f"/{org.code}/granskning/{submitted.pk}"
    for user in (coordinator, head, auditor):
        page = as_user(user).get(f"{base}/genomgang.pdf")
        assert page.status_code == 202
        assert "Genererar PDF…" in page.content.decode()
        assert "Genererar PDF…" in as_user(user).get(f"{base}/").content.decode()
    job = PdfRender.objects.get(subject=report_pdf.archive_subject(submitted))
    pdfs.render_run(job.key, isolated=False)
    archive = ArchivedReport.objects.get(review=submitted)
    download = as_user(auditor).get(f"{base}/genomgang.pdf")
    assert download.status_code == 302
    assert download["Location"].endswith(f"/arkiv/{archive.pk}/genomgang.pdf")
    assert "Genererar PDF…" not in as_user(head).get(f"{base}/").content.decode()


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
