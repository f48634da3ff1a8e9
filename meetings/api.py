"""Open data API for meetings, shaped after OParl 1.1.

Committee → organization, Person → person, Membership → membership, Meeting → meeting,
AgendaItem → agendaItem, Paper → paper, a paper's PDF → file. Minutes and decisions have no OParl
object of their own (OParl puts them in agendaItem.resolutionText and meeting.resultsProtocol);
they are served as Scrutiny types. Every queryset that carries the visibility rule goes through
``visible_to(request.user)``; committees, people and memberships are public records.
"""

from django.conf import settings
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from scrutiny.api_base import OPARL, SCRUTINY, OParlViewSet, TypeField, WebField, oparl_schema

from . import visibility
from .models import AgendaItem, Committee, Decision, Meeting, Membership, Minute, Paper, Person


def api_url(context, name: str, pk) -> str | None:
    if pk is None:
        return None
    return reverse(f"api:{name}-detail", kwargs={"pk": pk}, request=context.get("request"))


# --- Serializers --------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    id = serializers.HyperlinkedIdentityField(view_name="api:organization-detail")
    type = TypeField(OPARL + "Organization")
    body = serializers.SerializerMethodField()
    shortName = serializers.CharField(source="short_code")
    organizationType = serializers.SerializerMethodField()
    subOrganizationOf = serializers.HyperlinkedRelatedField(
        source="parent", view_name="api:organization-detail", read_only=True
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
            "id", "type", "body", "name", "shortName", "organizationType", "subOrganizationOf", "description",
            "minuteNumbering", "isActive", "meeting", "membership", "web", "modified",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_body(self, obj):
        return reverse("api:body", request=self.context.get("request"))

    def get_organizationType(self, obj) -> str:
        return "Gremium"  # OParl's organizationType for a committee

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, obj):
        return reverse("api:meeting-list", request=self.context.get("request")) + f"?organization={obj.pk}"

    @extend_schema_field(OpenApiTypes.URI)
    def get_membership(self, obj):
        return reverse("api:membership-list", request=self.context.get("request")) + f"?organization={obj.pk}"


class PersonSerializer(serializers.ModelSerializer):
    id = serializers.HyperlinkedIdentityField(view_name="api:person-detail")
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
            "id", "type", "name", "familyName", "givenName", "formOfAddress", "initials", "kind", "party", "ward",
            "jobTitle", "email", "phone", "membership", "web", "modified",
        ]

    def get_email(self, obj) -> list[str]:
        return [obj.email] if obj.email else []

    def get_phone(self, obj) -> list[str]:
        return [obj.telephone] if obj.telephone else []

    @extend_schema_field(OpenApiTypes.URI)
    def get_membership(self, obj):
        return reverse("api:membership-list", request=self.context.get("request")) + f"?person={obj.pk}"


class MembershipSerializer(serializers.ModelSerializer):
    id = serializers.HyperlinkedIdentityField(view_name="api:membership-detail")
    type = TypeField(OPARL + "Membership")
    person = serializers.HyperlinkedRelatedField(view_name="api:person-detail", read_only=True)
    organization = serializers.HyperlinkedRelatedField(source="committee", view_name="api:organization-detail", read_only=True)
    role = serializers.CharField(source="get_role_display")
    onBehalfOf = serializers.CharField(source="representing", help_text="What a co-opted member represents (text).")
    startDate = serializers.DateField(source="start")
    endDate = serializers.DateField(source="end")
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Membership
        fields = ["id", "type", "person", "organization", "role", "onBehalfOf", "startDate", "endDate", "modified"]


class FileSerializer(serializers.ModelSerializer):
    """A paper's PDF as an OParl file. accessUrl/downloadUrl apply the visibility rule."""

    id = serializers.HyperlinkedIdentityField(view_name="api:file-detail")
    type = TypeField(OPARL + "File")
    name = serializers.CharField(source="title")
    fileName = serializers.CharField(source="download_name")
    mimeType = serializers.SerializerMethodField()
    size = serializers.IntegerField(source="size_bytes")
    pageCount = serializers.IntegerField(source="page_count")
    sha256Checksum = serializers.CharField(source="sha256")
    accessUrl = WebField()
    downloadUrl = WebField()
    paper = serializers.HyperlinkedIdentityField(view_name="api:paper-detail")
    modified = serializers.DateTimeField(source="uploaded_at")

    class Meta:
        model = Paper
        fields = [
            "id", "type", "name", "fileName", "mimeType", "size", "pageCount", "sha256Checksum", "accessUrl",
            "downloadUrl", "paper", "modified",
        ]

    def get_mimeType(self, obj) -> str:
        return "application/pdf"


class PaperSerializer(serializers.ModelSerializer):
    id = serializers.HyperlinkedIdentityField(view_name="api:paper-detail")
    type = TypeField(OPARL + "Paper")
    name = serializers.CharField(source="title")
    paperType = serializers.SerializerMethodField()
    date = serializers.DateField(source="item.meeting.agenda_issued_on", help_text="The date the agenda was issued.")
    agendaItem = serializers.HyperlinkedRelatedField(source="item", view_name="api:agendaitem-detail", read_only=True)
    meeting = serializers.SerializerMethodField()
    exempt = serializers.BooleanField(source="is_exempt", help_text="Only ever true for callers allowed to see it.")
    mainFile = serializers.SerializerMethodField()
    web = WebField()
    modified = serializers.DateTimeField(source="uploaded_at")

    class Meta:
        model = Paper
        fields = ["id", "type", "name", "paperType", "date", "order", "agendaItem", "meeting", "exempt", "mainFile",
                  "web", "modified"]

    def get_paperType(self, obj) -> str:
        return "Officer report" if obj.report_id else "Report"

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, obj):
        return api_url(self.context, "meeting", obj.item.meeting_id)

    @extend_schema_field(FileSerializer(allow_null=True))
    def get_mainFile(self, obj):
        if not obj.file:
            return None
        return FileSerializer(obj, context=self.context).data


class AgendaItemSerializer(serializers.ModelSerializer):
    id = serializers.HyperlinkedIdentityField(view_name="api:agendaitem-detail")
    type = TypeField(OPARL + "AgendaItem")
    meeting = serializers.HyperlinkedRelatedField(view_name="api:meeting-detail", read_only=True)
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
            "id", "type", "meeting", "number", "name", "kind", "purpose", "reportOf", "public", "exemptParagraph",
            "exemptionText", "toFollow", "urgent", "paper", "web", "modified",
        ]

    def get_public(self, obj) -> bool:
        return not obj.exempt

    @extend_schema_field(PaperSerializer(many=True))
    def get_paper(self, obj):
        return PaperSerializer(obj.visible_papers, many=True, context=self.context).data


class MeetingSerializer(serializers.ModelSerializer):
    id = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    type = TypeField(OPARL + "Meeting")
    name = serializers.CharField(source="__str__")
    meetingState = serializers.CharField(source="status")
    cancelled = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()
    agendaIssuedOn = serializers.DateField(source="agenda_issued_on", help_text="Null while the meeting is a draft.")
    agendaItem = AgendaItemSerializer(source="items", many=True, read_only=True)
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Meeting
        fields = [
            "id", "type", "name", "meetingState", "cancelled", "start", "end", "location", "organization",
            "agendaIssuedOn", "agendaItem", "web", "modified",
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
    id = serializers.HyperlinkedIdentityField(view_name="api:decision-detail")
    type = TypeField(SCRUTINY + "Decision")
    reference = serializers.SerializerMethodField()
    minute = serializers.HyperlinkedRelatedField(view_name="api:minute-detail", read_only=True)
    meeting = serializers.SerializerMethodField()
    dueDate = serializers.DateField(source="due_date")
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Decision
        fields = ["id", "type", "reference", "number", "kind", "text", "owner", "dueDate", "status", "response",
                  "minute", "meeting", "web", "modified"]

    def get_reference(self, obj) -> str:
        return f"{obj.minute.reference} ({obj.number})"

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, obj):
        return api_url(self.context, "meeting", obj.minute.meeting_id)


class MinuteSerializer(serializers.ModelSerializer):
    id = serializers.HyperlinkedIdentityField(view_name="api:minute-detail")
    type = TypeField(SCRUTINY + "Minute")
    name = serializers.CharField(source="title")
    meeting = serializers.HyperlinkedRelatedField(view_name="api:meeting-detail", read_only=True)
    agendaItem = serializers.HyperlinkedRelatedField(source="item", view_name="api:agendaitem-detail", read_only=True)
    exempt = serializers.BooleanField(source="is_exempt")
    minutesStatus = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField(help_text="Sanitised HTML; null when exempt and withheld from the caller.")
    decision = serializers.SerializerMethodField()
    web = WebField()
    modified = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Minute
        fields = ["id", "type", "reference", "name", "meeting", "agendaItem", "exempt", "minutesStatus", "text",
                  "decision", "web", "modified"]

    def get_minutesStatus(self, obj) -> str:
        return obj.meeting.minutes.status

    def get_text(self, obj) -> str | None:
        if obj.is_exempt and not visibility.can_view_exempt(self.context["request"].user):
            return None
        return obj.narrative

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decision(self, obj):
        return DecisionSerializer(obj.visible_decisions, many=True, context=self.context).data


# --- Viewsets -----------------------------------------------------------------------------


def visible_papers(user) -> Prefetch:
    return Prefetch(
        "papers", queryset=Paper.objects.visible_to(user).select_related("item__meeting").order_by("order", "id"),
        to_attr="visible_papers",
    )


@oparl_schema(tag="organization", description="Committees and sub-committees (OParl organization).",
              filters={"parent": "parent_id"})
class OrganizationViewSet(OParlViewSet):
    serializer_class = OrganizationSerializer
    filters = {"parent": "parent_id"}

    def get_queryset(self):
        return Committee.objects.order_by("name")  # public record: no visibility rule applies


@oparl_schema(tag="person", description="Councillors, co-opted members and officers (OParl person).")
class PersonViewSet(OParlViewSet):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return Person.objects.order_by("last_name", "first_name", "id")


@oparl_schema(tag="membership", description="Who sits on which committee, in what role, when (OParl membership).",
              filters={"organization": "committee_id", "person": "person_id"})
class MembershipViewSet(OParlViewSet):
    serializer_class = MembershipSerializer
    filters = {"organization": "committee_id", "person": "person_id"}

    def get_queryset(self):
        return Membership.objects.order_by("committee_id", "start", "id")


@oparl_schema(tag="meeting", description=(
    "Meetings with their agenda items and the papers the caller may see (OParl meeting). Anonymous "
    "callers get only meetings whose agenda has been issued."), filters={"organization": "committee_id"})
class MeetingViewSet(OParlViewSet):
    serializer_class = MeetingSerializer
    filters = {"organization": "committee_id"}

    def get_queryset(self):
        user = self.request.user
        return (
            Meeting.objects.visible_to(user)
            .select_related("committee")
            .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.order_by("number").prefetch_related(
                visible_papers(user))))
            .order_by("-start", "id")
        )


@oparl_schema(tag="agendaItem", description="Agenda items of the meetings the caller may see (OParl agendaItem). "
              "An exempt item's title and paragraph are public; its papers are not.", filters={"meeting": "meeting_id"})
class AgendaItemViewSet(OParlViewSet):
    serializer_class = AgendaItemSerializer
    filters = {"meeting": "meeting_id"}

    def get_queryset(self):
        user = self.request.user
        return (
            AgendaItem.objects.visible_to(user)
            .select_related("meeting")
            .prefetch_related(visible_papers(user))
            .order_by("-meeting__start", "number", "id")
        )


@oparl_schema(tag="paper", description="Papers the caller may see (OParl paper); exempt papers only for those "
              "allowed to see them.", filters={"meeting": "item__meeting_id", "agendaItem": "item_id"})
class PaperViewSet(OParlViewSet):
    serializer_class = PaperSerializer
    modified_field = "uploaded_at"
    filters = {"meeting": "item__meeting_id", "agendaItem": "item_id"}

    def get_queryset(self):
        return Paper.objects.visible_to(self.request.user).select_related("item__meeting").order_by("-id")


@oparl_schema(tag="file", description="The PDF files of the papers the caller may see (OParl file).")
class FileViewSet(OParlViewSet):
    serializer_class = FileSerializer
    modified_field = "uploaded_at"

    def get_queryset(self):
        return Paper.objects.visible_to(self.request.user).exclude(file="").select_related("item").order_by("-id")


@oparl_schema(tag="minute", description=(
    "Minutes of meetings (OParl has none: its agendaItem.resolutionText). Published minutes only for the public; "
    "an exempt minute's text is null for those not allowed to see it."), filters={"meeting": "meeting_id"})
class MinuteViewSet(OParlViewSet):
    serializer_class = MinuteSerializer
    filters = {"meeting": "meeting_id"}

    def get_queryset(self):
        user = self.request.user
        return (
            Minute.objects.visible_to(user)
            .select_related("meeting__minutes", "item")
            .prefetch_related(Prefetch("decisions", queryset=Decision.objects.visible_to(user).select_related(
                "minute").order_by("number"), to_attr="visible_decisions"))
            .order_by("-meeting__start", "order", "number")
        )


@oparl_schema(tag="decision", description="Decisions and recommendations with their tracker (Scrutiny type); "
              "exempt ones only for those allowed to see them.", filters={"meeting": "minute__meeting_id"})
class DecisionViewSet(OParlViewSet):
    serializer_class = DecisionSerializer
    filters = {"meeting": "minute__meeting_id"}

    def get_queryset(self):
        return Decision.objects.visible_to(self.request.user).select_related("minute").order_by(
            "-minute__meeting__start", "minute__number", "number"
        )


class BodyView(APIView):
    """The council (OParl body): the entry point to the lists."""

    @extend_schema(tags=["body"], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        def link(name):
            return reverse(f"api:{name}-list", request=request)

        return Response(
            {
                "id": reverse("api:body", request=request),
                "type": OPARL + "Body",
                "name": settings.COUNCIL_NAME,
                "address": settings.COUNCIL_ADDRESS,
                "contactEmail": settings.DEFAULT_FROM_EMAIL,
                "website": request.build_absolute_uri("/"),
                "organization": link("organization"),
                "person": link("person"),
                "membership": link("membership"),
                "meeting": link("meeting"),
                "agendaItem": link("agendaitem"),
                "paper": link("paper"),
                "file": link("file"),
                "minute": link("minute"),
                "decision": link("decision"),
            }
        )


ROUTES = [
    ("organizations", OrganizationViewSet, "organization"),
    ("persons", PersonViewSet, "person"),
    ("memberships", MembershipViewSet, "membership"),
    ("meetings", MeetingViewSet, "meeting"),
    ("agenda-items", AgendaItemViewSet, "agendaitem"),
    ("papers", PaperViewSet, "paper"),
    ("files", FileViewSet, "file"),
    ("minutes", MinuteViewSet, "minute"),
    ("decisions", DecisionViewSet, "decision"),
]
