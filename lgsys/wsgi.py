"""WSGI entry point.

Production by default: DEBUG is off unless DJANGO_DEBUG says otherwise.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgsys.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

application = get_wsgi_application()

# Import the URLconf and every view now, then keep what start-up made out of the
# garbage collector's full passes: they walked all of Django's and the apps'
# modules and classes whenever a page made many objects (a form offering 1,000
# assets), 50-70 ms on one request in ten (issue 18). Forked workers inherit it.
get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
