package org.medbook.shared.web;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;

import org.medbook.shared.MedbookException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/** The one place where exceptions become RFC 9457 problem responses. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String DATABASE_UNAVAILABLE = "The database cannot be reached right now; please try again shortly";

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(MedbookException.class)
    ResponseEntity<ProblemDetail> handleMedbook(MedbookException ex) {
        HttpStatus status = HttpStatus.valueOf(ex.kind().status());
        ProblemDetail problem = Problems.of(status, ex.slug(), Problems.titleOf(ex.slug()), ex.getMessage());
        ex.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (ex.retryAfter() != null) {
            long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problem.setProperty("retryAfterSeconds", seconds);
        }
        return response.body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
        RejectedParameterException rejected = causeOf(ex, RejectedParameterException.class);
        String message = rejected != null ? rejected.getMessage() : expectation(ex.getRequiredType());
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                "Parameter '" + ex.getName() + "' " + message);
        problem.setProperty("errors", List.of(new FieldProblem(ex.getName(), message)));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex) {
        List<FieldProblem> errors = ex.getConstraintViolations().stream()
                .map(violation -> {
                    String path = violation.getPropertyPath().toString();
                    return new FieldProblem(path.substring(path.lastIndexOf('.') + 1), violation.getMessage());
                })
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed",
                "The request has invalid fields: " + String.join(", ", errors.stream().map(FieldProblem::field).toList()));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    /** Thrown by method security inside a controller; must stay a 403, not become a 500. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException ex) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.of(HttpStatus.FORBIDDEN, "forbidden",
                "Forbidden", "You are not allowed to do this"));
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> handleAuthentication(AuthenticationException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Problems.of(HttpStatus.UNAUTHORIZED,
                "unauthorized", "Unauthorized", "A valid access token is required"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
        if (DatabaseFailures.unreachable(ex)) {
            return databaseUnavailable(ex);
        }
        log.error("Unhandled error", ex);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error", "Internal error", "Something went wrong on our side; the request id helps us find it"));
    }

    /**
     * The pool could not hand out a connection in time or the server is gone: 503 with Retry-After,
     * one log line and no stack trace, since during an outage every request ends here.
     */
    private static ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
        log.warn("Database unavailable: {}", rootMessage(ex));
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "Database unavailable", DATABASE_UNAVAILABLE);
        long seconds = DatabaseFailures.RETRY_AFTER.toSeconds();
        problem.setProperty("retryAfterSeconds", seconds);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed",
                "The request has invalid fields: " + String.join(", ", errors.stream().map(FieldProblem::field).toList()));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed",
                "The request has invalid parameters: " + String.join(", ", errors.stream().map(FieldProblem::field).toList()));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        String slug = slugFor(ex, statusCode);
        String detail = detailFor(ex, body);
        ProblemDetail problem = Problems.of(statusCode, slug, Problems.titleOf(slug), detail);
        if (ex instanceof HttpMessageNotReadableException unreadable) {
            PayloadTooLargeException tooLarge = causeOf(unreadable, PayloadTooLargeException.class);
            if (tooLarge != null) {
                return new ResponseEntity<>(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                        "Payload too large", tooLarge.getMessage() + ", the most this endpoint accepts"), headers,
                        HttpStatus.PAYLOAD_TOO_LARGE);
            }
            FieldProblem field = offendingField(unreadable);
            if (field != null) {
                ProblemDetail invalid = Problems.of(statusCode, "validation-failed", "Validation failed",
                        "The request has invalid fields: " + field.field());
                invalid.setProperty("errors", List.of(field));
                return new ResponseEntity<>(invalid, headers, statusCode);
            }
        }
        if (ex instanceof MissingServletRequestParameterException missing) {
            problem.setProperty("errors", List.of(new FieldProblem(missing.getParameterName(), "is required")));
        }
        if (ex instanceof MissingRequestHeaderException missingHeader) {
            problem.setProperty("errors", List.of(new FieldProblem(missingHeader.getHeaderName(), "is required")));
        }
        return new ResponseEntity<>(problem, headers, statusCode);
    }

    /**
     * The JSON path of a value that could not be bound (wrong type, unknown enum constant, refused text
     * or date) and why, when Jackson knows where it was.
     */
    private static FieldProblem offendingField(HttpMessageNotReadableException ex) {
        for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
            if (t instanceof DatabindException databind && !databind.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (var reference : databind.getPath()) {
                    if (reference.getPropertyName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
                    } else if (reference.getIndex() >= 0) {
                        path.append('[').append(reference.getIndex()).append(']');
                    }
                }
                if (path.isEmpty()) {
                    return null;
                }
                String message = switch (databind) {
                    case RequestJson.RejectedValueException rejected -> rejected.getOriginalMessage();
                    case MismatchedInputException mismatch -> expectation(mismatch.getTargetType());
                    default -> expectation(null);
                };
                return new FieldProblem(path.toString(), message);
            }
        }
        return null;
    }

    /** What a value of the type looks like, in the client's terms. */
    static String expectation(Class<?> type) {
        if (type == null) {
            return "has an invalid value or type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a number";
        }
        if (type == String.class) {
            return "must be text";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == LocalDate.class) {
            return "must be an ISO-8601 date such as 2026-03-01";
        }
        if (type == LocalTime.class) {
            return "must be a time such as 09:30";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 date and time with offset such as 2026-03-01T09:30:00+01:00";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be an object";
        }
        return "has an invalid value or type";
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String slugFor(Exception ex, HttpStatusCode status) {
        return switch (ex) {
            case NoResourceFoundException ignored -> "not-found";
            case HttpMessageNotReadableException ignored -> "malformed-request";
            case MissingServletRequestParameterException ignored -> "missing-parameter";
            case MissingRequestHeaderException ignored -> "missing-header";
            case HttpRequestMethodNotSupportedException ignored -> "method-not-allowed";
            case HttpMediaTypeNotSupportedException ignored -> "unsupported-media-type";
            default -> status.is4xxClientError() ? "bad-request" : "internal-error";
        };
    }

    private static String detailFor(Exception ex, Object body) {
        if (ex instanceof HttpMessageNotReadableException) {
            return "The request body is missing or is not valid JSON of the expected shape";
        }
        if (ex instanceof NoResourceFoundException) {
            return "No such resource";
        }
        if (body instanceof ProblemDetail detail && detail.getDetail() != null) {
            return detail.getDetail();
        }
        if (ex instanceof ErrorResponse response && response.getBody().getDetail() != null) {
            return response.getBody().getDetail();
        }
        return "The request could not be processed";
    }
}
