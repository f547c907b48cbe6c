from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from lgsys.permissions import get_object_for_org, organisation_view
from reviews.archive import services
from reviews.archive.forms import VerifyForm
from reviews.models import ArchivedReport


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone logged in may check whether a PDF is an approved review."""
    result, checked = None, False
    if request.method == "POST":
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
