package org.medbook.shared.web;

import java.net.URI;

import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problems with Medbook's stable type URIs. */
public final class Problems {

    public static final String TYPE_BASE = "https://medbook.org/problems/";

    private Problems() {
    }

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            problem.setProperty(RequestIdFilter.MDC_KEY, requestId);
        }
        String traceId = MDC.get(RequestIdFilter.TRACE_MDC_KEY);
        if (traceId != null) {
            problem.setProperty(RequestIdFilter.TRACE_MDC_KEY, traceId);
        }
        return problem;
    }

    /** The slug of a bare HTTP status, for refusals that carry nothing more (a rejected URL, an error dispatch). */
    public static String slugOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            case 431 -> "headers-too-large";
            case 503 -> "service-unavailable";
            default -> status >= 500 ? "internal-error" : "bad-request";
        };
    }

    /** A human detail for a bare HTTP status; never the server's own message, which may echo the request. */
    public static String detailOf(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: its URL, headers or body cannot be accepted";
            case 401 -> "A valid access token is required";
            case 403 -> "You are not allowed to do this";
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed here";
            case 413 -> "The request body is too large";
            case 414 -> "The request URL is too long";
            case 431 -> "The request headers are too large";
            default -> status >= 500 ? "Something went wrong on our side; the request id helps us find it"
                    : "The request could not be processed";
        };
    }

    /** "slot-unavailable" becomes "Slot unavailable". */
    public static String titleOf(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
