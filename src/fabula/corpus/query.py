"""DuckDB over a corpus folder: one view per table over its committed parts.

A table with no committed part yet (e.g. `claims` before the claims analyzer
exists) is still a view, empty, with its documented columns. `analyses` is a
view over the compressed JSONL: (id VARCHAR, metadata JSON, analysis JSON).
"""

from __future__ import annotations

import json
from pathlib import Path

from fabula.corpus import require
from fabula.errors import InputError


def connect(folder: str | Path):
    """An in-memory DuckDB connection with a view per corpus table."""
    duckdb = require("duckdb")
    pa = require("pyarrow")
    from fabula.corpus import tables
    from fabula.corpus.store import Store

    store = Store.existing(folder)
    connection = duckdb.connect()
    for name, schema in tables.SCHEMAS.items():
        files = [str(p) for p in store.files(name)]
        if files:
            connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_list(files)})")
        else:
            connection.register(f"_empty_{name}", pa.Table.from_pylist([], schema=schema))
            connection.execute(f"CREATE VIEW {name} AS SELECT * FROM _empty_{name}")
    files = [str(p) for p in store.files("analyses")]
    columns = "{'id': 'VARCHAR', 'metadata': 'JSON', 'analysis': 'JSON'}"
    if files:
        connection.execute(f"CREATE VIEW analyses AS SELECT * FROM read_json({_list(files)}, "
                           f"format='newline_delimited', compression='gzip', columns={columns})")
    else:
        connection.execute("CREATE VIEW analyses AS SELECT NULL::VARCHAR AS id, NULL::JSON AS metadata, "
                           "NULL::JSON AS analysis WHERE false")
    return connection


def run_query(folder: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Run SQL over the corpus views -> (column names, rows); a JSON column's values come back parsed (a dict, a
    list ...), not as their text. SQL errors become InputError."""
    duckdb = require("duckdb")
    connection = connect(folder)
    try:
        result = connection.execute(sql)
        description = result.description or []
        columns = [d[0] for d in description]
        parsed = [k for k, d in enumerate(description) if str(d[1]) == "JSON"]
        rows = result.fetchall()
        if parsed:
            rows = [tuple(json.loads(v) if k in parsed and isinstance(v, str) else v for k, v in enumerate(row))
                    for row in rows]
        return columns, rows
    except duckdb.Error as exc:
        raise InputError(f"query failed: {' '.join(str(exc).split())}") from None
    finally:
        connection.close()


def _list(files: list[str]) -> str:
    return "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
