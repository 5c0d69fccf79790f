package io.trawl.orchestrator.schedules;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An invalid schedule is a 400 problem naming the field. */
@RestControllerAdvice
class ScheduleProblems {

    @ExceptionHandler(InvalidScheduleException.class)
    ProblemDetail invalidSchedule(InvalidScheduleException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid schedule");
        return problem;
    }
}
