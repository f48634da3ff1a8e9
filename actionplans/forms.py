from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.utils import timezone

from .models import RAG_MEANING, RAG_ORDER, Rag
from .spreadsheet import HEADERS

RAG_CHOICES = [(r.value or "none", f"{r.label} – {RAG_MEANING[r]}") for r in RAG_ORDER]


class ProgressUpdateForm(forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a RAG rating"},
    )
    text = forms.CharField(
        label="Progress update",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="What has been done since the last update, and what happens next.",
        error_messages={"required": "Enter the progress update"},
    )
    as_at = forms.DateField(
        label="Progress as at",
        help_text="For example, 31/03/2015. Leave as today unless the update describes an earlier date.",
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": "Enter the date as day/month/year, for example 31/03/2015"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_at"].initial = timezone.localdate().strftime("%d/%m/%Y")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("rag", legend_size=Size.MEDIUM),
            Field.textarea("text", label_size=Size.MEDIUM),
            Field.text("as_at", field_width=10),
            Submit("save", "Save progress update"),
        )

    def clean_as_at(self):
        value = self.cleaned_data["as_at"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return value

    def clean_rag(self):
        value = self.cleaned_data["rag"]
        return "" if value == "none" else Rag(value).value


class ImportForm(forms.Form):
    title = forms.CharField(max_length=300, help_text="The plan's title, e.g. 'Children's Services Improvement Plan'.")
    committee = forms.ModelChoiceField(queryset=None, required=False, help_text="The committee that oversees the plan.")
    file = forms.FileField(
        required=False,
        help_text="A .csv or .xlsx file with the columns: " + ", ".join(HEADERS) + ".",
    )
    token = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from meetings.models import Committee

        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.all()

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("token"):
            raise forms.ValidationError({"file": "Choose a .csv or .xlsx file to import."})
        return data

    def clean_file(self):
        from .spreadsheet import MAX_IMPORT_BYTES

        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, the most an import may be."
            )
        return upload


class SetRagForm(forms.Form):
    rag = forms.ChoiceField(label="New RAG rating", choices=RAG_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Progress note (optional: leave blank to keep each action's progress text)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_rag(self):
        value = self.cleaned_data["rag"]
        return "" if value == "none" else value
