"""How times and people read on every page, export and history row.

A moment is shown in Swedish local time as "2024-03-29 16:00" (never the UTC
value the database holds), a day as "2024-03-29"; a person by their full name,
with their title in the organisation where the membership has one
("Jenny Ekman, informationssäkerhetssamordnare").
"""

from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

TIME_FORMAT = "%Y-%m-%d %H:%M"


def local_time(value: datetime) -> str:
    """``value`` in local time, to the minute: "2024-03-29 16:00"."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(TIME_FORMAT)


def moment_or_day(value) -> str | None:
    """A datetime or a date as shown; None for anything else."""
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return None


def full_name(user) -> str:
    """A person by name (the user name only for an account without one)."""
    return user.get_full_name() or user.get_username()


def person(user, title: str = "") -> str:
    """ "Förnamn Efternamn, titel" (without a title: the name alone)."""
    return ", ".join(part for part in (full_name(user), title.strip()) if part)


def title_of(user, organisation) -> str:
    """``user``'s title in ``organisation`` ("" when none; one query)."""
    from lgsys.models import Membership

    title = (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("title", flat=True)
        .first()
    )
    return title or ""


def members(queryset: QuerySet, organisation) -> QuerySet:
    """The users of ``queryset`` who are members of ``organisation``, by name,
    each with their title there as ``member_title`` (one query)."""
    from lgsys.models import Membership

    titles = Membership.objects.filter(
        user=OuterRef("pk"), organisation=organisation
    ).values("title")[:1]
    return (
        queryset.filter(memberships__organisation=organisation)
        .annotate(member_title=Subquery(titles))
        .order_by("first_name", "last_name", "username")
    )


def member_label(user) -> str:
    """The label of a user from ``members()`` in a picker."""
    return person(user, getattr(user, "member_title", "") or "")
