"""The approval workflow, the frozen archive and the notifications."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from classification.models import InformationAsset
from lgsys.services import version_of
from reviews.approval import services
from reviews.archive.services import archive_find
from reviews.models import ArchivedReport, ManagementReview, ReviewComment, ReviewStatus
from reviews.report import services as report_services
from tests.factories import PASSWORD, edit_data
from tests.reviews_report.factories import FILLED, fill_required, make_review

DECIDED = date(2024, 1, 15)


@pytest.fixture
def review(org, coordinator, head):
    coordinator.email, head.email = "samordnare@example.se", "chef@example.se"
    coordinator.save()
    head.save()
    review = make_review(
        org, year=2023, dnr="KUL 2023/1946", contact_name="Jenny Ekman"
    )
    return fill_required(review)  # what the submission check requires


def approve(review, head):
    return services.review_approve(
        review=review, by=head, password=PASSWORD, decided_on=DECIDED
    )


@pytest.mark.django_db(transaction=True)
def test_submit_return_resubmit_approve(review, coordinator, head):
    services.review_submit(review=review, by=coordinator)
    review.refresh_from_db()
    assert (
        review.status == ReviewStatus.SUBMITTED and review.submitted_by == coordinator
    )
    assert mail.outbox[-1].to == ["chef@example.se"]
    services.review_return(review=review, by=head, comment="Förtydliga 1.2.4.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.RETURNED
    assert mail.outbox[-1].to == ["samordnare@example.se"]
    assert ReviewComment.objects.get(review=review).text == "Förtydliga 1.2.4."
    assert review.history.first().history_change_reason == "returned: Förtydliga 1.2.4."
    services.review_submit(review=review, by=coordinator)
    approve(review, head)
    review.refresh_from_db()
    assert (review.status, review.decided_on, review.decided_by) == (
        ReviewStatus.APPROVED,
        DECIDED,
        head,
    )
    assert mail.outbox[-1].subject.endswith("beslutades")


@pytest.mark.django_db
def test_every_transition_refused_for_the_wrong_role_or_state(
    review, coordinator, head, auditor, owner
):
    for who in (head, auditor, owner):
        with pytest.raises(ValidationError):
            services.review_submit(review=review, by=who)
    for who in (coordinator, auditor, owner):
        with pytest.raises(ValidationError):
            services.review_return(review=review, by=who, comment="x")
    with pytest.raises(ValidationError):  # a draft is not returned
        services.review_return(review=review, by=head, comment="x")
    with pytest.raises(ValidationError):  # nor approved
        approve(review, head)
    services.review_submit(review=review, by=coordinator)
    with pytest.raises(ValidationError):  # submitted twice
        services.review_submit(review=review, by=coordinator)
    for who in (coordinator, auditor, owner):
        with pytest.raises(ValidationError):
            services.review_approve(
                review=review, by=who, password=PASSWORD, decided_on=DECIDED
            )
    with pytest.raises(ValidationError) as refused:
        services.review_return(review=review, by=head, comment="  ")
    assert "comment" in refused.value.message_dict
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert not ArchivedReport.objects.exists()


@pytest.mark.django_db
def test_a_head_of_another_organisation_cannot_decide(review, coordinator, other_org):
    from lgsys.models import Role
    from tests.factories import make_member, make_user

    foreign_head = make_member(other_org, Role.HEAD, make_user("annanchef"))
    services.review_submit(review=review, by=coordinator)
    with pytest.raises(ValidationError):
        services.review_approve(
            review=review, by=foreign_head, password=PASSWORD, decided_on=DECIDED
        )


@pytest.mark.django_db
def test_approval_needs_the_right_password_and_a_date(review, coordinator, head):
    services.review_submit(review=review, by=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.review_approve(
            review=review, by=head, password="fel", decided_on=DECIDED
        )
    assert "password" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.review_approve(
            review=review,
            by=head,
            password=PASSWORD,
            decided_on=timezone.localdate() + timedelta(days=1),
        )
    assert "decided_on" in refused.value.message_dict
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


@pytest.mark.django_db
def test_the_archived_pdf_never_changes_and_says_beslutad(
    review, coordinator, head, org
):
    InformationAsset.objects.create(organisation=org, name="Låntagarregister")
    services.review_submit(review=review, by=coordinator)
    approve(review, head)
    archive = ArchivedReport.objects.get(review=review)
    stored, digest = bytes(archive.pdf), archive.sha256
    first = PdfReader(io.BytesIO(stored)).pages[0].extract_text()
    assert "Beslutad 2024-01-15" in first
    assert archive.snapshot["blocks"]["coverage"]["assets"] == 1
    # the registers change afterwards
    InformationAsset.objects.create(organisation=org, name="Ny informationsmängd")
    archive.refresh_from_db()
    assert bytes(archive.pdf) == stored and archive.sha256 == digest
    assert archive_find(sha256=digest).review == review


@pytest.mark.django_db
def test_an_approved_review_is_frozen_through_every_path(
    review, coordinator, head, as_user, org
):
    services.review_submit(review=review, by=coordinator)
    approve(review, head)
    review = ManagementReview.objects.get(pk=review.pk)
    section = review.sections.get(key="1.1")
    with pytest.raises(ValidationError):
        report_services.section_update(
            section=section, text="ändrad", by=coordinator, version=version_of(section)
        )
    with pytest.raises(ValidationError):
        report_services.blocks_set(
            review=review, enabled=set(), by=coordinator, version=version_of(review)
        )
    with pytest.raises(ValidationError):
        report_services.review_update(
            review=review, by=coordinator, version=version_of(review), contact_name="x"
        )
    with pytest.raises(ValidationError):
        services.comment_add(review=review, by=head, section_key="1.1", text="x")
    with pytest.raises(ValidationError):
        services.review_submit(review=review, by=coordinator)
    client = as_user(coordinator)
    base = f"/{org.code}/granskning/{review.pk}"
    client.post(f"{base}/avsnitt/1.1/", edit_data(section, text="ändrad via sidan"))
    client.post(f"{base}/datablock/", edit_data(review))
    client.post(f"{base}/uppgifter/", edit_data(review, contact_name="x"))
    as_user(head).post(f"{base}/kommentar/", {"section_key": "1.1", "text": "x"})
    review.refresh_from_db()
    assert review.sections.get(key="1.1").text == FILLED
    assert review.disabled_blocks == [] and review.contact_name == "Jenny Ekman"
    assert not review.comments.exists()
    # and the admin
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("su", "su@x.se", "Sup3r-hemligt!")
    client.force_login(admin)
    assert (
        client.post(
            f"/admin/reviews/managementreview/{review.pk}/change/",
            {"contact_name": "x"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/admin/reviews/managementreview/{review.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    review.refresh_from_db()
    assert review.contact_name == "Jenny Ekman"


@pytest.mark.django_db
def test_a_submitted_review_waits_and_can_be_commented(review, coordinator, head):
    services.review_submit(review=review, by=coordinator)
    with pytest.raises(ValidationError):
        section = review.sections.get(key="1.1")
        report_services.section_update(
            section=section, text="x", by=coordinator, version=version_of(section)
        )
    note = services.comment_add(
        review=review, by=head, section_key="1.2.4", text="Lägg till siffror."
    )
    assert note.history.count() == 1


@pytest.mark.django_db
def test_replace_with_a_new_version(review, coordinator, head):
    services.review_submit(review=review, by=coordinator)
    approve(review, head)
    new = services.review_replace(review=review, by=coordinator)
    assert (new.year, new.replaces, new.status) == (2023, review, ReviewStatus.DRAFT)
    assert new.sections.count() == review.sections.count()
    with pytest.raises(ValidationError):
        services.review_replace(review=review, by=coordinator)
    services.review_submit(review=new, by=coordinator)
    services.review_approve(
        review=new, by=head, password=PASSWORD, decided_on=DECIDED + timedelta(days=1)
    )
    review = ManagementReview.objects.get(pk=review.pk)
    assert review.replaced_by == new
    assert ArchivedReport.objects.filter(review=review).exists()  # stays archived


@pytest.mark.django_db(transaction=True)
def test_a_failed_email_never_blocks_the_transition(review, coordinator, settings):
    settings.EMAIL_BACKEND = "tests.reviews_approval.broken_mail.Backend"
    services.review_submit(review=review, by=coordinator)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


@pytest.mark.django_db
def test_the_pages_of_the_journey(review, coordinator, head, as_user, org):
    base = f"/{org.code}/granskning/{review.pk}"
    client = as_user(coordinator)
    check = client.get(f"{base}/skicka/").content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', check)[1]
    answer = client.post(f"{base}/skicka/", {"seen": seen, "confirmed": "on"})
    assert answer.status_code == 302
    head_client = as_user(head)
    assert (
        str(review)
        in head_client.get(f"/{org.code}/granskning/beslut/").content.decode()
    )
    head_client.post(f"{base}/kommentar/", {"section_key": "1.2.4", "text": "Siffror?"})
    refused = head_client.post(
        f"{base}/besluta/", {"password": "fel", "decided_on": "2024-01-15"}
    )
    assert "Lösenordet är fel" in refused.content.decode()
    response = head_client.post(
        f"{base}/besluta/", {"password": PASSWORD, "decided_on": "2024-01-15"}
    )
    assert response.status_code == 302
    pdf = head_client.get(f"{base}/genomgang.pdf", follow=True)
    assert (
        "Beslutad 2024-01-15"
        in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    )
    detail = as_user(coordinator).get(f"{base}/").content.decode()
    assert "Siffror?" in detail and "Ersätt med ny version" in detail
