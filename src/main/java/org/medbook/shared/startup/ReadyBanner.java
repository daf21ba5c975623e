package org.medbook.shared.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * One line once the server takes requests, naming where the API, its documentation and the health
 * check are, so nobody has to read the start-up log to find them.
 */
class ReadyBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            return;
        }
        log.info(line(event.getApplicationContext().getEnvironment(), web.getWebServer().getPort()));
    }

    static String line(Environment environment, int port) {
        String scheme = environment.getProperty("server.ssl.enabled", Boolean.class, false)
                || environment.getProperty("server.ssl.bundle") != null ? "https" : "http";
        String base = scheme + "://localhost:" + port;
        String docs = environment.getProperty("springdoc.swagger-ui.path", "/swagger-ui.html");
        return "Medbook is ready: API " + base + "/api/v1, Swagger UI " + base + docs + ", OpenAPI " + base
                + environment.getProperty("springdoc.api-docs.path", "/v3/api-docs") + ", health " + base
                + "/actuator/health";
    }
}
