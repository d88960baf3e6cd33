from wagtail import hooks


# Last, after Wagtail's own apps (listed after ours) have added their counts.
@hooks.register("construct_homepage_summary_items", order=1000)
def no_library_counts(request, summary_items):
    """The newsroom home lists work to act on (each app's panels); the counts of every page,
    image and document in the library are not, and would cost a query each."""
    summary_items.clear()
