"""The review inputs' pages, declared with lgsys.crud."""

from django.utils.translation import gettext_lazy as _

from lgsys.crud import Column, Crud
from reviews.inputs import forms, services
from reviews.models import (
    AccessRequest,
    ContextChange,
    Finding,
    Incident,
    TrainingRecord,
)

IMY_BADGES = {
    "not_applicable": "",
    "not_reported": "neutral",
    "met": "ok",
    "missed": "danger",
    "time_left": "warn",
}


def _imy(incident: Incident) -> str:
    state, text = incident.imy_state()
    return "" if state == "not_applicable" else text  # "–": only for a breach


def _imy_badge(incident: Incident) -> str:
    return IMY_BADGES[incident.imy_state()[0]]


incidents = Crud(
    model=Incident,
    entity="incident",
    create=services.incident_create,
    update=services.incident_update,
    delete=services.incident_delete,
    form_class=forms.IncidentForm,
    namespace="reviews",
    name="incident",
    segment="incidenter",
    title_plural=_("Incidents and deviations"),
    help_text=_(
        "Incidents and deviations with the 72-hour clock for personal data "
        "breaches reported to IMY (GDPR art. 33)."
    ),
    columns=[
        Column("title", _("Title"), lambda o: o.title, ("title",), link=True),
        Column("kind", _("Type"), lambda o: o.get_kind_display(), ("kind",)),
        Column(
            "discovered", _("Discovered"), lambda o: o.discovered_at, ("discovered_at",)
        ),
        Column(
            "severity", _("Severity"), lambda o: o.get_severity_display(), ("severity",)
        ),
        Column("status", _("Status"), lambda o: o.get_status_display(), ("status",)),
        Column("imy", _("IMY 72 h"), _imy, badge=_imy_badge),
    ],
    default_sort="-discovered",
    search_fields=("title", "description"),
    filter_form=forms.IncidentFilters,
    detail_prefetch=("assets",),
    export_name="incidenter",
)

findings = Crud(
    model=Finding,
    entity="finding",
    create=services.finding_create,
    update=services.finding_update,
    delete=services.finding_delete,
    form_class=forms.FindingForm,
    namespace="reviews",
    name="finding",
    segment="iakttagelser",
    title_plural=_("Findings"),
    help_text=_(
        "Findings from audits, the data protection officer's GDPR report, RSA, "
        "VoR, IKP, own follow-up and supervision."
    ),
    columns=[
        Column("text", _("Finding"), lambda o: str(o), ("text",), link=True),
        Column("source", _("Source"), lambda o: o.get_source_display(), ("source",)),
        Column("year", _("Year"), lambda o: o.year, ("year",)),
        Column("reference", _("Reference"), lambda o: o.reference, ("reference",)),
        Column(
            "status",
            _("Status"),
            lambda o: o.get_status_display(),
            ("status",),
            badge=lambda o: "ok" if o.status == Finding.Status.RESOLVED else "warn",
        ),
    ],
    default_sort="-year",
    search_fields=("text", "reference", "recommendation", "response"),
    filter_form=forms.FindingFilters,
    export_name="iakttagelser",
)

changes = Crud(
    model=ContextChange,
    entity="change",
    create=services.change_create,
    update=services.change_update,
    delete=services.change_delete,
    form_class=forms.ContextChangeForm,
    namespace="reviews",
    name="change",
    segment="omvarld",
    title_plural=_("Changes in the world and the city"),
    columns=[
        Column("title", _("Title"), lambda o: o.title, ("title",), link=True),
        Column("date", _("Date"), lambda o: o.date, ("date",)),
        Column("scope", _("Scope"), lambda o: o.get_scope_display(), ("scope",)),
        Column(
            "iso", _("ISO 27001 input"), lambda o: o.iso_input.upper(), ("iso_input",)
        ),
    ],
    default_sort="-date",
    search_fields=("title", "text"),
    filter_form=forms.ContextChangeFilters,
    export_name="omvarld",
)

training = Crud(
    model=TrainingRecord,
    entity="training",
    create=services.training_create,
    update=services.training_update,
    delete=services.training_delete,
    form_class=forms.TrainingRecordForm,
    namespace="reviews",
    name="training",
    segment="utbildning",
    title_plural=_("Training"),
    columns=[
        Column("course", _("Course"), lambda o: o.course, ("course",), link=True),
        Column("year", _("Year"), lambda o: o.year, ("year",)),
        Column(
            "target", _("Target group"), lambda o: o.target_group, ("target_group",)
        ),
        Column("required", _("Required"), lambda o: o.required, ("required",)),
        Column("completed", _("Completed"), lambda o: o.completed, ("completed",)),
        Column("rate", _("Rate (%)"), lambda o: o.rate),
    ],
    default_sort="-year",
    search_fields=("course", "target_group"),
    filter_form=forms.TrainingFilters,
    export_name="utbildning",
)


def _timeliness(o: AccessRequest) -> str:
    if o.answered_on is None:
        from django.utils import timezone

        if o.deadline < timezone.localdate():
            return str(_("Overdue – not answered"))
        return str(_("Open"))
    return str(_("Answered in time") if o.answered_in_time else _("Answered late"))


def _timeliness_badge(o: AccessRequest) -> str:
    text = _timeliness(o)
    if text == str(_("Answered in time")):
        return "ok"
    if text == str(_("Open")):
        return "neutral"
    return "danger"


requests = Crud(
    model=AccessRequest,
    entity="request",
    create=services.request_create,
    update=services.request_update,
    delete=services.request_delete,
    form_class=forms.AccessRequestForm,
    namespace="reviews",
    name="request",
    segment="registerutdrag",
    title_plural=_("Data subject requests"),
    help_text=_(
        "Requests for access (registerutdrag) and the other rights of art. 15–21; "
        "the answer is due within one month, extendable by two with a reason."
    ),
    columns=[
        Column(
            "received",
            _("Received"),
            lambda o: o.received_on,
            ("received_on",),
            link=True,
        ),
        Column("kind", _("Type"), lambda o: o.get_kind_display(), ("kind",)),
        Column("deadline", _("Deadline"), lambda o: o.deadline),
        Column("answered", _("Answered"), lambda o: o.answered_on, ("answered_on",)),
        Column("timely", _("Timeliness"), _timeliness, badge=_timeliness_badge),
    ],
    default_sort="-received",
    search_fields=("note",),
    filter_form=forms.AccessRequestFilters,
    export_name="registerutdrag",
)

ALL = [incidents, findings, changes, training, requests]
