"""Other names for a skill (ESCO's alternative labels), for search and merging (issue 11)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("careers", "0003_external_ids_table_replaces_three_columns"),
    ]

    operations = [
        migrations.CreateModel(
            name="SkillAlias",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=120)),
                ("skill", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="aliases", to="careers.skill")),
            ],
            options={
                "verbose_name_plural": "skill aliases",
                "constraints": [
                    models.UniqueConstraint(fields=("skill", "name"), name="skillalias_unique"),
                    models.CheckConstraint(condition=models.Q(("name", ""), _negated=True), name="skillalias_name_not_empty"),
                ],
            },
        ),
    ]
