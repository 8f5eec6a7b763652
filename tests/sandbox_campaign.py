"""Write a campaign YAML that points at the session's sandbox wikis by api.php URL."""
from __future__ import annotations

from pathlib import Path

import yaml


def campaign_yaml(sandbox, folder: Path, registry: str, grace_days: int = 7,
                  name: str | None = None, **extra) -> Path:
    """Write ``folder/campaign.yaml``; ``extra`` keys are added or replace defaults."""
    data = {
        "name": name or f"Test campaign {registry}",
        "account": "WikiGapBot",
        "wikis": {"meta": sandbox["meta"].api_url, "se": sandbox["se"].api_url},
        "content_wikis": {code: sandbox[code].api_url for code in ("en", "pt", "sv")},
        "wikidata": sandbox["wikidata"].api_url,
        "events": {"wiki": "meta", "page": registry, "grace_days": grace_days},
        "state": str(folder / "state.sqlite"),
        **extra,
    }
    path = folder / "campaign.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
