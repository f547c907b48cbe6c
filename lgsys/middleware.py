"""Session expiry after inactivity.

A session records when it was last used (at most once a minute, so most requests
write nothing); a request after SESSION_IDLE_SECONDS without one logs the user out
and sends them to the login page with a message. SESSION_COOKIE_AGE still bounds
the session's whole life.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "lgsys_last_seen"
WRITE_EVERY_SECONDS = 60


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if (
                last_seen is not None
                and now - last_seen > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were logged out after %(minutes)d minutes without "
                        "activity. Log in again to continue."
                    )
                    % {"minutes": settings.SESSION_IDLE_SECONDS // 60},
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= WRITE_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
