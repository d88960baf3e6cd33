"""The sign-in and registration forms, shown again when refused for their CSRF token: the
box inside cached pages (the wall, the comments) holds none without its script
(`core.sendagain`)."""

from django.shortcuts import render

from . import services
from .forms import ConsentForm, EmailForm
from .views import welcome_page


def signin(request, values, notice):
    form = EmailForm(values) if values else EmailForm()
    return render(request, "accounts/signin.html", {"form": form, "send_again": notice})


def welcome(request, values, notice):
    pending = services.pending_registration(request)
    if pending is None:
        return None
    form = ConsentForm(values) if values else ConsentForm()
    return welcome_page(request, form, pending, send_again=notice)
