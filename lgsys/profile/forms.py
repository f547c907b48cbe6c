from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from lgsys.forms import TOKEN_FIELD
from lgsys.models import ReminderKind

_SALT = "lgsys.profile.reminders"

# Who receives each kind (reviews/reminders decides; this tells the member).
WHO_GETS_IT = {
    ReminderKind.IMY_CLOCK: _(
        "To the coordinators, when 48 hours and when 12 hours are left to report "
        "a personal data breach to IMY."
    ),
    ReminderKind.REVIEW_DUE: _(
        "To the owner of an information asset whose classification is due for "
        "review within 30 days, and again once it is overdue (to the "
        "coordinators when the asset has no owner with an account); for risks, "
        "to the coordinators."
    ),
    ReminderKind.ACTION_OVERDUE: _(
        "To the coordinators, when an action's period has ended and it is not done."
    ),
    ReminderKind.DECISION_WAITING: _(
        "To the head of administration, when a review has waited 7 days for a decision."
    ),
    ReminderKind.REVIEW_RETURNED: _(
        "To the coordinators, when the head of administration returns a review "
        "with comments."
    ),
    ReminderKind.NORMATIVE_FLOOR: _(
        "To the coordinators, when the city raises the floor of a normative "
        "classification and a classification that follows it is now below it."
    ),
}


def choices_token(choices: dict[str, bool]) -> str:
    return signing.dumps(choices, salt=_SALT)


class ReminderSettingsForm(forms.Form):
    """One box per kind of reminder, and the choices the form showed (signed)."""

    def __init__(self, *args, choices: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in ReminderKind.choices:
            self.fields[kind] = forms.BooleanField(
                label=label,
                required=False,
                initial=choices[kind],
                help_text=WHO_GETS_IT[kind],
            )
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=choices_token(choices)
        )

    @property
    def version(self) -> dict[str, bool] | None:
        """The choices the form showed, or None when the token is missing or
        forged."""
        try:
            shown = signing.loads(self.data.get(TOKEN_FIELD, ""), salt=_SALT)
        except signing.BadSignature:
            return None
        return shown if isinstance(shown, dict) else None

    def enabled(self) -> dict[str, bool]:
        return {kind: self.cleaned_data[kind] for kind in ReminderKind.values}

    def carry_choices(self, current: dict[str, bool]) -> None:
        """After a refused stale save: the next submit applies the user's choices
        over ``current``."""
        self.data = self.data.copy()
        self.data[TOKEN_FIELD] = choices_token(current)
