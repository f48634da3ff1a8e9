from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_groups(sender, using, **kwargs):
    from .roles import ensure_groups

    ensure_groups(using=using)


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and agendas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_groups, dispatch_uid="meetings.ensure_groups")
        # Agenda packs: prebuild the public pack when an agenda is issued (issue 4).
        from .packs import hooks  # noqa: F401
        # Each app's search_index.py registers its indexers (found like admin.py modules).
        from .search import registry

        registry.autodiscover()
