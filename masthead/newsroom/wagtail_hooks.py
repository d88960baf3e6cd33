from wagtail import hooks

from masthead.newsroom import admin_guards


# Last, after Wagtail's own apps (listed after ours) have added their counts.
@hooks.register("construct_homepage_summary_items", order=1000)
def no_library_counts(request, summary_items):
    """The newsroom home lists work to act on (each app's panels); the counts of every page,
    image and document in the library are not, and would cost a query each."""
    summary_items.clear()


# Last, after Wagtail's images and documents (listed after ours) have added their endpoints.
@hooks.register("construct_admin_api", order=1000)
def admin_api_finds_by_number(router):
    """The admin API's endpoints, whose ``find`` answers 400 to an id that is not a number
    (admin_guards)."""
    for name, endpoint in admin_guards.ADMIN_API_ENDPOINTS.items():
        router.register_endpoint(name, endpoint)
