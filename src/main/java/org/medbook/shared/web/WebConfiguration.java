package org.medbook.shared.web;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final ClientIpResolver clientIps;

    WebConfiguration(ClientIpResolver clientIps) {
        this.clientIps = clientIps;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(clientIps));
    }

    /** A URL that Spring Security's firewall refuses (e.g. {@code ..;}, an encoded period) is a problem too. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests(ProblemResponses problems) {
        return (request, response, rejected) -> problems.write(response, HttpStatus.BAD_REQUEST, "request-rejected",
                "The request was refused: its URL, method or headers are not allowed");
    }
}
