# Why this exists: moto's CloudFormation parser imports every service moto models, API Gateway among them, and
# moto's API Gateway imports openapi_spec_validator, which Debian ships only for Python 3.13 (trixie) while the
# stack's Python is the machine's own. Without it moto cannot load CloudFormation at all (every call answers
# 500). The stack never imports an OpenAPI definition into API Gateway, the one thing the module is used for:
# the stand-in refuses that loudly rather than pretend to validate. start.sh puts this directory on moto's
# PYTHONPATH only when the real module cannot be imported.


def validate(spec, *args, **kwargs):
    raise NotImplementedError(
        "the local stack has no openapi-spec-validator: moto cannot import OpenAPI definitions here"
    )


validate_spec = validate
