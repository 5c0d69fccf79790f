package io.trawl.orchestrator.collection;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;

import io.trawl.infra.storage.StorageException;
import io.trawl.orchestrator.api.BodyTooLargeException;
import io.trawl.orchestrator.control.TaskConflictException;
import io.trawl.orchestrator.planning.PlanningException;
import io.trawl.orchestrator.sources.InvalidLimitsException;
import io.trawl.orchestrator.tracking.JobConflictException;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error as an RFC 9457 problem detail naming the field and the problem: Spring MVC's own (through
 * {@link ResponseEntityExceptionHandler}) and Trawl's.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(PlanningException.class)
    ProblemDetail planning(PlanningException e) {
        HttpStatus status = e.kind() == PlanningException.Kind.NOTHING_TO_COLLECT
                ? HttpStatus.UNPROCESSABLE_CONTENT
                : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(status == HttpStatus.BAD_REQUEST ? "Invalid collection request" : "Nothing to collect");
        problem.setProperty("field", e.field());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (BodyTooLargeException.in(e) instanceof BodyTooLargeException tooLarge) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            problem.setTitle("Request body too large");
            return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, bodyProblem(e));
        problem.setTitle("Malformed request body");
        if (cause(e, JacksonException.class) instanceof JacksonException json
                && !json.getPath().isEmpty()) {
            problem.setProperty("field", path(json));
        }
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(InvalidLimitsException.class)
    ProblemDetail invalidLimits(InvalidLimitsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid limits");
        return problem;
    }

    @ExceptionHandler({JobConflictException.class, TaskConflictException.class})
    ProblemDetail conflict(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Not possible in the current state");
        return problem;
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(DispatchFailedException.class)
    ProblemDetail dispatch(DispatchFailedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Broker unavailable");
        problem.setProperty("jobId", e.jobId());
        return problem;
    }

    /** A dependency that does not answer: 503 naming it, so a caller knows to retry and an operator where to look. */
    @ExceptionHandler({DataAccessException.class, AmqpException.class, StorageException.class})
    ProblemDetail unavailable(RuntimeException e) {
        String dependency = e instanceof StorageException
                ? "the object store"
                : e instanceof AmqpException ? "the message broker (RabbitMQ)" : "Redis";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, dependency + " is unavailable; try again shortly");
        problem.setTitle("Dependency unavailable");
        problem.setProperty("dependency", dependency);
        return problem;
    }

    @ExceptionHandler(TooManyStreamsException.class)
    ProblemDetail tooManyStreams(TooManyStreamsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Too many progress streams");
        return problem;
    }

    /** What is wrong with a body, naming the field: unknown, of the wrong type, or not JSON at all. */
    private static String bodyProblem(HttpMessageNotReadableException e) {
        if (cause(e, UnrecognizedPropertyException.class) instanceof UnrecognizedPropertyException unknown) {
            return "unknown field " + excerpt(path(unknown)) + "; known fields: "
                    + new TreeSet<>(unknown.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .toList());
        }
        if (cause(e, MismatchedInputException.class) instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String type = mismatch.getTargetType() == null
                    ? ""
                    : mismatch.getTargetType().getSimpleName();
            String expected = expected(type);
            return "field " + excerpt(path(mismatch)) + " must be "
                    + (expected != null ? expected : "of type " + type + " (" + firstLine(mismatch) + ")");
        }
        return "Malformed JSON: " + excerpt(rootMessage(e));
    }

    /** What a field of {@code type} takes, in words; null for a type without a plain description. */
    private static String expected(String type) {
        return switch (type) {
            case "String" -> "text, e.g. \"30s\" for a duration";
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Boolean", "boolean" -> "true or false";
            case "YearMonth" -> "a month as YYYY-MM";
            case "Priority" -> "one of LOW, NORMAL, HIGH, URGENT";
            case "Mode" -> "FULL or INCREMENTAL";
            case "List", "ArrayList" -> "a list";
            default -> null;
        };
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return excerpt(newline < 0 ? message : message.substring(0, newline));
    }

    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
