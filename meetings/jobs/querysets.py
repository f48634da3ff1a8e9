from django.db import models

OPEN = ("waiting", "running", "retrying")


class BackgroundJobQuerySet(models.QuerySet):
    def open(self):
        """Jobs not finished: waiting, running, or failed and waiting to try again."""
        return self.filter(status__in=OPEN)

    def failed(self):
        return self.filter(status="failed")

    def needing_attention(self):
        """What officers should look at: failed jobs and jobs still to run."""
        return self.filter(status__in=(*OPEN, "failed"))
