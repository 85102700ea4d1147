"""Indexes for skill search: B-trees on both databases, trigrams on PostgreSQL (docs/taxonomy.md, "Search").

Skill search matches word prefixes anywhere in a column (`LIKE '% data%'`), which a
B-tree cannot serve; pg_trgm's GIN operator class can. The indexes are PostgreSQL's own,
so they are made here rather than declared on the models, which SQLite also migrates.
SQLite scans the columns: at 14,000 skills that is a few milliseconds (docs/performance.md).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

INDEXES = [
    ("careers_skill_search_trgm", "careers_skill", "search_words"),
    ("careers_skillalias_search_trgm", "careers_skillalias", "search_words"),
    ("careers_externalid_code_trgm", "careers_externalid", "code"),
]


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("careers", "0009_names_compared_by_key")]

    operations = [
        migrations.AddIndex(
            model_name="externalid", index=models.Index(fields=["code"], name="externalid_code")
        ),
        migrations.AddIndex(
            model_name="skill", index=models.Index(fields=["name"], name="skill_name")
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
