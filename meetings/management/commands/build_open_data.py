"""Build the open data archive: `python manage.py build_open_data` (run it nightly, e.g. from cron).

The archive is what an anonymous visitor can read: the command asks the site itself, as an
anonymous client at SITE_URL, for every page of every OParl list and of the Scrutiny extension
lists, so the visibility rule is applied exactly as it is for everyone else (no exempt paper, no
draft). It stores open-data/scrutiny-open-data.zip in the packs storage (served at /open-data/…zip):

- ``oparl/system.json``, ``oparl/body.json``;
- ``oparl/<type>.jsonl``: one OParl object per line for each list of the Body (organization, person,
  membership, meeting, agendaItem, paper, consultation, file, location, legislativeTerm);
- ``csv/decisions.csv``, ``csv/inspections.csv``, ``csv/actions.csv``: one row per object, nested
  values as JSON.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from urllib.parse import urlparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.utils import timezone

from meetings.api.opendata import save_archive

BODY_LISTS = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaItem",
    "paper",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
]
CSV_LISTS = {"decisions": "scrutiny:decision", "inspections": "scrutiny:inspection", "actions": "scrutiny:action"}


class Command(BaseCommand):
    help = "Build the nightly open data archive (JSON lines per OParl type, CSV of decisions, inspections, actions)."

    def handle(self, *args, **options):
        site = urlparse(settings.SITE_URL)
        self.client = Client(HTTP_HOST=site.netloc, raise_request_exception=True)  # anonymous: THE_PUBLIC
        self.secure = site.scheme == "https"
        system = self.get("/oparl/v1.1/")
        body = self.get(system["body"])["data"][0]
        counts = {}
        with tempfile.TemporaryFile(suffix=".zip") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("README.txt", self.readme())
                archive.writestr("oparl/system.json", json.dumps(system, ensure_ascii=False, indent=2))
                archive.writestr("oparl/body.json", json.dumps(body, ensure_ascii=False, indent=2))
                for prop in BODY_LISTS:
                    name = prop.removesuffix("List")
                    rows = list(self.pages(body[prop]))
                    counts[name] = len(rows)
                    archive.writestr(
                        f"oparl/{name}.jsonl", "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
                    )
                for name, prop in CSV_LISTS.items():
                    rows = list(self.pages(body[prop]))
                    counts[f"{name}.csv"] = len(rows)
                    archive.writestr(f"csv/{name}.csv", to_csv(rows))
            handle.seek(0)
            target = save_archive(handle)
        self.stdout.write(f"Wrote {target}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))

    def get(self, url: str) -> dict:
        parsed = urlparse(url)
        response = self.client.get(parsed.path + (f"?{parsed.query}" if parsed.query else ""), secure=self.secure)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return response.json()

    def pages(self, url: str):
        separator = "&" if "?" in url else "?"
        url = f"{url}{separator}elementsPerPage=100&page_size=200"
        while url:
            page = self.get(url)
            yield from page["data"]
            url = page["links"].get("next")

    def readme(self) -> str:
        return (
            f"{settings.COUNCIL_NAME}: the public record of its scrutiny committees, as open data.\n"
            f"Built {timezone.localtime():%Y-%m-%d %H:%M %Z} from {settings.SITE_URL}/oparl/v1.1/ (OParl 1.1).\n\n"
            "oparl/<type>.jsonl: one OParl 1.1 object per line (https://oparl.org/spezifikation/).\n"
            "csv/decisions.csv, csv/inspections.csv, csv/actions.csv: the Scrutiny extension lists\n"
            "(see /api/docs/); nested values are JSON.\n"
            "Only what is public on the site is included: no exempt papers, no drafts.\n"
        )


def to_csv(rows: list[dict]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()}
        )
    return out.getvalue()
