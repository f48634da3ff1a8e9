"""The page django-axes shows for a locked-out sign-in (the limits themselves: meetings/limits.py)."""

import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, 429, saying how long the pause lasts in words."""
    cool_off = getattr(settings, "AXES_COOLOFF_TIME", None)
    if isinstance(cool_off, int | float):
        cool_off = datetime.timedelta(hours=cool_off)
    now = timezone.now()
    wait = timeuntil(now + cool_off, now) if isinstance(cool_off, datetime.timedelta) else ""
    return render(request, "registration/locked_out.html", {"wait": wait}, status=429)
