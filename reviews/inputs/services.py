"""Every write to the review inputs: incidents and deviations, findings, changes
in the world and the city, training and data subject requests.

Writing them is the coordinator's; the rules of each record (the IMY clock's
consistency, a request's deadline) are the model's ``clean()``, run here before
every save, with who and why in the history.
"""

from django.db import transaction

from lgsys import services as core
from reviews.models import (
    AccessRequest,
    ContextChange,
    Finding,
    Incident,
    TrainingRecord,
)


@transaction.atomic
def incident_create(*, incident: Incident, by, m2m: dict | None = None) -> Incident:
    return core.edit_create(incident, by=by, m2m=m2m)


@transaction.atomic
def incident_update(
    *,
    incident: Incident,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> Incident:
    return core.edit_update(incident, by=by, version=version, m2m=m2m, reason=reason)


@transaction.atomic
def incident_delete(*, incident: Incident, by) -> None:
    core.edit_delete(incident, by=by)


@transaction.atomic
def finding_create(*, finding: Finding, by, m2m: dict | None = None) -> Finding:
    return core.edit_create(finding, by=by, m2m=m2m)


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> Finding:
    return core.edit_update(finding, by=by, version=version, m2m=m2m, reason=reason)


@transaction.atomic
def finding_delete(*, finding: Finding, by) -> None:
    core.edit_delete(finding, by=by)


@transaction.atomic
def change_create(
    *, change: ContextChange, by, m2m: dict | None = None
) -> ContextChange:
    return core.edit_create(change, by=by, m2m=m2m)


@transaction.atomic
def change_update(
    *,
    change: ContextChange,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> ContextChange:
    return core.edit_update(change, by=by, version=version, m2m=m2m, reason=reason)


@transaction.atomic
def change_delete(*, change: ContextChange, by) -> None:
    core.edit_delete(change, by=by)


@transaction.atomic
def training_create(
    *, training: TrainingRecord, by, m2m: dict | None = None
) -> TrainingRecord:
    return core.edit_create(training, by=by, m2m=m2m)


@transaction.atomic
def training_update(
    *,
    training: TrainingRecord,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> TrainingRecord:
    return core.edit_update(training, by=by, version=version, m2m=m2m, reason=reason)


@transaction.atomic
def training_delete(*, training: TrainingRecord, by) -> None:
    core.edit_delete(training, by=by)


@transaction.atomic
def request_create(
    *, request: AccessRequest, by, m2m: dict | None = None
) -> AccessRequest:
    return core.edit_create(request, by=by, m2m=m2m)


@transaction.atomic
def request_update(
    *,
    request: AccessRequest,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> AccessRequest:
    return core.edit_update(request, by=by, version=version, m2m=m2m, reason=reason)


@transaction.atomic
def request_delete(*, request: AccessRequest, by) -> None:
    core.edit_delete(request, by=by)
