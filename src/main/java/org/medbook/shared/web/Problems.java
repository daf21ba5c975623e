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
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }

    /** "slot-unavailable" becomes "Slot unavailable". */
    public static String titleOf(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
