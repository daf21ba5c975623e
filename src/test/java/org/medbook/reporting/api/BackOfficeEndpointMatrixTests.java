package org.medbook.reporting.api;

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
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which caller reaches which route of the reviews, reporting and content modules and the back-office
 * routes of payments (disputes, the payment lists and totals, refunds). "ok" means past authentication and authorisation (any status but 401 and 403, and
 * no server error). Each helper holds exactly the one permission its column names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackOfficeEndpointMatrixTests extends IntegrationTest {

    private static final String MATRIX = """
            route                                          anonymous patient doctor moderate reports content disputes payments admin
            POST   /api/v1/bookings/{id}/review            401       ok      403    403      403     403     403      403      403
            PUT    /api/v1/bookings/{id}/review            401       ok      403    403      403     403     403      403      403
            GET    /api/v1/bookings/{id}/review            401       ok      403    403      403     403     403      403      403
            GET    /api/v1/doctors/{id}/reviews            ok        ok      ok     ok       ok      ok      ok       ok       ok
            POST   /api/v1/reviews/{id}/report             401       ok      403    403      403     403     403      403      403
            GET    /api/v1/doctor/reviews                  401       403     ok     403      403     403     403      403      403
            POST   /api/v1/doctor/reviews/{id}/reply       401       403     ok     403      403     403     403      403      403
            GET    /api/v1/admin/reviews                   401       403     403    ok       403     403     403      403      ok
            POST   /api/v1/admin/reviews/{id}/hide         401       403     403    ok       403     403     403      403      ok
            POST   /api/v1/admin/reviews/{id}/restore      401       403     403    ok       403     403     403      403      ok
            GET    /api/v1/doctor/reports/earnings         401       403     ok     403      403     403     403      403      403
            GET    /api/v1/doctor/reports/bookings         401       403     ok     403      403     403     403      403      403
            GET    /api/v1/admin/stats                     401       403     403    403      ok      403     403      403      ok
            GET    /api/v1/admin/content/faqs              401       403     403    403      403     ok      403      403      ok
            POST   /api/v1/admin/content/faqs              401       403     403    403      403     ok      403      403      ok
            PUT    /api/v1/admin/content/faqs/{id}         401       403     403    403      403     ok      403      403      ok
            DELETE /api/v1/admin/content/faqs/{id}         401       403     403    403      403     ok      403      403      ok
            POST   /api/v1/admin/content/policies/{kind}/versions 401 403    403    403      403     ok      403      403      ok
            GET    /api/v1/content/faqs                    ok        ok      ok     ok       ok      ok      ok       ok       ok
            GET    /api/v1/content/policies/{kind}         ok        ok      ok     ok       ok      ok      ok       ok       ok
            GET    /api/v1/content/policies/{kind}/versions ok       ok      ok     ok       ok      ok      ok       ok       ok
            POST   /api/v1/me/policy-acceptances           401       ok      ok     ok       ok      ok      ok       ok       ok
            GET    /api/v1/admin/disputes/{id}             401       403     403    403      403     403     ok       ok       ok
            POST   /api/v1/admin/disputes/{id}/evidence    401       403     403    403      403     403     ok       403      ok
            POST   /api/v1/admin/disputes/{id}/accept      401       403     403    403      403     403     ok       403      ok
            GET    /api/v1/admin/disputes                  401       403     403    403      403     403     ok       ok       ok
            GET    /api/v1/admin/payments                  401       403     403    403      403     403     403      ok       ok
            GET    /api/v1/admin/payments/totals           401       403     403    403      403     403     403      ok       ok
            POST   /api/v1/admin/payments/{id}/refund      401       403     403    403      403     403     ok       403      ok
            """;

    private static final Map<String, String> PERMISSION = Map.of("moderate", "reviews:moderate", "reports", "reports:read",
            "content", "content:manage", "disputes", "disputes:manage", "payments", "payments:read");

    /** Harmless when they get through: invalid bodies or nobody to act on. */
    private static final Map<String, Object> BODIES = Map.of(
            "POST /api/v1/bookings/{id}/review", Map.of("rating", 4),
            "PUT /api/v1/bookings/{id}/review", Map.of("rating", 4),
            "POST /api/v1/reviews/{id}/report", Map.of("reason", "spam"),
            "POST /api/v1/doctor/reviews/{id}/reply", Map.of("text", "thanks"),
            "POST /api/v1/admin/reviews/{id}/hide", Map.of("reason", "x"),
            "POST /api/v1/admin/reviews/{id}/restore", Map.of("reason", "x"),
            "POST /api/v1/admin/content/faqs", Map.of(),
            "PUT /api/v1/admin/content/faqs/{id}", Map.of(),
            "POST /api/v1/admin/content/policies/{kind}/versions", Map.of(),
            "POST /api/v1/me/policy-acceptances", Map.of());

    private static final String NOBODY = UUID.randomUUID().toString();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    void signEveryKindOfCallerIn() {
        api = new Api(port, newClientIp());
        tokens.put("admin", adminToken());
        tokens.put("patient", patientToken(uniqueEmail("matrix-patient")));
        NewDoctor doctor = createDoctor(Map.of());
        tokens.put("doctor", doctorToken(doctor));
        PERMISSION.forEach((column, permission) -> tokens.put(column, helperToken(List.of(permission))));
    }

    Stream<Arguments> matrix() {
        List<String> lines = MATRIX.lines().filter(line -> !line.isBlank()).toList();
        List<String> callers = columns(lines.get(0)).subList(1, columns(lines.get(0)).size());
        List<Arguments> cases = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = columns(line);
            assertThat(cells).as("one expectation per caller in: %s", line).hasSize(callers.size() + 2);
            for (int i = 0; i < callers.size(); i++) {
                cases.add(Arguments.of(cells.get(0) + " " + cells.get(1), callers.get(i), cells.get(i + 2)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} -> {0}: {2}")
    @MethodSource("matrix")
    void everyCallerReachesExactlyTheRoutesItMay(String route, String caller, String expected) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{id}", NOBODY).replace("{kind}", "TERMS");
        if (path.contains("/reports/") || path.endsWith("/stats")) {
            path += "?from=2026-01-01&to=2026-01-31";
        }
        String token = caller.equals("anonymous") ? null : tokens.get(caller);
        Object body = BODIES.get(route);
        if (body == null && method.equals("POST")) {
            body = Map.of();
        }
        Api.Response response = api.send(method, path, body, token, Map.of());
        switch (expected) {
            case "ok" -> assertThat(response.status()).as(response.toString()).isNotIn(401, 403).isLessThan(500);
            case "401" -> assertThat(response.status()).as(response.toString()).isEqualTo(401);
            case "403" -> {
                assertThat(response.status()).as(response.toString()).isEqualTo(403);
                assertThat(response.problem()).isEqualTo("forbidden");
            }
            default -> throw new IllegalArgumentException(expected);
        }
    }

    @Test
    void theMatrixNamesEveryRouteOfTheseModules() {
        Set<String> served = new LinkedHashSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            String type = handler.getBeanType().getName();
            if (type.startsWith("org.medbook.reviews.") || type.startsWith("org.medbook.reporting.")
                    || type.startsWith("org.medbook.content.")) {
                info.getMethodsCondition().getMethods().forEach(m ->
                        info.getPatternValues().forEach(p -> served.add(m.name() + " " + p)));
            }
        });
        Set<String> tabled = MATRIX.lines().skip(1).filter(line -> !line.isBlank())
                .map(line -> columns(line).get(0) + " " + columns(line).get(1))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(tabled).containsAll(served);
    }

    private static List<String> columns(String line) {
        return new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
    }
}
