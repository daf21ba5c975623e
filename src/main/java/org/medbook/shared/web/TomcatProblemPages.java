package org.medbook.shared.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Some requests never reach the application: Tomcat refuses a URL with an encoded slash or NUL
 * ({@code %2F}, {@code %00}), a broken escape or a path that climbs out of the root, and answers from
 * its error report valve, in HTML. This replaces that valve with one that answers a problem document,
 * so every response a client sees has the same shape. Runs after Boot's own customizer, which installs
 * the HTML valve.
 */
@Component
class TomcatProblemPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final JsonMapper json;

    TomcatProblemPages(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemReportValve(json));
            if (host instanceof StandardHost standardHost) {
                standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static final class ProblemReportValve extends ErrorReportValve {

        private final JsonMapper json;

        ProblemReportValve(JsonMapper json) {
            this.json = json;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            String slug = Problems.slugOf(status);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", Problems.type(slug).toString());
            body.put("title", Problems.titleOf(slug));
            body.put("status", status);
            body.put("detail", Problems.detailOf(status));
            // present when the request got as far as the application's filters before it failed
            String requestId = response.getHeader(RequestIdFilter.HEADER);
            if (requestId != null) {
                body.put(RequestIdFilter.MDC_KEY, requestId);
            }
            String traceId = response.getHeader(RequestIdFilter.TRACE_HEADER);
            if (traceId != null) {
                body.put(RequestIdFilter.TRACE_MDC_KEY, traceId);
            }
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write(json.writeValueAsString(body));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or the response was committed meanwhile: nothing left to tell the client
            }
        }
    }
}
