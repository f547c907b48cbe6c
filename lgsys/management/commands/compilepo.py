from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lgsys.registry import extensions


def catalogue_paths() -> list[Path]:
    """Every django.po of the project: locale/ and each lgsys app's locale/."""
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [extension.path / "locale" for extension in extensions()]
    return sorted(p for root in roots for p in root.glob("*/LC_MESSAGES/django.po"))


class Command(BaseCommand):
    help = (
        "Compile every .po catalogue into its .mo with polib (no GNU gettext needed)."
    )

    def handle(self, *args, **options):
        try:
            import polib
        except ImportError as exc:  # pragma: no cover - the test extra has it
            raise CommandError("polib is missing: pip install -e '.[test]'") from exc
        for po_path in catalogue_paths():
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(
                f"{po_path}: {len(catalogue.translated_entries())} messages"
            )
