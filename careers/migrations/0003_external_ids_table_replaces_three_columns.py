"""A skill's crosswalk ids move from three columns (onet_id, esco_uri, sfia_code) to a table
of (skill, scheme, code), so a skill can carry several ids per scheme (issue 11).

Every non-empty value is copied; reversing copies each scheme's first code back.
"""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = {"onet_id": "onet", "esco_uri": "esco", "sfia_code": "sfia"}


def esco_uri(value):
    # The admin form assumed https:// for a URI typed without its scheme; an import did not
    # check. The table only takes http(s) URIs, so give a bare one the form's scheme.
    return value if value.startswith(("http://", "https://")) else f"https://{value}"


def copy_columns_to_table(apps, schema_editor):
    Skill = apps.get_model("careers", "Skill")
    ExternalId = apps.get_model("careers", "ExternalId")
    rows = []
    for skill in Skill.objects.only(*COLUMNS).iterator():
        for column, scheme in COLUMNS.items():
            code = getattr(skill, column).strip()
            if code:
                code = esco_uri(code) if scheme == "esco" else code
                rows.append(ExternalId(skill_id=skill.pk, scheme=scheme, code=code))
    ExternalId.objects.bulk_create(rows, batch_size=1000)


def copy_table_to_columns(apps, schema_editor):
    Skill = apps.get_model("careers", "Skill")
    ExternalId = apps.get_model("careers", "ExternalId")
    limits = {c: Skill._meta.get_field(c).max_length for c in COLUMNS}
    first: dict[int, dict[str, str]] = {}
    for external in ExternalId.objects.order_by("skill_id", "scheme", "code"):
        first.setdefault(external.skill_id, {}).setdefault(external.scheme, external.code)
    skills = list(Skill.objects.filter(pk__in=first))
    for skill in skills:
        for column, scheme in COLUMNS.items():
            setattr(skill, column, first[skill.pk].get(scheme, "")[: limits[column]])
    Skill.objects.bulk_update(skills, list(COLUMNS), batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("careers", "0002_level_rank_and_resource_hours_at_least_one"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExternalId",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scheme", models.CharField(choices=[("onet", "O*NET"), ("esco", "ESCO"), ("sfia", "SFIA")], max_length=8)),
                ("code", models.CharField(help_text="O*NET element id, ESCO URI or SFIA code.", max_length=300)),
                ("skill", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="external_ids", to="careers.skill")),
            ],
            options={
                "verbose_name": "external id",
                "constraints": [
                    models.UniqueConstraint(fields=("skill", "scheme", "code"), name="externalid_unique"),
                    models.CheckConstraint(condition=models.Q(("scheme__in", ["onet", "esco", "sfia"])), name="externalid_scheme_valid"),
                    models.CheckConstraint(condition=models.Q(("code", ""), _negated=True), name="externalid_code_not_empty"),
                    models.CheckConstraint(condition=models.Q(models.Q(("scheme", "esco"), _negated=True), ("code__startswith", "http://"), ("code__startswith", "https://"), _connector="OR"), name="externalid_esco_is_http", violation_error_message="An ESCO id is an http(s) URI."),
                ],
            },
        ),
        migrations.RunPython(copy_columns_to_table, copy_table_to_columns, elidable=False),
        migrations.RemoveField(model_name="skill", name="esco_uri"),
        migrations.RemoveField(model_name="skill", name="onet_id"),
        migrations.RemoveField(model_name="skill", name="sfia_code"),
    ]
