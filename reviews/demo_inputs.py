"""Demo: Kulturförvaltningen's review inputs for 2023, as the reference report
describes them (sections 1.2.1–1.2.9)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from lgsys.demo import DemoContext, ensure
from reviews.models import (
    AccessRequest,
    ContextChange,
    Finding,
    Incident,
    TrainingRecord,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _at(*parts) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


# Several minor incidents in 2023, none reported to IMY (1.2.9), and a few in the
# two years before, so the three-year chart has something to compare.
INCIDENTS = [
    (
        "Felskickat e-postmeddelande med låneuppgifter",
        Incident.Kind.PERSONAL_DATA,
        _at(2023, 3, 14, 9, 20),
        _at(2023, 3, 14, 10, 5),
        Incident.ImyAssessment.NOT_REPORTED,
        "E-post med en låntagares lånehistorik skickades till fel mottagare inom staden. "
        "Mottagaren raderade meddelandet. Bedömningen är att incidenten sannolikt inte "
        "medför en risk för den registrerade.",
    ),
    (
        "Driftstörning i bibliotekssystemet",
        Incident.Kind.IT,
        _at(2023, 5, 2, 7, 45),
        _at(2023, 5, 2, 8, 0),
        "",
        "Bibliotekssystemet var otillgängligt i tre timmar på grund av ett elavbrott hos "
        "leverantören. Utlån hanterades manuellt.",
    ),
    (
        "Nätfiskeförsök mot medarbetare",
        Incident.Kind.SECURITY,
        _at(2023, 9, 11, 13, 10),
        _at(2023, 9, 11, 13, 30),
        "",
        "Flera medarbetare fick e-post som efterliknade stadens inloggningssida. Ingen "
        "lämnade ut uppgifter; meddelandena rapporterades och spärrades.",
    ),
    (
        "Obehörig behörighet kvarstod efter avslutad anställning",
        Incident.Kind.POLICY,
        _at(2023, 11, 6, 9, 0),
        _at(2023, 11, 20, 10, 0),
        "",
        "Vid kontroll av behörigheter upptäcktes att en avslutad anställd hade kvar "
        "behörighet till ett verksamhetssystem. Behörigheten togs bort samma dag.",
    ),
    (
        "Utskrift med personuppgifter lämnad i skrivare",
        Incident.Kind.PERSONAL_DATA,
        _at(2022, 6, 8, 15, 0),
        _at(2022, 6, 9, 8, 10),
        Incident.ImyAssessment.NOT_REPORTED,
        "En utskrift med kontaktuppgifter till deltagare lämnades i en gemensam skrivare "
        "och hittades av en kollega.",
    ),
    (
        "Tillfälligt avbrott i e-posttjänsten",
        Incident.Kind.IT,
        _at(2022, 10, 3, 8, 0),
        _at(2022, 10, 3, 8, 5),
        "",
        "Stadens e-posttjänst var otillgänglig under en förmiddag.",
    ),
    (
        "Förlorad surfplatta i kulturhus",
        Incident.Kind.SECURITY,
        _at(2021, 4, 19, 16, 0),
        _at(2021, 4, 20, 9, 0),
        "",
        "En surfplatta utan känslig information förlorades; den spärrades och raderades "
        "på distans.",
    ),
]

FINDINGS = [
    (
        Finding.Source.AUDIT,
        2022,
        "Revisionens årsrapport 2022",
        "Kulturförvaltningen ska utveckla styrning och uppföljning av arbetet med att "
        "efterleva dataskyddsförordningen.",
        "Utveckla styrning och uppföljning av arbetet med att efterleva "
        "dataskyddsförordningen.",
        Finding.Status.REMAINS,
    ),
    (
        Finding.Source.AUDIT,
        2022,
        "Revisionens årsrapport 2022",
        "Informationstillgångar är inte informationsklassade.",
        "Informationsklassificera informationstillgångar.",
        Finding.Status.IN_PROGRESS,
    ),
    (
        Finding.Source.AUDIT,
        2022,
        "Revisionens årsrapport 2022",
        "Personuppgiftsbehandlingar inventeras inte regelbundet.",
        "Regelbundet och systematiskt inventera personuppgiftshandlingar.",
        Finding.Status.IN_PROGRESS,
    ),
    (
        Finding.Source.GDPR,
        2023,
        "GDPR-årsrapport 2023",
        "Brister i tekniska och organisatoriska säkerhetsåtgärder för att skydda "
        "personuppgifter.",
        "Integrera arbetssätten för dataskydd och annan informationssäkerhet.",
        Finding.Status.IN_PROGRESS,
    ),
    (
        Finding.Source.GDPR,
        2023,
        "GDPR-årsrapport 2023",
        "Behov av utbildning inom dataskyddsarbete för nyckelroller.",
        "Utbilda nyckelroller som informationsägare och projektledare.",
        Finding.Status.IN_PROGRESS,
    ),
    (
        Finding.Source.RSA,
        2023,
        "Risk- och sårbarhetsanalys 2023",
        "Systemstöd kan bli otillgängligt på grund av exempelvis elavbrott.",
        "",
        Finding.Status.OPEN,
    ),
    (
        Finding.Source.RSA,
        2023,
        "Risk- och sårbarhetsanalys 2023",
        "Risk för phishing och cyberattacker.",
        "Skapa en säkerhetskultur och öka medvetenheten med planerade "
        "utbildningsinsatser.",
        Finding.Status.OPEN,
    ),
    (
        Finding.Source.RSA,
        2023,
        "Risk- och sårbarhetsanalys 2023",
        "Risker och säkerhetsbrister i lokala verksamhetssystem.",
        "Fortsätta det systematiska arbetet med informationsklassning och "
        "riskhantering.",
        Finding.Status.OPEN,
    ),
    (
        Finding.Source.VOR,
        2023,
        "Väsentlighets- och riskanalys 2024",
        "Stöd till informationsägare gällande förteckning av informationstillgångar och "
        "personuppgiftsbehandlingsområden behöver föras in i internkontrollplanen 2024.",
        "",
        Finding.Status.OPEN,
    ),
    (
        Finding.Source.IKP,
        2023,
        "Tertialrapport 2 2023",
        "Inga väsentliga avvikelser rapporterades. Kontroller av behörigheter, "
        "registerförteckning och informationsklassning har genomförts.",
        "",
        Finding.Status.RESOLVED,
    ),
]

CHANGES = [
    (
        date(2023, 12, 1),
        ContextChange.Scope.EXTERNAL,
        ContextChange.IsoInput.C,
        "EDPB:s fokusområde 2024: rätten till tillgång",
        "Rätten till tillgång (registerutdrag) har av Europiska dataskyddsstyrelsen "
        "(EDPB) valts ut som ett fokusområde för år 2024.",
    ),
    (
        date(2023, 7, 10),
        ContextChange.Scope.EXTERNAL,
        ContextChange.IsoInput.B,
        "EU–US Data Privacy Framework",
        "EU-kommissionen godkände ett nytt avtal mellan USA och EU som ökar skyddet för "
        "personuppgifter som hanteras av USA-ägda molnleverantörer.",
    ),
    (
        date(2023, 9, 1),
        ContextChange.Scope.CITY,
        ContextChange.IsoInput.B,
        "Normerande klassningar",
        "Staden genomför en satsning på normerande klassningar, där kulturförvaltningen "
        "deltar.",
    ),
    (
        date(2023, 10, 1),
        ContextChange.Scope.CITY,
        ContextChange.IsoInput.B,
        "Nytt verktyg för incidenthantering",
        "Incidentprocessen och ett nytt verktyg för incidenthantering utreds.",
    ),
    (
        date(2023, 11, 15),
        ContextChange.Scope.CITY,
        ContextChange.IsoInput.C,
        "Nya e-utbildningar 2024",
        "Staden har tagit fram nya e-utbildningar inom informationssäkerhet för "
        "medarbetare och chefer, som lanseras under 2024.",
    ),
    (
        date(2023, 12, 15),
        ContextChange.Scope.CITY,
        ContextChange.IsoInput.C,
        "Digitalt kompetenslyft 2024–2025 (ESF)",
        "Under 2024-2025 pågår ett projekt för digitalt kompetenslyft på "
        "Kulturförvaltningen med finansiering av Europeiska Socialfonden (ESF).",
    ),
]

TRAINING = [
    (2023, "Grundkurs informationssäkerhet", "Alla medarbetare", 412, 351),
    (2023, "Grundkurs dataskydd", "Alla medarbetare", 412, 338),
    (
        2023,
        "Processutbildning registerförteckning och informationsklassning",
        "Informationssäkerhetssamordnare och dataskyddshandläggare",
        4,
        4,
    ),
    (2022, "Grundkurs informationssäkerhet", "Alla medarbetare", 405, 290),
]

REQUESTS = [
    (date(2023, 2, 6), AccessRequest.Kind.ACCESS, date(2023, 2, 27)),
    (date(2023, 5, 22), AccessRequest.Kind.ACCESS, date(2023, 6, 14)),
    (date(2023, 8, 31), AccessRequest.Kind.ERASURE, date(2023, 9, 20)),
    (date(2023, 10, 9), AccessRequest.Kind.ACCESS, date(2023, 11, 2)),
]


def load(ctx: DemoContext) -> None:
    org = ctx.organisation
    by = ctx.users.get("samordnare")
    for title, kind, occurred, discovered, imy, text in INCIDENTS:
        ensure(
            Incident,
            {"organisation": org, "title": title},
            {
                "kind": kind,
                "occurred_at": occurred,
                "discovered_at": discovered,
                "ended_at": discovered,
                "imy_assessment": imy,
                "description": text,
                "status": Incident.Status.CLOSED,
            },
            user=by,
        )
    for source, year, reference, text, recommendation, status in FINDINGS:
        ensure(
            Finding,
            {"organisation": org, "source": source, "text": text},
            {
                "year": year,
                "reference": reference,
                "recommendation": recommendation,
                "status": status,
            },
            user=by,
        )
    for day, scope, iso, title, text in CHANGES:
        ensure(
            ContextChange,
            {"organisation": org, "title": title},
            {"date": day, "scope": scope, "iso_input": iso, "text": text},
            user=by,
        )
    for year, course, group, required, completed in TRAINING:
        ensure(
            TrainingRecord,
            {"organisation": org, "year": year, "course": course},
            {"target_group": group, "required": required, "completed": completed},
            user=by,
        )
    for received, kind, answered in REQUESTS:
        ensure(
            AccessRequest,
            {"organisation": org, "received_on": received, "kind": kind},
            {"answered_on": answered},
            user=by,
        )
