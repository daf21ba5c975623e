package org.medbook.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of every test that runs the whole application over HTTP: one shared Spring context, the
 * local PostgreSQL (own database per run), WireMock standing in for HTTP providers (Twilio, Google)
 * and GreenMail for SMTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(IntegrationTest.TestClockConfiguration.class)
public abstract class IntegrationTest {

    public static final WireMockServer PROVIDERS = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    /** On a fixed free port, so a test can stop it and start it again where the application expects it. */
    public static final GreenMail MAIL = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    public static final String ADMIN_EMAIL = "root@medbook.test";
    public static final String ADMIN_PASSWORD = "Root of all trust 2026";

    private static final Pattern CODE = Pattern.compile("code is (\\d{6})");
    /** The line that introduces the password in a staff e-mail, in English or German, then the password. */
    private static final Pattern TEMPORARY = Pattern.compile("(?:temporary password|vorläufiges Passwort)\\s+(\\S+)");
    private static final AtomicInteger IP_SEQUENCE = new AtomicInteger();

    static {
        PROVIDERS.start();
        MAIL.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            PROVIDERS.stop();
            MAIL.stop();
        }));
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestClock clock;

    protected Api api;

    /** Also for further application nodes a test starts beside the shared context. */
    @DynamicPropertySource
    protected static void localServices(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.URL);
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("spring.datasource.password", () -> TestDatabase.PASSWORD);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("medbook.identity.sms.base-url", PROVIDERS::baseUrl);
        registry.add("medbook.identity.google.jwks-uri", () -> PROVIDERS.baseUrl() + "/oauth2/v3/certs");
        registry.add("medbook.doctors.geocoding.base-url", PROVIDERS::baseUrl);
        registry.add("medbook.payments.stripe.api-base", PROVIDERS::baseUrl);
        registry.add("medbook.payments.stripe.files-base", PROVIDERS::baseUrl);
        registry.add("medbook.payments.paypal.base-url", PROVIDERS::baseUrl);
        registry.add("medbook.notifications.push.web-push-read-timeout", () -> "PT2S");
        registry.add("medbook.notifications.push.fcm.read-timeout", () -> "PT2S");
        registry.add("medbook.notifications.push.fcm.base-url", PROVIDERS::baseUrl);
        registry.add("medbook.notifications.push.fcm.project-id", () -> FcmTestAccount.PROJECT_ID);
        registry.add("medbook.notifications.push.fcm.credentials", () -> FcmTestAccount.credentialsFile(PROVIDERS.baseUrl()));
        // video visits: a coturn the browser tests start on demand (LocalTurn), with the shared secret
        registry.add("medbook.visits.turn.urls", () -> "stun:127.0.0.1:" + LocalTurn.PORT + ",turn:127.0.0.1:"
                + LocalTurn.PORT + "?transport=udp");
        registry.add("medbook.visits.turn.secret", () -> LocalTurn.SECRET);
        // the tests' local Web Push receiver: plain http on a random port of 127.0.0.1
        registry.add("medbook.notifications.push.web-push-allowed-hosts", () -> "127.0.0.1");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClockConfiguration {

        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }

        @Bean
        RecentSpans recentSpans() {
            return new RecentSpans();
        }
    }

    @BeforeEach
    void freshClient() {
        api = new Api(port, newClientIp());
        bootstrapAdminOnTheRealClock();
        PROVIDERS.resetAll();
        PROVIDERS.stubFor(post(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM00000000000000000000000000000001\",\"status\":\"queued\"}")));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A distinct client address per test, sent through X-Forwarded-For (loopback is a trusted proxy). */
    protected static String newClientIp() {
        int n = IP_SEQUENCE.incrementAndGet();
        return "10." + ThreadLocalRandom.current().nextInt(1, 250) + "." + (n / 250) + "." + (n % 250 + 1);
    }

    protected static String uniqueEmail(String name) {
        return name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@example.org";
    }

    /** The plain text of the newest e-mail GreenMail received for the address. */
    protected static String lastMailTo(String address) {
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(address).size() > 0);
        List<MimeMessage> messages = mailsTo(address);
        return textOf(messages.get(messages.size() - 1));
    }

    /** Every e-mail GreenMail received for the address, oldest first. */
    protected static List<MimeMessage> mailsTo(String address) {
        return java.util.Arrays.stream(MAIL.getReceivedMessages()).filter(message -> {
            try {
                return java.util.Arrays.stream(message.getAllRecipients()).anyMatch(r -> r instanceof InternetAddress to
                        ? to.getAddress().equalsIgnoreCase(address) : r.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    /**
     * The plain text of an e-mail as its reader sees it: the text/plain part of a multipart e-mail,
     * transfer encoding (quoted-printable, base64) undone, lines ending in \n.
     */
    protected static String textOf(Part mail) {
        try {
            String text = plainText(mail);
            assertThat(text).as("a text/plain part").isNotNull();
            return text.replace("\r\n", "\n");
        } catch (MessagingException | java.io.IOException e) {
            throw new AssertionError("unreadable e-mail", e);
        }
    }

    private static String plainText(Part part) throws MessagingException, java.io.IOException {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                String text = plainText(parts.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    protected static String codeIn(String text) {
        Matcher matcher = CODE.matcher(text);
        assertThat(matcher.find()).as("a code in: %s", text).isTrue();
        return matcher.group(1);
    }

    protected String requestEmailCode(String email) {
        int before = mailsTo(email).size();
        Api.Response response = api.post("/api/v1/auth/otp", Map.of("channel", "EMAIL", "destination", email));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        // notifications (account suspended, password changed) may arrive in between: take the e-mail with a code
        await().atMost(Duration.ofSeconds(10)).until(() -> codesSince(email, before).size() > 0);
        List<String> codes = codesSince(email, before);
        return codes.get(codes.size() - 1);
    }

    private static List<String> codesSince(String email, int before) {
        List<MimeMessage> mails = mailsTo(email);
        return mails.subList(Math.min(before, mails.size()), mails.size()).stream().map(IntegrationTest::textOf)
                .map(CODE::matcher).filter(Matcher::find).map(matcher -> matcher.group(1)).toList();
    }

    /** Signs a patient in by e-mail code; returns the token response. */
    protected Api.Response signInPatient(String email) {
        String code = requestEmailCode(email);
        Api.Response response = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    protected String patientToken(String email) {
        return signInPatient(email).text("accessToken");
    }

    private static volatile boolean adminBootstrapped;

    /**
     * The bootstrap admin changes its password before any test can pin the clock: a change revokes
     * the tokens issued before it, so one made at a pinned future instant would refuse every admin
     * token issued later on the real clock.
     */
    private void bootstrapAdminOnTheRealClock() {
        if (!adminBootstrapped) {
            adminToken();
            adminBootstrapped = true;
        }
    }

    /** The bootstrap admin, past its forced password change. */
    protected synchronized String adminToken() {
        Api.Response login = api.post("/api/v1/auth/login", Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));
        if (login.status() == 200) {
            return login.text("accessToken");
        }
        Api.Response first = api.post("/api/v1/auth/login", Map.of("email", ADMIN_EMAIL, "password", "bootstrap-secret-1"));
        assertThat(first.status()).as(first.toString()).isEqualTo(403);
        Api.Response changed = api.post("/api/v1/auth/password",
                Map.of("currentPassword", "bootstrap-secret-1", "newPassword", ADMIN_PASSWORD), first.text("accessToken"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        return changed.text("accessToken");
    }

    /** Creates a staff account as the admin; returns the temporary password from its e-mail. */
    protected String createStaff(String email, String role, List<String> permissions) {
        Api.Response created = api.post("/api/v1/admin/staff",
                Map.of("email", email, "name", "Staff " + role, "role", role, "permissions", permissions), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return temporaryPassword(email, 1);
    }

    /** A staff account as the admin created it: its id, e-mail and the temporary password from its e-mail. */
    protected record StaffAccount(String id, String email, String temporaryPassword) {
    }

    /** Creates a staff account with a fresh e-mail as the admin; like {@link #createStaff} but also returns the id. */
    protected StaffAccount newStaffAccount(String role, List<String> permissions) {
        String email = uniqueEmail(role.toLowerCase(java.util.Locale.ROOT));
        Api.Response created = api.post("/api/v1/admin/staff",
                Map.of("email", email, "name", "Staff " + role, "role", role, "permissions", permissions), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new StaffAccount(created.text("id"), email, temporaryPassword(email, 1));
    }

    /**
     * The temporary password of the {@code nth} (1 = first) staff e-mail to the address that carries
     * one, waiting for it: other e-mails (password changed, account suspended) may arrive in between.
     */
    protected static String temporaryPassword(String address, int nth) {
        await().atMost(Duration.ofSeconds(10)).until(() -> withPassword(address).size() >= nth);
        return temporaryPasswordIn(withPassword(address).get(nth - 1));
    }

    private static List<String> withPassword(String address) {
        return mailsTo(address).stream().map(IntegrationTest::textOf).filter(text -> TEMPORARY.matcher(text).find()).toList();
    }

    protected static String temporaryPasswordIn(String mail) {
        Matcher matcher = TEMPORARY.matcher(mail);
        assertThat(matcher.find()).as("a temporary password in: %s", mail).isTrue();
        return matcher.group(1);
    }

    /** A staff member past the forced change; returns a normal token response. */
    protected Api.Response activateStaff(String email, String temporaryPassword, String newPassword) {
        Api.Response first = api.post("/api/v1/auth/login", Map.of("email", email, "password", temporaryPassword));
        assertThat(first.status()).as(first.toString()).isEqualTo(403);
        assertThat(first.problem()).isEqualTo("password-change-required");
        Api.Response changed = api.post("/api/v1/auth/password",
                Map.of("currentPassword", temporaryPassword, "newPassword", newPassword), first.text("accessToken"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        return changed;
    }

    protected String helperToken(List<String> permissions) {
        String email = uniqueEmail("helper");
        String temporary = createStaff(email, "HELPER", permissions);
        return activateStaff(email, temporary, "Helper passphrase " + email).text("accessToken");
    }

    /** A doctor request body with sensible defaults; the caller may override fields. */
    protected static Map<String, Object> doctorBody(String email, Map<String, Object> overrides) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", "Dr. Anna Müller");
        body.put("email", email);
        body.put("phone", "+49 30 1234567");
        body.put("timeZone", "Europe/Berlin");
        body.put("specialties", List.of("cardiology"));
        body.put("languages", List.of("de", "en"));
        body.put("bio", "Cardiologist in Berlin Mitte");
        body.put("licenceNumber", "BER-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        body.put("consultationTypes", List.of("IN_PERSON", "VIDEO"));
        body.put("fees", Map.of("IN_PERSON", Map.of("amountMinor", 6000, "currency", "EUR"),
                "VIDEO", Map.of("amountMinor", 4500, "currency", "EUR")));
        body.put("locations", List.of(Map.of("name", "Praxis Mitte", "address", "Friedrichstr. 100, 10117 Berlin",
                "latitude", 52.5208, "longitude", 13.3880)));
        body.putAll(overrides);
        return body;
    }

    /** A doctor created by the admin, with the temporary password from its e-mail. */
    protected record NewDoctor(String id, String email, String temporaryPassword, Api.Response created) {

        public String locationId() {
            return created.body().path("locations").get(0).path("id").asString();
        }
    }

    protected NewDoctor createDoctor(Map<String, Object> overrides) {
        String email = uniqueEmail("doctor");
        Api.Response created = api.post("/api/v1/admin/doctors", doctorBody(email, overrides), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new NewDoctor(created.text("id"), email, temporaryPassword(email, 1), created);
    }

    protected void verifyDoctor(String doctorId) {
        Api.Response verified = api.post("/api/v1/admin/doctors/" + doctorId + "/verification",
                Map.of("decision", "VERIFIED"), adminToken());
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
    }

    protected String doctorToken(NewDoctor doctor) {
        return activateStaff(doctor.email(), doctor.temporaryPassword(), "Doctor passphrase " + doctor.email())
                .text("accessToken");
    }

    /** A verified doctor working every day 06:00-22:00 (Berlin), 30-minute slots, in person and by video, no notice. */
    protected NewDoctor bookableDoctor() {
        NewDoctor doctor = createDoctor(Map.of());
        String token = doctorToken(doctor);
        List<Map<String, Object>> rules = new java.util.ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            rules.add(Map.of("dayOfWeek", day, "start", "06:00", "end", "14:00", "slotMinutes", 30, "bufferMinutes", 0,
                    "type", "IN_PERSON", "locationId", doctor.locationId()));
            rules.add(Map.of("dayOfWeek", day, "start", "14:00", "end", "22:00", "slotMinutes", 30, "bufferMinutes", 0,
                    "type", "VIDEO"));
        }
        Api.Response schedule = api.put("/api/v1/doctor/availability",
                Map.of("weeklyRules", rules, "minimumNoticeMinutes", 0, "horizonDays", 90), token);
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        verifyDoctor(doctor.id());
        return new NewDoctor(doctor.id(), doctor.email(), "Doctor passphrase " + doctor.email(), doctor.created());
    }

    /**
     * The doctor's free slots of a type (start strings with offset), from five minutes after now for
     * the given days: the first one never starts while the test that books it is still running,
     * whatever the hour.
     */
    protected List<String> freeSlots(String doctorId, String type, int days) {
        return freeSlots(doctorId, type, clock.instant().plus(java.time.Duration.ofMinutes(5)), days);
    }

    /** The doctor's free slots of a type (start strings with offset) in [from, from + days). */
    protected List<String> freeSlots(String doctorId, String type, java.time.Instant from, int days) {
        Api.Response slots = api.get("/api/v1/doctors/" + doctorId + "/slots?type=" + type + "&from=" + from
                + "&to=" + from.plus(java.time.Duration.ofDays(days)), null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        return slots.body().path("slots").findValuesAsString("start");
    }

    protected Api.Response book(String patientToken, String doctorId, String start, String type, String method,
            String idempotencyKey) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("doctorId", doctorId);
        body.put("start", start);
        body.put("type", type);
        body.put("paymentMethod", method);
        return api.send("POST", "/api/v1/bookings", body, patientToken, Map.of("Idempotency-Key", idempotencyKey));
    }

    protected String staffLogin(String email, String password) {
        Api.Response login = api.post("/api/v1/auth/login", Map.of("email", email, "password", password));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.text("accessToken");
    }
}
