"""The admin of the meetings app: importing each area's admin module registers its models.

Outside code imports from here; inside ``meetings``, import from the area that owns the name.
"""

from django.contrib import admin

from meetings.agendas import admin as agendas_admin
from meetings.agendas.models import Meeting
from meetings.alerts import admin as alerts_admin
from meetings.api import admin as api_admin
from meetings.committees import admin as committees_admin
from meetings.jobs import admin as jobs_admin
from meetings.minutes import admin as minutes_admin
from meetings.packs import admin as packs_admin
from meetings.reports import admin as reports_admin
from meetings.search import admin as search_admin
from meetings.syndication import admin as syndication_admin
from meetings.workspace import WorkspaceMeetingAdmin

# The meeting's page is the officer's workspace (meetings/workspace.py), which reads minutes,
# attendance and packs: it takes the place of the agendas area's MeetingAdmin.
admin.site.unregister(Meeting)
admin.site.register(Meeting, WorkspaceMeetingAdmin)

admin.site.site_header = "Scrutiny – committee officers"
admin.site.site_title = "Scrutiny admin"
admin.site.index_title = "Meetings, minutes, inspections and action plans"

__all__ = [
    "agendas_admin",
    "alerts_admin",
    "api_admin",
    "committees_admin",
    "jobs_admin",
    "minutes_admin",
    "packs_admin",
    "reports_admin",
    "search_admin",
    "syndication_admin",
]
