"""python manage.py import_ofsted PATH [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from inspections.importer import ImportFailed, OfstedImporter, read_csv


class Command(BaseCommand):
    help = (
        "Import an Ofsted management-information CSV file (state-funded schools or early years), in the "
        "current layout (latest graded, ungraded and report card inspections and the previous graded one "
        "on each row) or one inspection per row. Columns are matched by header name; see the README for "
        "the names. Every row is checked before anything is stored: all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file to import.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, saving nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, path, dry_run, no_progress, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            headers, rows, header_row = read_csv(file.read_bytes())
            importer = OfstedImporter(headers, header_row=header_row)
            importer.check_headers()
            # tqdm hides itself when stderr is not a terminal (disable=None), e.g. in cron jobs.
            with tqdm(
                total=len(rows),
                unit="row",
                desc="Importing",
                file=self.stderr._out,
                disable=True if no_progress else None,
                leave=False,
            ) as progress:
                result = importer.run(rows, dry_run=dry_run, progress=progress)
        except ImportFailed as exc:
            count = len(exc.errors)
            raise CommandError(
                f"Nothing was imported: {count} problem{'s' if count != 1 else ''} found.\n" + "\n".join(exc.errors)
            ) from None
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        self.stdout.write(result.summary)
