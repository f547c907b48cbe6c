"""reviews/migrations/0009_decided_actions moves the action plan's links to the
reviews (which review decided an action, the findings behind it) into the
reviews' DecidedAction, keeping every row and the links' whole history."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reviews", "0008_dnr_data_date"), ("actions", "0002_bounded_text")]
AFTER = [
    ("reviews", "0009_decided_actions"),
    ("actions", "0003_review_links_move_to_reviews"),
]


def _migrate(targets):
    """Migrate to ``targets``, every other app at its latest; the models then."""
    executor = MigrationExecutor(connection)
    named = {app for app, _name in targets}
    targets = targets + [
        leaf
        for leaf in executor.loader.graph.leaf_nodes()
        if leaf[0] not in named
        and not set(executor.loader.graph.forwards_plan(leaf)) & set(AFTER)
    ]
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def _latest_schema_after():
    """Whatever the test leaves, the next test finds every migration applied."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_every_link_and_its_history_move_to_the_reviews(_latest_schema_after):
    old = _migrate(BEFORE)
    Organisation = old.get_model("lgsys", "Organisation")
    Review = old.get_model("reviews", "ManagementReview")
    Finding = old.get_model("reviews", "Finding")
    Area = old.get_model("actions", "ActionArea")
    Action = old.get_model("actions", "Action")
    HistoricalAction = old.get_model("actions", "HistoricalAction")
    User = old.get_model("auth", "User")

    org = Organisation.objects.create(code="MIG", name="Migrationsförvaltningen")
    user = User.objects.create(username="flyttare")
    r2022 = Review.objects.create(organisation=org, year=2022)
    r2023 = Review.objects.create(organisation=org, year=2023)
    finding = Finding.objects.create(
        organisation=org, source="revision", year=2022, text="Brist"
    )
    area = Area.objects.create(organisation=org, title="Område", order=10)
    kept = Action.objects.create(
        organisation=org, area=area, text="Beslutad", start_year=2024, decided_in=r2023
    )
    kept.findings.add(finding)
    dropped = Action.objects.create(
        organisation=org, area=area, text="Tagen bort", start_year=2024
    )
    never = Action.objects.create(
        organisation=org, area=area, text="Aldrig beslutad", start_year=2024
    )
    start = datetime(2023, 1, 1, tzinfo=UTC)

    def history(action, *states):
        """One history row per (type, review) in order, a day apart."""
        fields = {
            f.attname: getattr(action, f.attname) for f in Action._meta.concrete_fields
        }
        for day, (kind, review) in enumerate(states):
            HistoricalAction.objects.create(
                **{**fields, "decided_in_id": review.pk if review else None},
                history_type=kind,
                history_date=start + timedelta(days=day),
                history_user=user,
                history_change_reason=f"steg {day}",
            )

    # kept: created undecided, decided in 2022, moved to 2023
    history(kept, ("+", None), ("~", r2022), ("~", None), ("~", r2023))
    # dropped: decided in 2022, then the decision taken away; then deleted
    history(dropped, ("+", r2022), ("~", None), ("-", None))
    history(never, ("+", None), ("~", None))

    new = _migrate(AFTER)
    Decided = new.get_model("reviews", "DecidedAction")
    HistoricalDecided = new.get_model("reviews", "HistoricalDecidedAction")

    decision = Decided.objects.get()
    assert (decision.action_id, decision.review_id) == (kept.pk, r2023.pk)
    assert list(decision.findings.values_list("pk", flat=True)) == [finding.pk]
    rows = {
        action_id: list(
            HistoricalDecided.objects.filter(action_id=action_id)
            .order_by("history_date", "history_id")
            .values_list("id", "history_type", "review_id", "history_change_reason")
        )
        for action_id in (kept.pk, dropped.pk, never.pk)
    }
    assert rows[kept.pk] == [
        (decision.pk, "+", r2022.pk, "steg 1"),
        (decision.pk, "-", r2022.pk, "steg 2"),
        (decision.pk, "+", r2023.pk, "steg 3"),
    ]
    (gone_id, *_), *_ = rows[dropped.pk]
    assert gone_id != decision.pk
    assert rows[dropped.pk] == [
        (gone_id, "+", r2022.pk, "steg 0"),
        (gone_id, "-", r2022.pk, "steg 1"),
    ]
    assert rows[never.pk] == []
    assert set(HistoricalDecided.objects.values_list("history_user_id", flat=True)) == {
        user.pk
    }
    # the history browser's indexes stand on both history tables
    with connection.cursor() as cursor:
        for table in ("reviews_historicaldecidedaction", "actions_historicalaction"):
            names = {
                c["columns"] and name
                for name, c in connection.introspection.get_constraints(
                    cursor, table
                ).items()
            }
            assert {f"{table}_org_timeline", f"{table}_object_date"} <= names
