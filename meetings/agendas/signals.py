"""Signals for decoupled side effects (prebuilding packs, alerts). Never for rules."""

from django.dispatch import Signal

# Sent after a meeting's agenda is issued: kwargs meeting, by.
agenda_published = Signal()
