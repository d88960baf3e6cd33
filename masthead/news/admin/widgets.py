"""Form widgets of the article form. No model imports here: blocks.py (loaded by the models)
uses them."""

from django import forms
from django.apps import apps
from django.forms import Media
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.staticfiles import versioned_static
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.widgets import AdminImageChooser

NAME = "news_photo_chooser"  # the photo chooser viewset (admin/photo_chooser.py)
CREDIT_STEP_JS = "news/admin/photo-credit-step.js"


class PhotoChooser(AdminImageChooser):
    """Wagtail's image chooser widget, opening the photo chooser (which asks an uncredited
    photo for its credit before using it)."""

    chooser_modal_url_name = f"{NAME}:choose"
    choose_one_text = "Choose a photo"
    choose_another_text = "Change photo"

    @property
    def media(self):
        return super().media + Media(js=[versioned_static(CREDIT_STEP_JS)])


class PhotoChooserBlock(ImageChooserBlock):
    """An image block whose chooser is the photo chooser."""

    @cached_property
    def widget(self):
        return PhotoChooser()


class SnippetsChooser(forms.SelectMultiple):
    """A many-to-many field as a list of chosen items, each removable, and a button opening
    the model's chooser (search, or add a new one). Wagtail has choosers for one item and for
    inline rows (MultipleChooserPanel); this keeps a plain many-to-many field, so every reader
    of it, the unsaved preview included, sees it as before."""

    template_name = "news/admin/widgets/snippets_chooser.html"

    def __init__(self, model, add_label, attrs=None):
        super().__init__(attrs)
        self.model_name = model  # "app_label.Model": the models import this module
        self.add_label = add_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        model = apps.get_model(self.model_name)
        ids = [str(v) for v in (value or []) if str(v).isdigit()]
        found = {str(item.pk): item for item in model.objects.filter(pk__in=ids)}
        context["widget"].update(
            chosen=[found[pk] for pk in ids if pk in found],
            chooser_url=reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose")),
            add_label=self.add_label,
            noun=model._meta.verbose_name,
        )
        return context

    def optgroups(self, name, value, attrs=None):
        return []  # only the chosen items are rendered, not every topic there is

    @property
    def media(self):
        return forms.Media(
            js=[
                versioned_static("wagtailadmin/js/modal-workflow.js"),
                versioned_static("wagtailadmin/js/chooser-modal.js"),
                versioned_static("news/admin/snippets-chooser.js"),
            ]
        )
