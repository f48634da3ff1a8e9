"""The officer's form for issuing an agenda or a supplement (the admin's "Issue" page)."""

from django import forms
from django.utils import timezone


class IssueForm(forms.Form):
    issued_on = forms.DateField(
        label="Date of issue",
        help_text="Usually today. The agenda is public from this date.",
        # A date box shows only an ISO date: the site's own format (31/01/2026) left it empty,
        # so "usually today" was never filled in.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason_late = forms.CharField(
        label="Reason for late issue",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when fewer than five clear working days remain before the meeting.",
    )
    reason_after_held = forms.CharField(
        label="Reason for issuing after the meeting was held",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, meeting, new_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["issued_on"].initial = timezone.localdate()
        self.new_items = list(new_items)
        for item in self.new_items:
            self.fields[f"urgent_{item.pk}"] = forms.CharField(
                label=f"Chair's reason for taking item {item.number} ({item.title}) as urgent",
                required=False,
                initial=item.urgent_reason,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Needed when the item is added fewer than five clear days before the meeting; "
                "printed on the supplement and offered to the minutes.",
            )

    def urgent_reasons(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"urgent_{item.pk}", "") for item in self.new_items}
