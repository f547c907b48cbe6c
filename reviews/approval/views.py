from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lgsys import stepup
from lgsys.listing import paginate, querystring_without
from lgsys.models import Capability
from lgsys.permissions import get_object_for_org, organisation_view
from reviews.approval import basis, checks, history, services
from reviews.approval.forms import ApproveForm, CommentForm, ReturnForm, SubmitForm
from reviews.models import ManagementReview, ReviewStatus


def _review(request, pk):
    return get_object_for_org(ManagementReview, request, pk=pk)


def _refused(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))


@require_GET
@organisation_view(Capability.DECIDE_REVIEW)
def decisions(request: HttpRequest) -> HttpResponse:
    waiting = ManagementReview.objects.filter(
        organisation=request.organisation, status=ReviewStatus.SUBMITTED
    ).select_related("submitted_by")
    decided = ManagementReview.objects.filter(
        organisation=request.organisation, status=ReviewStatus.APPROVED
    ).select_related("decided_by", "archive")
    return render(
        request,
        "reviews/approval/decisions.html",
        {"waiting": waiting, "decided": decided},
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.SUBMIT_REVIEW)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The submission check: what blocks the submission (with a link to fix
    each), the warnings to confirm, then the submission itself."""
    review = get_object_for_org(
        ManagementReview.objects.select_related("organisation"), request, pk=pk
    )
    blocking, warnings = checks.submission_problems(review)
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        warnings=[p.key for p in warnings],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(review=review, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review was submitted for decision."))
            return redirect(review.get_absolute_url())
    return render(
        request,
        "reviews/approval/submit.html",
        {
            "review": review,
            "form": form,
            "blocking": blocking,
            "warnings": warnings,
            "submittable": review.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED),
        },
    )


# The head decides on the review; those who browse the change history read it.
BASIS_READERS = (Capability.DECIDE_REVIEW, Capability.VIEW_HISTORY)


@require_GET
@organisation_view(BASIS_READERS)
def review_basis(request: HttpRequest, pk: int) -> HttpResponse:
    """“Underlag för beslut”: the figures, the sections against last year's
    approved text, the changes since a return, the actions and the comments;
    the approval form at the bottom for the head."""
    review = get_object_for_org(
        ManagementReview.objects.select_related(
            "organisation", "submitted_by", "decided_by"
        ),
        request,
        pk=pk,
    )
    can_decide = (
        request.membership.can(Capability.DECIDE_REVIEW)
        and review.status == ReviewStatus.SUBMITTED
    )
    by_idp = can_decide and stepup.by_identity_provider(request)
    return render(
        request,
        "reviews/approval/basis.html",
        {
            "review": review,
            **basis.decision_basis(review),
            "archive": getattr(review, "archive", None) if review.is_frozen else None,
            "can_decide": can_decide,
            "form": ApproveForm(password=not by_idp) if can_decide else None,
            **_stepup_context(request, review, by_idp),
        },
    )


@require_GET
@organisation_view(BASIS_READERS)
def review_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The review's own history (its sections' and comments' too), read-only:
    the head reads it without the organisation's whole timeline."""
    review = _review(request, pk)
    # 50 changes a page: a year's drafting can be thousands of section versions
    page = paginate(request, history.review_history_rows(review), per_page=50)
    return render(
        request,
        "reviews/approval/history.html",
        {
            "review": review,
            "rows": history.with_diffs(row.build() for row in page.object_list),
            "page_obj": page,
            "page_query": querystring_without(request, "page"),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.DECIDE_REVIEW)
def return_review(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_return(
                review=review, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review was returned to the coordinator."))
            return redirect(review.get_absolute_url())
    return render(
        request, "reviews/approval/return.html", {"form": form, "review": review}
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.DECIDE_REVIEW)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    # A session from the city's identity provider confirms the decision there
    # (a new login, at most 5 minutes before); any other with the password.
    by_idp = stepup.by_identity_provider(request)
    form = ApproveForm(
        request.POST if request.method == "POST" else None, password=not by_idp
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_approve(
                review=review,
                by=request.user,
                password=form.cleaned_data.get("password", ""),
                decided_on=form.cleaned_data["decided_on"],
                request=request,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The review was approved and archived."))
            return redirect(review.get_absolute_url())
    return render(
        request,
        "reviews/approval/approve.html",
        {"form": form, "review": review, **_stepup_context(request, review, by_idp)},
        status=200,
    )


def _stepup_context(request, review, by_idp: bool) -> dict:
    """What the approval form shows a session from the city's identity provider:
    the link that has it log in again, or when it did."""
    if not by_idp:
        return {"by_idp": False}
    approve_url = reverse(
        "reviews:review_approve",
        kwargs={"org_code": request.organisation.code, "pk": review.pk},
    )
    return {
        "by_idp": True,
        "confirmed_at": stepup.confirmed_at(request, request.user),
        "stepup_url": stepup.identity_provider_url(request, approve_url),
    }


@require_POST
@organisation_view(Capability.VIEW)
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                review=review,
                by=request.user,
                section_key=form.cleaned_data["section_key"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The comment was added."))
    else:
        messages.error(request, _("Write a comment."))
    anchor = form.cleaned_data.get("section_key", "") if form.is_valid() else ""
    if anchor and not review.sections.filter(key=anchor).exists():
        anchor = ""
    return redirect(
        f"{review.get_absolute_url()}#section-{anchor}"
        if anchor
        else review.get_absolute_url()
    )


@require_POST
@organisation_view(Capability.SUBMIT_REVIEW)
def replace(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    try:
        new = services.review_replace(review=review, by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect(review.get_absolute_url())
    messages.success(request, _("A new version was started from the approved review."))
    return redirect(new.get_absolute_url())
