"""Report, Share, Comment, Review and ReadMark move to the reports app, rows and all.

Only Django's idea of the models moves: each table is renamed to the reports app's name
in place (keys, constraints and data untouched), and reports/0001 takes the models over
without creating anything (tests/reports/test_migrations.py).
"""

from django.db import migrations

MOVED = ["readmark", "review", "comment", "share", "report"]  # dependents first


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_sharing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"reports_{name}") for name in MOVED
            ],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        ),
    ]
