"""Demo: the 2023 review of Kulturförvaltningen with the reference report's text,
word for word, in its sections (reviews/demo_data/)."""

import re
from datetime import date
from pathlib import Path

from lgsys.demo import DemoContext, ensure
from reviews.models import ManagementReview, ReviewSection
from reviews.report import services

REFERENCE = (
    Path(__file__).parent
    / "demo_data"
    / "ledningens-genomgang-2023-kulturforvaltningen.md"
)
HEADING = re.compile(r"^(1\.\d(?:\.\d)?) (\S.*)$")


def reference_sections() -> dict[str, str]:
    """key -> the section's text as written in the reference ("intro", "1.1"…"1.3")."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    sections: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.startswith("Kontaktperson:"):
            current = "intro"
            sections[current] = []
            continue
        if line.startswith("Innehållsförteckning"):
            current = None
            continue
        match = HEADING.match(line)
        if match and "\t" not in line:
            key = match[1]
            if key.count(".") == 2 and key.startswith("1.3."):
                break  # the areas of 1.3 are the action plan's
            current = key
            sections[current] = []
            continue
        if current is not None:
            sections[current].append(line)
    return {key: "\n".join(text).strip() for key, text in sections.items()}


def load(ctx: DemoContext) -> None:
    org = ctx.organisation
    by = ctx.users.get("samordnare")
    review = ManagementReview.objects.filter(organisation=org, year=2023).first()
    if review is None:
        review = services.review_create(
            organisation=org,
            year=2023,
            by=by,
            dnr=f"{org.code} 2023/1946",
            contact_name="Jenny Ekman",
            contact_title="informationssäkerhetssamordnare",
        )
    ensure(
        ManagementReview,
        {"pk": review.pk},
        {
            "dnr": f"{org.code} 2023/1946",
            "data_date": date(2023, 10, 31),
            "contact_name": "Jenny Ekman",
            "contact_title": "informationssäkerhetssamordnare",
        },
        user=by,
    )
    services.sections_ensure(review=review, by=by)
    # The 2022 review, whose decided actions the 2023 review follows up.
    earlier = ManagementReview.objects.filter(organisation=org, year=2022).first()
    if earlier is None:
        earlier = services.review_create(
            organisation=org, year=2022, by=by, dnr=f"{org.code} 2022/1721"
        )
    services.sections_ensure(review=earlier, by=by)
    for key, text in reference_sections().items():
        if not review.is_frozen:
            ensure(
                ReviewSection, {"review": review, "key": key}, {"text": text}, user=by
            )
