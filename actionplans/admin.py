from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin_utils import ReadOnlyAdmin, SuperusersOnlyAdmin, badge, register_history

from . import import_uploads, services
from .forms import ImportForm, SetRagForm
from .models import Action, ActionPlan, ProgressUpdate, Rag, Recommendation, Section, Snapshot
from .rag import rollup
from .spreadsheet import SpreadsheetError, export_csv, export_xlsx

RAG_BADGE = {"red": "red", "amber": "orange", "green": "green", "grey": "grey", "blue": "blue", "": "white"}


def rag_badge(value: str):
    return badge(Rag(value or "").label, RAG_BADGE.get(value or "", "grey"))


# --- Lead users: a picker committee officers may use ---------------------------------------
# The admin's own autocomplete for a user field asks the *user* admin, which needs permission on
# auth.User that committee officers do not (and should not) have. The lead-users picker asks
# this view instead: anyone who may change actions may search active users by name.

LEAD_USERS_AUTOCOMPLETE = "actionplans_action_lead_users_autocomplete"
LEAD_USERS_PAGE_SIZE = 20


def user_label(user) -> str:
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


class LeadUsersWidget(AutocompleteSelectMultiple):
    def get_url(self):
        return reverse(f"admin:{LEAD_USERS_AUTOCOMPLETE}")


def lead_users_formfield(db_field, admin_site, **kwargs):
    User = get_user_model()
    kwargs.setdefault("queryset", User.objects.filter(is_active=True))
    kwargs["widget"] = LeadUsersWidget(db_field, admin_site)
    field = db_field.formfield(**kwargs)
    field.label_from_instance = user_label
    return field


def lead_users_autocomplete(request, *, may_use: bool):
    """select2's JSON: active users whose name, username or email contains `term`."""
    if not may_use:
        raise PermissionDenied
    User = get_user_model()
    term = request.GET.get("term", "").strip()
    users = User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    for word in term.split():
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    start = (page - 1) * LEAD_USERS_PAGE_SIZE
    chunk = list(users[start : start + LEAD_USERS_PAGE_SIZE + 1])
    return JsonResponse(
        {
            "results": [{"id": str(u.pk), "text": user_label(u)} for u in chunk[:LEAD_USERS_PAGE_SIZE]],
            "pagination": {"more": len(chunk) > LEAD_USERS_PAGE_SIZE},
        }
    )


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "title"]


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    show_change_link = True
    fields = [
        ("number", "order", "improvement_notice"),
        "activity",
        "outcome",
        ("timeline", "lead"),
        "lead_users",
        ("current_rag", "progress"),
    ]
    readonly_fields = ["current_rag", "progress"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "lead_users":
            return lead_users_formfield(db_field, self.admin_site, **kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="Current RAG")
    def current_rag(self, obj):
        return rag_badge(obj.rag)


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = ["as_at", "rag_badge", "text", "author_name", "before", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="RAG")
    def rag_badge(self, obj):
        return rag_badge(obj.rag)

    @admin.display(description="Before")
    def before(self, obj):
        return format_html("{} – {}", Rag(obj.rag_before or "").label, obj.text_before[:120] or "no progress text")


class RagFilter(admin.SimpleListFilter):
    title = "RAG rating"
    parameter_name = "rag"

    def lookups(self, request, model_admin):
        return [(r.value or "none", r.label) for r in Rag]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(rag="" if value == "none" else value)


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "inspection", "published_badge", "action_count", "created_at"]
    list_filter = ["published", "committee"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["committee", "inspection"]
    list_select_related = ["committee", "inspection__provider"]
    inlines = [SectionInline]
    actions = ["publish", "unpublish", "take_snapshot", "download_xlsx", "download_csv"]
    readonly_fields = ["imported_from", "created_at", "links"]
    fields = ["title", "description", "committee", "inspection", "published", "links", "imported_from", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_actions=Count("recommendations__actions", distinct=True))

    @admin.display(description="Actions", ordering="_actions")
    def action_count(self, obj):
        return obj._actions

    @admin.display(description="Status", ordering="published")
    def published_badge(self, obj):
        return badge("Published", "green") if obj.published else badge("Draft", "grey")

    @admin.display(description="Downloads and page")
    def links(self, obj):
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">Spreadsheet (.xlsx)</a> · <a href="{}">CSV</a> · <a href="{}">Public page</a>',
            reverse("actionplans:plan-export", args=[obj.pk, "xlsx"]),
            reverse("actionplans:plan-export", args=[obj.pk, "csv"]),
            obj.get_absolute_url(),
        )

    @admin.action(description="Publish (show to the public)", permissions=["change"])
    def publish(self, request, queryset):
        for plan in queryset:
            services.plan_set_published(plan=plan, published=True, by=request.user)
        self.message_user(request, f"Published {queryset.count()} plan(s).", messages.SUCCESS)

    @admin.action(description="Unpublish (officers only)", permissions=["change"])
    def unpublish(self, request, queryset):
        for plan in queryset:
            services.plan_set_published(plan=plan, published=False, by=request.user)
        self.message_user(request, f"Unpublished {queryset.count()} plan(s).", messages.SUCCESS)

    @admin.action(description="Take a snapshot: report as at today", permissions=["change"])
    def take_snapshot(self, request, queryset):
        for plan in queryset:
            snap = services.snapshot_create(plan=plan, by=request.user)
            self.message_user(
                request,
                format_html(
                    'Snapshot <a href="{}">{}</a> taken; attach it to an agenda item on its admin page.',
                    reverse("admin:actionplans_snapshot_change", args=[snap.pk]),
                    snap,
                ),
                messages.SUCCESS,
            )

    def _download(self, queryset, fmt):
        plan = queryset.first()
        data = export_xlsx(plan) if fmt == "xlsx" else export_csv(plan)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if fmt == "xlsx"
            else "text/csv; charset=utf-8"
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.pk}.{fmt}"'
        return response

    @admin.action(description="Download as spreadsheet (.xlsx, first selected plan)", permissions=["view"])
    def download_xlsx(self, request, queryset):
        return self._download(queryset, "xlsx")

    @admin.action(description="Download as CSV (first selected plan)", permissions=["view"])
    def download_csv(self, request, queryset):
        return self._download(queryset, "csv")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="actionplans_actionplan_import"),
        ] + super().get_urls()

    def import_view(self, request):
        """Upload a spreadsheet, see a preview (or every problem), then confirm to store it."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "Import an action plan"}
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            # The uploaded file is kept on the server between preview and confirm (never posted
            # back through the page), under a random token held in the officer's session.
            upload = form.cleaned_data.get("file")
            try:
                if upload:
                    data, filename = upload.read(), upload.name
                else:
                    data, filename = import_uploads.load(request, form.cleaned_data["token"])
            except import_uploads.Expired as exc:
                context["problems"] = [str(exc)]
                data = None
            confirm = "confirm" in request.POST and not upload
            try:
                if data is None:
                    raise SpreadsheetError([])
                parsed, plan = services.plan_import(
                    data=data,
                    filename=filename,
                    title=form.cleaned_data["title"],
                    committee=form.cleaned_data["committee"],
                    dry_run=not confirm,
                    by=request.user,
                )
            except SpreadsheetError as exc:
                context["problems"] = context.get("problems", []) + exc.problems
            except ValidationError as exc:
                context["problems"] = [" ".join(exc.messages)]
            else:
                if plan is not None:
                    import_uploads.discard(request)
                    self.message_user(
                        request,
                        services.import_summary(parsed, plan) + ". The plan is a draft until you publish it.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:actionplans_actionplan_change", args=[plan.pk]))
                token = import_uploads.keep(request, data, filename) if upload else form.cleaned_data["token"]
                context.update(
                    parsed=parsed, token=token, filename=filename, summary=services.import_summary(parsed, None)
                )
        context["form"] = form
        return TemplateResponse(request, "actionplans/admin/import.html", context)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["title", "plan__title"]
    autocomplete_fields = ["plan"]
    list_select_related = ["plan"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "section", "rating_badge", "rollup_badge", "action_count"]
    list_filter = ["plan", "rating", "category"]
    search_fields = ["code", "category", "wording", "strategic_lead"]
    autocomplete_fields = ["plan", "section", "inspection_recommendation"]
    list_select_related = ["plan", "section"]
    inlines = [ActionInline]
    fields = [
        "plan",
        "section",
        ("code", "code_derived", "order"),
        "category",
        "wording",
        "inspection_recommendation",
        "strategic_lead",
        "measure",
        "governance",
        "impact",
        "rating",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("actions").annotate(_actions=Count("actions"))

    @admin.display(description="Actions", ordering="_actions")
    def action_count(self, obj):
        return obj._actions

    @admin.display(description="Overall rating", ordering="rating")
    def rating_badge(self, obj):
        return rag_badge(obj.rating)

    @admin.display(description="From its actions")
    def rollup_badge(self, obj):
        return rag_badge(rollup(a.rag for a in obj.actions.all()))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Action:
            return super().save_formset(request, form, formset, change)
        for action in formset.save(commit=False):
            services.action_due_date_derive(action=action)
            action.save()
        for action in formset.deleted_objects:
            action.delete()
        formset.save_m2m()


class ActionAdminForm(forms.ModelForm):
    new_rag = forms.ChoiceField(
        label="New RAG rating",
        required=False,
        choices=[("", "– no new update –")] + [(r.value or "none", r.label) for r in Rag],
    )
    new_progress = forms.CharField(
        label="New progress update",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Filling this in, or choosing a new rating, records a progress update.",
    )

    class Meta:
        model = Action
        fields = "__all__"


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    form = ActionAdminForm
    list_display = [
        "__str__",
        "recommendation",
        "short_activity",
        "timeline",
        "due_date",
        "lead",
        "rag_badge",
        "notice_badge",
    ]
    list_filter = [RagFilter, "improvement_notice", "recommendation__plan", "recommendation__section"]
    search_fields = ["number", "activity", "outcome", "lead", "progress"]
    autocomplete_fields = ["recommendation"]  # lead_users: see formfield_for_manytomany
    list_select_related = ["recommendation"]
    inlines = [ProgressUpdateInline]
    actions = ["set_rag"]
    readonly_fields = ["current_rag", "progress", "progress_on"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "recommendation",
                    ("number", "order", "improvement_notice"),
                    "activity",
                    "outcome",
                    ("timeline", "due_date"),
                    "lead",
                    "lead_users",
                ]
            },
        ),
        ("Progress", {"fields": [("current_rag", "progress_on"), "progress", "new_rag", "new_progress"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "lead_users":
            return lead_users_formfield(db_field, self.admin_site, **kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view(self.lead_users_autocomplete_view)
        return [path("lead-users/autocomplete/", view, name=LEAD_USERS_AUTOCOMPLETE), *super().get_urls()]

    def lead_users_autocomplete_view(self, request):
        return lead_users_autocomplete(
            request, may_use=self.has_change_permission(request) or self.has_add_permission(request)
        )

    @admin.display(description="Activity required")
    def short_activity(self, obj):
        return (obj.activity[:80] + "…") if len(obj.activity) > 80 else obj.activity

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj):
        return rag_badge(obj.rag)

    @admin.display(description="Current RAG")
    def current_rag(self, obj):
        return rag_badge(obj.rag)

    @admin.display(description="Improvement Notice", ordering="improvement_notice")
    def notice_badge(self, obj):
        return badge("Improvement Notice", "purple") if obj.improvement_notice else ""

    def save_model(self, request, obj, form, change):
        services.action_due_date_derive(action=obj)
        super().save_model(request, obj, form, change)
        new_rag, new_text = form.cleaned_data.get("new_rag"), form.cleaned_data.get("new_progress", "")
        if new_rag or new_text:
            rag = obj.rag if not new_rag else ("" if new_rag == "none" else new_rag)
            services.progress_update_record(action=obj, rag=rag, text=new_text or obj.progress, by=request.user)

    @admin.action(
        description="Set RAG rating of selected actions (records a progress update each)", permissions=["change"]
    )
    def set_rag(self, request, queryset):
        form = SetRagForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            count = services.actions_set_rag(
                actions=queryset, rag=form.cleaned_data["rag"], by=request.user, note=form.cleaned_data["note"]
            )
            self.message_user(
                request,
                f"Set the RAG rating of {count} action(s) to {Rag(form.cleaned_data['rag']).label}.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "actionplans/admin/set_rag.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Set RAG rating",
                "form": form,
                "actions_chosen": queryset,
                "action_name": "set_rag",
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            },
        )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "as_at", "rag_badge", "author_name", "created_at"]
    list_filter = ["rag", "action__recommendation__plan"]
    search_fields = ["action__number", "text", "author_name"]
    autocomplete_fields = ["action", "author"]
    list_select_related = ["action"]
    readonly_fields = ["rag_before", "text_before", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False  # history is kept as given; record a new update instead

    def has_delete_permission(self, request, obj=None):
        # The record of progress: only a superuser may remove an update (e.g. one made in error).
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.progress_update_delete(update=obj, by=request.user)  # keeps the action's current RAG right

    def delete_queryset(self, request, queryset):
        for update in queryset:
            services.progress_update_delete(update=update, by=request.user)

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj):
        return rag_badge(obj.rag)

    def save_model(self, request, obj, form, change):
        services.progress_update_record(
            action=obj.action, rag=obj.rag, text=obj.text, by=request.user, as_at=obj.as_at, author_name=obj.author_name
        )


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "as_at", "agenda_item", "created_at"]
    list_filter = ["plan"]
    search_fields = ["title", "plan__title", "agenda_item__title"]
    autocomplete_fields = ["plan", "agenda_item"]
    list_select_related = ["plan", "agenda_item__meeting__committee"]
    readonly_fields = ["counts_summary", "page", "created_at"]
    fields = ["plan", "as_at", "title", "agenda_item", "counts_summary", "page", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # What a snapshot froze cannot change; only its title and agenda item can.
        return self.readonly_fields + (["plan", "as_at"] if obj else [])

    @admin.display(description="Actions by RAG")
    def counts_summary(self, obj):
        if not obj.counts:
            return "Taken when saved."
        return ", ".join(f"{Rag(k).label}: {v}" for k, v in obj.counts.items())

    @admin.display(description="Report")
    def page(self, obj):
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">Page</a> · <a href="{}">PDF</a>',
            obj.get_absolute_url(),
            reverse("actionplans:snapshot-pdf", args=[obj.plan_id, obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.snapshot_attach(snapshot=obj, agenda_item=obj.agenda_item, title=obj.title)
        else:
            new = services.snapshot_create(
                plan=obj.plan, as_at=obj.as_at, agenda_item=obj.agenda_item, title=obj.title, by=request.user
            )
            obj.pk = new.pk
            obj.refresh_from_db()


register_history(ActionPlan, Action, ProgressUpdate)


@admin.register(apps.get_model("actionplans", "HistoricalAction_lead_users"))
class HistoricalActionLeadUsersAdmin(SuperusersOnlyAdmin, ReadOnlyAdmin):
    """Who the lead users of an action were at each point of its history (read-only; a technical
    table behind the action's own History page: superusers only)."""

    list_display = ["history", "action", "user"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
