"""Retiring a skill that ratings use, which PROTECT keeps from being deleted (issue 11)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("careers", "0004_skill_aliases"),
    ]

    operations = [
        migrations.AddField(
            model_name="skill",
            name="archived",
            field=models.BooleanField(default=False, help_text="Retired: left out of new assessments, career pages and the matrix. Ratings and saved reports keep it."),
        ),
    ]
