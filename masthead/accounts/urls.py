from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("signin/", views.signin, name="signin"),
    path("signin/resend/", views.resend, name="resend"),
    path("signin/code/", views.enter_code, name="code"),
    path("link/<str:token>/", views.link, name="link"),
    path("link/<str:token>/renew/", views.renew, name="renew"),
    path("welcome/", views.welcome, name="welcome"),
    path("signout/", views.signout, name="signout"),
    path("signout/everywhere/", views.signout_everywhere, name="signout_everywhere"),
    path("profile/", views.profile, name="profile"),
    path("email/", views.change_email, name="change_email"),
    path("email/undo/<str:token>/", views.undo_email, name="undo_email"),
    path("export.json", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("state.json", views.state, name="state"),
]
