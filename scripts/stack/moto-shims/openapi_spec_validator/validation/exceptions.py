# The exception moto's API Gateway names when it imports (see ../__init__.py): never raised here.


class OpenAPIValidationError(Exception):
    pass
