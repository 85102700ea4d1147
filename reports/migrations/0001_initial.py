"""The models that were assessments' until assessments/0004, which renamed their tables.

Everything here is state only: the tables exist, with their rows. The content types
follow the models, so permissions and admin history stay attached.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


MOVED = ["report", "share", "comment", "review", "readmark"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label="reports").values_list("model", flat=True)
    )
    ContentType.objects.filter(app_label="assessments", model__in=MOVED).exclude(
        model__in=taken
    ).update(app_label="reports")


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="reports", model__in=MOVED).update(
        app_label="assessments"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0004_move_reports_to_their_app'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('careers', '0002_level_rank_and_resource_hours_at_least_one'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='Report',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('career_name', models.CharField(max_length=120)),
                ('level_name', models.CharField(max_length=50)),
                ('readiness', models.FloatField(help_text='Readiness for the target level, 0–1.')),
                ('placement', models.CharField(max_length=50)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('scoring_version', models.PositiveSmallIntegerField()),
                ('document', models.JSONField()),
                ('assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='assessments.assessment')),
                ('career', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='careers.career')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='ReadMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('read_at', models.DateTimeField()),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='read_marks', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='read_marks', to='reports.report')),
            ],
        ),
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('skill', models.SlugField(blank=True, max_length=120)),
                ('body', models.TextField(max_length=2000)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='reports.report')),
            ],
        ),
        migrations.CreateModel(
            name='Review',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('summary', models.TextField(max_length=2000)),
                ('created', models.DateTimeField(auto_now=True)),
                ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='reports.report')),
            ],
        ),
        migrations.CreateModel(
            name='Share',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                ('expires', models.DateTimeField(blank=True, null=True)),
                ('show_name', models.BooleanField(default=False, help_text="Link viewers see the owner's name (never the email).")),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('revoked', models.DateTimeField(blank=True, null=True)),
                ('mentor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='mentor_shares', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='reports.report')),
            ],
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['owner', '-created'], name='report_owner_created'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.CheckConstraint(condition=models.Q(('readiness__gte', 0), ('readiness__lte', 1)), name='report_readiness_range'),
        ),
        migrations.AddConstraint(
            model_name='readmark',
            constraint=models.UniqueConstraint(fields=('report', 'user'), name='readmark_unique'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['report', 'created'], name='comment_report_created'),
        ),
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(('body', ''), _negated=True), name='comment_body_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.UniqueConstraint(fields=('report', 'mentor'), name='review_one_per_mentor'),
        ),
        migrations.AddIndex(
            model_name='share',
            index=models.Index(fields=['mentor', '-created'], name='share_mentor_created'),
        ),
        migrations.AddConstraint(
            model_name='share',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('expires__isnull', True), ('mentor__isnull', False), ('token__isnull', True)), models.Q(('expires__isnull', False), ('mentor__isnull', True), ('token__isnull', False)), _connector='OR'), name='share_mentor_xor_link'),
        ),
        migrations.AddConstraint(
            model_name='share',
            constraint=models.UniqueConstraint(condition=models.Q(('mentor__isnull', False), ('revoked__isnull', True)), fields=('report', 'mentor'), name='share_one_active_per_mentor'),
        ),
            ]),
        migrations.RunPython(move_content_types, return_content_types),
    ]
