"""Where each page spends its time: pyinstrument over the pages `make bench` measures.

In one process under production settings (DEBUG=false, the cached template loader,
local-memory cache) on a fresh SQLite file: the seed plus the generated 300-skill career,
an owner with a finished report shared with a mentor and a half-rated draft. Each page is
requested once to warm up, then REQUESTS times under the profiler; the profile's tree is
printed, cut at 2% of the time.

    .venv/bin/python bench/profile_pages.py [career-slug] [page ...]

Career: systems-ml-engineer (default) or bench-300-skills. Pages: career, rating,
autosave, report, json, mentor (default: all). PROFILE_FUNCTIONS=1 gives cProfile's
functions instead (PROFILE_SORT=cumulative to include their callees, PROFILE_LINES).
"""

from __future__ import annotations

import cProfile
import functools
import json
import os
import pstats
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "40"))


def configure(folder: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "profile-only-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{folder / 'profile.sqlite3'}",
            "REDIS_URL": "",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "EMAIL_URL": "consolemail://",
            "LOG_LEVEL": "ERROR",
            # The test client speaks plain HTTP; the redirect to HTTPS is not what is profiled.
            "SECURE_SSL_REDIRECT": "false",
        }
    )
    import django

    django.setup()


def prepare(folder: Path) -> None:
    from django.core.management import call_command

    from bench.pages_bench import big_career

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_seed", verbosity=0)
    bundle = folder / "big.json"
    bundle.write_text(json.dumps(big_career()))
    call_command("import_taxonomy", str(bundle), verbosity=0)


def fixture(career: str) -> dict[str, str]:
    """The owner's draft and report, through the views as a person makes them."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects
    owner = users.create_user("profile-owner", password="profile-password-2026")
    users.create_user("profile-mentor", password="profile-password-2026")
    client = Client()
    client.force_login(owner)
    rng = random.Random(7)

    def start() -> str:
        response = client.post(f"/assessments/start/{career}/", {"level": "senior"})
        assert response.status_code == 302, response.status_code
        return response["Location"].strip("/").split("/")[-1]

    def slugs(uuid: str) -> list[str]:
        page = client.get(f"/assessments/{uuid}/").content.decode()
        # At 100+ skills the rows are on each category's page.
        for category in dict.fromkeys(re.findall(r'href="\?category=([\w-]+)"', page)):
            page += client.get(f"/assessments/{uuid}/?category={category}").content.decode()
        return list(dict.fromkeys(re.findall(r'name="([\w-]+)-score"', page)))

    finished = start()
    client.post(
        f"/assessments/{finished}/",
        {f"{s}-score": str(rng.randint(0, 5)) for s in slugs(finished)},
    )
    report = client.post(f"/assessments/{finished}/finish/")["Location"].strip("/").split("/")[-1]
    client.post(f"/reports/{report}/share/", {"mentor": "profile-mentor"})
    draft = start()
    skills = slugs(draft)
    client.post(f"/assessments/{draft}/", {f"{s}-score": "3" for s in skills[::2]})
    return {"draft": draft, "report": report, "skill": skills[1]}


def pages(career: str, ids: dict[str, str]) -> dict[str, tuple[str, str, dict[str, str]]]:
    draft, report, skill = ids["draft"], ids["report"], ids["skill"]
    return {
        "career": ("owner", f"/careers/{career}/", {}),
        "rating": ("owner", f"/assessments/{draft}/", {}),
        "autosave": ("owner", f"/assessments/{draft}/ratings/{skill}/", {"score": "3"}),
        "report": ("owner", f"/reports/{report}/", {}),
        "json": ("owner", f"/reports/{report}.json", {}),
        "mentor": ("mentor", "/mentor/", {}),
    }


def main() -> None:
    career = sys.argv[1] if len(sys.argv) > 1 else "systems-ml-engineer"
    wanted = sys.argv[2:]
    with tempfile.TemporaryDirectory(prefix="skillgap-profile-") as tmp:
        folder = Path(tmp)
        configure(folder)
        prepare(folder)
        ids = fixture(career)

        from django.contrib.auth import get_user_model
        from django.test import Client

        clients = {}
        for name in ("owner", "mentor"):
            clients[name] = Client()
            clients[name].force_login(get_user_model().objects.get(username=f"profile-{name}"))
        for key, (who, path, data) in pages(career, ids).items():
            if not wanted or key in wanted:
                profile(key, path, functools.partial(send, clients[who], path, data))


def send(client: Any, path: str, data: dict[str, str]) -> int:
    """One request as the benchmark sends it: an htmx POST when there is data, else a GET."""
    if data:
        return client.post(path, data, headers={"HX-Request": "true"}).status_code
    return client.get(path).status_code


def profile(key: str, path: str, request: Callable[[], int]) -> None:
    status = request()  # the warm-up: templates compiled, caches filled
    assert status == 200, f"{key}: {path} answered {status}"
    if os.environ.get("PROFILE_FUNCTIONS") == "1":  # the functions' own time instead
        with cProfile.Profile() as functions:
            for _ in range(REQUESTS):
                request()
        order = os.environ.get("PROFILE_SORT", "tottime")  # or cumulative: with callees
        print(f"\n==== {key} ({path}): functions by {order} time ====")
        lines = int(os.environ.get("PROFILE_LINES", "25"))
        pstats.Stats(functions).sort_stats(order).print_stats(lines)
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(REQUESTS):
            request()
    ms = (time.perf_counter() - started) * 1000 / REQUESTS
    print(f"\n==== {key} ({path}): {ms:.1f} ms a request in process ====")
    show_all = os.environ.get("PROFILE_ALL") == "1"  # Django's own frames too
    print(profiler.output_text(unicode=False, show_all=show_all, time="percent_of_total"))


if __name__ == "__main__":
    main()
