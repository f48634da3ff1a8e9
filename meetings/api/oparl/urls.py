"""/oparl/v1.1/ (namespace "oparl")."""

from django.urls import path, re_path

from meetings.api.oparl import views
from meetings.api.oparl.kinds import KINDS

app_name = "oparl"

PACK = "<str:what>"  # agenda-pack, front-sheet or printed-minutes (checked by the pattern below)

urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.body_list, name="body-list"),
    path("body/", views.body, name="body"),
    path("body/legislativeterm/", views.legislative_term_list, name="legislativeterm-list"),
    path("legislativeterm/<int:year>/", views.legislative_term, name="legislativeterm"),
    re_path(
        r"^file/(?P<what>agenda-pack|front-sheet|printed-minutes)/(?P<pk>[0-9]{1,18})/$",
        views.pack_file,
        name="pack-file",
    ),
    re_path(
        r"^file/(?P<what>agenda-pack|front-sheet|printed-minutes)/(?P<pk>[0-9]{1,18})/download/$",
        views.pack_file_download,
        name="pack-file-download",
    ),
    re_path(r"^file/(?P<pk>[0-9]{1,18})/download/$", views.file_download, name="file-download"),
]
for _name in KINDS:
    urlpatterns += [
        path(f"body/{_name}/", views.object_list, {"kind": _name}, name=f"{_name}-list"),
        re_path(rf"^{_name}/(?P<pk>[0-9]{{1,18}})/$", views.object_detail, {"kind": _name}, name=_name),
    ]
urlpatterns.append(re_path(r"^(?P<rest>.*)$", views.not_found))
