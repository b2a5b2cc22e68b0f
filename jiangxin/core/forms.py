from django.core.exceptions import ValidationError


def apply_errors(form, err: ValidationError) -> None:
    """Put a service's ValidationError onto the form: field errors by field, the rest on top."""
    if hasattr(err, "error_dict"):
        for field, errors in err.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in err.messages:
            form.add_error(None, message)


def message_errors(request, err: ValidationError) -> None:
    """Show a service's ValidationError as error messages on the next page."""
    from django.contrib import messages

    for message in err.messages:
        messages.error(request, message)
