package io.trawl.orchestrator.collection;

import io.trawl.orchestrator.control.TaskConflictException;
import io.trawl.orchestrator.planning.PlanningException;
import io.trawl.orchestrator.sources.InvalidLimitsException;
import io.trawl.orchestrator.tracking.JobConflictException;
import java.util.NoSuchElementException;
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
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Malformed JSON: " + rootMessage(e));
        problem.setTitle("Malformed request body");
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

    @ExceptionHandler(TooManyStreamsException.class)
    ProblemDetail tooManyStreams(TooManyStreamsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Too many progress streams");
        return problem;
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
