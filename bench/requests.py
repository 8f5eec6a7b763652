"""Name every HTTP request a phase makes, and measure its process's peak memory.

A :class:`Recorder` is a second response hook on pywikibot's session, beside
``wikigap.wikis.wiki.REQUESTS`` (which only counts): it files each request under
registry, sign-up pages, user check, usercontribs, page info, Wikidata items,
event registrations and their participant pages, or overhead.
"""
from __future__ import annotations

import resource
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

#: Body fields that carry a page's wikitext: never needed to name a request, and left
#: unparsed (unquoting a leaderboard's megabyte splits it into a million pieces: ~40 MiB
#: of the measured process's peak would be the measurement's own).
CONTENT_FIELDS = ("text=", "appendtext=", "prependtext=")


def request_params(url: str, body) -> dict[str, str]:
    """Give the parameters of one request, from its URL and (urlencoded) body, but its wikitext."""
    params = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
    if body:
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        if isinstance(body, str):   # '&' inside a value is encoded, so the split is the fields
            fields = "&".join(f for f in body.split("&") if not f.startswith(CONTENT_FIELDS))
            params.update({k: v[-1] for k, v in parse_qs(fields).items()})
    return params


def describe(params: dict[str, str]) -> str:
    """Give a short name for an overhead request: action and its query modules."""
    parts = [params.get("action", "?")]
    for key in ("meta", "list", "prop", "siprop", "modules", "type"):
        if key in params:
            parts.append(f"{key}={params[key]}")
    return " ".join(parts)


def classify(method: str, url: str, body) -> str:
    """Name what one API or REST request was for."""
    path = urlsplit(url).path
    if "/rest.php/campaignevents/" in path:
        return "participant_pages" if path.endswith("/participants") else "registrations"
    params = request_params(url, body)
    action = params.get("action", "")
    lists = set(params.get("list", "").split("|"))
    props = set(params.get("prop", "").split("|"))
    metas = set(params.get("meta", "").split("|"))
    if action == "query":
        if "usercontribs" in lists:
            return "contribs"
        if "users" in lists:
            return "user_check"
        if "revisions" in props:
            return "pages"          # registry or sign-up pages (split by the caller)
        if "info" in props and ("pageids" in params or "titles" in params):
            return "page_info"
        if metas & {"siteinfo", "userinfo", "tokens", "filerepoinfo"}:
            return "overhead"
    if action == "wbgetentities":
        return "wikidata"
    if action in ("login", "clientlogin", "paraminfo", "logout"):
        return "overhead"
    return "other:" + (action or "?") + ":" + ",".join(sorted((lists | props | metas) - {""}))


class Recorder:
    """A second response hook next to wikigap.wikis.wiki.REQUESTS, naming each request."""

    def __init__(self, http_session, registry_title: str) -> None:
        self.kinds: Counter = Counter()
        self.overhead: Counter = Counter()
        self.registry_title = registry_title
        http_session.hooks.setdefault("response", []).append(self._hook)

    def _hook(self, response, *args, **kwargs):
        req = response.request
        kind = classify(req.method, req.url, req.body)
        if kind == "pages":
            params = parse_qs(urlsplit(req.url).query)
            body = req.body.decode() if isinstance(req.body, bytes) else (req.body or "")
            params.update(parse_qs(body))
            titles = params.get("titles", [""])[-1]
            kind = "registry" if titles == self.registry_title else "signup_pages"
        if kind == "overhead" or kind.startswith("other"):
            self.overhead[describe(request_params(req.url, req.body))] += 1
        self.kinds[kind] += 1
        return response


def peak_memory() -> float:
    """Give the peak resident memory of this process so far, MiB.

    VmHWM belongs to the process image, so it starts afresh at exec; Linux keeps
    ru_maxrss across execve, which would report the parent's peak instead.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
