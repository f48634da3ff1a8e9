"""The public URLs of the meetings app (namespace ``meetings``), gathered from each area.

Outside code includes this module; inside ``meetings``, each area lists its own URLs. Search has
its own namespace (``meetings.search.urls``).
"""

from meetings.agendas import urls as agendas_urls
from meetings.alerts import urls as alerts_urls
from meetings.committees import urls as committees_urls
from meetings.minutes import urls as minutes_urls
from meetings.packs import urls as packs_urls
from meetings.reports import urls as reports_urls
from meetings.syndication import urls as syndication_urls

app_name = "meetings"

urlpatterns = [
    *agendas_urls.urlpatterns,
    *committees_urls.urlpatterns,
    *syndication_urls.urlpatterns,
    *alerts_urls.urlpatterns,
    *minutes_urls.urlpatterns,
    *packs_urls.urlpatterns,
    *reports_urls.urlpatterns,
]
