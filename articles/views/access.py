"""Who may open a page: `signed_in` readers, `staff`. As Django's own decorators, but the
sign-in redirect never fails: Django refuses a redirect over 16,384 characters (400), and a
long search address sent on as `next` would pass that. After signing in, that reader
comes back to the page without its query instead of seeing an error."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import DisallowedRedirect
from django.shortcuts import resolve_url


def signed_in(view):
    return _requires(lambda user: user.is_authenticated, "login")(view)


def staff(view):
    return _requires(lambda user: user.is_active and user.is_staff, "admin:login")(view)


def _requires(test, login_url):
    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if test(request.user):
                return view(request, *args, **kwargs)
            return sign_in_redirect(request, resolve_url(login_url))

        return checked

    return decorator


def sign_in_redirect(request, login_url):
    try:
        return redirect_to_login(request.get_full_path(), login_url)
    except DisallowedRedirect:  # the query made it too long; a path alone never is (ids are numbers)
        return redirect_to_login(request.path, login_url)
