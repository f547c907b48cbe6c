"""Review inputs and a review for a large organisation (``manage.py seed_large``):
incidents (with consistent IMY data for personal data breaches), findings, changes
in the world, training, data subject requests, and the current year's review with
its sections filled."""

from datetime import UTC, date, datetime, timedelta

from simple_history.utils import bulk_create_with_history

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
    now = datetime.now(UTC)
    incidents = []
    for i in range(ctx.counts.get("incidents", 0)):
        kind = rng.choice(list(Incident.Kind.values))
        occurred = now - timedelta(days=rng.randint(1, 1400), hours=rng.randint(0, 23))
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
            Incident(
                organisation=org,
                title=f"{rng.choice(INCIDENT_TITLES)} ({i + 1})",
                kind=kind,
                occurred_at=occurred,
                discovered_at=discovered,
                ended_at=discovered + timedelta(hours=rng.randint(1, 200)),
                description="Händelsen rapporterades av en medarbetare.",
                severity=rng.choice(list(Incident.Severity.values)),
                consequences="Begränsade konsekvenser för verksamheten.",
                measures="Berörda informerades och behörigheter sågs över.",
                status=rng.choice(list(Incident.Status.values)),
                **fields,
            )
        )
    bulk_create_with_history(incidents, Incident, batch_size=500, default_user=user)

    this_year = date.today().year
    bulk_create_with_history(
        [
            Finding(
                organisation=org,
                source=rng.choice(list(Finding.Source.values)),
                year=rng.randint(this_year - 3, this_year),
                reference=f"Rapport {rng.randint(1, 40)}/{rng.randint(2021, 2025)}",
                text=rng.choice(FINDING_TEXTS),
                recommendation="Förvaltningen bör upprätta en rutin.",
                status=rng.choice(list(Finding.Status.values)),
                response="Åtgärd planeras i åtgärdsplanen.",
            )
            for _ in range(120)
        ],
        Finding,
        batch_size=500,
        default_user=user,
    )
    bulk_create_with_history(
        [
            ContextChange(
                organisation=org,
                date=date.today() - timedelta(days=rng.randint(0, 700)),
                scope=rng.choice(list(ContextChange.Scope.values)),
                title=f"Förändring {i + 1}",
                text="Ny lagstiftning och nya krav från staden påverkar arbetet.",
                iso_input=rng.choice(list(ContextChange.IsoInput.values)),
            )
            for i in range(40)
        ],
        ContextChange,
        default_user=user,
    )
    training = []
    for year in range(this_year - 3, this_year + 1):
        for course in COURSES:
            required = rng.randint(50, 900)
            training.append(
                TrainingRecord(
                    organisation=org,
                    year=year,
                    course=course,
                    target_group="Alla medarbetare",
                    required=required,
                    completed=rng.randint(0, required),
                )
            )
    bulk_create_with_history(training, TrainingRecord, default_user=user)
    requests = []
    for _ in range(150):
        received = date.today() - timedelta(days=rng.randint(0, 1400))
        requests.append(
            AccessRequest(
                organisation=org,
                received_on=received,
                kind=rng.choice(list(AccessRequest.Kind.values)),
                answered_on=received + timedelta(days=rng.randint(1, 40)),
            )
        )
    bulk_create_with_history(requests, AccessRequest, default_user=user)

    year = this_year - 1
    if not ManagementReview.objects.filter(organisation=org, year=year).exists():
        review = review_create(
            organisation=org,
            year=year,
            by=user,
            contact_name=user.get_full_name(),
            contact_title="informationssäkerhetssamordnare",
        )
        sections = list(review.sections.all())
        for section in sections:
            section.text = SECTION_TEXT
        ReviewSection.objects.bulk_update(sections, ["text"])
