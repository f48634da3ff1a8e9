"""Open data API for meetings, shaped after OParl 1.1.

Committee → organization, Person → person, Membership → membership, Meeting → meeting,
AgendaItem → agendaItem, Paper → paper, a paper's PDF → file. Minutes and decisions have no OParl
object of their own (OParl puts them in agendaItem.resolutionText and meeting.resultsProtocol);
they are served as Scrutiny types. Every queryset that carries the visibility rule goes through
``visible_to(request.user)``; committees, people and memberships are public records.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings import visibility
from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.api.base import OPARL, SCRUTINY, DetailIdentity, DetailLink, TypeField, WebField, detail_url, list_url
from meetings.committees.models import Committee, Membership, Person
from meetings.minutes.models import Decision, Minute


def api_url(context, name: str, pk) -> str | None:
    return detail_url(context.get("request"), f"api:{name}-detail", pk)


def nested(parent: serializers.Serializer, serializer_class, objects) -> list:
    """The representations of `objects` by one `serializer_class` kept on `parent` for the whole
    list: its fields are built once, not once per parent object."""
    name = f"_nested_{serializer_class.__name__}"
    child = parent.__dict__.get(name)
    if child is None:
        child = parent.__dict__[name] = serializer_class(context=parent.context)
    return [child.to_representation(obj) for obj in objects]


class OrganizationSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:organization-detail")
    type = TypeField(OPARL + "Organization")
    body = serializers.SerializerMethodField()
    shortName = serializers.CharField(source="short_code")
    organizationType = serializers.SerializerMethodField()
    subOrganizationOf = DetailLink(
        source="parent", view_name="api:organization-detail", read_only=True, allow_null=True
    )
    meeting = serializers.SerializerMethodField(help_text="The list of this committee's meetings.")
    membership = serializers.SerializerMethodField(help_text="The list of this committee's memberships.")
    minuteNumbering = serializers.CharField(source="minute_numbering")
    isActive = serializers.BooleanField(source="is_active")
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Committee
        fields = [
            "id",
            "type",
            "body",
            "name",
            "shortName",
            "organizationType",
            "subOrganizationOf",
            "description",
            "minuteNumbering",
            "isActive",
            "meeting",
            "membership",
            "web",
            "modified",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_body(self, obj):
        return list_url(self.context.get("request"), "api:body")

    def get_organizationType(self, obj) -> str:
        return "Gremium"  # OParl's organizationType for a committee

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, obj):
        return list_url(self.context.get("request"), "api:meeting-list") + f"?organization={obj.pk}"

    @extend_schema_field(OpenApiTypes.URI)
    def get_membership(self, obj):
        return list_url(self.context.get("request"), "api:membership-list") + f"?organization={obj.pk}"


class PersonSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:person-detail")
    type = TypeField(OPARL + "Person")
    name = serializers.CharField(source="full_name")
    familyName = serializers.CharField(source="last_name")
    givenName = serializers.CharField(source="first_name")
    formOfAddress = serializers.CharField(source="title")
    kind = serializers.CharField(help_text="councillor, co_opted or officer (Scrutiny extension).")
    jobTitle = serializers.CharField(source="job_title")
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    membership = serializers.SerializerMethodField(help_text="The list of this person's memberships.")
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Person
        fields = [
            "id",
            "type",
            "name",
            "familyName",
            "givenName",
            "formOfAddress",
            "initials",
            "kind",
            "party",
            "ward",
            "jobTitle",
            "email",
            "phone",
            "membership",
            "web",
            "modified",
        ]

    def get_email(self, obj) -> list[str]:
        return [obj.email] if obj.email else []

    def get_phone(self, obj) -> list[str]:
        return [obj.telephone] if obj.telephone else []

    @extend_schema_field(OpenApiTypes.URI)
    def get_membership(self, obj):
        return list_url(self.context.get("request"), "api:membership-list") + f"?person={obj.pk}"


class MembershipSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:membership-detail")
    type = TypeField(OPARL + "Membership")
    person = DetailLink(view_name="api:person-detail", read_only=True)
    organization = DetailLink(source="committee", view_name="api:organization-detail", read_only=True)
    role = serializers.CharField(source="get_role_display")
    onBehalfOf = serializers.CharField(source="representing", help_text="What a co-opted member represents (text).")
    startDate = serializers.DateField(source="start")
    endDate = serializers.DateField(source="end", allow_null=True, help_text="Null while the membership continues.")
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Membership
        fields = ["id", "type", "person", "organization", "role", "onBehalfOf", "startDate", "endDate", "modified"]


class FileSerializer(serializers.ModelSerializer):
    """A paper's PDF as an OParl file. accessUrl/downloadUrl apply the visibility rule."""

    id = DetailIdentity(view_name="api:file-detail")
    type = TypeField(OPARL + "File")
    name = serializers.CharField(source="title")
    fileName = serializers.CharField(source="download_name")
    mimeType = serializers.SerializerMethodField()
    size = serializers.IntegerField(source="size_bytes")
    pageCount = serializers.IntegerField(source="page_count")
    sha256Checksum = serializers.CharField(source="sha256")
    accessUrl = WebField()
    downloadUrl = WebField()
    paper = DetailIdentity(view_name="api:paper-detail")
    modified = serializers.DateTimeField(source="uploaded_at")

    class Meta:
        model = Paper
        fields = [
            "id",
            "type",
            "name",
            "fileName",
            "mimeType",
            "size",
            "pageCount",
            "sha256Checksum",
            "accessUrl",
            "downloadUrl",
            "paper",
            "modified",
        ]

    def get_mimeType(self, obj) -> str:
        return "application/pdf"


class PaperSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:paper-detail")
    type = TypeField(OPARL + "Paper")
    name = serializers.CharField(source="title")
    paperType = serializers.SerializerMethodField()
    date = serializers.DateField(
        source="item.meeting.agenda_issued_on",
        allow_null=True,
        help_text="The date the agenda was issued (null while it is a draft).",
    )
    agendaItem = DetailLink(source="item", view_name="api:agendaitem-detail", read_only=True)
    meeting = serializers.SerializerMethodField()
    exempt = serializers.BooleanField(source="is_exempt", help_text="Only ever true for callers allowed to see it.")
    mainFile = serializers.SerializerMethodField()
    web = WebField()
    modified = serializers.DateTimeField(source="uploaded_at")

    class Meta:
        model = Paper
        fields = [
            "id",
            "type",
            "name",
            "paperType",
            "date",
            "order",
            "agendaItem",
            "meeting",
            "exempt",
            "mainFile",
            "web",
            "modified",
        ]

    def get_paperType(self, obj) -> str:
        return "Officer report" if obj.report_id else "Report"

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, obj):
        return api_url(self.context, "meeting", obj.item.meeting_id)

    @extend_schema_field(FileSerializer(allow_null=True))
    def get_mainFile(self, obj):
        if not obj.file:
            return None
        return nested(self, FileSerializer, [obj])[0]


class AgendaItemSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:agendaitem-detail")
    type = TypeField(OPARL + "AgendaItem")
    meeting = DetailLink(view_name="api:meeting-detail", read_only=True)
    name = serializers.CharField(source="title")
    public = serializers.SerializerMethodField(help_text="False for an item taken in private (exempt).")
    exemptParagraph = serializers.IntegerField(source="exempt_paragraph", allow_null=True)
    exemptionText = serializers.CharField(source="exemption_text")
    reportOf = serializers.CharField(source="report_of")
    toFollow = serializers.BooleanField(source="to_follow")
    paper = serializers.SerializerMethodField(help_text="The item's papers this caller may see.")
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "type",
            "meeting",
            "number",
            "name",
            "kind",
            "purpose",
            "reportOf",
            "public",
            "exemptParagraph",
            "exemptionText",
            "toFollow",
            "urgent",
            "paper",
            "web",
            "modified",
        ]

    def get_public(self, obj) -> bool:
        return not obj.exempt

    @extend_schema_field(PaperSerializer(many=True))
    def get_paper(self, obj):
        return nested(self, PaperSerializer, obj.visible_papers)


class MeetingSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:meeting-detail")
    type = TypeField(OPARL + "Meeting")
    name = serializers.CharField(source="__str__")
    meetingState = serializers.CharField(source="status")
    cancelled = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()
    agendaIssuedOn = serializers.DateField(
        source="agenda_issued_on", allow_null=True, help_text="Null while the meeting is a draft."
    )
    agendaItem = AgendaItemSerializer(source="items", many=True, read_only=True)
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "type",
            "name",
            "meetingState",
            "cancelled",
            "start",
            "end",
            "location",
            "organization",
            "agendaIssuedOn",
            "agendaItem",
            "web",
            "modified",
        ]

    def get_cancelled(self, obj) -> bool:
        return obj.status == Meeting.Status.CANCELLED

    @extend_schema_field(
        {"type": "object", "properties": {"description": {"type": "string"}, "accessNotes": {"type": "string"}}}
    )
    def get_location(self, obj):
        return {"description": obj.venue, "accessNotes": obj.access_notes}

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
    def get_organization(self, obj):
        return [api_url(self.context, "organization", obj.committee_id)]


class DecisionSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:decision-detail")
    type = TypeField(SCRUTINY + "Decision")
    reference = serializers.SerializerMethodField()
    minute = DetailLink(view_name="api:minute-detail", read_only=True)
    meeting = serializers.SerializerMethodField()
    dueDate = serializers.DateField(source="due_date", allow_null=True)
    tracked = serializers.BooleanField(
        source="is_tracked",
        read_only=True,
        help_text="False for a procedural decision (kind procedural or noted), which has no status.",
    )
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Decision
        fields = [
            "id",
            "type",
            "reference",
            "number",
            "kind",
            "tracked",
            "text",
            "owner",
            "dueDate",
            "status",
            "response",
            "minute",
            "meeting",
            "web",
            "modified",
        ]

    def get_reference(self, obj) -> str:
        return f"{obj.minute.reference} ({obj.number})"

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, obj):
        return api_url(self.context, "meeting", obj.minute.meeting_id)


class MinuteSerializer(serializers.ModelSerializer):
    id = DetailIdentity(view_name="api:minute-detail")
    type = TypeField(SCRUTINY + "Minute")
    name = serializers.CharField(source="title")
    meeting = DetailLink(view_name="api:meeting-detail", read_only=True)
    agendaItem = DetailLink(source="item", view_name="api:agendaitem-detail", read_only=True, allow_null=True)
    exempt = serializers.BooleanField(
        source="is_exempt",
        help_text="Whether its text and decisions are exempt: by default as its agenda item, but the minute of an "
        "item taken in private may be published as a public summary (exempt false), and the minute of a public "
        "item may be exempt.",
    )
    minutesStatus = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField(help_text="Sanitised HTML; null when exempt and withheld from the caller.")
    exemptAnnex = serializers.SerializerMethodField(
        help_text="Sanitised HTML: the detail of a public summary kept exempt (not for publication). Null unless "
        "the caller may see exempt material and there is an annex."
    )
    exemptParagraph = serializers.SerializerMethodField(
        help_text="The paragraph of Schedule 12A its exempt text or annex falls under (its agenda item's), if any."
    )
    decision = serializers.SerializerMethodField()
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Minute
        fields = [
            "id",
            "type",
            "reference",
            "name",
            "meeting",
            "agendaItem",
            "exempt",
            "minutesStatus",
            "text",
            "exemptAnnex",
            "exemptParagraph",
            "decision",
            "web",
            "modified",
        ]

    def get_minutesStatus(self, obj) -> str:
        return obj.meeting.minutes.status

    def get_text(self, obj) -> str | None:
        if not visibility.can_read_minute_text(self.context["request"].user, obj):
            return None
        return obj.narrative

    def get_exemptAnnex(self, obj) -> str | None:
        if not visibility.can_read_exempt_annex(self.context["request"].user, obj):
            return None
        return obj.exempt_annex

    def get_exemptParagraph(self, obj) -> int | None:
        return visibility.minute_exempt_paragraph(obj)

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decision(self, obj):
        return nested(self, DecisionSerializer, obj.visible_decisions)
