"""Every public page type is valid HTML by the Nu HTML Checker (vnu, npm `vnu-jar`, run with
Java; `make vnu` installs it), as an anonymous visitor sees it."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.project.pages import add_word_report, public_pages

VNU_JAR = Path(os.environ.get("VNU_JAR", "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))


def vnu_errors(files: list[Path]) -> list[str]:
    """The checker's errors for the files, as 'file: line: message'."""
    assert VNU_JAR.is_file(), f"The Nu HTML Checker is not at {VNU_JAR}: run `make vnu`"
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") == "error"
    ]


@pytest.mark.django_db
def test_every_public_page_type_is_valid_html(client, tmp_path):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    add_word_report()
    files = []
    for name, url in public_pages().items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = vnu_errors(files)
    assert not errors, "\n".join(errors)
