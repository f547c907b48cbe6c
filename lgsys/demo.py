"""Demo data: Stockholms stad / Kulturförvaltningen and one user per role.

Every loader writes through :func:`ensure`, which creates a missing row and
changes an existing one only where a value differs, so running ``loaddemo``
twice leaves every table, history tables included, exactly as it was.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.db.models import Model
from django.utils import timezone

from lgsys.models import (
    CityMembership,
    CityRole,
    Membership,
    Municipality,
    Organisation,
    Role,
)

DEMO_PASSWORD = "lgsys-demo"
DEMO_REASON = "demodata"

DEMO_USERS = [
    # username, first name, last name, role, title
    (
        "samordnare",
        "Jenny",
        "Ekman",
        Role.COORDINATOR,
        "informationssäkerhetssamordnare",
    ),
    ("chef", "Gunilla", "Sandberg", Role.HEAD, "kulturdirektör"),
    ("revisor", "Erik", "Lindqvist", Role.AUDITOR, "revisor"),
    ("agare", "Maria", "Holm", Role.OWNER, "informationsägare, biblioteksverksamheten"),
]


# The city level's users (issue 21): Stockholms stad's own, in no organisation.
DEMO_CITY_USERS = [
    # username, first name, last name, city role, title
    (
        "stad",
        "Annika",
        "Bergström",
        CityRole.CISO,
        "stadens informationssäkerhetsansvarig",
    ),
    ("stadsrevisor", "Lars", "Nyberg", CityRole.AUDITOR, "stadsrevisor"),
]


@dataclass
class DemoContext:
    organisation: Organisation
    users: dict = field(default_factory=dict)  # username -> User
    stdout: OutputWrapper | None = None


def ensure(model: type[Model], lookup: dict, values: dict | None = None, *, user=None):
    """Get the row matching ``lookup``; create it with ``values``, or update the
    fields of ``values`` that differ. Saves (and so writes history) only on change."""
    values = values or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    else:
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return obj
        for key, value in changed.items():
            setattr(obj, key, value)
    obj._change_reason = DEMO_REASON
    if user is not None:
        obj._history_user = user
    obj.full_clean()
    obj.save()
    return obj


def ensure_m2m(obj: Model, field_name: str, targets) -> None:
    """Set a many-to-many relation only when its members differ."""
    manager = getattr(obj, field_name)
    wanted = {t.pk for t in targets}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(list(targets))


def _demo_user(username: str, first: str, last: str, email: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username)
    changed = False
    for attr, value in (
        ("first_name", first),
        ("last_name", last),
        ("email", email),
        ("is_active", True),
    ):
        if getattr(user, attr) != value:
            setattr(user, attr, value)
            changed = True
    if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed = True
    if changed or user.pk is None:
        user.save()
    return user


def load(ctx: DemoContext) -> None:
    for username, first, last, role, title in DEMO_USERS:
        user = _demo_user(username, first, last, f"{username}@kultur.example.se")
        ctx.users[username] = user
        ensure(
            Membership,
            {"user": user, "organisation": ctx.organisation},
            {"role": role, "title": title},
        )
    for username, first, last, role, title in DEMO_CITY_USERS:
        user = _demo_user(username, first, last, f"{username}@stad.example.se")
        ctx.users[username] = user
        ensure(
            CityMembership,
            {"user": user, "municipality": city()},
            {"role": role, "title": title},
        )


# The letterhead's logo: a neutral shield drawn for the demo, no real arms.
DEMO_LOGO = Path(__file__).parent / "demo_data" / "vapen.svg"


def city() -> Municipality:
    """Stockholms stad, the city level above the demo's organisations."""
    return ensure(Municipality, {"code": "STH"}, {"name": "Stockholms stad"})


def organisation() -> Organisation:
    return ensure(
        Organisation,
        {"code": "KUL"},
        {
            "name": "Kulturförvaltningen",
            "kind": Organisation.Kind.FORVALTNING,
            "municipality": "Stockholms stad",
            "city": city(),
            "logo": DEMO_LOGO.read_bytes(),
            "logo_type": "image/svg+xml",
        },
    )


# The demo's records are written today, but they describe 2022–2023: their
# history rows are dated in those years, so "as of" a 2023 day finds them.
DEMO_EPOCH = date(2022, 1, 10)
DESCRIBED_DATE_FIELDS = (
    "classified_on",
    "identified_on",
    "analysed_on",
    "discovered_at",
    "received_on",
    "date",
)


def _described(row) -> datetime:
    for name in DESCRIBED_DATE_FIELDS:
        value = getattr(row, name, None)
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return timezone.make_aware(datetime.combine(value, time(12)))
    year = getattr(row, "year", None)
    day = date(year, 6, 1) if isinstance(year, int) and year > 2000 else DEMO_EPOCH
    return timezone.make_aware(datetime.combine(day, time(12)))


def date_history(ctx: DemoContext) -> None:
    """Date the demo's history rows at the day their record describes: each
    record's first rows written by the demo, a second apart, up to its first row
    written by anyone else (a repair made by a later loaddemo keeps its real
    time); never later than now."""
    from lgsys.audit.sources import sources

    now = timezone.now()
    for source in sources():
        rows = source.for_organisation(ctx.organisation).order_by("id", "history_id")
        dating: dict = {}  # object id -> [first date, rows dated] or None: done
        for row in rows:
            if row.id in dating and dating[row.id] is None:
                continue
            if row.history_change_reason != DEMO_REASON:
                dating[row.id] = None
                continue
            start = dating.setdefault(row.id, [_described(row), 0])
            when = min(start[0] + timedelta(seconds=start[1]), now)
            start[1] += 1
            if row.history_date != when:
                type(row)._base_manager.filter(history_id=row.history_id).update(
                    history_date=when
                )
