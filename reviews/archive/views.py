from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lgsys.permissions import get_object_for_org, organisation_view
from lgsys.uploads import MULTIPART_OVERHEAD, refused_form, upload_limit
from reviews.archive import services
from reviews.archive.forms import VerifyForm
from reviews.archive.services import MAX_VERIFY_BYTES
from reviews.models import ArchivedReport


@upload_limit(
    MAX_VERIFY_BYTES + MULTIPART_OVERHEAD,
    # the page itself with the error on the file field; the body is not read
    too_large=lambda request: verify(request, too_large=True),
)
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, too_large: bool = False) -> HttpResponse:
    """Anyone logged in may check whether a PDF is an approved review."""
    result, checked = None, False
    if too_large:
        form = refused_form(VerifyForm, "file", _("The file is larger than 50 MB."))
    elif request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            checked = True
            result = services.archive_find(sha256=form.cleaned_data["sha256"])
    else:
        form = VerifyForm()
    return render(
        request,
        "reviews/archive/verify.html",
        {
            "form": form,
            "result": result,
            "checked": checked,
            "sha256": form.cleaned_data.get("sha256") if checked else "",
        },
        status=413 if too_large else 200,
    )


@require_GET
@organisation_view()
def archived_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The bytes stored at approval, whatever changed since."""
    archive = get_object_for_org(
        ArchivedReport.objects.select_related("review"), request, pk=pk
    )
    response = HttpResponse(bytes(archive.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="ledningens-genomgang-{archive.review.year}-'
        f'{request.organisation.code}.pdf"'
    )
    response["Content-Length"] = str(archive.size)
    response["X-Content-SHA256"] = archive.sha256
    return response
