from datetime import date

from reviews.archive import services
from reviews.models import ManagementReview

FAKE_PDF = b"%PDF-1.7\n% lgsys test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def make_archive(org, user, *, year=2023, pdf=FAKE_PDF):
    review = ManagementReview.objects.create(organisation=org, year=year)
    return services.archive_store(
        review=review,
        pdf=pdf + str(year).encode(),
        snapshot={"blocks": {"incidents": {"total": 3}}},
        decided_by=user,
        decided_on=date(year + 1, 1, 15),
    )
