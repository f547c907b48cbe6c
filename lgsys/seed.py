"""Generating a large, plausible organisation (``manage.py seed_large``).

Every date the seeders write is computed from BENCH_DATE, never from today, so
the same sizes give the same rows (and the same report) on any day. The history
is consistent: each record's created row ("+") is dated on the day the record
describes (an asset's inventory, a risk's identification, an incident's
discovery…), its changes ("~") after it, through the years up to BENCH_DATE.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from lgsys.models import Membership, Organisation, Role

FIRST_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Kerstin",
    "Emma",
    "Ingrid",
    "Johan",
    "Lars",
    "Mikael",
    "Anders",
    "Per",
    "Erik",
    "Karl",
    "Peter",
    "Jonas",
    "Fatima",
    "Ali",
    "Mohammed",
    "Aisha",
    "Nils",
    "Linnea",
    "Oskar",
    "Elsa",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Sandberg",
]
TITLES = [
    "enhetschef",
    "avdelningschef",
    "verksamhetsutvecklare",
    "systemförvaltare",
    "IT-samordnare",
    "arkivarie",
    "registrator",
    "HR-specialist",
    "controller",
    "bibliotekschef",
    "kulturstrateg",
    "dataskyddssamordnare",
]
BATCH = 20_000
# The day the seeded organisation is described on: a constant, not today.
BENCH_DATE = date(2026, 6, 30)
BENCH_END = datetime.combine(BENCH_DATE, time(16, 0), tzinfo=UTC)
# The organisation, its members and its plan areas were set up on this day.
ORG_START = datetime(2021, 1, 11, 8, 0, tzinfo=UTC)
YEARS = 5  # how far back the register's records go


def moment(day: date, rng: random.Random) -> datetime:
    """A moment of office hours (UTC) on ``day``."""
    return datetime.combine(day, time(7, 0), tzinfo=UTC) + timedelta(
        seconds=rng.randint(0, 9 * 3600)
    )


def day_between(rng: random.Random, first: date, last: date = BENCH_DATE) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def created_on(obj, when) -> object:
    """Date ``obj``'s created history row (bulk_create_with_history reads it)."""
    if not hasattr(when, "hour"):  # a day
        when = datetime.combine(when, time(9, 0), tzinfo=UTC)
    obj._history_date = min(when, BENCH_END)
    return obj


@dataclass
class SeedContext:
    organisation: Organisation
    counts: dict
    rng: random.Random
    users: list = field(default_factory=list)  # members of every role
    coordinator: object = None
    today: date = BENCH_DATE

    @classmethod
    def create(cls, *, code: str, counts: dict, random_seed: int) -> "SeedContext":
        rng = random.Random(random_seed)
        marks = history_marks()
        org, _ = Organisation.objects.get_or_create(
            code=code, defaults={"name": f"Stadsförvaltning {code.title()}"}
        )
        ctx = cls(organisation=org, counts=counts, rng=rng)
        user_model = get_user_model()
        roles = [Role.COORDINATOR, Role.HEAD, Role.AUDITOR] + [Role.OWNER] * 37
        for i, role in enumerate(roles):
            username = f"{code.lower()}-{i:02d}"
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(
                    username=username,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    email=f"{username}@example.se",
                    date_joined=ORG_START,
                )
                user.set_unusable_password()
                user.save()
            Membership.objects.get_or_create(
                user=user,
                organisation=org,
                defaults={"role": role, "title": rng.choice(TITLES)},
            )
            ctx.users.append(user)
        ctx.coordinator = ctx.users[0]
        redate_since(org, marks, ORG_START)
        return ctx

    @property
    def owners(self) -> list:
        return self.users[3:]


def tracked_history_models() -> list:
    """History models of the organisation-owned models."""
    found = []
    for model in apps.get_models():
        history = getattr(model, "history", None)
        if history is None or not hasattr(history, "model"):
            continue
        if any(f.name == "organisation" for f in model._meta.fields):
            found.append(history.model)
    return found


def history_count(org) -> int:
    return sum(
        h._base_manager.filter(organisation_id=org.pk).count()
        for h in tracked_history_models()
    )


def history_marks() -> dict:
    """The last history row of each table: what is written after it is new."""
    return {
        h: h._base_manager.order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
        or 0
        for h in tracked_history_models()
    }


def redate_since(org, marks: dict, at: datetime) -> None:
    """Date the history rows written through the services since ``marks`` (they
    carry the real time of the run) at ``at``, a second apart in their order."""
    step = 0
    for history_model, last in marks.items():
        rows = history_model._base_manager.filter(
            organisation_id=org.pk, history_id__gt=last
        ).order_by("history_id")
        for history_id in rows.values_list("history_id", flat=True):
            history_model._base_manager.filter(history_id=history_id).update(
                history_date=at + timedelta(seconds=step)
            )
            step += 1


def top_up_history(org, target: int) -> int:
    """Add history rows until the organisation has ``target`` in all: changes
    ("~") of its records, each a copy of the record's created row dated between
    its creation and BENCH_END, so no change precedes its record's "+" row.

    The rows are inserted with executemany, not through the models: building a
    million model instances and adapting their values one by one took most of
    seed_large's time. Each created row is adapted for the database once; a copy
    differs from it only in its date, type and reason. Rows go in per table in
    date order (the history's date index grows at its end, not at random).
    """
    missing = target - history_count(org)
    if missing <= 0:
        return 0
    sources = []  # (history model, the created row adapted for the database, date)
    for history_model in tracked_history_models():
        fields = _fields(history_model)
        rows = history_model._base_manager.filter(
            organisation_id=org.pk, history_type="+"
        ).order_by("history_id")
        for row in rows.values_list(*[f.attname for f in fields]):
            values = [
                _db_value(field, value)
                for field, value in zip(fields, row, strict=True)
            ]
            created = row[[f.attname for f in fields].index("history_date")]
            sources.append((history_model, values, created.timestamp()))
    if not sources:
        return 0
    rng = random.Random(target)
    end = BENCH_END.timestamp()
    sqlite = connection.vendor == "sqlite"
    added = 0
    with connection.cursor() as cursor, _fast_inserts(cursor):
        while added < missing:
            size = min(BATCH, missing - added)
            by_model: dict = {}
            for _ in range(size):
                history_model, values, created = rng.choice(sources)
                when = datetime.fromtimestamp(
                    rng.uniform(created + 1, max(created + 2, end)), UTC
                )
                by_model.setdefault(history_model, []).append(
                    (str(when.replace(tzinfo=None)) if sqlite else when, values)
                )
            with transaction.atomic():
                for history_model, copies in by_model.items():
                    cursor.executemany(
                        _insert_sql(history_model), _copies(history_model, copies)
                    )
            added += size
    return added


def _fields(history_model) -> list:
    return [f for f in history_model._meta.concrete_fields if f.column != "history_id"]


def _insert_sql(history_model) -> str:
    quote = connection.ops.quote_name
    columns = [f.column for f in _fields(history_model)]
    names, marks = ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
    return (
        f"INSERT INTO {quote(history_model._meta.db_table)} ({names}) VALUES ({marks})"
    )


def _copies(history_model, copies: list):
    """The rows of ``copies`` ((date, created row)), in date order, as changes."""
    names = [f.attname for f in _fields(history_model)]
    at_date = names.index("history_date")
    at_type = names.index("history_type")
    at_reason = names.index("history_change_reason")
    copies.sort(key=lambda copy: copy[0])
    for when, values in copies:
        row = list(values)
        row[at_date], row[at_type], row[at_reason] = when, "~", "seed_large"
        yield row


def _db_value(field, value):
    """``value`` as the database adapter takes it (JSON as text, dates as SQLite
    stores them)."""
    if value is None:
        return None
    return field.get_db_prep_value(value, connection, prepared=False)


@contextmanager
def _fast_inserts(cursor):
    """On SQLite, this connection only: no fsync per batch (the bench database is
    built from scratch; a crash means seeding again) and a page cache that holds
    the history indexes (about 250 MB), so inserts do not re-read pages."""
    if connection.vendor != "sqlite":
        yield
        return
    # (The safety level cannot change inside a transaction, as in a test.)
    outside = not connection.in_atomic_block
    cursor.execute("PRAGMA synchronous")
    synchronous = cursor.fetchone()[0]
    cursor.execute("PRAGMA cache_size")
    cache_size = cursor.fetchone()[0]
    if outside:
        cursor.execute("PRAGMA synchronous = OFF")
    cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        if outside:
            cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")
        cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
