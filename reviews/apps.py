from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lgsys import registry


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

        registry.register(
            self,
            menu=[
                "reviews.report.menu",
                "reviews.inputs.menu",
                "reviews.approval.menu",
            ],
            dashboard=["reviews.inputs.dashboard", "reviews.approval.dashboard"],
            org_urls=[("granskning/", "reviews.urls")],
            city_urls=[("oversikt/", "reviews.city.urls")],
            city_menu=["reviews.city.menu"],
            root_urls=[("verifiera/", "reviews.archive.public_urls")],
            demo=[
                "reviews.demo_inputs",
                "reviews.demo_report",
                "reviews.demo_decisions",
            ],
            # After the demo's history is dated: the 2023 review is submitted,
            # its data taken as of its data date.
            # Then the city's second förvaltning (Idrottsförvaltningen) with its
            # 2023 review decided, for the city overview and compilation.
            demo_last=["reviews.demo_approval", "reviews.demo_city"],
            seeders=["reviews.seed"],
            pages=["reviews.decisions.panels"],
        )
