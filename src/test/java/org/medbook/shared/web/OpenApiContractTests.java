package org.medbook.shared.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published OpenAPI document is one a client can be generated from and trusted: it parses
 * without errors, asks for nothing the server fills in itself, and says what each operation answers,
 * including its problems, who may call it, and which headers it needs.
 */
class OpenApiContractTests extends IntegrationTest {

    /** The contract as committed: the generated client is built from it, reviewers read its diff. */
    static final Path COMMITTED = Path.of("api/openapi.json");

    private OpenAPI spec;
    private Api.Response docs;

    @BeforeEach
    void parse() {
        docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(docs.body().toString(), null, null);
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        spec = parsed.getOpenAPI();
        assertThat(spec.getPaths()).hasSizeGreaterThan(50);
    }

    /**
     * The committed contract is what the server publishes. After a change to the API, refresh it with
     * {@code mvn -B test -Dtest=OpenApiContractTests -Dmedbook.openapi.refresh=true} and review the diff.
     */
    @Test
    void theCommittedContractIsTheOneTheServerPublishes() throws IOException {
        String live = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(docs.body()) + "\n";
        if (Boolean.getBoolean("medbook.openapi.refresh")) {
            Files.writeString(COMMITTED, live);
        }
        assertThat(COMMITTED).as("api/openapi.json is missing").exists();
        assertThat(Files.readString(COMMITTED)).as("api/openapi.json differs from the live document; refresh it")
                .isEqualTo(live);
    }

    @Test
    void noOperationAsksForAServerSideArgument() {
        List<String> leaks = new ArrayList<>();
        each((where, operation) -> {
            for (Parameter parameter : parameters(operation)) {
                if (parameter.getName().equals("caller") || parameter.getName().equals("request")) {
                    leaks.add(where + " " + parameter.getName());
                }
            }
        });
        assertThat(leaks).isEmpty();
    }

    @Test
    void everyOperationHasASummaryATagItsModuleAndAReadableId() {
        List<String> missing = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        each((where, operation) -> {
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                missing.add(where + " summary");
            }
            if (operation.getTags() == null || operation.getTags().isEmpty()) {
                missing.add(where + " tag");
            }
            if (operation.getExtensions() == null || !operation.getExtensions().containsKey("x-module")) {
                missing.add(where + " x-module");
            }
            if (operation.getOperationId() == null || operation.getOperationId().matches(".*_\\d+$")) {
                missing.add(where + " operationId " + operation.getOperationId());
            }
            ids.add(operation.getOperationId());
        });
        assertThat(missing).isEmpty();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void everyOperationDocumentsItsProblemsWithTheProblemSchema() {
        List<String> missing = new ArrayList<>();
        each((where, operation) -> {
            for (String status : List.of("400", "429", "503")) {
                ApiResponse response = operation.getResponses().get(status);
                if (response == null || response.getContent() == null
                        || !response.getContent().containsKey("application/problem+json")
                        || !"#/components/schemas/Problem".equals(response.getContent().get("application/problem+json")
                                .getSchema().get$ref())) {
                    missing.add(where + " " + status);
                }
            }
            boolean open = operation.getSecurity() != null && operation.getSecurity().isEmpty();
            if (!open && (!operation.getResponses().containsKey("401") || !operation.getResponses().containsKey("403"))) {
                missing.add(where + " 401/403");
            }
            if (where.contains("{") && !operation.getResponses().containsKey("404")) {
                missing.add(where + " 404");
            }
            if (!where.startsWith("GET") && !operation.getResponses().containsKey("422")) {
                missing.add(where + " 422");
            }
        });
        assertThat(missing).isEmpty();
        assertThat(spec.getComponents().getSchemas().get("Problem").getRequired()).contains("type", "title", "status");
    }

    @Test
    void publicOperationsNeedNoTokenAndTheRestDo() {
        assertThat(operation(PathItem.HttpMethod.POST, "/api/v1/auth/otp").getSecurity()).isEmpty();
        assertThat(operation(PathItem.HttpMethod.GET, "/api/v1/doctors").getSecurity()).isEmpty();
        assertThat(operation(PathItem.HttpMethod.GET, "/api/v1/doctors/{id}/slots").getSecurity()).isEmpty();
        assertThat(operation(PathItem.HttpMethod.POST, "/api/v1/webhooks/stripe").getSecurity()).isEmpty();
        assertThat(operation(PathItem.HttpMethod.POST, "/api/v1/bookings").getSecurity()).isNull();
        assertThat(spec.getSecurity()).singleElement().satisfies(requirement -> assertThat(requirement).containsKey("bearer"));
        // and the document says exactly what the server does: a public operation answers without a token
        assertThat(api.get("/api/v1/specialties", null).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/bookings", null).status()).isEqualTo(401);
    }

    @Test
    void creationsAnswer201WithTheirBodyAndLocation() {
        for (String path : List.of("/api/v1/bookings", "/api/v1/bookings/{id}/rebook")) {
            Operation booking = operation(PathItem.HttpMethod.POST, path);
            assertThat(booking.getResponses()).as(path).containsKey("201").doesNotContainKey("200");
            ApiResponse created = booking.getResponses().get("201");
            assertThat(created.getHeaders()).as(path).containsKey("Location");
            assertThat(created.getContent().get("application/json").getSchema().get$ref()).as(path)
                    .isEqualTo("#/components/schemas/BookingView");
            Parameter key = parameters(booking).stream().filter(p -> p.getName().equals("Idempotency-Key")).findFirst()
                    .orElseThrow();
            assertThat(key.getIn()).isEqualTo("header");
            assertThat(key.getRequired()).as(path + " Idempotency-Key required").isTrue();
        }
        for (String path : List.of("/api/v1/admin/doctors", "/api/v1/admin/staff", "/api/v1/devices")) {
            assertThat(operation(PathItem.HttpMethod.POST, path).getResponses().get("201")).as(path).isNotNull()
                    .satisfies(created -> assertThat(created.getHeaders()).containsKey("Location"));
        }
        assertThat(operation(PathItem.HttpMethod.POST, "/api/v1/admin/payments/{id}/refund").getResponses())
                .containsKey("202").doesNotContainKey("200");
    }

    private Operation operation(PathItem.HttpMethod method, String path) {
        PathItem item = spec.getPaths().get(path);
        assertThat(item).as(path).isNotNull();
        Operation operation = item.readOperationsMap().get(method);
        assertThat(operation).as(method + " " + path).isNotNull();
        return operation;
    }

    private static List<Parameter> parameters(Operation operation) {
        return operation.getParameters() == null ? List.of() : operation.getParameters();
    }

    private void each(java.util.function.BiConsumer<String, Operation> check) {
        spec.getPaths().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
                check.accept(entry.getKey() + " " + path, entry.getValue());
            }
        });
    }
}
