"""userErrors for what the caller can fix, top-level errors with a stable code for the rest."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from enum import StrEnum

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

from app.db import database_unavailable
from app.errors import ErrorCode, NotAuthenticated, PermissionDenied, UserInputError

log = logging.getLogger("dinghuo.graphql")


class RequestErrorCode(StrEnum):
    """Stable `extensions.code` of top-level errors; clients switch on these, never on text."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    BAD_REQUEST = "BAD_REQUEST"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED"
    MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED"
    MAX_TOKENS_EXCEEDED = "MAX_TOKENS_EXCEEDED"
    MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
    THROTTLED = "THROTTLED"
    BODY_TOO_LARGE = "BODY_TOO_LARGE"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PROVIDED_SHA_DOES_NOT_MATCH = "PROVIDED_SHA_DOES_NOT_MATCH"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


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


_CODES: tuple[tuple[type[Exception], RequestErrorCode], ...] = (
    (NotAuthenticated, RequestErrorCode.UNAUTHENTICATED),
    (PermissionDenied, RequestErrorCode.FORBIDDEN),
    (UserInputError, RequestErrorCode.BAD_USER_INPUT),
)

SUGGESTION = " Did you mean "

UNAVAILABLE_MESSAGE = "The database is unavailable for a moment; retry the request."
RETRYABLE = {"code": RequestErrorCode.SERVICE_UNAVAILABLE.value, "retryable": True}


def log_unavailable(where: object, error: BaseException) -> None:
    """A fault of the infrastructure, not of the code: one line, no traceback."""
    log.warning("database unavailable in %s (%s: %s); answered retryable", where, type(error).__name__, error)


def classify(error: GraphQLError, show_suggestions: bool = False) -> GraphQLError:
    """Give every error a code; hide the text of unexpected ones (their details go to the log).
    Suggestions ("Did you mean 'price'?") would map the schema for a prober: debug only."""
    original = error.original_error
    message = error.message if show_suggestions else error.message.split(SUGGESTION)[0]
    if original is None:
        given = (error.extensions or {}).get("code")
        code = given or (
            RequestErrorCode.GRAPHQL_VALIDATION_FAILED if error.path is None else RequestErrorCode.BAD_REQUEST
        )
        return _with_code(error, message, code)
    for kind, code in _CODES:
        if isinstance(original, kind):
            return _with_code(error, str(original), code)
    if isinstance(original, GraphQLError):
        return _with_code(error, message, RequestErrorCode.BAD_USER_INPUT)
    if database_unavailable(original):
        log_unavailable(error.path, original)
        return _with_code(error, UNAVAILABLE_MESSAGE, RETRYABLE, keep_original=False)
    log.error("unexpected error in %s", error.path, exc_info=original)
    return _with_code(error, "Internal server error.", RequestErrorCode.INTERNAL_SERVER_ERROR, keep_original=False)


def _with_code(
    error: GraphQLError, message: str, code: str | dict[str, object], keep_original: bool = True
) -> GraphQLError:
    """`code` alone, or the extensions to add (`RETRYABLE`: the code and `retryable: true`)."""
    added = code if isinstance(code, dict) else {"code": str(code)}
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error if keep_original else None,
        extensions={**(error.extensions or {}), **added},
    )


def code_parse_error(error: GraphQLError) -> None:
    """A document that does not parse fails before the operation's extensions see a result,
    so its code is set in place where strawberry hands the errors over."""
    if not isinstance(error, GraphQLSyntaxError) or (error.extensions or {}).get("code"):
        return
    # graphql-core's own wording for the token limit is the only mark it leaves.
    too_many_tokens = "tokens. Parsing aborted." in error.message
    code = RequestErrorCode.MAX_TOKENS_EXCEEDED if too_many_tokens else RequestErrorCode.GRAPHQL_PARSE_FAILED
    error.extensions = {**(error.extensions or {}), "code": code.value}


class ClassifyErrors(SchemaExtension):
    def __init__(self, *, show_suggestions: bool = False):
        self.show_suggestions = show_suggestions

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [classify(e, self.show_suggestions) for e in errors]

    def on_stream_result(self, result) -> Iterator[None]:
        """Each result of a subscription, which on_operation does not see."""
        if getattr(result, "errors", None):
            result.errors = [
                e if (e.extensions or {}).get("code") else classify(e, self.show_suggestions) for e in result.errors
            ]
        yield
