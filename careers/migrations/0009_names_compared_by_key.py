"""Names compared as lib/names.py compares them: a stored key per name, unique per model.

The keys of existing rows are filled here. Rows whose names already look alike (imported
before this rule) must still migrate: the first keeps its key, each later one a key no
name can have (the key, U+001F, its id), and is listed, so that curators rename it. Its
next save in the admin asks for a name that does not look like the other one.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

from lib.names import name_key, search_words

# name_key() splits on white space, which U+001F is to Python: no name's key holds it.
APART = "\x1f"


def fill_keys(apps: Any, schema_editor: Any) -> None:
    for model_name in ("Career", "SkillCategory", "Skill"):
        model = apps.get_model("careers", model_name)
        rows = list(model.objects.order_by("pk"))
        taken: dict[str, Any] = {}
        for row in rows:
            key = name_key(row.name)
            if key in taken:
                print(  # noqa: T201 - migrations speak on the console
                    f"\n  {model_name} {row.pk} {row.name!r} looks like "
                    f"{taken[key].pk} {taken[key].name!r}: rename one of them."
                )
                key = f"{key}{APART}{row.pk}"
            taken.setdefault(key, row)
            row.name_key = key
            if model_name == "Skill":
                row.search_words = search_words(row.name, row.description)
        fields = ["name_key", "search_words"] if model_name == "Skill" else ["name_key"]
        model.objects.bulk_update(rows, fields, batch_size=1000)
    alias_model = apps.get_model("careers", "SkillAlias")
    aliases = list(alias_model.objects.all())
    for alias in aliases:
        alias.name_key, alias.search_words = name_key(alias.name), search_words(alias.name)
    alias_model.objects.bulk_update(aliases, ["name_key", "search_words"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0008_taxonomy_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="career",
            name="name_key",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.AddField(
            model_name="skill",
            name="name_key",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.AddField(
            model_name="skill",
            name="search_words",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.AddField(
            model_name="skillalias",
            name="name_key",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.AddField(
            model_name="skillalias",
            name="search_words",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.AddField(
            model_name="skillcategory",
            name="name_key",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="career",
            name="name",
            field=models.CharField(max_length=120),
        ),
        migrations.AlterField(
            model_name="skill",
            name="name",
            field=models.CharField(max_length=120),
        ),
        migrations.AlterField(
            model_name="skillcategory",
            name="name",
            field=models.CharField(max_length=120),
        ),
        migrations.AddConstraint(
            model_name="career",
            constraint=models.UniqueConstraint(
                fields=("name_key",),
                name="career_name_key_unique",
                violation_error_message="A name that looks the same is already taken.",
            ),
        ),
        migrations.AddConstraint(
            model_name="skill",
            constraint=models.UniqueConstraint(
                fields=("name_key",),
                name="skill_name_key_unique",
                violation_error_message="A name that looks the same is already taken.",
            ),
        ),
        migrations.AddConstraint(
            model_name="skillcategory",
            constraint=models.UniqueConstraint(
                fields=("name_key",),
                name="skillcategory_name_key_unique",
                violation_error_message="A name that looks the same is already taken.",
            ),
        ),
    ]
