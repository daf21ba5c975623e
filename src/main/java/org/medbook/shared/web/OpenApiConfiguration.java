package org.medbook.shared.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.medbook.shared.Caller;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The OpenAPI document as integrators need it: no server-side arguments, one tag per module,
 * readable operation ids, the problem responses every operation can give, and no token asked of
 * the public routes.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    static {
        // resolved from the verified token by CallerArgumentResolver, never sent by a client
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI medbookOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Medbook API").version("v1")
                        .description("Doctor appointments and telemedicine. Errors are RFC 9457 problem documents "
                                + "(application/problem+json) whose type ends in a stable slug, e.g. "
                                + "https://medbook.org/problems/slot-unavailable; every one carries the requestId "
                                + "that the X-Request-Id response header also names.")
                        .license(new License().name("Apache License 2.0").identifier("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("bearer",
                                new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                // relative, so the document is the same on every host and "Try it out" calls the server that served it
                .servers(List.of(new Server().url("/").description("The server that serves this document")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /**
     * Names each operation's module ({@code x-module}, and its tag unless the controller chose a
     * reader-facing one) and names the operation after its controller and method, e.g. {@code bookingsCancel}.
     */
    @Bean
    OperationCustomizer moduleTagsAndOperationIds() {
        return (operation, handler) -> {
            Class<?> controller = handler.getBeanType();
            String module = moduleOf(controller.getPackageName());
            if (module != null) {
                operation.addExtension("x-module", module);
                if (operation.getTags() == null || operation.getTags().isEmpty()) {
                    operation.setTags(new ArrayList<>(List.of(module)));
                }
            }
            String base = controller.getSimpleName().replaceFirst("Controller$", "");
            operation.setOperationId(StringUtils.uncapitalize(base) + StringUtils.capitalize(handler.getMethod().getName()));
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer problemResponsesAndPublicRoutes() {
        List<PathPattern> publicRoutes = PublicRoutes.API.stream().map(PathPatternParser.defaultInstance::parse).toList();
        List<PathPattern> readOnly = PublicRoutes.READ_ONLY.stream().map(PathPatternParser.defaultInstance::parse).toList();
        return openApi -> {
            // added here rather than on the bean: springdoc rebuilds the schemas it finds in the controllers
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                PathContainer container = PathContainer.parsePath(path);
                boolean anyMethod = publicRoutes.stream().anyMatch(p -> p.matches(container));
                boolean toRead = readOnly.stream().anyMatch(p -> p.matches(container));
                for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
                    Operation operation = entry.getValue();
                    boolean open = anyMethod || toRead && entry.getKey() == PathItem.HttpMethod.GET;
                    if (open) {
                        operation.setSecurity(new ArrayList<>());
                    }
                    addProblems(operation, entry.getKey(), path, open);
                }
            });
        };
    }

    static String moduleOf(String packageName) {
        String[] parts = packageName.split("\\.");
        return parts.length > 2 && parts[0].equals("org") && parts[1].equals("medbook") ? parts[2] : null;
    }

    private static void addProblems(Operation operation, PathItem.HttpMethod method, String path, boolean open) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean otherSuccess = responses.keySet().stream().anyMatch(code -> code.startsWith("2") && !code.equals("200"));
        ApiResponse ok = responses.get("200");
        if (otherSuccess && ok != null && "OK".equals(ok.getDescription())) {
            responses.remove("200"); // springdoc's guess from the return type, not what the operation answers
        }
        problem(responses, "400", "The request is malformed or a parameter is invalid");
        if (!open) {
            problem(responses, "401", "No valid access token");
            problem(responses, "403", "The caller's role or permissions do not allow this");
        }
        if (path.contains("{")) {
            problem(responses, "404", "No such resource, or not one the caller may see");
        }
        if (method != PathItem.HttpMethod.GET) {
            problem(responses, "409", "The resource's state or another request conflicts with this one");
            problem(responses, "422", "A business rule refuses the request; the type's slug names which");
        }
        problem(responses, "429", "Too many requests; Retry-After says when to try again");
        problem(responses, "503", "A dependency (the database or a provider) is unavailable; retry later");
        operation.setResponses(responses);
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                    .addMediaType("application/problem+json", new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)))));
        }
    }

    private static Schema<?> problemSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.description("An RFC 9457 problem document");
        schema.addProperty("type", new StringSchema().format("uri").description("Stable URI ending in the problem's slug"));
        schema.addProperty("title", new StringSchema());
        schema.addProperty("status", new IntegerSchema());
        schema.addProperty("detail", new StringSchema().description("What went wrong, for a person"));
        schema.addProperty("instance", new StringSchema().description("The request path"));
        schema.addProperty("requestId", new StringSchema().description("Also in the X-Request-Id response header"));
        schema.addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
                .addProperty("field", new StringSchema()).addProperty("message", new StringSchema()))
                .description("For invalid input: one entry per field"));
        schema.setRequired(List.of("type", "title", "status"));
        return schema;
    }
}
