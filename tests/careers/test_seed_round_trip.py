"""The seed file is the curators' bundle format, and it round-trips through the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from careers.models import Career, Skill
from tests.careers.test_seed import matrix_signature

SEED = Path(settings.BASE_DIR) / "fixtures" / "taxonomy.json"


@pytest.mark.django_db(transaction=True)
def test_load_seed_then_export_gives_the_seed_file_byte_for_byte(tmp_path: Path) -> None:
    call_command("load_seed", verbosity=0)
    exported = tmp_path / "taxonomy.json"
    call_command("export_taxonomy", "--format", "json", "--output", str(exported))
    assert exported.read_bytes() == SEED.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_natural_keys_round_trip_through_dumpdata_and_flush(tmp_path: Path) -> None:
    call_command("load_seed", verbosity=0)
    before = {
        slug: matrix_signature(slug) for slug in Career.objects.values_list("slug", flat=True)
    }
    prerequisites_before = sorted(
        Skill.prerequisites.through.objects.values_list("from_skill__slug", "to_skill__slug")
    )
    dump = tmp_path / "taxonomy.json"
    call_command(
        "dumpdata", "careers", natural_foreign=True, natural_primary=True, output=str(dump)
    )
    call_command("flush", interactive=False, verbosity=0)
    assert not Career.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)
    after = {slug: matrix_signature(slug) for slug in Career.objects.values_list("slug", flat=True)}
    assert after == before
    assert (
        sorted(
            Skill.prerequisites.through.objects.values_list("from_skill__slug", "to_skill__slug")
        )
        == prerequisites_before
    )
