package org.medbook.identity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbook.identity.Role;
import org.medbook.identity.StaffAccounts;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which caller reaches which route of the identity and audit modules. "ok" means the request got past
 * authentication and authorisation (any status but 401 and 403, and no server error); 401 and 403 mean
 * it was stopped there. The requests are built so that getting through has no lasting effect: empty or
 * invalid bodies, and an id that belongs to nobody.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleEndpointMatrixTests extends IntegrationTest {

    private static final String MATRIX = """
            route                                          anonymous patient doctor helper-none helper-most admin password-change
            POST  /api/v1/auth/otp                         ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/otp/verify                  ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/google                      ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/google/nonce                ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/login                       ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/login/mfa                   ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/login/mfa/passkey/options   ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/login/mfa/passkey           ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/refresh                     ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/logout                      ok        ok      ok     ok          ok          ok    ok
            POST  /api/v1/auth/password                    401       403     ok     ok          ok          ok    ok
            GET   /api/v1/me                               401       ok      ok     ok          ok          ok    403
            PATCH /api/v1/me                               401       ok      ok     ok          ok          ok    403
            GET   /api/v1/me/mfa                           401       403     ok     ok          ok          ok    403
            POST  /api/v1/me/mfa/totp                      401       403     ok     ok          ok          ok    403
            POST  /api/v1/me/mfa/totp/confirm              401       403     ok     ok          ok          ok    403
            DELETE /api/v1/me/mfa/totp                     401       403     ok     ok          ok          ok    403
            POST  /api/v1/me/mfa/recovery-codes            401       403     ok     ok          ok          ok    403
            POST  /api/v1/me/mfa/passkeys/options          401       403     ok     ok          ok          ok    403
            POST  /api/v1/me/mfa/passkeys                  401       403     ok     ok          ok          ok    403
            GET   /api/v1/me/mfa/passkeys                  401       403     ok     ok          ok          ok    403
            DELETE /api/v1/me/mfa/passkeys/{id}            401       403     ok     ok          ok          ok    403
            POST  /api/v1/admin/staff                      401       403     403    403         403         ok    403
            GET   /api/v1/admin/users                      401       403     403    403         ok          ok    403
            GET   /api/v1/admin/users/{id}                 401       403     403    403         ok          ok    403
            PUT   /api/v1/admin/users/{id}/permissions     401       403     403    403         403         ok    403
            POST  /api/v1/admin/users/{id}/suspend         401       403     403    403         ok          ok    403
            POST  /api/v1/admin/users/{id}/reactivate      401       403     403    403         ok          ok    403
            POST  /api/v1/admin/users/{id}/password-reset  401       403     403    403         ok          ok    403
            POST  /api/v1/admin/users/{id}/second-factor-reset  401  403  403  403  ok  ok  403
            GET   /api/v1/me/access-log                    401       ok      403    403         403         403   403
            POST  /api/v1/me/export                        401       ok      ok     ok          ok          ok    403
            GET   /api/v1/me/export/{id}                   401       ok      ok     ok          ok          ok    403
            POST  /api/v1/me/erasure                       401       ok      ok     ok          ok          ok    403
            POST  /api/v1/admin/users/{id}/erasure         401       403     403    403         ok          ok    403
            GET    /api/v1/admin/users/{id}/sessions              401  403  403  403  ok  ok  403
            DELETE /api/v1/admin/users/{id}/sessions              401  403  403  403  ok  ok  403
            DELETE /api/v1/admin/users/{id}/sessions/{sessionId}  401  403  403  403  ok  ok  403
            GET   /api/v1/admin/audit                      401       403     403    403         403         ok    403
            """;

    /** What each route is sent: harmless when it gets through (a validation error, or nobody to act on). */
    private static final Map<String, Object> BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/auth/otp", Map.of()),
            Map.entry("POST /api/v1/auth/otp/verify", Map.of()),
            Map.entry("POST /api/v1/auth/google", Map.of()),
            Map.entry("POST /api/v1/auth/login", Map.of()),
            Map.entry("POST /api/v1/auth/login/mfa", Map.of()),
            Map.entry("POST /api/v1/auth/login/mfa/passkey/options", Map.of()),
            Map.entry("POST /api/v1/auth/login/mfa/passkey", Map.of()),
            Map.entry("POST /api/v1/me/mfa/passkeys", Map.of()),
            // no password: refused as bad input, nothing is removed
            Map.entry("DELETE /api/v1/me/mfa/passkeys/{id}", Map.of()),
            // nobody to reset: 404
            Map.entry("POST /api/v1/admin/users/{id}/second-factor-reset", Map.of("reason", "matrix")),
            Map.entry("POST /api/v1/me/mfa/totp/confirm", Map.of()),
            // no password: refused as bad input, nothing is removed
            Map.entry("DELETE /api/v1/me/mfa/totp", Map.of()),
            Map.entry("POST /api/v1/me/mfa/recovery-codes", Map.of()),
            Map.entry("POST /api/v1/auth/refresh", Map.of()),
            Map.entry("POST /api/v1/auth/logout", Map.of()),
            Map.entry("POST /api/v1/auth/password", Map.of()),
            Map.entry("PATCH /api/v1/me", Map.of("preferredLanguage", "not a language")),
            // no code: refused as bad input, nothing is erased
            Map.entry("POST /api/v1/me/erasure", Map.of()),
            Map.entry("POST /api/v1/admin/staff", Map.of("email", "matrix@example.org", "name", "Matrix", "role", "DOCTOR",
                    "permissions", List.of())),
            Map.entry("PUT /api/v1/admin/users/{id}/permissions", Map.of("permissions", List.of())));

    private static final String NOBODY = UUID.randomUUID().toString();
    private static final List<String> ALL_BUT_AUDIT = List.of("users:read", "users:manage", "doctors:manage",
            "doctors:verify", "bookings:manage", "payments:read", "disputes:manage", "content:manage", "reports:read");

    @Autowired
    private StaffAccounts staffAccounts;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    void signEveryKindOfCallerIn() {
        api = new Api(port, newClientIp());
        String admin = adminToken();
        tokens.put("admin", admin);
        tokens.put("patient", patientToken(uniqueEmail("matrix-patient")));
        tokens.put("helper-none", helperToken(List.of()));
        tokens.put("helper-most", helperToken(ALL_BUT_AUDIT));

        // Doctors have no HTTP sign-up yet; the identity module's published StaffAccounts creates one.
        String doctor = uniqueEmail("matrix-doctor");
        staffAccounts.create(new StaffAccounts.NewStaffAccount(doctor, "Dr Matrix", Role.DOCTOR, Set.of()),
                UUID.fromString(api.get("/api/v1/me", admin).text("id")), api.clientIp());
        Api.Response doctorSession = activateStaff(doctor, temporaryPassword(doctor, 1), "Doctor passphrase 1");
        assertThat(doctorSession.body().path("user").path("roles").toString()).isEqualTo("[\"DOCTOR\"]");
        tokens.put("doctor", doctorSession.text("accessToken"));

        StaffAccount pending = newStaffAccount("HELPER", List.of());
        Api.Response restricted = api.post("/api/v1/auth/login",
                Map.of("email", pending.email(), "password", pending.temporaryPassword()));
        assertThat(restricted.problem()).isEqualTo("password-change-required");
        tokens.put("password-change", restricted.text("accessToken"));
    }

    Stream<Arguments> matrix() {
        List<String> lines = MATRIX.lines().filter(line -> !line.isBlank()).toList();
        List<String> callers = columns(lines.get(0)).subList(1, columns(lines.get(0)).size());
        List<Arguments> cases = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = columns(line);
            String route = cells.get(0) + " " + cells.get(1);
            assertThat(cells).as("one expectation per caller in: %s", line).hasSize(callers.size() + 2);
            for (int i = 0; i < callers.size(); i++) {
                cases.add(Arguments.of(route, callers.get(i), cells.get(i + 2)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} -> {0}: {2}")
    @MethodSource("matrix")
    void everyCallerReachesExactlyTheRoutesItMay(String route, String caller, String expected) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{id}", NOBODY).replace("{sessionId}", NOBODY);
        String token = caller.equals("anonymous") ? null : tokens.get(caller);
        assertThat(caller.equals("anonymous") || token != null).as("a token for %s", caller).isTrue();

        Api.Response response = api.send(method, path, BODIES.get(route), token, Map.of());

        switch (expected) {
            case "ok" -> assertThat(response.status()).as(response.toString())
                    .isNotIn(401, 403).isLessThan(500);
            case "401" -> {
                assertThat(response.status()).as(response.toString()).isEqualTo(401);
                assertThat(response.problem()).isEqualTo("unauthorized");
                assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
            }
            case "403" -> {
                assertThat(response.status()).as(response.toString()).isEqualTo(403);
                assertThat(response.problem()).isEqualTo("forbidden");
            }
            default -> throw new IllegalArgumentException("unknown expectation " + expected);
        }
    }

    @Test
    void theMatrixNamesEveryRouteOfTheIdentityAndAuditModules() {
        Set<String> served = new LinkedHashSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            String module = handler.getBeanType().getPackageName();
            if (module.startsWith("org.medbook.identity.") || module.startsWith("org.medbook.audit.")) {
                info.getMethodsCondition().getMethods().forEach(method ->
                        info.getPatternValues().forEach(pattern -> served.add(method.name() + " " + pattern)));
            }
        });
        Set<String> tabled = MATRIX.lines().skip(1).filter(line -> !line.isBlank())
                .map(line -> columns(line).get(0) + " " + columns(line).get(1))
                .collect(Collectors.toCollection(LinkedHashSet::new));

        assertThat(served).hasSizeGreaterThanOrEqualTo(17).containsExactlyInAnyOrderElementsOf(tabled);
        assertThat(tabled).containsAll(BODIES.keySet());
    }

    @Test
    void anExpiredOrForgedTokenIsNoTokenAtAll() {
        String admin = tokens.get("admin");
        String[] parts = admin.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        for (String bad : List.of(forged, "not.a.jwt", admin.substring(0, admin.length() - 2))) {
            Api.Response response = api.get("/api/v1/admin/users", bad);
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.problem()).isEqualTo("unauthorized");
        }
        clock.advance(Duration.ofMinutes(11));
        assertThat(api.get("/api/v1/me", admin).status()).isEqualTo(401);
    }

    private static List<String> columns(String line) {
        return new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
    }
}
