"""Every model registered in the admin: its changelist, add form and a change form open."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def registered_models():
    return sorted(
        (m for m in admin.site._registry if m._meta.app_label in ("meetings", "inspections", "actionplans")),
        key=lambda m: m._meta.label,
    )


def test_our_models_are_all_registered():
    from django.apps import apps

    ours = {m for app in ("meetings", "inspections", "actionplans") for m in apps.get_app_config(app).get_models()}
    auto_created = {m for m in ours if m._meta.auto_created}
    # A proxy is another view of a registered model's rows (e.g. a minute's exempt annex, which
    # has a search entry of its own), edited there.
    proxies = {m for m in ours if m._meta.proxy and m._meta.concrete_model in admin.site._registry}
    missing = {m._meta.label for m in ours - auto_created - proxies - set(admin.site._registry)}
    assert not missing, f"not in the admin: {sorted(missing)}"


def test_changelist_add_and_change_pages(admin_client, demo):
    """One demo load for every model (loading it per model took most of a minute of the suite per
    ten models); each failure names its model and page."""
    failures = []
    for model in registered_models():
        opts = model._meta
        label = opts.label
        changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for name, url, allowed in (
            ("changelist", changelist_url, (200,)),
            ("search", changelist_url + "?q=a", (200,)),
            # 403 only for records that are never added by hand (e.g. logs written by services).
            ("add form", reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), (200, 403)),
        ):
            status = admin_client.get(url).status_code
            if status not in allowed:
                failures.append(f"{label} {name}: {status}")
        obj = model.objects.first()
        if obj is None:
            obj = _make_one(model)
        change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        if change.status_code != 200:
            failures.append(f"{label} change form: {change.status_code}")
    assert len(registered_models()) > 40
    assert not failures, "\n".join(failures)


def _make_one(model):
    """A fallback instance for a model the demo data does not cover, from the factories of its app."""
    import importlib

    import factory as factory_boy

    modules = [importlib.import_module(f"tests.{app}.factories") for app in ("meetings", "inspections", "actionplans")]
    for module in modules:
        for name in dir(module):
            candidate = getattr(module, name)
            if (
                isinstance(candidate, type)
                and issubclass(candidate, factory_boy.django.DjangoModelFactory)
                and candidate._meta.model is model
            ):
                return candidate()
    pytest.fail(f"No demo record or factory for {model._meta.label}: add one to the demo data.")
