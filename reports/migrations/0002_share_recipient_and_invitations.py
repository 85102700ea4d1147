"""A share keeps what its owner typed (`recipient`) and may wait for an invitation.

Existing shares with a mentor get the mentor's username as their recipient (what the
owner typed, as far as anyone can tell now), before the constraint that asks for one.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def recipients_from_mentors(apps, schema_editor):
    Share = apps.get_model("reports", "Share")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    username = User.objects.filter(pk=models.OuterRef("mentor")).values("username")
    Share.objects.filter(mentor__isnull=False).update(recipient=models.Subquery(username[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='share',
            name='share_mentor_xor_link',
        ),
        migrations.AddField(
            model_name='share',
            name='invite_token',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='share',
            name='recipient',
            field=models.CharField(blank=True, help_text='What the owner typed: a username or an email address; empty for a link.', max_length=254),
        ),
        migrations.RunPython(recipients_from_mentors, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='share',
            name='mentor',
            field=models.ForeignKey(blank=True, help_text='Who reads it: empty until an invitation is accepted, or if nobody matched.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='mentor_shares', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='share',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('expires__isnull', True), ('token__isnull', True), models.Q(('recipient', ''), _negated=True)), models.Q(('expires__isnull', False), ('invite_token__isnull', True), ('mentor__isnull', True), ('recipient', ''), ('token__isnull', False)), _connector='OR'), name='share_mentor_xor_link'),
        ),
        migrations.AddConstraint(
            model_name='share',
            constraint=models.UniqueConstraint(models.F('report'), django.db.models.functions.text.Lower('recipient'), condition=models.Q(('revoked__isnull', True), models.Q(('recipient', ''), _negated=True)), name='share_one_active_per_recipient'),
        ),
    ]
