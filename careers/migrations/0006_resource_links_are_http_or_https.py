"""A resource's link is http(s) only, in the database too.

Rows that hold any other scheme (a javascript: link is the reason for this) are removed
first: a resource's link is its point, so the resource goes. The seed's and any curator's
real links are http(s) and stay. (ESCO ids have their own constraint: 0003.)
"""

from django.db import migrations, models
from django.db.models import Q

WEB = Q(url__istartswith="http://") | Q(url__istartswith="https://")


def drop_other_schemes(apps, schema_editor):
    apps.get_model("careers", "Resource").objects.exclude(WEB).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0005_skill_archived"),
    ]

    operations = [
        migrations.RunPython(drop_other_schemes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="resource",
            constraint=models.CheckConstraint(
                condition=Q(url__istartswith="http://") | Q(url__istartswith="https://"),
                name="resource_url_web",
            ),
        ),
    ]
