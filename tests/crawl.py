"""Follow every same-site link from a start page, as a visitor would."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

SKIP_PREFIXES = ("/admin/", "/static/", "/accounts/logout/")


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links_in(html: str, base: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    found = []
    for href in parser.links:
        url, _ = urldefrag(urljoin(base, href))
        parsed = urlparse(url)
        if parsed.scheme not in ("", "http") or parsed.netloc not in ("", "testserver"):
            continue
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        if path.startswith(SKIP_PREFIXES):
            continue
        found.append(path)
    return found


def crawl(client, start: str = "/", limit: int = 600) -> dict[str, object]:
    """Breadth-first crawl; returns {path: response} for every page reached."""
    seen: dict[str, object] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and "html" in content_type:
            for link in links_in(response.content.decode(), path):
                if link not in seen:
                    queue.append(link)
    return seen
