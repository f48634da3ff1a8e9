"""Register an authenticator app (TOTP) for an officer: `manage.py add_totp_device <username>`.

Prints the otpauth:// URL (and the secret key for typing in by hand) to pass to the officer
privately, e.g. as a QR code made on the administrator's own machine (`qrencode -t ANSIUTF8 URL`)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Register a TOTP authenticator device for a user and print its otpauth:// URL."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app", help="A name for the device.")
        parser.add_argument(
            "--replace", action="store_true", help="Remove the user's existing TOTP devices first (a lost phone)."
        )

    def handle(self, *args, username, name, replace, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user called {username!r}.") from exc
        existing = TOTPDevice.objects.filter(user=user)
        if existing.exists() and not replace:
            raise CommandError(f"{username} already has a device; pass --replace to register a new one instead.")
        existing.delete()
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
        self.stdout.write(f"Registered a TOTP device for {username}.")
        self.stdout.write(f"otpauth URL: {device.config_url}")
        self.stdout.write(f"Secret key (to type in by hand): {secret}")
