from wagtail import hooks

from . import reading


# After Wagtail's own view restrictions (order 0): a page refused by them never reaches the
# wall, and its password form or sign-in redirect is marked by nobody (private).
@hooks.register("on_serve_page", order=10)
def through_the_wall(serve_page):
    def serve(page, request, args, kwargs):
        return reading.serve(page, request, args, kwargs, serve_page=serve_page)

    return serve
