"""Run the test OpenID Connect provider: python -m tests.sso.oidc_provider.serve
CONFIG.json. Makes its database, users and client, then serves until killed and
prints READY <port> once it listens."""

import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text())
    os.environ["OIDC_TEST_STATE"] = config["state"]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for person in config["users"]:
        user = User.objects.create_user(
            person["username"],
            email=person["email"],
            password=person["password"],
            first_name=person["first_name"],
            last_name=person["last_name"],
        )
        for name in person["groups"]:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    client = config["client"]
    Application.objects.create(
        name="lgsys",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        post_logout_redirect_uris=" ".join(client["post_logout_redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server(
        "127.0.0.1",
        config["port"],
        WSGIHandler(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    print(f"READY {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
