from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lgsys.city.services import MEMBER_INVITE_ROLES
from lgsys.models import ORG_CODE_REGEX, Organisation, Role
from lgsys.sso.models import Provider


class OrganisationCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("As printed in the report, e.g. Idrottsförvaltningen."),
    )
    code = forms.RegexField(
        label=_("Code"),
        # Typed in lower case is fine: stored in capitals (clean_code).
        regex=f"(?i)^{ORG_CODE_REGEX}$",
        max_length=10,
        error_messages={
            "invalid": _(
                "2–10 capital letters or digits, starting with a letter, e.g. KUL."
            )
        },
        help_text=_("Short code, used as the prefix of the Dnr, e.g. KUL."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.FORVALTNING,
    )
    plan_deadline = forms.DateField(
        label=_("Deadline for the review"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The day this year's management review must be decided, to be attached "
            "to the verksamhetsplan."
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class InvitationForm(forms.Form):
    """An invitation by e-mail. ``roles`` are those the inviter may give; with a
    single one the form asks for none."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        required=False,
        help_text=_("Job title as printed, e.g. informationssäkerhetssamordnare."),
    )

    def __init__(self, *args, roles=(Role.COORDINATOR,), **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = tuple(roles)
        if len(self.roles) > 1:
            labels = dict(Role.choices)
            self.fields["role"] = forms.ChoiceField(
                label=_("Role"),
                choices=[("", _("Choose …"))] + [(r, labels[r]) for r in self.roles],
            )

    @property
    def role(self) -> str:
        return self.cleaned_data.get("role") or self.roles[0]


def member_invite_form(*args, **kwargs) -> InvitationForm:
    return InvitationForm(*args, roles=MEMBER_INVITE_ROLES, **kwargs)


class AcceptInvitationForm(forms.Form):
    """A new account from an invitation: the name and a password (Django's
    password validators run in the service)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Letters, digits and @/./+/-/_ only, no spaces.")},
        help_text=_("What you log in with, e.g. your e-mail's first part."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        return data

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("This user name is taken. Choose another."))
        return name


class GroupMappingForm(forms.Form):
    """A group at the city's identity provider whose members become the
    organisation's coordinators (single sign-on on: lgsys/sso)."""

    provider = forms.ChoiceField(label=_("Identity provider"))
    group = forms.CharField(
        label=_("Group"),
        max_length=200,
        help_text=_(
            "The group's value as the identity provider sends it (in Entra ID "
            "the group's object id)."
        ),
    )
    title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        required=False,
        help_text=_("Job title as printed, e.g. informationssäkerhetssamordnare."),
    )

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Provider.choices)
        self.fields["provider"].choices = [(p, labels[p]) for p in providers]
