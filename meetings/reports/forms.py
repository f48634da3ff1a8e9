"""The officer's form for importing a Word report."""

from django import forms

from meetings.agendas.models import AgendaItem


class WordImportForm(forms.Form):
    document = forms.FileField(
        label="Word document (.docx)",
        help_text="Written on the council's report template: masthead facts, Summary, Recommendations, "
        "Contact Officers, Background documents, then sections headed ‘1.0 Introduction’ and so on.",
    )
    item = forms.ModelChoiceField(
        label="Agenda item",
        required=False,
        queryset=AgendaItem.objects.select_related("meeting__committee").order_by("-meeting__start", "number"),
        help_text="Attach the report to this item as a paper. Leave empty to attach it later.",
    )
    exempt = forms.BooleanField(label="Exempt (not for publication)", required=False)

    def clean_document(self):
        document = self.cleaned_data["document"]
        if not document.name.lower().endswith(".docx"):
            raise forms.ValidationError("Choose a Word document saved as .docx.")
        return document
