"""The photo chooser of the article form: a photo without a credit is shown as needing one
and cannot be chosen as it is; choosing it asks for the credit in the same modal, saves it
on the photo, then uses the photo. Built on Wagtail's image chooser viewset."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic.base import View
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.ui.tables import Column
from wagtail.images.views import chooser as image_chooser
from wagtail.permissions import policy_registry

from .. import photo_credits
from ..models import NewsImage
from .forms import PhotoCreditForm
from .widgets import NAME

NEEDS_CREDIT = "Needs a credit"
WHY = "A photo is never printed without a credit: add one to use this photo."


class PhotoChooseMixin:
    results_template_name = "news/admin/photo_chooser_results.html"

    @cached_property
    def columns(self):
        columns = super().columns
        if not columns:  # the grid marks photos in its template
            return columns
        credit = Column(
            "credit",
            label="Credit",
            accessor=lambda image: NEEDS_CREDIT if image.needs_credit else image.credit,
        )
        return [*columns[:2], credit, *columns[2:]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for image in context["results"]:
            image.needs_credit = not photo_credits.has_credit(image)
            step = "credit" if image.needs_credit else "chosen"
            image.chosen_url = self.append_preserved_url_parameters(
                reverse(f"{NAME}:{step}", args=(image.id,))
            )
        context.update(needs_credit_label=NEEDS_CREDIT, needs_credit_why=WHY)
        return context


class PhotoChooseView(PhotoChooseMixin, image_chooser.ImageChooseView):
    pass


class PhotoChooseResultsView(PhotoChooseMixin, image_chooser.ImageChooseResultsView):
    pass


def _ids(values):
    """The photo ids among `values`: anything else names no photo (a 404, not a 500)."""
    return [value for value in values if str(value).isdigit()]


class PhotoChosenView(image_chooser.ImageChosenView):
    """Choosing an uncredited photo (by an old link, say) leads to its credit step."""

    def get_object(self, pk):
        if not _ids([pk]):
            raise self.model_class.DoesNotExist(f"No photo has the id {pk!r}.")
        return super().get_object(pk)

    def get_chosen_response(self, item):
        if not photo_credits.has_credit(item):
            return credit_step(self.request, item, PhotoCreditForm(initial=_initial(item)))
        return super().get_chosen_response(item)


class PhotoChosenMultipleView(image_chooser.ImageChosenMultipleView):
    def get_objects(self, pks):
        return photo_credits.credited_photos(super().get_objects(_ids(pks)))


class PhotoCreditView(image_chooser.ImageChosenResponseMixin, View):
    """Ask for the credit of one photo; once given, save it and choose the photo."""

    model = NewsImage

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(NewsImage)

    def get_image(self, image_id):
        image = NewsImage.objects.filter(pk=image_id).first()
        if image is None or not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "choose", image
        ):
            raise PermissionDenied
        return image

    def may_edit(self, image):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", image
        )

    def get(self, request, image_id):
        image = self.get_image(image_id)
        if photo_credits.has_credit(image):
            return self.get_chosen_response(image)
        form = PhotoCreditForm(initial=_initial(image))
        return credit_step(request, image, form, may_edit=self.may_edit(image))

    def post(self, request, image_id):
        image = self.get_image(image_id)
        if not self.may_edit(image):
            raise PermissionDenied
        form = PhotoCreditForm(request.POST, prefix=None)
        if not form.is_valid():
            return credit_step(request, image, form)
        photo_credits.add_credit(image, form.cleaned_data["credit"], form.cleaned_data["caption"])
        return self.get_chosen_response(image)


def _initial(image):
    return {"caption": image.caption}


def credit_step(request, image, form, may_edit=True):
    return render_modal_workflow(
        request,
        "news/admin/photo_credit.html",
        None,
        {
            "image": image,
            "form": form,
            "may_edit": may_edit,
            "why": WHY,
            "credit_url": reverse(f"{NAME}:credit", args=(image.id,)),
            "back_url": reverse(f"{NAME}:choose"),
        },
        json_data={"step": "add_credit"},
    )


class PhotoChooserViewSet(image_chooser.ImageChooserViewSet):
    choose_view_class = PhotoChooseView
    choose_results_view_class = PhotoChooseResultsView
    chosen_view_class = PhotoChosenView
    chosen_multiple_view_class = PhotoChosenMultipleView
    choose_one_text = "Choose a photo"
    choose_another_text = "Change photo"

    @property
    def credit_view(self):
        return PhotoCreditView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:image_id>/credit/", self.credit_view, name="credit"),
        ]


viewset = PhotoChooserViewSet(NAME, model=NewsImage, url_prefix="news/photos/chooser")
