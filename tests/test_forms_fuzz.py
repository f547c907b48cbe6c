"""Bad input never gives a 500 and never saves half.

The test logs in as the demo coordinator, crawls every page of the organisation it
can reach from the dashboard, and feeds every POST form it finds random and hostile
values with hypothesis: huge strings, control characters, wrong types, impossible
dates, enormous and negative numbers, and ids of another organisation's objects in
select and hidden fields. Each answer must be a page with field errors (and then
nothing in the database has changed) or a redirect after success; an id of
another organisation's object must never be accepted. Every search and filter
(GET) form on those pages gets dates at the calendar's edges and NUL bytes in
each field, and must answer with a page, never a 500. New forms are covered
without anyone listing them.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lgsys import demo
from lgsys.models import Organisation
from lgsys.registry import extensions
from lgsys.uploads import declared_length, max_bytes_of
from tests.crawl import Field, PageParser, crawl

EXAMPLES_PER_FORM = 12
# Tables a request may write to whatever its outcome.
VOLATILE_TABLES = {"django_session"}


CONTROL = "".join(chr(c) for c in range(0, 32)) + "\x7f"
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.just("x" * 100_000),
    st.text(alphabet=CONTROL, min_size=1, max_size=10),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "' OR 1=1 --",
            "=cmd|' /C calc'!A0",
            "\x00",
            "Räksmörgås 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e",
            " ",
        ]
    ),
)
HOSTILE_NUMBER = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["NaN", "1e309", "-0", "abc", "", "1,5", "0x10"]),
)
HOSTILE_DATE = st.one_of(
    st.dates().map(str),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "0000-00-00",
            "2023-02-30",
            "99999-12-31",
            "31/12/2023",
            "2023-13-01",
            "",
            "i går",
        ]
    ),
    HOSTILE_TEXT,
)
HOSTILE_DATETIME = st.one_of(
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(
        [
            "2023-03-26T02:30",
            "2023-02-30T25:61",
            "0001-01-01T00:00",
            "9999-12-31T23:59",
            "",
            "nu",
        ]
    ),
    HOSTILE_TEXT,
)


def field_strategy(f: Field, foreign_ids: list[str]):
    if f.kind in {"select", "select-multiple"}:
        choices = [o for o in f.options if o]
        alien = [i for i in foreign_ids if i not in f.options] or ["987654321"]
        single = st.one_of(
            *([st.sampled_from(choices)] if choices else []),
            st.sampled_from(alien).map(lambda v: ("foreign", v)),
            st.sampled_from(["-1", "0", "abc", "", "9" * 30]),
        )
        if f.kind == "select-multiple":
            return st.lists(single, max_size=3)
        return single
    if f.kind in {"number", "range"}:
        return HOSTILE_NUMBER
    if f.kind == "date":
        return HOSTILE_DATE
    if f.kind == "datetime-local":
        return HOSTILE_DATETIME
    if f.kind in {"checkbox", "radio"}:
        return st.sampled_from(["on", "", "\x00", "true", "2"])
    if f.kind == "hidden":
        alien = foreign_ids or ["987654321"]
        return st.one_of(
            st.just(f.value), st.just(f.value), st.sampled_from(alien), HOSTILE_TEXT
        )
    return HOSTILE_TEXT


def _unwrap(value, foreign: list) -> str | list:
    if isinstance(value, list):
        return [_unwrap(v, foreign) for v in value]
    if isinstance(value, tuple):
        foreign.append(value[1])
        return value[1]
    return value


def table_counts() -> dict[str, int]:
    """Every table's rows, in one query: a query a table, twice for each of the
    thousands of examples, was more than half of this module's time."""
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
        - VOLATILE_TABLES
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def load_demo_for(code: str, name: str) -> Organisation:
    """The demo's data for another organisation, so there are foreign ids to try."""
    ctx = demo.DemoContext(
        organisation=demo.ensure(Organisation, {"code": code}, {"name": name})
    )
    for extension in extensions():  # the apps' demo loaders, as loaddemo runs them
        for module in extension.demo:
            module.load(ctx)
    return ctx.organisation


def foreign_object_ids(other: Organisation) -> list[str]:
    ids = set()
    for model in apps.get_models():
        if any(f.name == "organisation" for f in model._meta.concrete_fields):
            ids.update(
                str(pk)
                for pk in model._base_manager.filter(organisation=other).values_list(
                    "pk", flat=True
                )[:50]
            )
    return sorted(ids)


@pytest.mark.django_db
def test_every_form_survives_hostile_input(client):
    from django.contrib.auth import get_user_model

    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    other = load_demo_for("IDR", "Idrottsförvaltningen")
    foreign = foreign_object_ids(other)
    client.force_login(get_user_model().objects.get(username="samordnare"))
    site = crawl(client, "http://testserver/KUL/")
    assert "dashboard" in site.pages
    # The Content-Security-Policy forbids inline code: no page may rely on it.
    assert site.inline == []
    forms = site.forms
    problems: list[str] = []

    # The organisation's pages have forms to attack; an empty crawl proves nothing.
    assert len(forms) >= 5, [f.action for f in forms]

    def make_check(form):
        strategies = {f.name: field_strategy(f, foreign) for f in form.fields}

        @settings(
            max_examples=EXAMPLES_PER_FORM,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(values=st.fixed_dictionaries(strategies))
        def check(values):
            used_foreign: list[str] = []
            data = {k: _unwrap(v, used_foreign) for k, v in values.items()}
            with transaction.atomic():
                before = table_counts()
                response = client.post(urlsplit(form.action).path, data)
                after = table_counts()
                transaction.set_rollback(True)
            path = urlsplit(form.action).path
            where = f"POST {path} (form on {form.page})"
            # Over the view's bound (lgsys/uploads.py) as the body was sent: a
            # multipart body of non-ASCII text is longer than its characters.
            max_bytes = max_bytes_of(resolve(path).func)
            sent = declared_length(response.wsgi_request)
            too_large = max_bytes is not None and sent > max_bytes
            if response.status_code == 413 and too_large:
                # Over the request's bound: the page says so (lgsys/uploads.py),
                # and nothing may have been saved.
                if before != after:
                    problems.append(f"{where}: refused as too large but saved")
            elif response.status_code not in (200, 302):
                problems.append(
                    f"{where}: status {response.status_code} for {data!r:.300}"
                )
            elif response.status_code == 200 and before != after:
                changed = {t for t in after if after[t] != before.get(t)}
                problems.append(f"{where}: answered with errors but saved {changed}")
            elif response.status_code == 302 and used_foreign:
                problems.append(
                    f"{where}: accepted another organisation's id {used_foreign}"
                )

        return check

    for form in forms:
        make_check(form)()
        if len(problems) > 20:
            break

    assert problems == []


# What every search and filter box (a GET form) must answer with field errors,
# never a 500, on SQLite and PostgreSQL: dates at the edges of what Python and
# the databases hold (their day before or after, or their moment in UTC, does
# not exist), a year of five digits, and NUL bytes, which PostgreSQL refuses in
# text. The timeline's cursor (?after=) gets the same edges as moments.
HOSTILE_FILTER_VALUES = [
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "0000-00-00",
    "0001-01-01T00:00:00+01:00_1_1",
    "9999-12-31T23:59:59-01:00_1_1",
    "\x00",
    "a\x00b",
    "2023-01-01\x00",
    "-1",
    "9" * 30,
]
# Parameters of list pages that no form field carries.
LIST_PARAMETERS = ("q", "after", "page", "sort")


@pytest.mark.django_db
def test_every_search_and_filter_survives_hostile_values(client):
    from django.contrib.auth import get_user_model

    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(get_user_model().objects.get(username="samordnare"))
    client.raise_request_exception = False
    site = crawl(client, "http://testserver/KUL/")
    filters = site.get_forms
    # Ten registers, the action plan and the history's two pages have filters.
    assert len(filters) >= 13, [f.action for f in filters]
    problems: list[str] = []

    def check(path: str, params: dict) -> None:
        # In a savepoint, rolled back: on PostgreSQL a failed query would fail
        # every later one of the test's transaction.
        with transaction.atomic():
            try:
                response = client.get(path, params)
                if response.streaming:  # an export: rows are read as it is sent
                    response.getvalue()
            except Exception as error:  # every failure is reported
                response = error
            transaction.set_rollback(True)
        status = getattr(response, "status_code", response)
        if status not in (200, 302):
            problems.append(f"GET {path} {params!r}: {status!r}")

    for form in filters:
        path = urlsplit(form.action).path
        names = sorted({f.name for f in form.fields} | set(LIST_PARAMETERS))
        for value in HOSTILE_FILTER_VALUES:
            everything = dict.fromkeys(names, value)
            check(path, everything)
            check(path, {**everything, "format": "csv"})
            for name in names:
                check(path, {name: value})
        if len(problems) > 20:
            break

    assert problems == []


# What no page may show (issue 17): Django's empty choice "---------" (a select
# says "Välj …" or, in a filter, "Alla"), a time in UTC as the database holds
# it, a time with seconds, or a person by their user name.
PLACEHOLDERS = {
    "Django's empty choice": re.compile(r">-{9}<"),
    "a time in UTC": re.compile(r"\d:\d\d(:\d\d(\.\d+)?)?\+00:00"),
    "a time with seconds": re.compile(r">[^<>]*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"),
    "a person by user name": re.compile(r">\s*(samordnare|chef|revisor|agare)\s*<"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["samordnare", "chef"])
def test_no_page_shows_a_placeholder_a_utc_time_or_a_user_name(client, username):
    from django.contrib.auth import get_user_model

    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(get_user_model().objects.get(username=username))
    found: dict[str, str] = {}

    def visit(path, html):
        for what, pattern in PLACEHOLDERS.items():
            match = pattern.search(html)
            if match and what not in found:
                found[what] = (
                    f"{path}: …{html[max(0, match.start() - 80) : match.end()]}"
                )

    site = crawl(client, "http://testserver/KUL/", visit=visit)
    assert len(site.pages) >= 10
    assert found == {}


@pytest.mark.django_db
def test_the_login_form_survives_hostile_input(client):
    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(username=HOSTILE_TEXT, password=HOSTILE_TEXT)
    def check(username, password):
        response = client.post(
            "/logga-in/", {"username": username, "password": password}
        )
        # 429 once the same username has failed too often (login throttling).
        assert response.status_code in (200, 429)
        assert "_auth_user_id" not in client.session

    check()


def test_the_crawler_finds_forms_and_fields():
    """The parser must see the fields a real form has, or the fuzzing proves nothing."""
    html = (
        '<form method="post" action="/KUL/x/">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="t">'
        '<input name="name"><input type="date" name="when"><select name="owner">'
        '<option value="">---</option><option value="7">A</option></select>'
        '<input type="checkbox" name="flag" checked><textarea name="text"></textarea>'
        '<button type="submit">Spara</button></form>'
        '<form method="post" action="/logga-ut/"></form><a href="/KUL/y/">y</a>'
    )
    parser = PageParser("http://testserver/KUL/")
    parser.feed(html)
    assert parser.links == ["http://testserver/KUL/y/"]
    assert len(parser.forms) == 1
    fields = {f.name: (f.kind, f.options) for f in parser.forms[0].fields}
    assert fields == {
        "csrfmiddlewaretoken": ("hidden", []),
        "name": ("text", []),
        "when": ("date", []),
        "owner": ("select", ["", "7"]),
        "flag": ("checkbox", []),
        "text": ("textarea", []),
    }
