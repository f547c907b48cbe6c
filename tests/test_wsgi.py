"""The WSGI module loads the URLconf and freezes what start-up made, so the
garbage collector's full passes skip it (issue 18: they added 50-70 ms to one
request in ten on the large forms)."""

import os
import subprocess
import sys

from django.conf import settings


def test_the_wsgi_module_freezes_what_start_up_made():
    code = (
        "import gc, sys; import lgsys.wsgi; "
        "print(gc.get_freeze_count(), 'lgsys.urls' in sys.modules, "
        "'classification.views' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    ).stdout.split()
    frozen, urls, views = int(out[0]), out[1], out[2]
    assert frozen > 10_000
    assert (urls, views) == ("True", "True")
