app_name = "readinglist"
urlpatterns = []
