"""The one write path for tracked records.

Every app's ``services.py`` writes its records through these helpers, so that each
write:

- is refused unless the writer is a member of the record's organisation with the
  capability it needs (``member()``);
- on a change, locks the stored row, and refuses a stale edit: the version the
  user loaded (``version``, the values the form showed) must still be the stored
  one. The lock makes the check and the save one step, so two simultaneous saves
  of the same version can never both pass (on SQLite every transaction takes the
  write lock at BEGIN, see settings);
- runs ``full_clean()`` and records who (``_history_user``) and why
  (``_change_reason``, a stable code from ``lgsys.reasons``) in the history.

Rules of a particular record (an owner edits only their own assets, the normative
floor, what blocks a deletion) live in the app's service around these calls.
"""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lgsys import reasons
from lgsys.history import display_value, name_of, tracked_fields
from lgsys.models import Capability, Membership

_SALT = "lgsys.services.version"


# Who may write ---------------------------------------------------------------


def member(by, organisation, *capabilities: str) -> Membership:
    """``by``'s membership of ``organisation``; refused unless it has one of
    ``capabilities`` (any, when none are given) and may change anything."""
    membership = (
        Membership.objects.for_user(by).filter(organisation=organisation).first()
        if by is not None
        else None
    )
    if membership is None or membership.read_only:
        raise PermissionDenied
    if capabilities and not any(membership.can(c) for c in capabilities):
        raise PermissionDenied
    return membership


# Versions --------------------------------------------------------------------


def version_of(obj: models.Model) -> dict[str, str]:
    """The values of ``obj`` that a stale-edit check compares."""
    return {
        f.attname: _comparable(getattr(obj, f.attname))
        for f in tracked_fields(type(obj))
    }


def _comparable(value) -> str:
    # The same instant reads the same whatever time zone it came in.
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = value.astimezone(UTC)
    # A file's bytes (a logo) by their digest: a form carries its version.
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    return str(value)


def version_token(obj: models.Model) -> str:
    """``version_of(obj)`` signed, for a form's hidden field."""
    return signing.dumps(version_of(obj), salt=_SALT)


def version_from_token(token: str) -> dict[str, str] | None:
    """The version a form carried, or None when it is missing or forged."""
    if not token:
        return None
    try:
        version = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return version if isinstance(version, dict) else None


class StaleEdit(ValidationError):
    """Someone saved the record after the user loaded it. ``current`` is the
    record as stored now, for the form to carry as its new version."""

    def __init__(self, messages: list[str], current: models.Model | None):
        super().__init__(messages, code="stale")
        self.current = current


def _last_writer(obj: models.Model) -> str:
    record = obj.history.select_related("history_user").order_by("-history_id").first()
    if record is None:
        return ""
    when = date_format(timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT")
    if record.history_user is None:
        return _("Saved %(when)s.") % {"when": when}
    return _("Saved by %(who)s, %(when)s.") % {
        "who": name_of(record.history_user),
        "when": when,
    }


def lock_current(obj: models.Model, version: dict | None) -> models.Model:
    """The stored row of ``obj``, locked for this transaction, after checking it
    is still the ``version`` the user loaded."""
    model = type(obj)
    current = model._default_manager.select_for_update().filter(pk=obj.pk).first()
    if current is None:
        raise StaleEdit(
            [_("This record was deleted while you were editing it.")], current=None
        )
    if version is None:
        raise StaleEdit(
            [
                _(
                    "The form did not say which version of the record you edited. "
                    "Check the record as it is now below; your own input is kept. "
                    "Save again to apply your version."
                )
            ],
            current=current,
        )
    now = version_of(current)
    if now == version:
        return current
    changed = []
    for f in tracked_fields(model):
        if version.get(f.attname) != now[f.attname]:
            if isinstance(f, models.ForeignKey):
                related = getattr(current, f.name)
                text = name_of(related) if related is not None else "–"
            elif isinstance(f, models.BinaryField):
                text = _("another file") if getattr(current, f.attname) else "–"
            else:
                text = display_value(f, getattr(current, f.attname), {})
            changed.append(
                _("%(field)s is now: %(value)s")
                % {"field": str(f.verbose_name).capitalize(), "value": text}
            )
    lead = _(
        "Someone else saved this record while you were editing it. Check their "
        "changes below; your own input is kept. Save again to apply your version."
    )
    writer = _last_writer(current)
    raise StaleEdit([lead, *([writer] if writer else []), *changed], current=current)


# Writes ------------------------------------------------------------------------


def _record(obj, by, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason


def save_new(
    obj: models.Model, *, by, reason: str, m2m: dict | None = None
) -> models.Model:
    """Validate and store a new record (and its many-to-many links)."""
    if obj.pk is not None:
        raise ValueError("save_new() stores new records only")
    _record(obj, by, reason)
    obj.full_clean()
    obj.save()
    _set_m2m(obj, m2m)
    return obj


def save_change(
    obj: models.Model,
    *,
    by,
    version: dict | None,
    reason: str,
    m2m: dict | None = None,
    check: Callable[[models.Model], str | None] | None = None,
) -> models.Model:
    """Store a change to ``obj`` if the stored row is still ``version``.

    ``check(current)`` sees the stored row under the lock: it may refuse the
    change (raise), or return another reason for it (e.g. one the stored values
    call for)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("save_change() must run inside a service's transaction")
    current = lock_current(obj, version)
    if check is not None:
        reason = check(current) or reason
    _record(obj, by, reason)
    obj.full_clean()
    obj.save()
    _set_m2m(obj, m2m)
    return obj


def delete(obj: models.Model, *, by, reason: str) -> None:
    _record(obj, by, reason)
    obj.delete()


def _set_m2m(obj, m2m: dict | None) -> None:
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)


# The plain editor's writes -------------------------------------------------------
# For records whose only rule is that the coordinator (Capability.EDIT) writes
# them, with their model's clean(): the apps' services call these.


def edit_create(obj: models.Model, *, by, m2m: dict | None = None) -> models.Model:
    member(by, obj.organisation, Capability.EDIT)
    return save_new(obj, by=by, reason=reasons.reason("created"), m2m=m2m)


def edit_update(
    obj: models.Model,
    *,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> models.Model:
    """A change; ``reason`` is the user's words for the history."""
    member(by, obj.organisation, Capability.EDIT)
    return save_change(
        obj, by=by, version=version, reason=reasons.reason("changed", reason), m2m=m2m
    )


def edit_delete(obj: models.Model, *, by) -> None:
    member(by, obj.organisation, Capability.EDIT)
    delete(obj, by=by, reason=reasons.reason("deleted"))
