"""Generating a large, plausible organisation (``manage.py seed_large``)."""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

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
BATCH = 5000


@dataclass
class SeedContext:
    organisation: Organisation
    counts: dict
    rng: random.Random
    users: list = field(default_factory=list)  # members of every role
    coordinator: object = None

    @classmethod
    def create(cls, *, code: str, counts: dict, random_seed: int) -> "SeedContext":
        rng = random.Random(random_seed)
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


def top_up_history(org, target: int) -> int:
    """Add history rows until the organisation has ``target`` in all: copies of
    its objects' real history rows, as "changed" records spread over five years.

    bulk_create is used on purpose: the ordinary path writes one row per save and
    would take far longer; the copies are valid history rows of existing objects.
    """
    missing = target - history_count(org)
    if missing <= 0:
        return 0
    sources = []
    for history_model in tracked_history_models():
        rows = list(
            history_model._base_manager.filter(organisation_id=org.pk).values()[:2000]
        )
        sources += [(history_model, row) for row in rows]
    if not sources:
        return 0
    rng = random.Random(target)
    now = timezone.now()
    added = 0
    while added < missing:
        size = min(BATCH, missing - added)
        by_model: dict = {}
        for _ in range(size):
            history_model, row = rng.choice(sources)
            copy = dict(row)
            copy.pop("history_id", None)
            copy["history_type"] = "~"
            copy["history_date"] = now - timedelta(
                seconds=rng.randint(3600, 5 * 365 * 24 * 3600)
            )
            copy["history_change_reason"] = "seed_large"
            by_model.setdefault(history_model, []).append(history_model(**copy))
        with transaction.atomic():
            for history_model, objs in by_model.items():
                history_model._base_manager.bulk_create(objs, batch_size=1000)
        added += size
    return added
