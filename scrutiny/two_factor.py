"""The two-factor page: an officer (staff) confirms a code from their authenticator app.

Devices are registered by an administrator with `manage.py add_totp_device <username>`
(README "Signing in and abuse limits"), never on this page: a stolen password alone must not be
enough to register a device.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        strip=True,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


@login_required
def two_factor(request):
    next_url = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.user.is_verified():
        return redirect(next_url)
    has_device = any(True for _ in devices_for_user(request.user, confirmed=True))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and has_device and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("token", "That code is not right, or has expired; enter the code your app shows now")
    status = 400 if form.errors else 200
    return render(
        request,
        "registration/two_factor.html",
        {"form": form, "has_device": has_device, "next": next_url, "service_name": settings.SERVICE_NAME},
        status=status,
    )
