"""What an outsider can learn from how long a password reset or a sign-up takes (issue 18).

In one process, on a fresh SQLite test database with the test settings' fast hasher, it
times ROUNDS requests through Django's test client for an address that has an account and
one that has none, interleaved so that both meet the same machine, and prints each side's
median and the difference. The mail server is simulated taking SMTP_MS milliseconds a
message (default 50, what a remote SMTP server's round trips cost), so the figure includes
what production's email costs, once with the email sent after the response (Skillgap's
`background.mail` backend) and once sent inside the request, as Django does by default.

    .venv/bin/python -m bench.enumeration_timing          # ROUNDS=50 SMTP_MS=50

Throttles are lifted for the run (the cache is cleared between requests).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.core.mail import EmailMessage

ROUNDS = int(os.environ.get("ROUNDS", "50"))
SMTP_MS = float(os.environ.get("SMTP_MS", "50"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.cache import cache
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, keepdb=False)
    from django.contrib.auth.models import User

    User.objects.create_user("known", "known@example.com", "a-pass-phrase-2026")
    slow = {
        "SLOW_EMAIL_MS": SMTP_MS,
        "SLOW_EMAIL_INNER": "django.core.mail.backends.locmem.EmailBackend",
    }

    # The time to the response is until the server has it whole and closes it: gunicorn
    # writes the body, then calls close(), where emails sent "after the response" go.
    from django.http.response import HttpResponseBase

    answered: list[float] = []
    close = HttpResponseBase.close

    def noting_close(self: HttpResponseBase) -> None:
        answered.append(time.perf_counter())
        close(self)

    HttpResponseBase.close = noting_close  # type: ignore[method-assign]

    def timed(post: Callable[[], int]) -> float:
        cache.clear()
        answered.clear()
        start = time.perf_counter()
        status = post()
        assert status in (200, 302), status
        return (answered[0] - start) * 1000

    def reset(email: str) -> Callable[[], int]:
        return lambda: Client().post(reverse("password_reset"), {"email": email}).status_code

    counter = iter(range(10**6))

    def sign_up(email: str) -> Callable[[], int]:
        def post() -> int:
            n = next(counter)
            data = {"username": f"person{n}", "email": email}
            data |= {"password1": "a-pass-phrase-2026", "password2": "a-pass-phrase-2026"}
            return Client().post(reverse("signup"), data).status_code

        return post

    def compare(label: str, known: Callable[[], int], unknown: Callable[[], int]) -> None:
        for _ in range(5):  # warm up: templates, URL resolver, first queries
            timed(known), timed(unknown)
        a, b = [], []
        for _ in range(ROUNDS):
            a.append(timed(known))
            b.append(timed(unknown))
        ma, mb = statistics.median(a), statistics.median(b)
        deciles = statistics.quantiles(b, n=10)
        print(
            f"{label:<46} known {ma:7.2f} ms   unknown {mb:7.2f} ms   "
            f"difference {ma - mb:+7.2f} ms   (medians of {ROUNDS}; spread of unknown "
            f"p10–p90 {deciles[0]:.2f}–{deciles[-1]:.2f})"
        )
        mail.outbox.clear()

    backends = [
        ("email after the response (background.mail)", "background.mail.AfterResponseBackend"),
        ("email inside the request (as before)", "bench.enumeration_timing.SlowBackend"),
    ]
    for where, backend in backends:
        inner = "bench.enumeration_timing.SlowBackend"
        with override_settings(EMAIL_BACKEND=backend, SKILLGAP_EMAIL_BACKEND=inner, **slow):
            print(f"-- {where}, the mail server taking {SMTP_MS:g} ms a message")
            compare("password reset", reset("known@example.com"), reset("nobody@example.com"))
            compare(
                "sign-up naming a taken / a free address",
                sign_up("known@example.com"),
                sign_up("free@example.com"),
            )
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


class SlowBackend:
    """The test outbox, taking SLOW_EMAIL_MS a message as a remote mail server does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)
        self.delay = getattr(settings, "SLOW_EMAIL_MS", 0) / 1000

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        time.sleep(self.delay * len(messages))
        return self.inner.send_messages(messages)


if __name__ == "__main__":
    main()
