"""Signals for decoupled side effects (prebuilding packs, alerts). Never for rules."""

from django.dispatch import Signal

# Sent after a meeting's agenda is issued: kwargs meeting, by.
agenda_published = Signal()

# Sent after a despatch (the main agenda or a supplement) is issued: kwargs despatch, by.
despatch_issued = Signal()
