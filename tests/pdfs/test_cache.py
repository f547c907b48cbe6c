"""PDFs off the request path (issue 18, point 4): the cache keyed by the HTML and
the renderer, the review's PDF page while the worker renders, and the job's
claim, lease, sweep and bounds."""

import io
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from lgsys.pdfs import keys
from lgsys.pdfs import render as renderer
from lgsys.pdfs import services as pdfs
from lgsys.pdfs.models import PdfRender
from lgsys.services import version_of
from reviews.report import pdf as report_pdf
from reviews.report import services as report_services
from tests.reviews_report.factories import make_review

State = PdfRender.State
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
SMALL = '<html lang="sv"><head><title>T</title></head><body><p>{}</p></body></html>'


@pytest.fixture
def renders(monkeypatch):
    """Counts the real renders (WeasyPrint's work) wherever they happen."""
    seen = []
    real = renderer.html_to_pdf

    def spy(html):
        seen.append(html)
        return real(html)

    monkeypatch.setattr(renderer, "html_to_pdf", spy)
    return seen


@pytest.fixture
def queue(settings):
    """The database queue, as in production: nothing runs until a worker does."""
    settings.TASKS = DATABASE_QUEUE


def _url(review):
    return f"/{review.organisation.code}/granskning/{review.pk}/genomgang.pdf"


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


# The key -----------------------------------------------------------------------


def test_the_key_changes_with_the_html_and_with_the_renderer(monkeypatch):
    first = keys.cache_key(SMALL.format("a"))
    assert first == keys.cache_key(SMALL.format("a"))
    assert first != keys.cache_key(SMALL.format("b"))
    monkeypatch.setattr(keys, "RENDERER_VERSION", "test-next")
    keys.renderer_version.cache_clear()
    try:
        assert keys.cache_key(SMALL.format("a")) != first
    finally:
        monkeypatch.undo()
        keys.renderer_version.cache_clear()
    assert keys.cache_key(SMALL.format("a")) == first


def test_the_renderer_version_covers_the_print_style_sheet_and_fonts():
    import weasyprint

    covered = {
        str(p.relative_to(keys.STATIC))
        for name in keys.RENDER_STATIC
        for p in ([keys.STATIC / name] + list((keys.STATIC / name).rglob("*")))
        if p.is_file()
    }
    assert {"css/print.css", "fonts/LiberationSans-Regular.ttf"} <= covered
    assert "img/utkast.svg" in covered
    assert weasyprint.__version__  # and WeasyPrint's own version is in the digest


# The review's PDF page -----------------------------------------------------------


@pytest.mark.django_db
def test_an_unchanged_pdf_is_served_from_the_cache_and_a_changed_one_rendered_anew(
    org, coordinator, as_user, renders
):
    review = make_review(org, year=2023, by=coordinator)
    client = as_user(coordinator)
    first = client.get(_url(review))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert len(renders) == 1
    again = client.get(_url(review))
    assert again.content == first.content
    assert len(renders) == 1  # from the cache
    section = review.sections.get(key="1.1")
    report_services.section_update(
        section=section,
        text="Ny text efter första utskriften.",
        by=coordinator,
        version=version_of(section),
    )
    changed = client.get(_url(review))
    assert len(renders) == 2  # a new key: never the stale PDF
    assert "Ny text efter första utskriften." in _text(changed.content)
    assert PdfRender.objects.filter(subject=report_pdf.subject(review)).count() == 2


@pytest.mark.django_db
def test_while_the_worker_renders_the_page_says_so_and_then_offers_the_file(
    org, coordinator, auditor, as_user, queue, renders
):
    review = make_review(org, year=2023, by=coordinator)
    client = as_user(auditor)
    waiting = client.get(_url(review))
    page = waiting.content.decode()
    assert waiting.status_code == 202
    assert "Genererar PDF…" in page
    assert f'hx-get="{_url(review)}"' in page  # polls with htmx
    assert 'http-equiv="refresh"' in page  # and without JavaScript
    assert renders == []  # nothing rendered in the request
    poll = client.get(_url(review), headers={"HX-Request": "true"})
    assert poll.status_code == 202 and "<html" not in poll.content.decode()
    assert "Genererar PDF…" in poll.content.decode()

    job = PdfRender.objects.get(subject=report_pdf.subject(review))
    assert pdfs.render_run(job.key, isolated=False) == State.DONE
    ready = client.get(_url(review), headers={"HX-Request": "true"})
    assert "PDF:en är klar." in ready.content.decode()
    assert f'href="{_url(review)}"' in ready.content.decode()
    download = client.get(_url(review))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="ledningens-genomgang-2023-KUL.pdf"'
    )
    assert "Ledningens genomgång" in _text(download.content)
    assert len(renders) == 1


@pytest.mark.django_db
def test_a_failed_render_says_so_and_can_be_tried_again(
    org, coordinator, as_user, queue, monkeypatch
):
    review = make_review(org, year=2023, by=coordinator)
    client = as_user(coordinator)
    client.get(_url(review))
    job = PdfRender.objects.get(subject=report_pdf.subject(review))

    def broken(html):
        raise RuntimeError("Pango saknas")

    monkeypatch.setattr(renderer, "html_to_pdf", broken)
    assert pdfs.render_run(job.key, isolated=False) == State.FAILED
    page = client.get(_url(review)).content.decode()
    assert "PDF:en kunde inte skapas." in page
    assert "?retry=1" in page and "Försök igen" in page
    monkeypatch.undo()
    again = client.get(f"{_url(review)}?retry=1")
    assert "Genererar PDF…" in again.content.decode()
    job.refresh_from_db()
    assert job.state == State.QUEUED and job.error == ""
    pdfs.render_run(job.key, isolated=False)
    assert client.get(_url(review))["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_another_organisations_review_and_its_cached_pdf_are_out_of_reach(
    org, other_org, coordinator, outsider, as_user
):
    review = make_review(org, year=2023, by=coordinator)
    assert as_user(coordinator).get(_url(review)).status_code == 200
    assert PdfRender.objects.filter(state=State.DONE).count() == 1
    client = as_user(outsider)
    assert client.get(_url(review)).status_code == 404
    # even the other organisation's own URL with this review's id
    assert (
        client.get(
            f"/{other_org.code}/granskning/{review.pk}/genomgang.pdf"
        ).status_code
        == 404
    )
    # no URL takes a key
    key = PdfRender.objects.get().key
    assert client.get(f"{_url(review)}?key={key}").status_code == 404


# The job -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_job_killed_mid_render_stores_nothing_and_runs_again_when_its_lease_expires(
    queue, settings, renders
):
    job = pdfs.render_request(html=SMALL.format("Hej"), subject="t")
    # A worker claimed it and died during the render: running, no PDF.
    assert pdfs._claim(job.key) == (job.html, 1)
    job.refresh_from_db()
    assert job.state == State.RUNNING and job.pdf is None
    assert pdfs.render_run(job.key, isolated=False) == State.RUNNING  # leased
    assert pdfs.render_sweep() == 0
    PdfRender.objects.filter(pk=job.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert pdfs.render_sweep() == 1  # handed to a worker again
    assert pdfs.render_run(job.key, isolated=False) == State.DONE
    job.refresh_from_db()
    assert job.attempts == 2 and bytes(job.pdf).startswith(b"%PDF-")
    assert job.html == "" and len(renders) == 1


@pytest.mark.django_db
def test_a_job_that_keeps_killing_its_worker_fails_after_its_attempts(queue, settings):
    job = pdfs.render_request(html=SMALL.format("Hej"), subject="t")
    for _attempt in range(settings.PDF_RENDER_MAX_ATTEMPTS):
        pdfs._claim(job.key)
        PdfRender.objects.filter(pk=job.pk).update(lease_until=None)
    assert pdfs.render_run(job.key, isolated=False) == State.FAILED
    job.refresh_from_db()
    assert "3 times" in job.error and job.pdf is None


@pytest.mark.django_db
def test_the_next_request_hands_a_lost_job_to_a_worker_again(
    org, coordinator, as_user, queue
):
    from django_tasks_db.models import DBTaskResult

    review = make_review(org, year=2023, by=coordinator)
    client = as_user(coordinator)
    client.get(_url(review))
    assert DBTaskResult.objects.count() == 1
    client.get(_url(review))
    assert DBTaskResult.objects.count() == 1  # not queued twice
    PdfRender.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    client.get(_url(review))
    assert DBTaskResult.objects.count() == 2


def test_a_render_in_a_process_that_exits(monkeypatch):
    data = renderer.html_to_pdf_isolated(SMALL.format("Ur en egen process"))
    assert "Ur en egen process" in _text(data)

    def broken(html):
        raise RuntimeError("Pango saknas")

    monkeypatch.setattr(renderer, "html_to_pdf", broken)
    with pytest.raises(renderer.RenderFailed, match="Pango saknas"):
        renderer.html_to_pdf_isolated(SMALL.format("x"))


# The cache's bounds ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_cache_is_bounded_by_age_and_size_and_keeps_pending_jobs(settings):
    now = timezone.now()
    rows = {}
    for name, state, size, age in (
        ("old", State.DONE, 10, 40),
        ("old-failed", State.FAILED, 0, 40),
        ("big-lru", State.DONE, 600, 2),
        ("recent", State.DONE, 500, 1),
        ("pending", State.QUEUED, 0, 60),
    ):
        job = pdfs.render_request(html=SMALL.format(name), subject=name, enqueue=False)
        PdfRender.objects.filter(pk=job.pk).update(
            state=state, size=size, used_at=now - timedelta(days=age)
        )
        rows[name] = job.pk
    settings.PDF_CACHE_MAX_AGE_DAYS = 30
    settings.PDF_CACHE_MAX_BYTES = 1000
    assert pdfs.cache_prune() == 3
    assert set(PdfRender.objects.values_list("subject", flat=True)) == {
        "recent",
        "pending",
    }


@pytest.mark.django_db(transaction=True)
def test_the_command_writes_the_cached_pdf_and_finishes_a_pending_archive(
    org, coordinator, head, queue, tmp_path, renders
):
    from django.core.management import call_command

    from reviews.approval import services as approval
    from reviews.models import ArchivedReport
    from tests.factories import PASSWORD
    from tests.reviews_report.factories import make_submittable_review

    review = make_submittable_review(org, year=2023, by=coordinator)
    out = tmp_path / "utkast.pdf"
    call_command(
        "review_pdf", org.code, "2023", "--output", str(out), stdout=io.StringIO()
    )
    assert out.read_bytes().startswith(b"%PDF-") and len(renders) == 1
    call_command(
        "review_pdf", org.code, "2023", "--output", str(out), stdout=io.StringIO()
    )
    assert len(renders) == 1  # the second from the cache

    approval.review_submit(review=review, by=coordinator)
    approval.review_approve(
        review=review, by=head, password=PASSWORD, decided_on=timezone.localdate()
    )
    assert not ArchivedReport.objects.exists()  # the worker has not run
    call_command(
        "review_pdf", org.code, "2023", "--output", str(out), stdout=io.StringIO()
    )
    archive = ArchivedReport.objects.get(review=review)
    assert out.read_bytes() == bytes(archive.pdf)
    assert "Beslutad" in _text(out.read_bytes())


WARM_UP_FREEZES = """
import gc, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgsys.settings")
import django; django.setup()
from lgsys.pdfs import render
before = gc.get_freeze_count()
render.warm_up()
print(before, gc.get_freeze_count(), sum(gc.get_count()))
"""


def test_the_warm_up_keeps_what_it_made_out_of_the_collectors_full_passes():
    """The worker, gunicorn and the bench's fresh processes warm up through
    render.warm_up: afterwards start-up's and the warm-up's objects are frozen
    (gc.freeze), so the first real PDF's full collection does not walk them."""
    out = subprocess.run(
        [sys.executable, "-c", WARM_UP_FREEZES],
        capture_output=True,
        check=True,
        cwd=settings.BASE_DIR,
        text=True,
    ).stdout.split()
    before, frozen, young = (int(n) for n in out[-3:])
    assert before == 0
    assert frozen > 100_000  # Django, WeasyPrint and the fonts' objects
    assert young < 1000  # and the young generations were left empty
