"""Permissions-Policy on every response: the browser features this site never uses are off."""

from django.conf import settings


def permissions_policy(features: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} → 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` built from settings.PERMISSIONS_POLICY (a view may set its own)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class StaffSecondFactorMiddleware:
    """With settings.OTP_REQUIRED_FOR_STAFF, a signed-in officer (staff) whose session has not
    confirmed a code from a registered device (django-otp's request.user.is_verified()) is sent
    to the two-factor page for every page but that one, signing out and static files."""

    ALLOWED_URL_NAMES = {"two-factor", "logout", "admin:logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_verify(request):
            from django.shortcuts import redirect
            from django.urls import Resolver404, resolve, reverse
            from django.utils.http import urlencode

            try:
                match = resolve(request.path_info)
                name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
            except Resolver404:
                name = None
            if name not in self.ALLOWED_URL_NAMES and not request.path_info.startswith(settings.STATIC_URL):
                return redirect(f"{reverse('two-factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def must_verify(request) -> bool:
        if not getattr(settings, "OTP_REQUIRED_FOR_STAFF", False):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        return not user.is_verified()
