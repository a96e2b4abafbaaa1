from apps.core.site import site_context


def site(request):
    return site_context(request.path)
