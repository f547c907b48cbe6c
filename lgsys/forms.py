"""The base form for an organisation's objects.

``OrgModelForm(data, instance=..., organisation=org)``:

- limits every choice of related rows to the organisation: rows of organisation-
  owned models to that organisation, users to its members. An id of another
  organisation's row posted by hand is then an ordinary field error;
- sets ``organisation`` on a new instance;
- refuses a stale edit (optimistic concurrency): the form carries a signed copy of
  the object's values as they were shown; if someone saved the object meanwhile,
  the save is refused with a message naming what changed, the user's input stays
  in the form, and a second submit (after reading the message) saves.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys.history import display_value, tracked_fields

TOKEN_FIELD = "edit_token"
_SALT = "lgsys.forms.edit_token"


def _values(obj: models.Model) -> dict[str, str]:
    return {f.attname: str(getattr(obj, f.attname)) for f in tracked_fields(type(obj))}


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
    """Limit the form's model choice fields to ``organisation``'s rows."""
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
            field.queryset = queryset.filter(
                memberships__organisation=organisation
            ).distinct()
        elif any(f.name == "organisation" for f in model._meta.get_fields()):
            field.queryset = queryset.filter(organisation=organisation)


class OrgModelForm(forms.ModelForm):
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    stale_message = gettext_lazy(
        "Someone else saved this record while you were editing it. Check their changes below; your own input is kept. Save again to apply your version."  # noqa: E501
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if not self.instance.pk and hasattr(self.instance, "organisation_id"):
            self.instance.organisation = organisation
        limit_choices(self, organisation)
        if self.instance.pk and not self.is_bound:
            self.initial[TOKEN_FIELD] = signing.dumps(
                _values(self.instance), salt=_SALT
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_not_stale()
        return cleaned

    def _check_not_stale(self) -> None:
        token = self.data.get(self.add_prefix(TOKEN_FIELD), "")
        if not token:
            return
        try:
            shown = signing.loads(token, salt=_SALT)
        except signing.BadSignature:
            return
        model = type(self.instance)
        current = model._default_manager.filter(pk=self.instance.pk).first()
        if current is None:
            raise ValidationError(
                _("This record was deleted while you were editing it."),
                code="deleted",
            )
        now = _values(current)
        if now == shown:
            return
        changed = []
        for f in tracked_fields(model):
            if shown.get(f.attname) != now[f.attname]:
                if isinstance(f, models.ForeignKey):
                    text = str(getattr(current, f.name) or "–")
                else:
                    text = display_value(f, getattr(current, f.attname), {})
                changed.append(
                    _("%(field)s is now: %(value)s")
                    % {"field": str(f.verbose_name).capitalize(), "value": text}
                )
        # The next submit is checked against what the user has now been shown.
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN_FIELD)] = signing.dumps(now, salt=_SALT)
        raise ValidationError([self.stale_message, *changed], code="stale")

    def _get_validation_exclusions(self):
        # Validate uniqueness per organisation (e.g. one review per year) here,
        # not as an IntegrityError at save.
        exclude = super()._get_validation_exclusions()
        exclude.discard("organisation")
        return exclude


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length checked before anyone
    tries to authenticate it: Django sets the field's max_length after the field
    is built, so without this a megabyte of "user name" reached the backends and
    the login-throttling table (a 500 on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))
