from django import template

register = template.Library()

# Tag colours by the words Ofsted uses; the label is always printed, so colour is never alone.
TAG_COLOURS = (
    ("outstanding", "green"),
    ("exceptional", "green"),
    ("requires improvement", "yellow"),
    ("needs attention", "yellow"),
    ("strong", "turquoise"),
    ("good", "blue"),
    ("expected", "grey"),
    ("inadequate", "red"),
    ("urgent", "red"),
    ("not met", "red"),
    ("met", "green"),
)  # order matters: "requires improvement to be good" must not match "good"


@register.filter
def grade_colour(label) -> str:
    text = str(label or "").casefold()
    for word, colour in TAG_COLOURS:
        if word in text:
            return colour
    return "grey"
