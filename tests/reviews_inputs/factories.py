from datetime import date, datetime
from zoneinfo import ZoneInfo

from reviews.models import (
    AccessRequest,
    ContextChange,
    Finding,
    Incident,
    TrainingRecord,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


def make_incident(org, **fields) -> Incident:
    fields.setdefault("title", "Incident")
    fields.setdefault("kind", Incident.Kind.IT)
    fields.setdefault("discovered_at", at(2023, 5, 2, 8, 0))
    return Incident.objects.create(organisation=org, **fields)


def make_finding(org, **fields) -> Finding:
    fields.setdefault("source", Finding.Source.AUDIT)
    fields.setdefault("year", 2023)
    fields.setdefault("text", "Iakttagelse")
    return Finding.objects.create(organisation=org, **fields)


def make_change(org, **fields) -> ContextChange:
    fields.setdefault("date", date(2023, 6, 1))
    fields.setdefault("scope", ContextChange.Scope.EXTERNAL)
    fields.setdefault("title", "Förändring")
    return ContextChange.objects.create(organisation=org, **fields)


def make_training(org, **fields) -> TrainingRecord:
    fields.setdefault("year", 2023)
    fields.setdefault("course", "Grundkurs informationssäkerhet")
    fields.setdefault("required", 10)
    fields.setdefault("completed", 8)
    return TrainingRecord.objects.create(organisation=org, **fields)


def make_request(org, **fields) -> AccessRequest:
    fields.setdefault("received_on", date(2023, 1, 31))
    return AccessRequest.objects.create(organisation=org, **fields)


FACTORIES = {
    "incident": make_incident,
    "finding": make_finding,
    "change": make_change,
    "training": make_training,
    "request": make_request,
}
