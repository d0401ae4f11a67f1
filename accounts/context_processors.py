from core.scope import scope_of


def role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"role": "admin" if user.is_superuser else user.role, "scope": scope_of(user)}
