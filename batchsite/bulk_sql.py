"""Bulk SQL that Django's ORM writes slowly: one UPDATE for many rows, each with its own values.

For the document run's hot path (a shared message records its documents in bulk), on both
databases the project runs on: SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connections, models, router


def rows_update(model: type[models.Model], rows: list[tuple[int, dict[str, Any]]], *, where: dict) -> None:
    """UPDATE each row by primary key with its own values, in one statement per set of columns.

    ``bulk_update`` builds a CASE per column and row, which costs more than processing a small
    document. PostgreSQL gets one ``UPDATE … FROM (VALUES …)``; SQLite, whose statements are
    cheap in-process calls, a prepared ``executemany``. Each field does its own conversion.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote, meta = connection.ops.quote_name, model._meta
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    conditions = [meta.get_field(name) for name in where]
    fixed = [f.get_db_prep_save(where[f.name], connection) for f in conditions]
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for key, values in rows:
        groups[tuple(values)].append((key, values))
    for names, group in groups.items():
        fields = [meta.get_field(name) for name in names]
        values = [[key, *(f.get_db_prep_save(v[f.name], connection) for f in fields)] for key, v in group]
        if connection.vendor == "postgresql":
            row = f"({', '.join(['%s'] * (len(fields) + 1))})"
            columns = ", ".join(["pk", *(f"c{i}" for i in range(len(fields)))])
            sql = (
                f"UPDATE {table} SET "
                + ", ".join(
                    f"{quote(f.column)} = CAST(v.c{i} AS {f.db_type(connection)})"
                    for i, f in enumerate(fields)
                )
                + f" FROM (VALUES {', '.join([row] * len(values))}) AS v({columns})"
                + f" WHERE {table}.{pk} = CAST(v.pk AS {meta.pk.rel_db_type(connection)})"
                + "".join(f" AND {table}.{quote(f.column)} = %s" for f in conditions)
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [param for value in values for param in value] + fixed)
            continue
        sql = (
            f"UPDATE {table} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} WHERE {pk} = %s"
            + "".join(f" AND {quote(f.column)} = %s" for f in conditions)
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [[*value[1:], value[0], *fixed] for value in values])
