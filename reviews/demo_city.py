"""Demo: a second, smaller förvaltning of Stockholms stad, invented for the demo
(not in the reference data): Idrottsförvaltningen (IDR), with a small register,
a few risks, incidents and actions, and its 2023 review decided, so the city's
overview and "Stadens sammanställning 2023" have two rows (issue 21).

Its own users: ``idr-samordnare`` (coordinator) and ``idr-chef`` (head). Runs
after the demo's history is dated (a ``demo_last`` loader): it dates its own
organisation's history itself, then submits and approves its review as of the
data date. A second ``loaddemo`` changes nothing: every row is written through
``ensure`` and a decided review is left as it is."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action, ActionArea, ActionStatus, Priority
from classification.models import Classification, InformationAsset, Risk
from lgsys import demo
from lgsys.demo import DEMO_LOGO, DEMO_PASSWORD, DemoContext, ensure
from lgsys.models import Membership, Organisation, Role
from reviews.approval import services as approval
from reviews.approval.checks import REQUIRED
from reviews.models import Incident, ManagementReview, ReviewSection, ReviewStatus
from reviews.report import services as report

CODE = "IDR"
YEAR = 2023
DATA_DATE = date(YEAR, 10, 31)
DECIDED_ON = date(YEAR, 11, 28)

USERS = [
    # username, first name, last name, role, title
    (
        "idr-samordnare",
        "Omar",
        "Haddad",
        Role.COORDINATOR,
        "informationssäkerhetssamordnare",
    ),
    ("idr-chef", "Karin", "Lund", Role.HEAD, "idrottsdirektör"),
]


def _at(*parts) -> datetime:
    return timezone.make_aware(datetime(*parts))


# name, prioritised, personal data, classification (day, k, r, t) or None
ASSETS = [
    ("Bokningar av idrottsanläggningar", True, True, (date(2023, 3, 8), 2, 2, 2)),
    ("Föreningsregister och bidrag", True, True, (date(2023, 4, 19), 2, 3, 1)),
    ("Passersystem för simhallar", False, True, (date(2023, 5, 30), 3, 2, 3)),
    ("Driftdata för isbanor", False, False, None),
    ("Skolidrottens deltagarlistor", True, True, None),
]

# title, likelihood, consequence, treatment, status
RISKS = [
    (
        "Obehörig åtkomst till passerloggar",
        3,
        3,
        Risk.Treatment.REDUCE,
        Risk.Status.TREATING,
    ),
    (
        "Felaktiga bidragsbeslut på grund av fel i föreningsregistret",
        2,
        3,
        Risk.Treatment.REDUCE,
        Risk.Status.OPEN,
    ),
    (
        "Bokningssystemet otillgängligt under helger",
        2,
        2,
        Risk.Treatment.ACCEPT,
        Risk.Status.ACCEPTED,
    ),
    ("Deltagarlistor delas i privata e-postkonton", 3, 2, Risk.Treatment.REDUCE, ""),
]

# title, kind, discovered, IMY assessment, reported to IMY
INCIDENTS = [
    (
        "Passerkort fungerade för avslutade medarbetare",
        Incident.Kind.PERSONAL_DATA,
        _at(2023, 2, 6, 8, 30),
        Incident.ImyAssessment.REPORTED,
        _at(2023, 2, 7, 15, 0),
    ),
    (
        "Deltagarlista skickad till fel förening",
        Incident.Kind.PERSONAL_DATA,
        _at(2023, 6, 12, 10, 0),
        Incident.ImyAssessment.NOT_REPORTED,
        None,
    ),
    (
        "Driftstopp i bokningssystemet",
        Incident.Kind.IT,
        _at(2023, 8, 19, 9, 15),
        "",
        None,
    ),
]

AREA = "Behörigheter och inventering"
# text, start year, end year, status
ACTIONS = [
    ("Rensa behörigheter i passersystemet varje kvartal", 2023, 2024, "genomford"),
    ("Klassa driftdata och deltagarlistor", 2024, 2024, "forsenad"),
    ("Inför rutin för deltagarlistor i skolidrotten", 2024, 2025, "pagar"),
]

SECTION_TEXT = {
    "intro": "Idrottsförvaltningen redovisar här ledningens genomgång av "
    "informationssäkerheten för 2023.",
    "1.1": "Förvaltningen följer stadens ledningssystem för "
    "informationssäkerhet och dess tillämpningsanvisning.",
    "1.2.4": "Tre av fem informationsmängder är klassade; driftdata och "
    "deltagarlistor klassas under 2024.",
    "1.2.9": "En personuppgiftsincident anmäldes till IMY inom 72 timmar.",
    "1.3": "Förvaltningen prioriterar behörigheter och inventering.",
}


def _users() -> dict:
    User = get_user_model()
    users = {}
    for username, first, last, _role, _title in USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        changed = user.pk is None
        for attr, value in (
            ("first_name", first),
            ("last_name", last),
            ("email", f"{username}@idrott.example.se"),
            ("is_active", True),
        ):
            if getattr(user, attr) != value:
                setattr(user, attr, value)
                changed = True
        if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.save()
        users[username] = user
    return users


def organisation() -> Organisation:
    return ensure(
        Organisation,
        {"code": CODE},
        {
            "name": "Idrottsförvaltningen",
            "kind": Organisation.Kind.FORVALTNING,
            "municipality": "Stockholms stad",
            "city": demo.city(),
            "logo": DEMO_LOGO.read_bytes(),
            "logo_type": "image/svg+xml",
        },
    )


def _registers(org: Organisation, by) -> None:
    for name, prioritised, personal, classification in ASSETS:
        asset = ensure(
            InformationAsset,
            {"organisation": org, "name": name},
            {
                "prioritised": prioritised,
                "personal_data": personal,
                "owner_title": "enhetschef",
            },
            user=by,
        )
        if classification is not None:
            day, k, r, t = classification
            ensure(
                Classification,
                {"organisation": org, "asset": asset, "classified_on": day},
                {"k": k, "r": r, "t": t, "classified_by": by},
                user=by,
            )
    for title, lk, c, treatment, status in RISKS:
        ensure(
            Risk,
            {"organisation": org, "title": title},
            {
                "source": Risk.Source.CLASSIFICATION,
                "likelihood": lk,
                "consequence": c,
                "treatment": treatment,
                "status": status or Risk.Status.OPEN,
                "identified_on": date(2023, 9, 15),
            },
            user=by,
        )
    for title, kind, discovered, imy, reported in INCIDENTS:
        ensure(
            Incident,
            {"organisation": org, "title": title},
            {
                "kind": kind,
                "occurred_at": discovered,
                "discovered_at": discovered,
                "ended_at": discovered,
                "imy_assessment": imy,
                "reported_to_imy_at": reported,
                "status": Incident.Status.CLOSED,
            },
            user=by,
        )
    area = ensure(
        ActionArea, {"organisation": org, "title": AREA}, {"order": 10}, user=by
    )
    for order, (text, start, end, status) in enumerate(ACTIONS, start=1):
        ensure(
            Action,
            {"organisation": org, "area": area, "text": text},
            {
                "start_year": start,
                "end_year": end,
                "order": order * 10,
                "responsible_title": "informationssäkerhetssamordnare",
                "status": status,
                "priority": Priority.HIGH
                if status == ActionStatus.DELAYED
                else Priority.MEDIUM,
            },
            user=by,
        )


def load(ctx: DemoContext) -> None:
    org = organisation()
    users = _users()
    for username, _first, _last, role, title in USERS:
        ensure(
            Membership,
            {"user": users[username], "organisation": org},
            {"role": role, "title": title},
        )
    coordinator, head = users["idr-samordnare"], users["idr-chef"]
    review = ManagementReview.objects.filter(
        organisation=org, year=YEAR, replaces__isnull=True
    ).first()
    if review is not None and review.status == ReviewStatus.APPROVED:
        return  # decided: left as it is
    _registers(org, coordinator)
    if review is None:
        review = report.review_create(
            organisation=org,
            year=YEAR,
            by=coordinator,
            dnr=f"{CODE} {YEAR}/0412",
            contact_name="Omar Haddad",
            contact_title="informationssäkerhetssamordnare",
        )
    if review.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        ensure(
            ManagementReview,
            {"pk": review.pk},
            {"data_date": DATA_DATE},
            user=coordinator,
        )
        for key, text in SECTION_TEXT.items():
            ensure(
                ReviewSection,
                {"review": review, "key": key},
                {"text": text},
                user=coordinator,
            )
        assert set(SECTION_TEXT) >= REQUIRED
        # The registers' history in the year it describes, as for the demo's
        # own organisation, so the review finds them as of its data date.
        demo.date_history(DemoContext(organisation=org))
        review = approval.review_submit(review=review, by=coordinator)
    if review.status == ReviewStatus.SUBMITTED:
        approval.review_approve(
            review=review, by=head, password=DEMO_PASSWORD, decided_on=DECIDED_ON
        )
    if ctx.stdout is not None:
        ctx.stdout.write(
            "Idrottsförvaltningen (IDR), the demo's second förvaltning: "
            + ", ".join(f"{u[0]} ({u[1]} {u[2]}, {u[3].label})" for u in USERS)
        )
