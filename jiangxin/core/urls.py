def exempt_from_login(included):
    """Mark an included URLconf's views as not needing a login session (the API checks its
    own authentication and answers 401 rather than redirecting to the login page)."""
    patterns = included[0]
    for pattern in patterns:
        if hasattr(pattern, "callback") and pattern.callback is not None:
            pattern.callback.login_required = False
        elif hasattr(pattern, "url_patterns"):
            exempt_from_login((pattern.url_patterns,))
    return included
