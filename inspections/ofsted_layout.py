"""What Ofsted's management-information files look like: headers, slots and values.

Ofsted's current files (state-funded schools, early years) have one row per provider, and a
row carries up to four inspections, each in its own group of columns (a *slot*): the latest
graded inspection, the latest ungraded inspection, the latest report-card inspection and the
previous graded inspection. Header names are compared case-insensitively, spaces collapsed.
The importer (``importer.py``) reads files by these tables; nothing here touches the database.
"""

import dataclasses

from .models import Inspection, Provider

# Provider field → header names accepted (compared case-insensitively, spaces collapsed).
PROVIDER_COLUMNS: dict[str, tuple[str, ...]] = {
    "urn": ("URN", "Provider URN", "Unique reference number"),
    "name": ("School name", "Provider name", "Setting name", "Name"),
    "type": ("Type of education", "Provider type", "Establishment type"),
    "phase": ("Ofsted phase", "Phase"),
    "ward": ("Ward", "Ward name", "Provider ward"),
    "address": ("Address", "Provider address"),
    "postcode": ("Postcode", "Provider postcode"),
    "trust": ("Academy trust", "Trust name", "Multi-academy trust name"),
}


@dataclasses.dataclass(frozen=True, eq=False)
class Slot:
    """The columns of one inspection in a row, and how to read them."""

    key: str
    label: str
    columns: dict[str, tuple[str, ...]]  # inspection field (or "inspection_type", "converted") → headers
    kind: str | None = None  # None: from the inspection type column, else graded or report card
    grade_prefixes: tuple[str, ...] = ("",)  # put before an area's header names to find its grade
    report_cards_only: bool = False  # only frameworks without an overall judgement


GRADED = Slot(
    key="graded",
    label="latest graded inspection",
    columns={
        "start_date": (
            "Inspection start date",
            "Inspection start date of latest graded inspection",
            "Inspection date",
            "First day of inspection",
            "Latest graded inspection start date",
        ),
        "end_date": (
            "Inspection end date",
            "Inspection end date of latest graded inspection",
            "Last day of inspection",
        ),
        "published_on": ("Publication date", "Publication date of latest graded inspection", "Report publication date"),
        "inspection_number": ("Inspection number", "Inspection number of latest graded inspection", "Inspection ID"),
        "inspection_type": (
            "Inspection type",
            "Event type grouping",
            "Inspection event type",
            "Inspection type grouping",
        ),
        "framework": ("Framework",),
        "safeguarding": (
            "Safeguarding is effective?",
            "Safeguarding is effective",
            "Safeguarding",
            "Safeguarding standards",
        ),
        "category_of_concern": ("Category of concern",),
        "report_url": ("Web link", "Web link (opens in new window)", "Report link"),
        "relates": ("Does the latest graded inspection relate to the URN of the current school?",),
        "urn_at_time": ("URN at time of latest graded inspection",),
        "name_at_time": ("School name at time of latest graded inspection",),
        "type_at_time": ("School type at time of latest graded inspection",),
    },
)
UNGRADED = Slot(
    key="ungraded",
    label="latest ungraded inspection",
    columns={
        "start_date": (
            "Date of latest ungraded inspection",
            "Latest ungraded inspection date",
            "Ungraded inspection start date",
            "Ungraded inspection date",
        ),
        "published_on": ("Ungraded inspection publication date", "Publication date of latest ungraded inspection"),
        "inspection_number": (
            "Latest ungraded inspection number since last graded inspection",
            "Ungraded inspection number",
            "Inspection number of latest ungraded inspection",
        ),
        "outcome": ("Ungraded inspection overall outcome", "Ungraded inspection outcome"),
        "converted": ("Did the latest ungraded inspection convert to a graded inspection?",),
        "relates": ("Does the ungraded inspection relate to the URN of the current school?",),
        "urn_at_time": ("URN at time of the ungraded inspection", "URN at time of ungraded inspection"),
        "name_at_time": (
            "School name at time of the ungraded inspection",
            "School name at time of ungraded inspection",
        ),
        "type_at_time": (
            "School type at time of the ungraded inspection",
            "School type at time of ungraded inspection",
        ),
    },
    kind=Inspection.Kind.UNGRADED,
    grade_prefixes=(),
)
REPORT_CARD = Slot(
    key="report_card",
    label="latest report card inspection",
    columns={
        "start_date": (
            "Report card inspection start date",
            "Report card inspection date",
            "Inspection start date of latest report card inspection",
            "Latest report card inspection start date",
        ),
        "end_date": ("Report card inspection end date",),
        "published_on": (
            "Report card publication date",
            "Report card inspection publication date",
            "Publication date of latest report card inspection",
        ),
        "inspection_number": ("Report card inspection number", "Inspection number of latest report card inspection"),
        "safeguarding": ("Safeguarding standards met?", "Safeguarding standards met", "Report card safeguarding"),
        "category_of_concern": ("Report card category of concern",),
    },
    kind=Inspection.Kind.REPORT_CARD,
    report_cards_only=True,
)
PREVIOUS = Slot(
    key="previous",
    label="previous graded inspection",
    columns={
        "start_date": (
            "Previous inspection start date",
            "Previous graded inspection start date",
            "Previous inspection date",
        ),
        "end_date": ("Previous inspection end date",),
        "published_on": (
            "Previous publication date",
            "Previous graded inspection publication date",
            "Previous inspection publication date",
        ),
        "inspection_number": ("Previous graded inspection number", "Previous inspection number"),
        "safeguarding": ("Previous safeguarding is effective?",),
        "category_of_concern": ("Previous category of concern",),
        "relates": ("Does the previous graded inspection relate to the URN of the current school?",),
        "urn_at_time": ("URN at time of previous graded inspection",),
        "name_at_time": ("School name at time of previous graded inspection",),
        "type_at_time": ("School type at time of previous graded inspection",),
    },
    kind=Inspection.Kind.GRADED,
    grade_prefixes=("Previous ", "Previous graded inspection "),
)
# The order a row's inspections are read in; a slot earlier here wins a shared start date.
SLOTS = (GRADED, UNGRADED, REPORT_CARD, PREVIOUS)
# The order slots claim grade columns: the graded slot takes what the others leave.
CLAIM_ORDER = (REPORT_CARD, PREVIOUS, UNGRADED, GRADED)

# Values that mean "no grade" (or no value) in any column that can hold one.
NO_VALUE = {"", "9", "null", "n/a", "na", "not applicable", "does not apply", "not judged", "-", "not graded"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
SAFEGUARDING = {
    "yes": "met",
    "met": "met",
    "effective": "met",
    "no": "not_met",
    "not met": "not_met",
    "not effective": "not_met",
}
CATEGORIES = {
    "special measures": Inspection.CategoryOfConcern.SPECIAL_MEASURES,
    "sm": Inspection.CategoryOfConcern.SPECIAL_MEASURES,
    "serious weaknesses": Inspection.CategoryOfConcern.SERIOUS_WEAKNESSES,
    "serious weakness": Inspection.CategoryOfConcern.SERIOUS_WEAKNESSES,
    "swk": Inspection.CategoryOfConcern.SERIOUS_WEAKNESSES,
    "sw": Inspection.CategoryOfConcern.SERIOUS_WEAKNESSES,
    "requires significant improvement": Inspection.CategoryOfConcern.SIGNIFICANT_IMPROVEMENT,
    "significant improvement": Inspection.CategoryOfConcern.SIGNIFICANT_IMPROVEMENT,
}
# Ofsted withholds childminders' names and addresses.
REDACTED = "redacted"
# Early years inspections of a setting with no children on roll give an outcome, not a grade.
OUTCOME_PREFIXES = ("met", "not met")

# First match wins, so the more specific words come first.
PROVIDER_TYPES = (
    ("free school", Provider.Kind.FREE_SCHOOL),
    ("university technical", Provider.Kind.FREE_SCHOOL),
    ("studio school", Provider.Kind.FREE_SCHOOL),
    ("academy", Provider.Kind.ACADEMY),
    ("childminder", Provider.Kind.CHILDMINDER),
    ("children's home", Provider.Kind.CHILDRENS_HOME),
    ("childrens home", Provider.Kind.CHILDRENS_HOME),
    ("nursery school", Provider.Kind.SCHOOL),
    ("childcare", Provider.Kind.EARLY_YEARS),
    ("home childcarer", Provider.Kind.EARLY_YEARS),
    ("early years", Provider.Kind.EARLY_YEARS),
    ("nursery", Provider.Kind.EARLY_YEARS),
    ("further education", Provider.Kind.FURTHER_EDUCATION),
    ("college", Provider.Kind.FURTHER_EDUCATION),
    ("community", Provider.Kind.SCHOOL),
    ("foundation", Provider.Kind.SCHOOL),
    ("voluntary", Provider.Kind.SCHOOL),
    ("maintained", Provider.Kind.SCHOOL),
    ("pupil referral", Provider.Kind.SCHOOL),
    ("special", Provider.Kind.SCHOOL),
    ("school", Provider.Kind.SCHOOL),
)
PHASES = (
    ("all-through", Provider.Phase.ALL_THROUGH),
    ("all through", Provider.Phase.ALL_THROUGH),
    ("alternative", Provider.Phase.ALTERNATIVE_PROVISION),
    ("pupil referral", Provider.Phase.ALTERNATIVE_PROVISION),
    ("pru", Provider.Phase.ALTERNATIVE_PROVISION),
    ("nursery", Provider.Phase.NURSERY),
    ("primary", Provider.Phase.PRIMARY),
    ("secondary", Provider.Phase.SECONDARY),
    ("special", Provider.Phase.SPECIAL),
)
INSPECTION_TYPES = (
    ("deemed", Inspection.Kind.GRADED),  # an ungraded inspection deemed (converted to) a graded one
    ("converted", Inspection.Kind.GRADED),
    ("report card", Inspection.Kind.REPORT_CARD),
    ("monitoring", Inspection.Kind.MONITORING),
    ("ungraded", Inspection.Kind.UNGRADED),
    ("section 8", Inspection.Kind.UNGRADED),
    ("s8", Inspection.Kind.UNGRADED),
    ("short", Inspection.Kind.UNGRADED),
    ("graded", Inspection.Kind.GRADED),
    ("section 5", Inspection.Kind.GRADED),
    ("s5", Inspection.Kind.GRADED),
    ("full", Inspection.Kind.GRADED),
    ("re-inspection", Inspection.Kind.GRADED),
    ("inspection", Inspection.Kind.GRADED),
)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%y", "%Y-%m-%d %H:%M:%S")

# Provider model field → the column that carries it, to name the column in an error.
PROVIDER_FIELD_COLUMNS = {
    "urn": "urn",
    "name": "name",
    "kind": "type",
    "phase": "phase",
    "trust": "trust",
    "ward": "ward",
    "address": "address",
    "postcode": "postcode",
}
