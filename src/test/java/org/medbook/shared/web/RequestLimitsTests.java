package org.medbook.shared.web;

import java.io.IOException;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;
import org.medbook.shared.Money;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/** How much and what a client may send: body size, characters, and the length of every text field. */
class RequestLimitsTests extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping handlers;

    @Test
    void aBodyThatDeclaresMoreThanTheLimitIsRefusedBeforeItIsSentEvenWithoutSigningIn() throws IOException {
        String head = "POST /api/v1/auth/otp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 20000000\r\nConnection: close\r\n\r\n";

        // only the first bytes are ever sent: the answer must not wait for the other 20 MB
        RawHttp.Response response = RawHttp.exchange(port, head, "{\"channel\":\"EMAIL\",".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo("payload-too-large");
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws IOException {
        String head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        StringBuilder chunks = new StringBuilder(chunk("{\"password\":\"x\",\"email\":\""));
        for (int i = 0; i < 20; i++) {
            chunks.append(chunk("a".repeat(8192)));
        }

        // 160 KB of an unfinished JSON string and no last chunk: the body never ends, the answer comes anyway
        RawHttp.Response response = RawHttp.exchange(port, head, chunks.toString().getBytes(StandardCharsets.US_ASCII));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.problem()).isEqualTo("payload-too-large");
    }

    @Test
    void aMegabyteBodyIsRefusedWhereASmallOneIsRead() {
        Api.Response huge = api.post("/api/v1/auth/login", Map.of("email", "a".repeat(1_000_000) + "@example.org",
                "password", "x"));
        Api.Response small = api.post("/api/v1/auth/login", Map.of("email", "a".repeat(300) + "@example.org", "password", "x"));

        assertThat(huge.status()).as(huge.toString()).isEqualTo(413);
        assertThat(huge.problem()).isEqualTo("payload-too-large");
        assertThat(small.status()).as(small.toString()).isEqualTo(400);
        assertThat(fields(small)).containsExactly("email");
    }

    @Test
    void aNulInASignInEmailIsA400NamingTheField() {
        Api.Response response = api.post("/api/v1/auth/login", Map.of("email", "eve\u0000@example.org", "password", "x"));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.problem()).isEqualTo("validation-failed");
        assertThat(fields(response)).containsExactly("email");
    }

    @Test
    void controlCharactersInANameAreRefusedAndNothingIsStored() {
        String token = patientToken(uniqueEmail("ansi"));

        Api.Response escape = api.patch("/api/v1/me", Map.of("name", "Eve\u001b[2J"), token);
        Api.Response newline = api.patch("/api/v1/me", Map.of("name", "Eve\nAdmin"), token);
        Api.Response fine = api.patch("/api/v1/me", Map.of("name", "Eve Müller-Łukasz 🙂"), token);

        assertThat(escape.status()).as(escape.toString()).isEqualTo(400);
        assertThat(fields(escape)).containsExactly("name");
        assertThat(newline.status()).as(newline.toString()).isEqualTo(400);
        assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/me", token).text("name")).isEqualTo("Eve Müller-Łukasz 🙂");
    }

    @Test
    void aMultiLineReasonKeepsItsLineBreaksButRefusesOtherControlCharacters() {
        String admin = adminToken();
        String patient = api.get("/api/v1/me", patientToken(uniqueEmail("suspended"))).text("id");

        Api.Response bell = api.post("/api/v1/admin/users/" + patient + "/suspend", Map.of("reason", "no\u0007"), admin);
        Api.Response lines = api.post("/api/v1/admin/users/" + patient + "/suspend",
                Map.of("reason", "Abuse reported twice:\r\n\t- chat\n\t- reviews"), admin);

        assertThat(bell.status()).as(bell.toString()).isEqualTo(400);
        assertThat(fields(bell)).containsExactly("reason");
        assertThat(lines.status()).as(lines.toString()).isEqualTo(200);
    }

    @Test
    void aNulInTheSearchQueryIsA400NamingTheParameter() {
        Api.Response nul = api.get("/api/v1/doctors?q=M%C3%BCller%00", null);
        Api.Response escape = api.get("/api/v1/doctors?q=%1B%5B2J", null);

        assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
        assertThat(nul.problem()).isEqualTo("invalid-parameter");
        assertThat(fields(nul)).containsExactly("q");
        assertThat(escape.status()).as(escape.toString()).isEqualTo(400);
        assertThat(api.get("/api/v1/doctors?q=M%C3%BCller", null).status()).isEqualTo(200);
    }

    @Test
    void anOverlongNameIsRefusedOnEveryPathThatStoresOne() {
        NewDoctor doctor = createDoctor(Map.of());

        Api.Response platform = api.patch("/api/v1/admin/doctors/" + doctor.id(), Map.of("name", "N".repeat(10_000)),
                adminToken());
        Api.Response own = api.patch("/api/v1/me", Map.of("name", "N".repeat(201)), patientToken(uniqueEmail("long")));

        assertThat(platform.status()).as(platform.toString()).isEqualTo(400);
        assertThat(fields(platform)).containsExactly("name");
        assertThat(own.status()).as(own.toString()).isEqualTo(400);
        assertThat(fields(own)).containsExactly("name");
    }

    /**
     * Every string any request body can carry has a maximum length, and is in a record that is actually
     * validated, so the limit is not decoration.
     */
    @Test
    void everyTextFieldOfEveryRequestBodyHasAMaximumLengthThatIsChecked() {
        List<String> problems = new ArrayList<>();
        for (HandlerMethod method : handlers.getHandlerMethods().values()) {
            if (!method.getBeanType().getPackageName().startsWith("org.medbook.")) {
                continue;
            }
            for (MethodParameter parameter : method.getMethodParameters()) {
                if (!parameter.hasParameterAnnotation(RequestBody.class) || parameter.getParameterType() == String.class) {
                    continue;
                }
                boolean validated = parameter.hasParameterAnnotation(Valid.class)
                        || parameter.hasParameterAnnotation(Validated.class);
                check(parameter.getParameter().getAnnotatedType(), method.getShortLogMessage(), validated, problems,
                        new HashSet<>());
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(AnnotatedType type, String path, boolean validated, List<String> problems, Set<Type> seen) {
        Class<?> raw = raw(type.getType());
        if (raw == String.class) {
            Size size = type.getAnnotation(Size.class);
            if (size == null || size.max() == Integer.MAX_VALUE) {
                problems.add(path + " has no maximum length (@Size(max = ...))");
            } else if (!validated) {
                problems.add(path + " has a @Size that is never checked (no @Valid on the way)");
            }
        } else if (raw.isRecord() && raw != Money.class && seen.add(raw)) {
            for (RecordComponent component : raw.getRecordComponents()) {
                AnnotatedType componentType = component.getAnnotatedType();
                boolean nestedRecord = raw(componentType.getType()).isRecord();
                check(componentType, path + " ." + component.getName(),
                        validated && (!nestedRecord || componentType.isAnnotationPresent(Valid.class)), problems, seen);
            }
            seen.remove(raw);
        } else if ((Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw))
                && type instanceof AnnotatedParameterizedType parameterized) {
            for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                boolean cascades = !raw(argument.getType()).isRecord() || type.isAnnotationPresent(Valid.class)
                        || argument.isAnnotationPresent(Valid.class);
                check(argument, path + "[]", validated && cascades, problems, seen);
            }
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : Object.class;
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.length()) + "\r\n" + text + "\r\n";
    }

    private static List<String> fields(Api.Response response) {
        return response.body().path("errors").findValuesAsString("field");
    }
}
