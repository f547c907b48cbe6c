"""Setting the organisation's letterhead: the one write path for it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys import reasons
from lgsys import services as core
from lgsys.letterhead.logo import check_logo
from lgsys.models import Capability, Organisation

reasons.define(letterhead_changed=gettext_lazy("letterhead changed"))


@transaction.atomic
def organisation_letterhead_set(
    *,
    organisation: Organisation,
    by,
    municipality: str,
    logo: bytes | None = None,
    remove_logo: bool = False,
    version: dict | None,
    reason: str = "",
) -> Organisation:
    """Set the municipality's name and the logo the report prints: a new logo
    (checked, its type read from its bytes), the stored one kept, or none.
    Only the organisation's coordinator does; ``version`` is what the form
    showed."""
    core.member(by, organisation, Capability.EDIT)
    if logo is not None and remove_logo:
        raise ValidationError(
            {"logo": _("Choose a new logo or remove the logo, not both.")},
            code="logo_and_remove",
        )
    organisation.municipality = " ".join((municipality or "").split())
    if logo is not None:
        organisation.logo_type = check_logo(logo)
        organisation.logo = logo
    elif remove_logo:
        organisation.logo, organisation.logo_type = None, ""
    return core.save_change(
        organisation,
        by=by,
        version=version,
        reason=reasons.reason("letterhead_changed", reason),
    )
