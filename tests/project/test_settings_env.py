"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_settings(env_overrides: dict, code: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd="/", env=env | {"PYTHONPATH": str(ROOT)}, capture_output=True, text=True
    )


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    # Run from a folder with no .env so nothing fills the gap.
    result = run_settings({"DEBUG": "0"}, "import scrutiny.settings.base")
    if (ROOT / ".env").exists():
        # A developer's .env provides SECRET_KEY; check the rule with it masked.
        result = run_settings(
            {"DEBUG": "0", "SECRET_KEY": ""},
            "import dotenv; dotenv.load_dotenv = lambda *a, **k: None; import scrutiny.settings.base",
        )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_database_url_and_branding_come_from_the_environment():
    code = (
        "import scrutiny.settings.base as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.COUNCIL_NAME, s.ALLOWED_HOSTS)"
    )
    result = run_settings(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgres://u@db.example:5432/council",
            "COUNCIL_NAME": "Borsetshire County Council",
            "ALLOWED_HOSTS": "meetings.example.gov.uk",
        },
        code,
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout and "council" in result.stdout
    assert "Borsetshire County Council" in result.stdout and "meetings.example.gov.uk" in result.stdout
