"""The audit trail (django-simple-history): who made a change.

Requests are covered by simple-history's HistoryRequestMiddleware. Services that are given the
user (`by=`) also name them on the instance they save, so that changes made outside a request
(commands, tasks) or on objects saved deep inside a service are attributed too.
"""


def record_by(instance, by) -> None:
    """Name `by` as the user of the history record the next save of `instance` writes."""
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
