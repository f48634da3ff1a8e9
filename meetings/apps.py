from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_groups(sender, using, **kwargs):
    from meetings.roles import ensure_groups

    ensure_groups(using=using)


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and agendas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from meetings.alerts import tasks as alert_tasks
        from meetings.api.oparl import tombstones
        from meetings.minutes import panels as minutes_panels
        from meetings.packs import hooks
        from meetings.packs import minutes as pack_minutes  # noqa: F401 - registers the minutes and terms parts
        from meetings.packs import panels as packs_panels
        from meetings.search import indexers  # noqa: F401 - importing it registers our indexers
        from meetings.search.services import registry

        post_migrate.connect(_ensure_groups, sender=self, dispatch_uid="meetings.ensure_groups")
        hooks.connect()  # build the packs in the background when an agenda is issued
        alert_tasks.connect()  # send email alerts in the background when an agenda is issued
        tombstones.connect()  # OParl: deleted and withdrawn objects stay known as tombstones
        minutes_panels.register()
        packs_panels.register()
        registry.autodiscover()  # each other app's search_index.py registers its indexers
