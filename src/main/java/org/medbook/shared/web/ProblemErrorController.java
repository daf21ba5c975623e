package org.medbook.shared.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the servlet container's error dispatch (a {@code sendError} from a filter, an exception that
 * escaped Spring MVC) with a problem document instead of Boot's {@code {"timestamp","status","error"}}
 * body, whatever the client asked for in {@code Accept}.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    private final ProblemResponses problems;

    ProblemErrorController(ProblemResponses problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseFailures.unreachable(failure)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseFailures.RETRY_AFTER.toSeconds()));
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", ProblemHandler.DATABASE_UNAVAILABLE);
            return;
        }
        if (status < 400) {
            status = 500;
        }
        problems.write(response, HttpStatusCode.valueOf(status), Problems.slugOf(status), Problems.detailOf(status));
    }
}
