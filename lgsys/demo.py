"""Demo data: Stockholms stad / Kulturförvaltningen and one user per role.

Every loader writes through :func:`ensure`, which creates a missing row and
changes an existing one only where a value differs, so running ``loaddemo``
twice leaves every table, history tables included, exactly as it was.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.db.models import Model

from lgsys.models import Membership, Organisation, Role

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


def load(ctx: DemoContext) -> None:
    User = get_user_model()
    for username, first, last, role, title in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
        changed = False
        for attr, value in (
            ("first_name", first),
            ("last_name", last),
            ("email", f"{username}@kultur.example.se"),
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
        ctx.users[username] = user
        ensure(
            Membership,
            {"user": user, "organisation": ctx.organisation},
            {"role": role, "title": title},
        )


def organisation() -> Organisation:
    return ensure(
        Organisation,
        {"code": "KUL"},
        {
            "name": "Kulturförvaltningen",
            "kind": Organisation.Kind.FORVALTNING,
            "municipality": "Stockholms stad",
        },
    )
