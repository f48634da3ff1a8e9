from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Improvement action plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import pack_parts, panels

        pack_parts.register()
        panels.register()
