"""Review inputs and a review for a large organisation (``manage.py seed_large``):
incidents (with consistent IMY data for personal data breaches), findings, changes
in the world, training, data subject requests, and the current year's review with
its sections filled."""

from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from lgsys.seed import BENCH_END, created_on, day_between, history_marks, redate_since
from reviews.models import (
    AccessRequest,
    ContextChange,
    Finding,
    Incident,
    ManagementReview,
    ReviewSection,
    TrainingRecord,
)
from reviews.report.services import review_create

INCIDENT_TITLES = [
    "Felsänt e-postmeddelande med personuppgifter",
    "Nätfiskeförsök mot medarbetare",
    "Driftstörning i bokningssystemet",
    "Borttappad dator",
    "Obehörig åtkomst till delad mapp",
    "Papper med personuppgifter i soporna",
    "Lösenord delat mellan medarbetare",
    "Avbrott i stadens nätverk",
    "Felaktig behörighet efter omorganisation",
    "Publicering av känslig uppgift på webben",
]
FINDING_TEXTS = [
    "Behörigheter följs inte upp regelbundet.",
    "Informationsklassning saknas för flera verksamhetssystem.",
    "Rutin för incidenthantering är inte känd i verksamheten.",
    "Personuppgiftsbiträdesavtal saknas för ett system.",
    "Loggar granskas inte systematiskt.",
    "Kontinuitetsplaner är inte testade.",
    "Utbildning i informationssäkerhet har låg genomförandegrad.",
]
COURSES = [
    "Grundkurs informationssäkerhet",
    "Grundkurs dataskydd",
    "Informationsklassning för informationsägare",
    "Incidenthantering",
]
SECTION_TEXT = (
    "Förvaltningen har under året arbetat vidare med informationsklassning och "
    "riskhantering. Arbetet följs upp i ledningsgruppen och redovisas i denna "
    "genomgång tillsammans med åtgärdsplanen för de kommande tre åren."
)


def seed(ctx) -> None:
    rng, org, user = ctx.rng, ctx.organisation, ctx.coordinator
    now, today = BENCH_END, ctx.today
    incidents = []
    for i in range(ctx.counts.get("incidents", 0)):
        kind = rng.choice(list(Incident.Kind.values))
        occurred = now - timedelta(days=rng.randint(8, 1400), hours=rng.randint(0, 23))
        discovered = occurred + timedelta(hours=rng.randint(0, 72))
        fields = {}
        if kind == Incident.Kind.PERSONAL_DATA:
            reported = rng.random() < 0.4
            fields["imy_assessment"] = (
                Incident.ImyAssessment.REPORTED
                if reported
                else Incident.ImyAssessment.NOT_REPORTED
            )
            if reported:
                delay = timedelta(hours=rng.randint(2, 100))
                fields["reported_to_imy_at"] = discovered + delay
                if delay > timedelta(hours=72):
                    fields["late_reason"] = "Bedömningen drog ut på tiden."
        incidents.append(
            created_on(
                Incident(
                    organisation=org,
                    title=f"{rng.choice(INCIDENT_TITLES)} ({i + 1})",
                    kind=kind,
                    occurred_at=occurred,
                    discovered_at=discovered,
                    ended_at=min(
                        discovered + timedelta(hours=rng.randint(1, 200)), now
                    ),
                    description="Händelsen rapporterades av en medarbetare.",
                    severity=rng.choice(list(Incident.Severity.values)),
                    consequences="Begränsade konsekvenser för verksamheten.",
                    measures="Berörda informerades och behörigheter sågs över.",
                    status=rng.choice(list(Incident.Status.values)),
                    **fields,
                ),
                discovered,  # registered when it was discovered
            )
        )
    bulk_create_with_history(incidents, Incident, batch_size=500, default_user=user)

    this_year = today.year
    findings = []
    for _ in range(120):
        year = rng.randint(this_year - 3, this_year)
        findings.append(
            created_on(
                Finding(
                    organisation=org,
                    source=rng.choice(list(Finding.Source.values)),
                    year=year,
                    reference=f"Rapport {rng.randint(1, 40)}/{rng.randint(2021, 2025)}",
                    text=rng.choice(FINDING_TEXTS),
                    recommendation="Förvaltningen bör upprätta en rutin.",
                    status=rng.choice(list(Finding.Status.values)),
                    response="Åtgärd planeras i åtgärdsplanen.",
                ),
                day_between(rng, date(year, 1, 1), min(date(year, 12, 31), today)),
            )
        )
    bulk_create_with_history(findings, Finding, batch_size=500, default_user=user)
    changes = []
    for i in range(40):
        changed = today - timedelta(days=rng.randint(0, 700))
        changes.append(
            created_on(
                ContextChange(
                    organisation=org,
                    date=changed,
                    scope=rng.choice(list(ContextChange.Scope.values)),
                    title=f"Förändring {i + 1}",
                    text="Ny lagstiftning och nya krav från staden påverkar arbetet.",
                    iso_input=rng.choice(list(ContextChange.IsoInput.values)),
                ),
                changed,
            )
        )
    bulk_create_with_history(changes, ContextChange, default_user=user)
    training = []
    for year in range(this_year - 3, this_year + 1):
        for course in COURSES:
            required = rng.randint(50, 900)
            training.append(
                created_on(
                    TrainingRecord(
                        organisation=org,
                        year=year,
                        course=course,
                        target_group="Alla medarbetare",
                        required=required,
                        completed=rng.randint(0, required),
                    ),
                    min(date(year, 12, 15), today),
                )
            )
    bulk_create_with_history(training, TrainingRecord, default_user=user)
    requests = []
    for _ in range(150):
        received = today - timedelta(days=rng.randint(0, 1400))
        requests.append(
            created_on(
                AccessRequest(
                    organisation=org,
                    received_on=received,
                    kind=rng.choice(list(AccessRequest.Kind.values)),
                    answered_on=min(
                        received + timedelta(days=rng.randint(1, 40)), today
                    ),
                ),
                received,
            )
        )
    bulk_create_with_history(requests, AccessRequest, default_user=user)

    year = this_year - 1
    if not ManagementReview.objects.filter(organisation=org, year=year).exists():
        marks = history_marks()
        review = review_create(
            organisation=org,
            year=year,
            by=user,
            contact_name=user.get_full_name(),
            contact_title="informationssäkerhetssamordnare",
            # The figures as of the bench date, whatever day it is seeded on.
            data_date=today,
        )
        # Written through the service, at the real time: dated in the spring
        # after the year it reviews.
        redate_since(org, marks, BENCH_END - timedelta(days=60))
        sections = list(review.sections.all())
        for section in sections:
            section.text = SECTION_TEXT
        ReviewSection.objects.bulk_update(sections, ["text"])
