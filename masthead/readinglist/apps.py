from django.apps import AppConfig


class ReadingListConfig(AppConfig):
    name = "masthead.readinglist"
    label = "readinglist"
    verbose_name = "Reading list"
