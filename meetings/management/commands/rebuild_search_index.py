from django.core.management.base import BaseCommand, CommandError

from meetings.search.services import rebuild, registry


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database. Text already extracted from an unchanged "
        "PDF is reused. Pass --kind (repeatable) to rebuild only some kinds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", dest="kinds", help="e.g. meeting, agenda_item, paper")

    def handle(self, *args, kinds=None, **options):
        known = {kind for kind, _ in registry.kinds()}
        unknown = sorted(set(kinds or ()) - known)
        if unknown:
            raise CommandError(f"Unknown kind {', '.join(unknown)}; choose from {', '.join(sorted(known))}.")
        total = rebuild(kinds=kinds, stdout=self.stdout)
        from meetings.packs import stamp

        stamp.bump()  # a new content version: cached search pages (README "Caching") are not reused
        _analyze()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} entries."))


def _analyze() -> None:
    """Fresh planner statistics after a bulk change, so that PostgreSQL knows how common each word
    is and walks the date index only for common ones (meetings/search/selectors.py)."""
    from django.db import connection

    from meetings.search.models import SearchEntry

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
