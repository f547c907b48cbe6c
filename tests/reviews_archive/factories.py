from datetime import date

from reviews.archive import services
from reviews.models import ManagementReview, ReviewStatus

FAKE_PDF = b"%PDF-1.7\n% lgsys test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def make_archive(org, user, *, year=2023, pdf=FAKE_PDF):
    # An approved review (only those are archived), made directly: the workflow's
    # own tests go through submit and approve.
    review = ManagementReview.objects.create(
        organisation=org, year=year, status=ReviewStatus.APPROVED
    )
    return services.archive_store(
        review=review,
        pdf=pdf + str(year).encode(),
        snapshot={"blocks": {"incidents": {"total": 3}}},
        decided_by=user,
        decided_on=date(year + 1, 1, 15),
    )
