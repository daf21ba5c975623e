package org.medbook.shared.web;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final ClientIpResolver clientIps;
    private final JsonMapper json;

    WebConfiguration(ClientIpResolver clientIps, JsonMapper json) {
        this.clientIps = clientIps;
        this.json = json;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(clientIps));
    }

    /** Runs after Boot's configuration, so this JSON converter, with the request rules, is the one used. */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.withJsonConverter(new JacksonJsonHttpMessageConverter(RequestJson.mapper(json)));
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        ParameterRules.registerDates(registry);
    }

    /** A URL that Spring Security's firewall refuses (e.g. {@code ..;}, an encoded period) is a problem too. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests(ProblemResponses problems) {
        return (request, response, rejected) -> problems.write(response, HttpStatus.BAD_REQUEST, "request-rejected",
                "The request was refused: its URL, method or headers are not allowed");
    }
}
