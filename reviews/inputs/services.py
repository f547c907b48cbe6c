"""Every write to the review inputs: incidents and deviations, findings, changes
in the world and the city, training and data subject requests.

Writing them is the coordinator's; the rules of each record (the IMY clock's
consistency, a request's deadline) are the model's ``clean()``, run here before
every save, with who and why in the history.
"""

from django.db import transaction

from lgsys import reasons
from lgsys import services as core
from lgsys.models import Capability
from reviews.models import (
    AccessRequest,
    ContextChange,
    Finding,
    Incident,
    TrainingRecord,
)


def _create(obj, by, m2m):
    core.member(by, obj.organisation, Capability.EDIT)
    return core.save_new(obj, by=by, reason=reasons.reason("created"), m2m=m2m)


def _update(obj, by, version, m2m, reason=""):
    """A change; ``reason`` is the user's words for the history."""
    core.member(by, obj.organisation, Capability.EDIT)
    return core.save_change(
        obj, by=by, version=version, reason=reasons.reason("changed", reason), m2m=m2m
    )


def _delete(obj, by):
    core.member(by, obj.organisation, Capability.EDIT)
    core.delete(obj, by=by, reason=reasons.reason("deleted"))


@transaction.atomic
def incident_create(*, incident: Incident, by, m2m: dict | None = None) -> Incident:
    return _create(incident, by, m2m)


@transaction.atomic
def incident_update(
    *,
    incident: Incident,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> Incident:
    return _update(incident, by, version, m2m, reason)


@transaction.atomic
def incident_delete(*, incident: Incident, by) -> None:
    _delete(incident, by)


@transaction.atomic
def finding_create(*, finding: Finding, by, m2m: dict | None = None) -> Finding:
    return _create(finding, by, m2m)


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> Finding:
    return _update(finding, by, version, m2m, reason)


@transaction.atomic
def finding_delete(*, finding: Finding, by) -> None:
    _delete(finding, by)


@transaction.atomic
def change_create(
    *, change: ContextChange, by, m2m: dict | None = None
) -> ContextChange:
    return _create(change, by, m2m)


@transaction.atomic
def change_update(
    *,
    change: ContextChange,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> ContextChange:
    return _update(change, by, version, m2m, reason)


@transaction.atomic
def change_delete(*, change: ContextChange, by) -> None:
    _delete(change, by)


@transaction.atomic
def training_create(
    *, training: TrainingRecord, by, m2m: dict | None = None
) -> TrainingRecord:
    return _create(training, by, m2m)


@transaction.atomic
def training_update(
    *,
    training: TrainingRecord,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> TrainingRecord:
    return _update(training, by, version, m2m, reason)


@transaction.atomic
def training_delete(*, training: TrainingRecord, by) -> None:
    _delete(training, by)


@transaction.atomic
def request_create(
    *, request: AccessRequest, by, m2m: dict | None = None
) -> AccessRequest:
    return _create(request, by, m2m)


@transaction.atomic
def request_update(
    *,
    request: AccessRequest,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> AccessRequest:
    return _update(request, by, version, m2m, reason)


@transaction.atomic
def request_delete(*, request: AccessRequest, by) -> None:
    _delete(request, by)
