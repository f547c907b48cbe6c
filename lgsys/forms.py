"""The base form for an organisation's objects.

``OrgModelForm(data, instance=..., organisation=org)``:

- limits every choice of related rows to the organisation: rows of organisation-
  owned models to that organisation, users to its members. An id of another
  organisation's row posted by hand is then an ordinary field error;
- sets ``organisation`` on a new instance;
- carries the version of the object it showed (``VersionedForm``): the service
  refuses a stale edit under a row lock, the view shows what changed and by whom
  with the user's input kept, and a second submit (after reading it) saves.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy

from lgsys import pickers
from lgsys.display import member_label, members
from lgsys.services import version_from_token, version_token

TOKEN_FIELD = "edit_token"
REASON_FIELD = "change_reason"
# The history keeps at most 100 characters of a reason, its code included.
REASON_LENGTH = 80

MAX_DB_INT = 2**63 - 1


def _pk_in_range(field, value) -> bool:
    """False for a value no database integer column can hold (SQLite raises
    OverflowError on such a lookup instead of finding nothing)."""
    key = field.to_field_name or "pk"
    model_field = field.queryset.model._meta.get_field(
        field.queryset.model._meta.pk.name if key == "pk" else key
    )
    if model_field.get_internal_type() not in {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "SmallIntegerField",
        "PositiveSmallIntegerField",
    }:
        return True
    try:
        return abs(int(str(value).strip())) <= MAX_DB_INT
    except ValueError:
        return True  # Django's own validation reports it


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _pk_in_range(self, value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            if not _pk_in_range(self, pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


def limit_choices(form: forms.BaseForm, organisation) -> None:
    """Limit the form's model choice fields to ``organisation``'s rows; people
    are its members, offered as "Förnamn Efternamn, titel"."""
    user_model = get_user_model()
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if type(field) is forms.ModelChoiceField:
            field.__class__ = SafeModelChoiceField
        elif type(field) is forms.ModelMultipleChoiceField:
            field.__class__ = SafeModelMultipleChoiceField
        model = queryset.model
        if model is user_model:
            field.queryset = members(queryset, organisation)
            field.label_from_instance = member_label
        elif any(f.name == "organisation" for f in model._meta.get_fields()):
            field.queryset = queryset.filter(organisation=organisation)


CHOOSE = gettext_lazy("Choose …")


def label_empty_choices(form: forms.BaseForm, label) -> None:
    """Name the empty choice of every single-choice field ``label`` ("Välj …" in
    a form, "Alla" in a filter) instead of Django's "---------"."""
    dash = BLANK_CHOICE_DASH[0][1]
    multiple = (forms.ModelMultipleChoiceField, forms.MultipleChoiceField)
    for field in form.fields.values():
        if isinstance(field, multiple):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] in ("", None) and choices[0][1] == dash:
                field.choices = [("", label), *choices[1:]]


class VersionedForm(forms.BaseForm):
    """A form that edits a stored record carries the version it showed.

    The version (the record's values as loaded, signed) goes in a hidden field;
    a bound form for an existing record without a valid one is refused. The
    service compares it with the stored row under a lock (``lgsys.services``);
    after a stale edit the view calls ``carry_version(current)`` so the next
    submit, made after reading what changed, is checked against what the user
    has now been shown.
    """

    missing_version_message = gettext_lazy(
        "The form did not say which version of the record you edited. Reload the page and make your change again."  # noqa: E501
    )

    def _init_version(self, instance) -> None:
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False
        )
        self.version = None
        if instance is None or instance.pk is None:
            return
        if not self.is_bound:
            self.initial[TOKEN_FIELD] = version_token(instance)
        else:
            self.version = version_from_token(
                self.data.get(self.add_prefix(TOKEN_FIELD), "")
            )

    def check_version(self) -> None:
        if getattr(self, "_versioned", False) and self.version is None:
            raise ValidationError(self.missing_version_message, code="no_version")

    def _add_reason_field(self) -> None:
        """Editing a stored record asks for an optional reason
        (``REASON_FIELD``), which the update service records in the history as
        the user's words: ``service_kwargs()`` hands it over."""
        self.fields[REASON_FIELD] = forms.CharField(
            label=gettext_lazy("Reason"),
            required=False,
            max_length=REASON_LENGTH,
            help_text=gettext_lazy(
                "Optional: why you make the change, in a few words. Shown in "
                "the change history."
            ),
        )

    def service_kwargs(self) -> dict:
        """What the update service gets besides the record: the reason given."""
        if REASON_FIELD not in self.fields:
            return {}
        return {"reason": self.cleaned_data.get(REASON_FIELD, "")}

    def carry_version(self, current) -> None:
        """After a refused stale edit: the next submit applies the user's version
        over ``current``."""
        if current is None:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN_FIELD)] = version_token(current)


class VersionedModelForm(VersionedForm, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._versioned = self.instance.pk is not None
        self._init_version(self.instance)
        if self._versioned:
            self._add_reason_field()

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned


class OrgModelForm(VersionedModelForm):
    """An organisation's record as a form, its choices limited to the
    organisation (and, editing a stored record, the optional reason of
    ``VersionedModelForm``)."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if not self.instance.pk and hasattr(self.instance, "organisation_id"):
            self.instance.organisation = organisation
        limit_choices(self, organisation)
        label_empty_choices(self, CHOOSE)
        pickers.bind(self, organisation)

    def _get_validation_exclusions(self):
        # Validate uniqueness per organisation (e.g. one review per year) here,
        # not as an IntegrityError at save.
        exclude = super()._get_validation_exclusions()
        exclude.discard("organisation")
        return exclude


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal, next to the fields it names (else above the form).
    A stale edit (``lgsys.services.StaleEdit``) also moves the form on to the
    version now stored, so a second submit, after reading what changed, saves."""
    current = getattr(error, "current", None)
    if current is not None and hasattr(form, "carry_version"):
        form.carry_version(current)
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length checked before anyone
    tries to authenticate it: Django sets the field's max_length after the field
    is built, so without this a megabyte of "user name" reached the backends and
    the login-throttling table (a 500 on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))

    def confirm_login_allowed(self, user):
        """With LGSYS_LOCAL_LOGIN=superusers only the break-glass superusers log
        in with a password; everyone else through the city's identity provider."""
        super().confirm_login_allowed(user)
        if settings.LGSYS_LOCAL_LOGIN == "superusers" and not user.is_superuser:
            raise ValidationError(
                gettext_lazy(
                    "Log in with the city's account: passwords are for "
                    "administrators only."
                ),
                code="local_login_off",
            )
