"""When an organisation's data last changed: the newest row of any of its history
tables, in one query that reads each table's (organisation, date, id) index."""

from datetime import datetime

from django.db import connection
from django.utils.dateparse import parse_datetime

from lgsys.audit.sources import sources


def latest_change(organisation) -> datetime | None:
    q = connection.ops.quote_name
    parts, params = [], []
    for source in sources():
        parts.append(
            f"SELECT MAX({q('history_date')}) AS d "
            f"FROM {q(source.history._meta.db_table)} WHERE {q(source.org_field)} = %s"
        )
        params.append(organisation.pk)
    if not parts:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(d) FROM ({' UNION ALL '.join(parts)}) latest", params
        )
        (value,) = cursor.fetchone()
    if isinstance(value, str):  # SQLite gives the text it stored
        value = parse_datetime(value)
    return value
