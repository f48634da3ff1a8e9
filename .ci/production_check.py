#!/usr/bin/env python3
"""Crawl a running Scrutiny server as an anonymous visitor; fail on any 5xx.

    python .ci/production_check.py http://127.0.0.1:8731 [--max-urls 4000] [--max-seconds 300]

Starts from /, /sitemap.xml, /robots.txt, /api/ (JSON), /api/?format=api (the browsable API),
/api/docs/ (the reference), /api/docs/swagger/ (Swagger UI) and /admin/ (its sign-in page), and
follows every same-site URL it finds: links and assets in HTML, <loc> in sitemaps, links and
enclosures in feeds, URL: lines in calendars, URLs in API JSON, url() in stylesheets, redirects.
Pages, PDFs, feeds, calendars, sitemaps, the API and static files are all fetched.

It plays the TLS-terminating proxy of README "Production": every request carries
`X-Forwarded-Proto: https`, so the server runs with its production settings (SSL redirect, HSTS,
secure cookies) on plain loopback HTTP, and the https:// URLs it writes map back to it.

Fails (exit 1, listing the URLs) on a 5xx, a connection error or a timeout; on an HTML page with
no Content-Security-Policy or Permissions-Policy header, or a CSP that allows inline script or
style; and on HTML holding an inline script, an event-handler attribute, a style attribute or a
<style> element. 4xx answers are listed but do not fail. Only loopback servers are crawled, and
the crawl is bounded in URL count and time (hitting a bound is reported, not a failure).
Standard library only.
"""

import argparse
import concurrent.futures
import ipaddress
import json
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit
from xml.etree import ElementTree

START = ["/", "/sitemap.xml", "/robots.txt", "/api/", "/api/?format=api", "/api/docs/", "/api/docs/swagger/", "/admin/"]
# Never fetched: signing out (a POST form; a GET would only be refused).
SKIP_PREFIXES = ("/accounts/logout/",)
# Filters and pagination multiply query strings: at most this many per path.
MAX_QUERIES_PER_PATH = 25
TIMEOUT = 120
HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # 3xx comes back as an HTTPError; its Location is followed as a link


OPENER = urllib.request.build_opener(NoRedirect)


class PageParser(HTMLParser):
    """URLs in an HTML page, and anything inline that the Content-Security-Policy forbids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "src", "data-govuk-frontend"):
            if attributes.get(name):
                self.urls.append(attributes[name])
        if tag == "form" and (attributes.get("method") or "get").lower() == "get" and attributes.get("action"):
            self.urls.append(attributes["action"])
        if tag == "script" and not attributes.get("src"):
            if (attributes.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.inline.append("inline <script>")
        if tag == "style":
            self.inline.append("<style> element")
        if "style" in attributes:
            self.inline.append(f'style="…" on <{tag}>')
        for name in attributes:
            if name.startswith("on"):
                self.inline.append(f"{name}=… on <{tag}>")

    handle_startendtag = handle_starttag


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return all(ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None))


class Crawler:
    def __init__(self, base: str, max_urls: int, max_seconds: float, workers: int):
        parts = urlsplit(base)
        if parts.scheme != "http" or not parts.hostname or not is_loopback(parts.hostname):
            raise SystemExit(f"Refusing to crawl {base!r}: only http:// on a loopback address.")
        self.base = f"http://{parts.netloc}"
        self.netlocs = {parts.netloc, f"localhost:{parts.port}", f"127.0.0.1:{parts.port}"}
        self.max_urls, self.max_seconds, self.workers = max_urls, max_seconds, workers
        self.seen: set[str] = set()
        self.queries_per_path: Counter = Counter()
        self.referrer: dict[str, str] = {}
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.kinds: Counter = Counter()
        self.failures: list[str] = []
        self.problems: list[str] = []
        self.client_errors: list[str] = []
        self.slowest: list[tuple[float, str]] = []
        self.bytes = 0
        self.connection_errors = 0
        self.skipped_by_bound = 0

    # -- which URLs ---------------------------------------------------------------------------

    def local(self, url: str, base: str) -> str | None:
        """The site-relative path?query of a same-site URL, or None."""
        url, _ = urldefrag(urljoin(base, url.strip()))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc not in self.netlocs:
            return None
        path = parts.path or "/"
        if path.startswith(SKIP_PREFIXES):
            return None
        return urlunsplit(("", "", path, parts.query, ""))

    def add(self, found: list[str], base: str, referrer: str) -> list[str]:
        new = []
        with self.lock:
            for url in found:
                path = self.local(url, base)
                if path is None or path in self.seen:
                    continue
                bare = path.split("?", 1)[0]
                if "?" in path:
                    if self.queries_per_path[bare] >= MAX_QUERIES_PER_PATH:
                        continue
                    self.queries_per_path[bare] += 1
                if len(self.seen) >= self.max_urls:
                    self.skipped_by_bound += 1
                    continue
                self.seen.add(path)
                self.referrer[path] = referrer
                new.append(path)
        return new

    # -- one URL --------------------------------------------------------------------------------

    def fetch(self, path: str) -> list[str]:
        is_api_json = path.startswith("/api/") and not path.startswith("/api/docs/") and "format=" not in path
        headers = {
            "X-Forwarded-Proto": "https",
            "Accept": "application/json" if is_api_json else HTML_ACCEPT,
            "User-Agent": "scrutiny-production-check",
        }
        request = urllib.request.Request(self.base + path, headers=headers)
        started = time.monotonic()
        try:
            with OPENER.open(request, timeout=TIMEOUT) as response:
                status, response_headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, response_headers, body = error.code, error.headers, error.read()
        except Exception as error:  # noqa: BLE001 - connection refused, reset, timeout: all fail
            with self.lock:
                self.connection_errors += 1
            self.record_failure(path, f"{type(error).__name__}: {error}")
            return []
        elapsed = time.monotonic() - started
        content_type = (response_headers.get("Content-Type") or "").split(";")[0].strip().lower()
        with self.lock:
            self.statuses[status] += 1
            self.bytes += len(body)
            self.slowest = sorted([*self.slowest, (elapsed, path)], reverse=True)[:5]
        if status >= 500:
            self.record_failure(path, f"HTTP {status}")
            return []
        if 400 <= status < 500:
            with self.lock:
                self.client_errors.append(f"{status} {path} (linked from {self.referrer.get(path, '-')})")
            return []
        if 300 <= status < 400:
            location = response_headers.get("Location")
            return self.add([location] if location else [], self.base + path, path)
        kind = self.kind(path, content_type)
        with self.lock:
            self.kinds[kind] += 1
        urls = self.urls_in(kind, body, path, response_headers)
        return self.add(urls, self.base + path, path)

    def kind(self, path: str, content_type: str) -> str:
        if path.startswith("/static/") and content_type != "text/css":
            return "static file"
        return {
            "text/html": "HTML page",
            "application/pdf": "PDF",
            "text/calendar": "calendar",
            "application/json": "API (JSON)",
            "application/vnd.oai.openapi": "API schema",
            "application/vnd.oai.openapi+json": "API schema",
            "application/rss+xml": "feed",
            "application/atom+xml": "feed",
            "application/xml": "XML (sitemap)",
            "text/xml": "XML (sitemap)",
            "text/plain": "text",
            "text/css": "stylesheet",
            "application/javascript": "script",
            "text/javascript": "script",
        }.get(content_type, content_type or "unknown")

    def urls_in(self, kind: str, body: bytes, path: str, headers) -> list[str]:
        text = body.decode("utf-8", "replace")
        if kind == "HTML page":
            self.check_html(path, text, headers)
            parser = PageParser()
            parser.feed(text)
            return parser.urls
        if kind in ("XML (sitemap)", "feed"):
            try:
                root = ElementTree.fromstring(body)
            except ElementTree.ParseError as error:
                self.record_problem(path, f"XML does not parse: {error}")
                return []
            urls = [el.text for el in root.iter() if el.tag.split("}")[-1] in ("loc", "link", "comments") and el.text]
            urls += [el.get("url") or el.get("href") for el in root.iter() if el.get("url") or el.get("href")]
            return urls
        if kind == "calendar":
            unfolded = re.sub(r"\r?\n[ \t]", "", text)
            return re.findall(r"^(?:URL|ATTACH)[^:]*:(\S+)", unfolded, flags=re.MULTILINE)
        if kind == "API (JSON)":
            try:
                return list(strings_in(json.loads(body)))
            except ValueError as error:
                self.record_problem(path, f"JSON does not parse: {error}")
                return []
        if kind == "text":
            return re.findall(r"https?://\S+", text)
        if kind == "stylesheet":  # fonts and images the stylesheet needs must exist too
            return [url for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) if not url.startswith("data:")]
        return []

    def check_html(self, path: str, text: str, headers) -> None:
        csp = headers.get("Content-Security-Policy") or ""
        if not csp:
            self.record_problem(path, "no Content-Security-Policy header")
        directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.split()}
        for directive in ("script-src", "style-src"):
            sources = directives.get(directive, directives.get("default-src", []))
            if not sources or "'unsafe-inline'" in sources or "*" in sources:
                self.record_problem(path, f"CSP {directive} allows inline or any source: {sources}")
        if not headers.get("Permissions-Policy"):
            self.record_problem(path, "no Permissions-Policy header")
        parser = PageParser()
        parser.feed(text)
        for what in sorted(set(parser.inline)):
            self.record_problem(path, f"inline content the CSP blocks: {what}")

    def record_failure(self, path: str, what: str) -> None:
        with self.lock:
            self.failures.append(f"{what}: {path} (linked from {self.referrer.get(path, '-')})")

    def record_problem(self, path: str, what: str) -> None:
        with self.lock:
            self.problems.append(f"{what}: {path}")

    # -- the crawl ----------------------------------------------------------------------------

    def wait_until_up(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                request = urllib.request.Request(self.base + "/robots.txt", headers={"X-Forwarded-Proto": "https"})
                with OPENER.open(request, timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"The server at {self.base} did not answer within {seconds:.0f} s.") from None
                time.sleep(0.5)

    def run(self) -> float:
        started = time.monotonic()
        pending = set()
        timed_out = False
        with concurrent.futures.ThreadPoolExecutor(self.workers) as pool:
            for path in self.add(START, self.base + "/", "(start)"):
                pending.add(pool.submit(self.fetch, path))
            while pending:
                done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in done:
                    for path in future.result():
                        if time.monotonic() - started > self.max_seconds:
                            timed_out = True
                            self.skipped_by_bound += 1
                            continue
                        pending.add(pool.submit(self.fetch, path))
        self.timed_out = timed_out
        return time.monotonic() - started


def strings_in(value):
    if isinstance(value, str):
        if value.startswith(("http://", "https://", "/")):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="e.g. http://127.0.0.1:8731 (loopback only)")
    parser.add_argument("--max-urls", type=int, default=4000)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--workers", type=int, default=4, help="parallel requests")
    parser.add_argument("--wait", type=float, default=60, help="seconds to wait for the server to answer")
    args = parser.parse_args()

    crawler = Crawler(args.base, args.max_urls, args.max_seconds, args.workers)
    crawler.wait_until_up(args.wait)
    elapsed = crawler.run()

    total = sum(crawler.statuses.values()) + crawler.connection_errors
    print(
        f"Crawled {total} URLs of {args.base} in {elapsed:.1f} s "
        f"({crawler.bytes / 1e6:.1f} MB; bounds {args.max_urls} URLs, {args.max_seconds:.0f} s)."
    )
    print("  status: " + ", ".join(f"{count} × {status}" for status, count in sorted(crawler.statuses.items())))
    print("  kinds:  " + ", ".join(f"{count} {kind}" for kind, count in crawler.kinds.most_common()))
    print("  slowest: " + ", ".join(f"{path} {seconds:.1f} s" for seconds, path in crawler.slowest))
    if crawler.skipped_by_bound:
        print(
            f"  bound reached: {crawler.skipped_by_bound} URLs found but not fetched"
            f"{' (time)' if crawler.timed_out else ''}."
        )
    if crawler.client_errors:
        print(f"  {len(crawler.client_errors)} client errors (not a failure):")
        for line in sorted(crawler.client_errors)[:30]:
            print("    " + line)
    if crawler.problems:
        print(f"FAILED: {len(crawler.problems)} header or inline-content problems:")
        for line in sorted(crawler.problems)[:100]:
            print("    " + line)
    if crawler.failures:
        print(f"FAILED: {len(crawler.failures)} server errors:")
        for line in sorted(crawler.failures):
            print("    " + line)
    if crawler.failures or crawler.problems:
        return 1
    print("OK: no 5xx, every HTML page has a strict CSP and a Permissions-Policy and nothing inline.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
