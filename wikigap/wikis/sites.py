"""The run's wikis by the names the config gives them: one adapter each, made on first use."""
from __future__ import annotations

from wikigap.config import Config
from wikigap.wikis.errors import WikiError
from wikigap.wikis.wiki import REQUESTS, Wiki, is_known_site


class Wikis:
    """The run's wikis, one adapter each, made on first use: config names, specs, languages."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._by_spec: dict[str, Wiki] = {}

    def get(self, name: str) -> Wiki:
        """Give the wiki for a config wiki name (``meta``) or a site spec / URL."""
        spec = self.config.wikis.get(name, name)
        return self._wiki(spec, name if name in self.config.wikis else None)

    def _wiki(self, spec: str, label: str | None) -> Wiki:
        """Make a spec's adapter once; it is named as first asked for (config name, language)."""
        if spec not in self._by_spec:
            self._by_spec[spec] = Wiki(spec, label)
        return self._by_spec[spec]

    def wikidata(self) -> Wiki:
        """Give the wiki the articles' items are read on (config ``wikidata``)."""
        name = self.config.wikidata
        return self._wiki(self.config.wikis.get(name, name),
                          name if name in self.config.wikis else "wikidata")

    def content(self, lang: str) -> Wiki:
        """Give the wiki where ``lang`` articles are counted."""
        spec = self.config.content_site(lang)
        if spec is None:
            raise WikiError(f"no content wiki is configured for language '{lang}'")
        return self._wiki(spec, lang)

    @staticmethod
    def requests() -> int:
        """Count the HTTP requests made to any wiki so far (runs report their share)."""
        return REQUESTS.count

    def knows_language(self, lang: str) -> bool:
        """Tell whether the config maps a language to a wiki that exists."""
        spec = self.config.content_site(lang)
        return spec is not None and is_known_site(spec)
