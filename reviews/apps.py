from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Management review")

    def ready(self):
        # The services declare the history's reason codes (lgsys.reasons), which
        # any page or command may need to write or show.
        from reviews.approval import services as _approval  # noqa: F401
        from reviews.archive import services as _archive  # noqa: F401
        from reviews.inputs import services as _inputs  # noqa: F401
        from reviews.report import services as _report  # noqa: F401
