"""Snippet choosers that find things: a search box and filters, not pages of "Next"."""

from django import forms
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views import chooser as snippets

from lewis_content.library.models import Register, Work


class FindingFilterForm(BaseFilterForm):
    """`q` searches `search_field` (contains, any case); every other field filters exactly on
    the model field of its name when given."""

    search_field = "title"
    q = forms.CharField(
        label="Search", required=False, widget=forms.TextInput(attrs={"placeholder": "Search"})
    )

    def filter(self, objects):
        objects = super().filter(objects)
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if name == "q":
                objects = objects.filter(**{f"{self.search_field}__icontains": value})
                self.is_searching, self.search_query = True, value
            else:
                objects = objects.filter(**{name: value})
        return objects


class PassageFilterForm(FindingFilterForm):
    work = forms.ModelChoiceField(Work.objects.all(), required=False)
    register = forms.ModelChoiceField(Register.objects.all(), required=False)
    live = forms.TypedChoiceField(
        choices=[("", "Live or draft"), ("true", "Live"), ("false", "Draft")],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )


class ChapterFilterForm(FindingFilterForm):
    # The passage form passes its work (linked_fields): its own chapters are offered.
    work = forms.ModelChoiceField(Work.objects.all(), required=False)


def chooser_with(filter_form: type[BaseFilterForm]) -> type[snippets.SnippetChooserViewSet]:
    """A snippet chooser whose listing the given form searches and filters."""
    views = {"filter_form_class": filter_form}
    return type(
        f"{filter_form.__name__}ChooserViewSet",
        (snippets.SnippetChooserViewSet,),
        {
            "choose_view_class": type("ChooseView", (snippets.ChooseView,), views),
            "choose_results_view_class": type(
                "ChooseResultsView", (snippets.ChooseResultsView,), views
            ),
        },
    )
