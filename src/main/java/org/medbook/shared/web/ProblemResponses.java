package org.medbook.shared.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Writes a problem straight to a servlet response, for filters that run before Spring MVC. */
@Component
public class ProblemResponses {

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, HttpStatusCode status, String slug, String detail) throws IOException {
        write(response, Problems.of(status, slug, Problems.titleOf(slug), detail));
    }

    void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        // on an error dispatch the request and trace ids are no longer in the log context, but still on the response
        putIfAbsent(body, RequestIdFilter.MDC_KEY, response.getHeader(RequestIdFilter.HEADER));
        putIfAbsent(body, RequestIdFilter.TRACE_MDC_KEY, response.getHeader(RequestIdFilter.TRACE_HEADER));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }

    private static void putIfAbsent(Map<String, Object> body, String key, String value) {
        if (value != null) {
            body.putIfAbsent(key, value);
        }
    }
}
