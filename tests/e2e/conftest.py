"""Browser tests: Playwright driving Debian's chromium against the live server.

They run when /usr/bin/chromium exists and are skipped, with a clear message,
when it does not; in CI (CI=true) a missing chromium is an error, never a skip.
Playwright's own browser downloads are never used.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls (setting up data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("LGSYS_CHROMIUM", "/usr/bin/chromium"))
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent.parent / "screenshots"
# Saving every page twice as a full-page PNG is nearly half of what the browser
# tests cost, and only a person looks at the files: LGSYS_SCREENSHOTS=1 saves them.
TAKE_SCREENSHOTS = os.environ.get("LGSYS_SCREENSHOTS", "") not in {"", "0"}
SKIP_REASON = (
    f"Browser tests skipped: {CHROMIUM} is missing. Install Debian's chromium "
    "(apt-get install chromium); .ci/run installs it."
)


def pytest_collection_modifyitems(config, items):
    e2e = [item for item in items if HERE in Path(str(item.fspath)).parents]
    if not e2e or CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        raise pytest.UsageError(
            f"CI must run the browser tests, but {CHROMIUM} is missing."
        )
    for item in e2e:
        item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM.exists():
        terminalreporter.write_line(SKIP_REASON, yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "sv-SE",
        "timezone_id": "Europe/Stockholm",
    }


@pytest.fixture
def login(page, live_server):
    """``login(user)``: log in through the real login form; returns the page."""
    from tests.factories import PASSWORD

    def do_login(user, password=PASSWORD):
        page.goto(f"{live_server.url}/logga-in/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        # Wait for the answer, not just the current page: a navigation started
        # before it arrives would drop the session cookie.
        page.wait_for_url(lambda url: "/logga-in/" not in url)
        return page

    return do_login


AXE_SOURCE = (HERE / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page with the WCAG 2.1 A and AA rules."""
    # evaluate() goes through the DevTools protocol: the page's CSP cannot block it.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def screenshot(page, name: str) -> None:
    """With LGSYS_SCREENSHOTS=1, save the page at desktop and mobile width to
    screenshots/ (ignored by git)."""
    if not TAKE_SCREENSHOTS:
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, width in (("desktop", 1280), ("mobile", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)
