"""Asking for a PDF, and the render job the worker runs.

An app renders its document to HTML and calls ``render_request(html=...)``: the
row for that HTML (and this renderer) is found or created. A ``done`` row is the
cached PDF; otherwise the job is handed to the task backend (``enqueue``) and the
app's page says "Genererar PDF…" until it is done.

The job (``render_run``, run by the worker through ``lgsys.pdfs.tasks``) claims
the row with a lease, renders outside any transaction, then stores the PDF, the
state and the row's ``on_done`` hook in one transaction. A worker killed during
the render stores nothing; when its lease expires, the sweep (``render_sweep``,
run by ``manage.py pdf_worker``, and by the next request for that PDF) hands the
job to a worker again. A job that runs twice finishes once: the second finds the
row done and stores nothing."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.module_loading import import_string

from lgsys.pdfs.keys import cache_key
from lgsys.pdfs.models import PdfRender

log = logging.getLogger(__name__)
State = PdfRender.State

# How often ``used_at`` is written when a cached PDF is served (it orders the
# cache's eviction; writing it on every download would cost a write per GET).
USED_AT_RESOLUTION = timedelta(hours=1)


def _lease() -> timedelta:
    return timedelta(seconds=settings.PDF_RENDER_LEASE_SECONDS)


def render_request(
    *,
    html: str,
    subject: str = "",
    on_done: str = "",
    on_done_args: dict | None = None,
    enqueue: bool = True,
) -> PdfRender:
    """The render of ``html``: the cached PDF when there is one, else a job.

    ``on_done`` (a dotted path) is called as ``hook(pdf=bytes, **on_done_args)``
    in the transaction that stores the PDF, exactly once. With ``enqueue`` the
    job is handed to the worker once the row is committed; inside a transaction
    pass ``enqueue=False`` and call ``render_enqueue()`` after the commit."""
    key = cache_key(html)
    with transaction.atomic():
        render, created = PdfRender.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "html": html,
                "subject": subject,
                "on_done": on_done,
                "on_done_args": on_done_args or {},
            },
        )
        if not created and on_done and render.on_done != on_done:
            if render.state == State.DONE:
                # Cached before anyone needed the hook: run it now, once.
                import_string(on_done)(pdf=bytes(render.pdf), **(on_done_args or {}))
            render.on_done, render.on_done_args = on_done, on_done_args or {}
            render.save(update_fields=["on_done", "on_done_args"])
        if render.state == State.DONE:
            if timezone.now() - render.used_at > USED_AT_RESOLUTION:
                PdfRender.objects.filter(pk=render.pk).update(used_at=timezone.now())
            return render
        fresh = created or _overdue(render)
    if enqueue and fresh:
        render_enqueue(render)
        # as it is now: the immediate backend (tests) has already rendered it
        return PdfRender.objects.get(pk=render.pk)
    return render


def _overdue(render: PdfRender) -> bool:
    """A job nobody is working on: queued and handed to no worker for a lease's
    time, or running past its lease (its worker died)."""
    now = timezone.now()
    if render.state == State.QUEUED:
        return render.enqueued_at is None or render.enqueued_at < now - _lease()
    if render.state == State.RUNNING:
        return render.lease_until is None or render.lease_until < now
    return False


def render_enqueue(render: PdfRender) -> None:
    """Hand the job to the task backend (the immediate backend of the tests runs
    it right here)."""
    from lgsys.pdfs.tasks import render_pdf

    render.enqueued_at = timezone.now()
    PdfRender.objects.filter(pk=render.pk).update(enqueued_at=render.enqueued_at)
    render_pdf.enqueue(render.key)


def render_nudge(render: PdfRender) -> PdfRender:
    """The next request's sweep: a job nobody works on is handed to a worker
    again. Returns the row as it is now (the immediate backend may have run it)."""
    if render.pending and _overdue(render):
        render_enqueue(render)
        return PdfRender.objects.without_pdf().get(pk=render.pk)
    return render


def render_retry(*, render: PdfRender) -> PdfRender:
    """Start a failed render again (the page's "Försök igen")."""
    with transaction.atomic():
        render = PdfRender.objects.select_for_update().get(pk=render.pk)
        if render.state != State.FAILED:
            return render
        render.state, render.attempts, render.error = State.QUEUED, 0, ""
        render.save(update_fields=["state", "attempts", "error"])
    render_enqueue(render)
    return render


def render_now(render: PdfRender) -> PdfRender:
    """Run the job here and now (the command line, which waits anyway), unless a
    worker is on it; returns the row with its PDF when done."""
    render_run(render.key, isolated=False)
    return PdfRender.objects.get(pk=render.pk)


def render_get(key: str) -> PdfRender | None:
    return PdfRender.objects.filter(key=key).first()


# The job -----------------------------------------------------------------------


def render_run(key: str, *, isolated: bool | None = None) -> str:
    """Run the job ``key`` once: claim it, render, store. Returns the state the
    row is left in (or "gone")."""
    from lgsys.pdfs import render as renderer

    claimed = _claim(key)
    if claimed is None:
        row = PdfRender.objects.without_pdf().filter(key=key).first()
        return row.state if row else "gone"
    html, attempt = claimed
    if isolated is None:
        isolated = settings.PDF_RENDER_ISOLATED
    try:
        pdf = (renderer.html_to_pdf_isolated if isolated else renderer.html_to_pdf)(
            html
        )
    except Exception as error:
        log.exception("The PDF %s could not be rendered", key[:12])
        return _fail(key, attempt, f"{type(error).__name__}: {error}")
    return _finish(key, pdf)


def _claim(key: str) -> tuple[str, int] | None:
    with transaction.atomic():
        render = PdfRender.objects.select_for_update().filter(key=key).first()
        if render is None or render.state in (State.DONE, State.FAILED):
            return None
        now = timezone.now()
        if render.state == State.RUNNING and (render.lease_until or now) > now:
            return None  # another worker has it
        if render.attempts >= settings.PDF_RENDER_MAX_ATTEMPTS:
            render.state = State.FAILED
            render.error = render.error or (
                "The worker stopped during the render "
                f"{render.attempts} times; not tried again."
            )
            render.lease_until = None
            render.save(update_fields=["state", "error", "lease_until"])
            return None
        render.state = State.RUNNING
        render.attempts += 1
        render.lease_until = now + _lease()
        render.save(update_fields=["state", "attempts", "lease_until"])
        return render.html, render.attempts


def _fail(key: str, attempt: int, error: str) -> str:
    with transaction.atomic():
        render = PdfRender.objects.select_for_update().get(key=key)
        if render.state == State.RUNNING and render.attempts == attempt:
            render.state, render.error = State.FAILED, error[:2000]
            render.lease_until, render.finished_at = None, timezone.now()
            render.save(update_fields=["state", "error", "lease_until", "finished_at"])
        return render.state


def _finish(key: str, pdf: bytes) -> str:
    """Store the PDF, the state and the hook's work in one transaction; a row
    already done (another run of the same job finished first) is left alone."""
    try:
        with transaction.atomic():
            render = PdfRender.objects.select_for_update().get(key=key)
            if render.state == State.DONE:
                return render.state
            now = timezone.now()
            render.pdf, render.size, render.state = pdf, len(pdf), State.DONE
            render.html, render.error, render.lease_until = "", "", None
            render.finished_at = render.used_at = now
            render.save()
            if render.on_done:
                import_string(render.on_done)(pdf=pdf, **render.on_done_args)
            return State.DONE
    except Exception as error:
        log.exception("The PDF %s could not be stored", key[:12])
        with transaction.atomic():
            render = PdfRender.objects.select_for_update().get(key=key)
            render.state, render.error = (
                State.FAILED,
                f"{type(error).__name__}: {error}",
            )
            render.lease_until, render.finished_at = None, timezone.now()
            render.save(update_fields=["state", "error", "lease_until", "finished_at"])
        return State.FAILED


# The worker's sweep --------------------------------------------------------------


def render_sweep() -> int:
    """Hand every job nobody works on to a worker again (a killed worker's, or
    one whose hand-over was lost); returns how many."""
    stale = PdfRender.objects.without_pdf().filter(
        state__in=(State.QUEUED, State.RUNNING)
    )
    count = 0
    for render in stale.only("pk", "key", "state", "enqueued_at", "lease_until"):
        if _overdue(render):
            render_enqueue(render)
            count += 1
    return count


def cache_prune() -> int:
    """Keep the cache bounded: remove PDFs not served for
    ``PDF_CACHE_MAX_AGE_DAYS`` and failed jobs as old, then the least recently
    served until the cached bytes fit ``PDF_CACHE_MAX_BYTES``. Jobs still to run
    are never removed (an approval's archive waits on its job)."""
    now = timezone.now()
    old = now - timedelta(days=settings.PDF_CACHE_MAX_AGE_DAYS)
    removed, _ = PdfRender.objects.filter(
        state__in=(State.DONE, State.FAILED), used_at__lt=old
    ).delete()
    done = PdfRender.objects.filter(state=State.DONE)
    total = done.aggregate(total=Sum("size"))["total"] or 0
    if total > settings.PDF_CACHE_MAX_BYTES:
        drop = []
        for pk, size in done.order_by("used_at").values_list("pk", "size"):
            if total <= settings.PDF_CACHE_MAX_BYTES:
                break
            drop.append(pk)
            total -= size
        removed += PdfRender.objects.filter(pk__in=drop).delete()[0]
    return removed
