package org.medbook.identity.infrastructure;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.application.AccessTokens;
import org.medbook.identity.application.IdentityProperties;
import org.medbook.identity.application.RevokedTokens;
import org.medbook.shared.crypto.CryptoProperties;
import org.medbook.shared.web.ProblemResponses;
import org.medbook.shared.web.PublicRoutes;
import org.medbook.shared.web.WebProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Stateless JWT security for the whole API: who may call which route (roles here, permissions by
 * method security on each endpoint), and problem responses for 401/403.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String PASSWORD_CHANGE_AUTHORITY = "PASSWORD_CHANGE";
    static final String MFA_ENROLMENT_AUTHORITY = "MFA_ENROLMENT";
    private static final String[] ALL_ROLES = {Role.PATIENT.name(), Role.DOCTOR.name(), Role.ADMIN.name(), Role.HELPER.name()};

    @Bean
    JwtKeys jwtKeys(IdentityProperties properties, CryptoProperties crypto) {
        return JwtKeys.load(properties.tokens(), crypto);
    }

    @Bean
    JwtEncoder jwtEncoder(JwtKeys keys) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signingKey())));
    }

    @Bean
    AccessTokens accessTokens(JwtEncoder encoder, IdentityProperties properties, JwtKeys keys) {
        return new JwtAccessTokens(encoder, properties.tokens(), keys.signingKey().getKeyID());
    }

    /**
     * RS256 only (no "none", no HMAC confusion), our keys only, our issuer and audience, exp and nbf,
     * and not revoked (this node's memory of ended sessions, no database round trip). The signature of
     * a token string is verified once ({@link SignatureOnceJwtDecoder}); the claims on every use.
     */
    @Bean
    JwtDecoder jwtDecoder(JwtKeys keys, IdentityProperties properties, RevokedTokens revoked, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        List<JWK> jwks = new ArrayList<>(keys.verificationKeys());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(jwks))));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            // Spring's validators below check the claims.
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        IdentityProperties.Tokens tokens = properties.tokens();
        // The application's clock is the one notion of time, for issuing and for checking.
        JwtTimestampValidator timestamps = new JwtTimestampValidator(IdentityProperties.Tokens.ACCEPTED_CLOCK_SKEW);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                timestamps,
                new JwtIssuerValidator(tokens.issuer()),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(tokens.audience())),
                new JwtClaimValidator<Object>("exp", exp -> exp != null),
                new RevokedTokenValidator(revoked));
        // the signature is checked once per token string; the claims on every request
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return new SignatureOnceJwtDecoder(decoder, validator, 100_000, tokens.accessTokenTtl());
    }

    /**
     * No observations of the security filter chain, authentication and authorization: they added five
     * spans (and their timers) to every request and said nothing the request's own span, its status and
     * the audit trail do not.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, JwtDecoder decoder, Environment environment)
            throws Exception {
        ManagementPortRequests managementPort = ManagementPortRequests.from(environment);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::authorities);
        http.csrf(csrf -> csrf.disable())
                .cors(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .headers(headers -> headers
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/password")
                                .hasAnyAuthority(PASSWORD_CHANGE_AUTHORITY, "ROLE_DOCTOR", "ROLE_ADMIN", "ROLE_HELPER")
                        // a staff sign-in without the required second factor may enrol one, and nothing else
                        .requestMatchers(HttpMethod.GET, "/api/v1/me/mfa")
                                .hasAnyAuthority(MFA_ENROLMENT_AUTHORITY, "ROLE_DOCTOR", "ROLE_ADMIN", "ROLE_HELPER")
                        .requestMatchers(HttpMethod.POST, "/api/v1/me/mfa/totp", "/api/v1/me/mfa/totp/confirm")
                                .hasAnyAuthority(MFA_ENROLMENT_AUTHORITY, "ROLE_DOCTOR", "ROLE_ADMIN", "ROLE_HELPER")
                        .requestMatchers(HttpMethod.POST, "/api/v1/me/mfa/passkeys/options", "/api/v1/me/mfa/passkeys")
                                .hasAnyAuthority(MFA_ENROLMENT_AUTHORITY, "ROLE_DOCTOR", "ROLE_ADMIN", "ROLE_HELPER")
                        .requestMatchers("/api/v1/me/mfa/**").hasAnyRole(Role.DOCTOR.name(), Role.ADMIN.name(), Role.HELPER.name())
                        // public routes, whatever the method: each serves only its public methods, so a
                        // wrong method gets the 405 it is, not a 401 that suggests signing in would help
                        .requestMatchers(PublicRoutes.API.toArray(String[]::new)).permitAll()
                        .requestMatchers(HttpMethod.GET, PublicRoutes.READ_ONLY.toArray(String[]::new)).permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        // a separate management port is kept off the public network: the scraper needs no token there
                        .requestMatchers(managementPort).permitAll()
                        .requestMatchers("/actuator/prometheus").hasAuthority(Permission.METRICS_READ.code())
                        // STOMP authenticates the CONNECT frame by its bearer token (see shared.realtime)
                        .requestMatchers("/ws", "/ws/**").permitAll()
                        // back-office routes whose request bodies are validated: the permission is checked
                        // before the body is read, so a caller without it gets 403, never a validation error
                        .requestMatchers("/api/v1/admin/content/**").hasAuthority("content:manage")
                        .requestMatchers("/api/v1/admin/reviews/**").hasAuthority("reviews:moderate")
                        .requestMatchers("/api/v1/admin/stats").hasAuthority("reports:read")
                        .requestMatchers(HttpMethod.POST, "/api/v1/admin/users/*/second-factor-reset")
                                .hasAuthority("users:manage")
                        .requestMatchers(HttpMethod.POST, "/api/v1/admin/disputes/*/evidence",
                                "/api/v1/admin/disputes/*/accept").hasAuthority("disputes:manage")
                        .requestMatchers("/api/v1/admin/**").hasAnyRole(Role.ADMIN.name(), Role.HELPER.name())
                        .anyRequest().hasAnyRole(ALL_ROLES))
                .oauth2ResourceServer(resource -> resource
                        .bearerTokenResolver(new HeaderBearerTokenResolver())
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint((request, response, ex) -> {
                            boolean revoked = ex.getMessage() != null && ex.getMessage().contains(RevokedTokenValidator.REVOKED);
                            response.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", revoked
                                    ? RevokedTokenValidator.REVOKED + "; sign in again" : "A valid access token is required");
                        })
                        .accessDeniedHandler((request, response, ex) -> denied(problems, response)))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
                                    "A valid access token is required");
                        })
                        .accessDeniedHandler((request, response, ex) -> denied(problems, response)));
        return http.build();
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(WebProperties web) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(web.corsAllowedOrigins());
        configuration.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"));
        configuration.setExposedHeaders(List.of("Retry-After", "X-Request-Id", "X-Trace-Id", "Location"));
        configuration.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", configuration);
        return source;
    }

    /** A token that can only enrol a second factor says so, so the client knows what to do next. */
    private static void denied(ProblemResponses problems, HttpServletResponse response) throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean enrolmentOnly = caller != null && caller.getAuthorities().stream()
                .anyMatch(authority -> MFA_ENROLMENT_AUTHORITY.equals(authority.getAuthority()));
        if (enrolmentOnly) {
            problems.write(response, HttpStatus.FORBIDDEN, "mfa-enrolment-required",
                    "Enrol a second factor first: POST /api/v1/me/mfa/totp or /api/v1/me/mfa/passkeys/options, then sign in again");
        } else {
            problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this");
        }
    }

    /**
     * roles -> ROLE_x, permissions as they are; a password-change or second-factor-enrolment token grants
     * nothing else.
     */
    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (JwtAccessTokens.PURPOSE_PASSWORD_CHANGE.equals(jwt.getClaimAsString("purpose"))) {
            authorities.add(new SimpleGrantedAuthority(PASSWORD_CHANGE_AUTHORITY));
            return authorities;
        }
        if (JwtAccessTokens.PURPOSE_MFA_ENROLMENT.equals(jwt.getClaimAsString("purpose"))) {
            authorities.add(new SimpleGrantedAuthority(MFA_ENROLMENT_AUTHORITY));
            return authorities;
        }
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles != null) {
            roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        }
        List<String> permissions = jwt.getClaimAsStringList("permissions");
        if (permissions != null) {
            permissions.forEach(permission -> authorities.add(new SimpleGrantedAuthority(permission)));
        }
        return authorities;
    }
}
