from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lgsys.audit.asof import first_entry
from lgsys.forms import REASON_FIELD, TOKEN_FIELD, add_errors
from lgsys.models import Capability
from lgsys.permissions import get_object_for_org, organisation_view
from lgsys.services import version_from_token, version_token
from reviews.models import ManagementReview, ReviewSection, ReviewStatus
from reviews.report import blocks as catalogue
from reviews.report import markup, services
from reviews.report.forms import ReviewCreateForm, ReviewHeaderForm, SectionForm
from reviews.report.selectors import data_date, missing_inputs, report_context


def _reviews(request):
    return ManagementReview.objects.filter(organisation=request.organisation)


@require_GET
@organisation_view(Capability.VIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = _reviews(request).select_related("decided_by").order_by("-year")
    return render(
        request,
        "reviews/report/list.html",
        {"reviews": reviews, "can_edit": request.membership.can(Capability.EDIT)},
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def review_create(request: HttpRequest) -> HttpResponse:
    latest = _reviews(request).order_by("-year").first()
    form = ReviewCreateForm(
        request.POST if request.method == "POST" else None,
        initial={"year": (latest.year + 1) if latest else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        previous = (
            _reviews(request).filter(year__lt=data["year"]).order_by("-year").first()
            if data["start"] == "copy"
            else None
        )
        try:
            review = services.review_create(
                organisation=request.organisation,
                year=data["year"],
                by=request.user,
                copy_from=previous,
                dnr=data["dnr"],
                contact_name=data["contact_name"],
                contact_title=data["contact_title"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The review was created."))
            return redirect(review.get_absolute_url())
    return render(request, "reviews/report/create.html", {"form": form})


def _first_entry(review: ManagementReview):
    """The local day of the organisation's first register entry, or None."""
    from actions.models import Action
    from classification.models import InformationAsset, Risk

    first = first_entry(review.organisation, (InformationAsset, Risk, Action))
    return timezone.localdate(first) if first else None


@require_GET
@organisation_view(Capability.VIEW)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_for_org(
        ManagementReview.objects.select_related("replaces", "decided_by"),
        request,
        pk=pk,
    )
    disabled = set(review.disabled_blocks or [])
    blocks = [(b, b.key not in disabled) for b in catalogue.report_blocks()]
    comments: dict[str, list] = {}
    for note in review.comments.select_related("author"):
        comments.setdefault(note.section_key, []).append(note)
    sections = list(review.sections.all())
    for section in sections:
        section.notes = comments.get(section.key, [])
        section.html = markup.render(section.text)  # as the report prints it
    membership = request.membership
    status = review.status
    return render(
        request,
        "reviews/report/detail.html",
        {
            "review": review,
            "sections": sections,
            "general_comments": comments.get("", []),
            "blocks": blocks,
            "missing": missing_inputs(review),
            "data_date": data_date(review),
            "first_entry": _first_entry(review),
            "review_version": version_token(review),
            "can_edit": membership.can(Capability.EDIT)
            and status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED),
            "can_submit": membership.can(Capability.SUBMIT_REVIEW)
            and status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED),
            "can_decide": membership.can(Capability.DECIDE_REVIEW)
            and status == ReviewStatus.SUBMITTED,
            "can_read_basis": _reads_basis(membership),
            "can_comment": (
                membership.can(Capability.DECIDE_REVIEW)
                or membership.can(Capability.EDIT)
            )
            and not review.is_frozen,
            "can_replace": membership.can(Capability.SUBMIT_REVIEW)
            and review.is_frozen,
            "replaced_by": review.replaced_by if review.is_frozen else None,
            "archive": getattr(review, "archive", None) if review.is_frozen else None,
        },
    )


def _reads_basis(membership) -> bool:
    """Who opens “Underlag för beslut” and the review's history (see
    reviews.approval.views.BASIS_READERS)."""
    return membership.can(Capability.DECIDE_REVIEW) or membership.can(
        Capability.VIEW_HISTORY
    )


def _locked_page(request: HttpRequest, review: ManagementReview) -> HttpResponse:
    """A submitted or approved review's edit pages do not open: they say why
    (and, for an approved one, offer a new version)."""
    return render(
        request,
        "reviews/report/locked.html",
        {
            "review": review,
            "can_replace": review.is_frozen
            and request.membership.can(Capability.SUBMIT_REVIEW)
            and not review.replacements.exclude(status=ReviewStatus.APPROVED).exists(),
        },
        status=409,
    )


def _editable(review: ManagementReview) -> bool:
    return review.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_for_org(ManagementReview, request, pk=pk)
    if not _editable(review):
        return _locked_page(request, review)
    form = ReviewHeaderForm(
        request.POST if request.method == "POST" else None, instance=review
    )
    if request.method == "POST" and form.is_valid():
        fields = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in (TOKEN_FIELD, REASON_FIELD)
        }
        try:
            services.review_update(
                review=form.instance,
                by=request.user,
                version=form.version,
                **form.service_kwargs(),
                **fields,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(review.get_absolute_url())
    return render(
        request, "reviews/report/header_form.html", {"form": form, "review": review}
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    review = get_object_for_org(ManagementReview, request, pk=pk)
    section = get_object_for_org(ReviewSection, request, review=review, key=key)
    if not _editable(review):
        return _locked_page(request, review)
    form = SectionForm(
        request.POST if request.method == "POST" else None, instance=section
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(
                section=form.instance,
                text=form.cleaned_data["text"],
                by=request.user,
                version=form.version,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The section was saved."))
            return redirect(f"{review.get_absolute_url()}#section-{section.key}")
    return render(
        request,
        "reviews/report/section_form.html",
        {"form": form, "review": review, "section": section},
    )


@require_POST
@organisation_view(Capability.EDIT)
def review_blocks(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_for_org(ManagementReview, request, pk=pk)
    try:
        services.blocks_set(
            review=review,
            enabled=set(request.POST.getlist("blocks")),
            by=request.user,
            version=version_from_token(request.POST.get(TOKEN_FIELD, "")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The data blocks were saved."))
    return redirect(review.get_absolute_url())


def _snapshot(review):
    """The frozen blocks of an approved review, when it has been archived."""
    archive = getattr(review, "archive", None) if review.is_frozen else None
    return archive.snapshot.get("blocks") if archive else None


@require_GET
@organisation_view(Capability.VIEW)
def review_preview(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_for_org(ManagementReview, request, pk=pk)
    context = report_context(review, _snapshot(review))
    context["can_read_basis"] = _reads_basis(request.membership)
    return render(request, "reviews/report/preview.html", context)
