"""The task the worker runs (django-tasks: the database backend by default, RQ on
Redis in production, the immediate backend in the tests)."""

from django_tasks import task


@task()
def render_pdf(key: str) -> str:
    from lgsys.pdfs.services import render_run

    return render_run(key)
