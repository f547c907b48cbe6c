"""Request bodies refused by size before they are read.

``CsrfViewMiddleware`` reads ``request.POST`` (so the whole body, uploads
included) before any view or view decorator runs; the refusal must come first.
:class:`UploadLimitMiddleware`, placed before it, compares the declared
Content-Length with the view's limit (``@upload_limit``) or, for every other
view, with :data:`default_limit`, and answers a larger request at once with the
view's own ``too_large`` page (status 413) or a plain 413, without reading a
byte of the body.

A body is never longer than its declared Content-Length under WSGI; in case a
server passes one without it, :class:`LimitedUploadHandler` stops reading an
upload at the same limit, and a view with a limit gets its ``too_large`` page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# What a multipart body adds to the file it carries: boundaries, part headers,
# the CSRF token and the form's other fields.
MULTIPART_OVERHEAD = 64 * 1024
STOPPED = "upload_too_large"  # set on a request whose upload was stopped


@dataclass(frozen=True)
class UploadLimit:
    max_bytes: int
    # (request, *url args) -> the view's page with the error, status 413; it
    # must not read the body.
    too_large: Callable[..., HttpResponse]


def upload_limit(max_bytes: int, *, too_large: Callable[..., HttpResponse]):
    """Mark a view as taking request bodies of up to ``max_bytes`` (give the
    file's limit plus :data:`MULTIPART_OVERHEAD`). ``too_large(request, *args,
    **kwargs)``, called with the view's URL arguments, answers a larger one:
    the form again with the error on its file field, status 413, passing
    through the same permission gate as the view."""

    def mark(view):
        view.upload_limit = UploadLimit(max_bytes, too_large)
        return view

    return mark


def default_limit() -> int | None:
    """The limit of a view without ``@upload_limit``: no form of those has a
    file, so its fields' limit (None: no limit)."""
    fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return None if fields is None else fields + MULTIPART_OVERHEAD


def max_bytes_of(view_func) -> int | None:
    """The largest body ``view_func`` takes: its ``@upload_limit``, else the
    default (None: no limit)."""
    limit: UploadLimit | None = getattr(view_func, "upload_limit", None)
    return limit.max_bytes if limit else default_limit()


def declared_length(request: HttpRequest) -> int:
    """The body's declared length, read as Django reads it (unreadable: 0)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def refused_form(form_class: type[Form], field: str, message: str, **kwargs) -> Form:
    """A ``form_class`` bound to nothing whose only error is ``message`` on
    ``field``: the form of a refused upload, shown again without its data."""
    form = form_class(data={}, files={}, **kwargs)
    form.is_valid()
    form.errors.clear()
    form.add_error(field, message)
    return form


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload once its files pass ``max_bytes`` (the rest of
    the body stays unread) and marks the request (see :data:`STOPPED`)."""

    def __init__(self, request: HttpRequest, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            setattr(self.request, STOPPED, True)
            raise StopUpload(connection_reset=True)
        return raw_data  # the next handler stores it

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


class UploadLimitMiddleware:
    """Before CsrfViewMiddleware: see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit: UploadLimit | None = getattr(view_func, "upload_limit", None)
        max_bytes = max_bytes_of(view_func)
        if max_bytes is None:
            return None
        if declared_length(request) > max_bytes:
            return self._refuse(request, view_func, limit, view_args, view_kwargs)
        if request.method != "POST":
            return None  # Django reads a form (and uploads) only from a POST
        request.upload_handlers.insert(0, LimitedUploadHandler(request, max_bytes))
        if limit and request.content_type == "multipart/form-data":
            # Read the form here, through the handler, rather than in the CSRF
            # check, so that a stopped upload gets the view's page too.
            request.FILES  # noqa: B018 - the property reads the body
            if getattr(request, STOPPED, False):
                return self._refuse(request, view_func, limit, view_args, view_kwargs)
        return None

    def _refuse(self, request, view_func, limit, view_args, view_kwargs):
        # The view's page only to whom the view would show it: an anonymous
        # visitor of a login-required view (LoginRequiredMiddleware comes after
        # this one) gets the plain refusal.
        shows_page = request.user.is_authenticated or not getattr(
            view_func, "login_required", True
        )
        if limit and shows_page:
            return limit.too_large(request, *view_args, **view_kwargs)
        return HttpResponse(
            _("The request is too large."),
            status=413,
            content_type="text/plain; charset=utf-8",
        )
