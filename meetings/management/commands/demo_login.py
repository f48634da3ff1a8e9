"""Create (or reset) the demo officer and councillor logins and print them. DEBUG only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from meetings.roles import COMMITTEE_OFFICERS, COUNCILLORS

DEMO_USERS = [
    ("officer", "Committee officer", COMMITTEE_OFFICERS, True),
    ("councillor", "Councillor", COUNCILLORS, False),
]
DEMO_PASSWORD = "scrutiny-demo"


class Command(BaseCommand):
    help = "Create demo logins for a committee officer and a councillor (only when DEBUG is on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo logins are only created when DEBUG is on.")
        User = get_user_model()
        for username, label, group_name, staff in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = staff
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            self.stdout.write(f"{label} login: {username} / {DEMO_PASSWORD}")
        lead = User.objects.filter(username="lead.officer").first()
        if lead is not None:  # made by the action plans demo: the lead officer of some actions
            lead.set_password(DEMO_PASSWORD)
            lead.save()
            self.stdout.write(f"Lead officer login (updates their own actions): lead.officer / {DEMO_PASSWORD}")
        self.stdout.write("Officers sign in at /admin/; councillors at /accounts/login/ (to see exempt papers).")
