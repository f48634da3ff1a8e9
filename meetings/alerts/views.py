"""Public pages for email alerts: subscribe, confirm (double opt-in), unsubscribe (a button, or
RFC 8058 one-click from mail programs)."""

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from meetings import params
from meetings.alerts import services as alerts
from meetings.alerts.forms import AlertSubscribeForm
from meetings.committees.models import Committee
from meetings.limits import client_ip


class AlertSubscribeView(FormView):
    template_name = "meetings/alerts/subscribe.html"
    form_class = AlertSubscribeForm

    def get_initial(self):
        initial = {}
        slug = params.text(self.request.GET, "committee")
        if slug and Committee.objects.filter(slug=slug, is_active=True).exists():
            initial = {"topic": "committee", "committee": slug}
        return initial

    def form_valid(self, form):
        try:
            alerts.alert_confirmation_send(
                email=form.cleaned_data["email"],
                committee=form.cleaned_data["committee"],
                keyword=form.cleaned_data["keyword"],
                base_url=self.request.build_absolute_uri("/"),
                client=client_ip(self.request),
            )
        except alerts.TooManyConfirmations as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # The address goes in the session, not the URL, so it is not left in logs or history.
        self.request.session["alert_email"] = alerts.normalise_email(form.cleaned_data["email"])
        return redirect("meetings:alert-check-email")


class AlertCheckEmailView(TemplateView):
    template_name = "meetings/alerts/check_email.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["email"] = self.request.session.get("alert_email", "")
        ctx["days"] = alerts.CONFIRM_MAX_AGE.days
        return ctx


def invalid_link(request, *, what: str):
    return render(request, "meetings/alerts/invalid_link.html", {"what": what}, status=404)


class AlertConfirmView(View):
    """GET shows what is being confirmed and a button; POST creates the subscription.

    A button rather than confirming on GET, so link scanners in mail systems cannot subscribe
    someone who never followed the link.
    """

    def load(self, token):
        try:
            return alerts.confirmation_load(token)
        except (signing.BadSignature, Committee.DoesNotExist, KeyError, TypeError):
            return None

    def get(self, request, token):
        subscription_request = self.load(token)
        if subscription_request is None:
            return invalid_link(request, what="confirm")
        return render(request, "meetings/alerts/confirm.html", {"subscription_request": subscription_request})

    def post(self, request, token):
        subscription_request = self.load(token)
        if subscription_request is None:
            return invalid_link(request, what="confirm")
        subscription = alerts.alert_subscription_confirm(
            email=subscription_request.email,
            committee=subscription_request.committee,
            keyword=subscription_request.keyword,
        )
        return render(
            request,
            "meetings/alerts/confirmed.html",
            {
                "subscription": subscription,
                "unsubscribe_url": alerts.unsubscribe_url(subscription, request.build_absolute_uri("/")),
            },
        )


@method_decorator(csrf_exempt, name="dispatch")
class AlertUnsubscribeView(View):
    """GET (following the link) shows what will stop and a button; POST unsubscribes.

    A button rather than unsubscribing on GET, so that link scanners in mail systems cannot
    unsubscribe anyone. POST is also RFC 8058 one-click unsubscribe from mail programs
    (List-Unsubscribe-Post: List-Unsubscribe=One-Click), which send no CSRF token: the signed
    token in the URL is what authorises it.
    """

    def get(self, request, token):
        try:
            subscription = alerts.unsubscribe_load(token)
        except (signing.BadSignature, ValueError, TypeError):
            return invalid_link(request, what="unsubscribe")
        if subscription is None:
            return render(request, "meetings/alerts/unsubscribed.html", {"topic": None})
        return render(request, "meetings/alerts/unsubscribe.html", {"topic": subscription.topic})

    def post(self, request, token):
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        try:
            topic = alerts.alert_subscription_unsubscribe(token=token)
        except (signing.BadSignature, ValueError, TypeError):
            if one_click:
                return HttpResponse("This unsubscribe link is not valid.", status=404, content_type="text/plain")
            return invalid_link(request, what="unsubscribe")
        if one_click:
            return HttpResponse("You have been unsubscribed.", content_type="text/plain")
        return render(request, "meetings/alerts/unsubscribed.html", {"topic": topic})
