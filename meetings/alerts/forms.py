"""The email alerts subscription form."""

from django import forms

from meetings.alerts import services as alerts
from meetings.committees.models import Committee


class AlertSubscribeForm(forms.Form):
    TOPIC_CHOICES = [("committee", "A committee's meetings"), ("keyword", "A word or phrase")]

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    topic = forms.ChoiceField(
        label="What do you want to be alerted about?",
        choices=TOPIC_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to follow a committee or a word or phrase"},
    )
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=Committee.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Choose a committee",
        error_messages={"invalid_choice": "Select a committee from the list"},
    )
    keyword = forms.CharField(
        label="Word or phrase",
        help_text="For example, a school, a ward or a subject such as ‘fostering’.",
        max_length=100,
        required=False,
        strip=True,
    )

    def clean(self):
        data = super().clean()
        topic = data.get("topic")
        if topic == "committee":
            if not data.get("committee") and "committee" not in self.errors:
                self.add_error("committee", "Select a committee")
            data["keyword"] = ""
        elif topic == "keyword":
            keyword = alerts.normalise_keyword(data.get("keyword", ""))
            if len(keyword) < 3:
                self.add_error("keyword", "Enter a word or phrase of at least 3 letters")
            data["keyword"] = keyword
            data["committee"] = None
        return data
