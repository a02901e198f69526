"""userErrors for what the caller can fix, top-level errors with a stable code for the rest."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from app.errors import ErrorCode, NotAuthenticated, PermissionDenied, UserInputError

log = logging.getLogger("dinghuo.graphql")

strawberry.enum(ErrorCode, name="UserErrorCode", description="Stable codes of userErrors.")
UserErrorCode = ErrorCode


@strawberry.type(description="A problem with the input that the caller can correct.")
class UserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: UserErrorCode
    message: str


def user_errors_of(error: UserInputError) -> list[UserError]:
    return [UserError(field=list(e.field) if e.field else None, code=e.code, message=e.message) for e in error.errors]


def mutation_payload(payload_type):
    """Runs a mutation resolver; a UserInputError becomes the payload's userErrors."""

    def decorate(resolver):
        @functools.wraps(resolver)
        async def run(*args, **kwargs):
            try:
                return await resolver(*args, **kwargs)
            except UserInputError as error:
                return payload_type(user_errors=user_errors_of(error))

        return run

    return decorate


_CODES: tuple[tuple[type[Exception], str], ...] = (
    (NotAuthenticated, "UNAUTHENTICATED"),
    (PermissionDenied, "FORBIDDEN"),
    (UserInputError, "BAD_USER_INPUT"),
)


def classify(error: GraphQLError) -> GraphQLError:
    """Give every error a code; hide the text of unexpected ones (their details go to the log)."""
    original = error.original_error
    if original is None:
        code = "GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_REQUEST"
        return _with_code(error, error.message, code)
    for kind, code in _CODES:
        if isinstance(original, kind):
            return _with_code(error, str(original), code)
    if isinstance(original, GraphQLError):
        return _with_code(error, error.message, "BAD_USER_INPUT")
    log.error("unexpected error in %s", error.path, exc_info=original)
    return _with_code(error, "Internal server error.", "INTERNAL_SERVER_ERROR", keep_original=False)


def _with_code(error: GraphQLError, message: str, code: str, keep_original: bool = True) -> GraphQLError:
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error if keep_original else None,
        extensions={**(error.extensions or {}), "code": code},
    )


class ClassifyErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [classify(e) for e in errors]

    def on_stream_result(self, result) -> Iterator[None]:
        """Each result of a subscription, which on_operation does not see."""
        if getattr(result, "errors", None):
            result.errors = [e if (e.extensions or {}).get("code") else classify(e) for e in result.errors]
        yield
