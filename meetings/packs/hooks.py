"""The packs area's signal receivers, connected in MeetingsConfig.ready().

- Any change to our data bumps the change stamp (meetings/packs/stamp.py).
- Issuing the agenda or a supplement (despatch_issued, sent on commit) enqueues storing that
  despatch's packs and building the meeting's current packs as background tasks
  (meetings/packs/tasks.py). A failure never breaks issuing: the job is retried, then shown to
  officers (Background jobs, a warning on the meeting, a failed Built PDF) and the pack is built
  on the next download.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from meetings.agendas.signals import despatch_issued
from meetings.packs import stamp


def connect() -> None:
    from meetings.packs import tasks

    # Invalidate the cheap "nothing changed" check of stored packs on any change to our data.
    post_save.connect(stamp.on_change, dispatch_uid="meetings.packs.stamp.post_save")
    post_delete.connect(stamp.on_change, dispatch_uid="meetings.packs.stamp.post_delete")
    m2m_changed.connect(stamp.on_change, dispatch_uid="meetings.packs.stamp.m2m_changed")
    despatch_issued.connect(tasks.on_issue, dispatch_uid="meetings.packs.build_on_issue")
