from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lgsys.forms import TOKEN_FIELD, add_errors
from lgsys.letterhead import logo, services
from lgsys.letterhead.forms import LetterheadForm
from lgsys.models import Capability, Organisation
from lgsys.permissions import organisation_view
from lgsys.services import version_token
from lgsys.uploads import MULTIPART_OVERHEAD, upload_limit

# An SVG opened on its own may run nothing and load nothing.
LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _refused_upload(organisation: Organisation) -> LetterheadForm:
    """The form as stored, with the error on its file field: the refused
    request's body was never read."""
    form = LetterheadForm(
        {
            "municipality": organisation.municipality,
            TOKEN_FIELD: version_token(organisation),
        },
        {},
        instance=organisation,
    )
    form.is_valid()
    form.add_error("logo", _("The logo is larger than 200 kB."))
    return form


@upload_limit(
    logo.MAX_BYTES + MULTIPART_OVERHEAD,
    # the page itself with the error on the file field; the body is not read
    too_large=lambda request, **url: letterhead_edit(request, too_large=True, **url),
)
@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def letterhead_edit(request: HttpRequest, too_large: bool = False) -> HttpResponse:
    organisation = Organisation.objects.get(pk=request.organisation.pk)
    has_logo = bool(organisation.logo_type)
    if too_large:
        form = _refused_upload(organisation)
    elif request.method == "POST":
        form = LetterheadForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            try:
                services.organisation_letterhead_set(
                    organisation=form.instance,
                    by=request.user,
                    municipality=form.cleaned_data["municipality"],
                    logo=form.cleaned_data["logo"],
                    remove_logo=form.cleaned_data.get("remove_logo", False),
                    version=form.version,
                    **form.service_kwargs(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The letterhead was saved."))
                return redirect("letterhead", request.organisation.code)
    else:
        form = LetterheadForm(instance=organisation)
    return render(
        request,
        "lgsys/letterhead.html",
        {"form": form, "has_logo": has_logo},
        status=413 if too_large else 200,
    )


@require_GET
@organisation_view(Capability.VIEW)
def letterhead_logo(request: HttpRequest) -> HttpResponse:
    """The logo, for the pages that show it in an <img>."""
    organisation = Organisation.objects.only("logo", "logo_type").get(
        pk=request.organisation.pk
    )
    if organisation.logo_type not in logo.TYPES or not organisation.logo:
        raise Http404("No logo")
    response = HttpResponse(
        bytes(organisation.logo), content_type=organisation.logo_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = LOGO_CSP
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-cache"
    return response
