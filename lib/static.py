"""Static files as production serves them: hashed names, compressed, each URL found once.

WhiteNoise's manifest storage works out a file's hashed URL on every `{% static %}` (the
manifest's entry, then a split, unquote, join and quote): six a page in the base template,
about a sixth of the lightest signed-in page's template time. The manifest is read once per
process and never changes under it, so neither do the URLs: they are kept by name here, and
forgotten whenever collectstatic writes a new manifest in this process (tests, the journey).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        if (found := self.urls.get(name)) is None:
            found = self.urls[name] = super().url(name)
        return found

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self.urls.clear()
        yield from super().post_process(*args, **kwargs)
        self.urls.clear()
