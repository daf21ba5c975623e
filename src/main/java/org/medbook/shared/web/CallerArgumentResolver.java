package org.medbook.shared.web;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.medbook.shared.Caller;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller take a {@link Caller} parameter built from the verified JWT. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final ClientIpResolver clientIps;

    CallerArgumentResolver(ClientIpResolver clientIps) {
        this.clientIps = clientIps;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            throw new AuthenticationCredentialsNotFoundException("No access token");
        }
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        return new Caller(UUID.fromString(jwt.getSubject()), strings(jwt.getClaimAsStringList("roles")),
                strings(jwt.getClaimAsStringList("permissions")), request == null ? null : clientIps.resolve(request));
    }

    private static Set<String> strings(Collection<String> values) {
        return values == null ? Set.of() : new HashSet<>(values);
    }

}
