package org.medbook.visits.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.shared.realtime.InboundOverload;
import org.medbook.support.Api;
import org.medbook.support.LocalTurn;
import org.medbook.visits.api.VisitTestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real headless Chromium browsers, the patient and the doctor of one VIDEO booking, go through the
 * visit page: sign in, the waiting room, admission, and a WebRTC connection that decodes video from
 * the other side's (fake) camera; once peer to peer, once forced through a local coturn, and once with the
 * patient in headless Firefox ESR instead (see {@link FirefoxBidi}). Then what goes
 * wrong in real visits: a page reloaded and a network dropped mid-call, a relay that goes away (the pages
 * restart ICE), and a camera or microphone that the browser refuses.
 */
class VisitPageBrowserTests extends VisitTestSupport {

    private static final Duration CONNECT = Duration.ofSeconds(45);
    /** Long for a page to show a change, and short for a person: the machines that run the suite may be busy. */
    private static final Duration SHOWN = Duration.ofSeconds(30);
    /** Whether, on the page in Firefox, an element is shown: neither it nor a parent is hidden. */
    private static final String VISIBLE = "(id) => document.getElementById(id).checkVisibility()";

    /**
     * The page's peer connection: its state, frames decoded and bytes received per kind, the local candidate
     * type in use, its local ICE username fragment, and a mark this test leaves on it to recognise it later.
     */
    private static final String READ_STATS = """
            function () {
              const pc = window.medbookVisit && window.medbookVisit.pc;
              if (!pc) { return Promise.resolve({state: 'none', frames: 0, audioBytes: 0, videoBytes: 0, local: null, ufrag: null, mark: null}); }
              if (!pc.testMark) { pc.testMark = 'pc-' + Math.random(); }
              return pc.getStats().then(stats => {
                let frames = 0, audioBytes = 0, videoBytes = 0, pair = null;
                const byId = {};
                stats.forEach(s => { byId[s.id] = s; });
                stats.forEach(s => {
                  if (s.type === 'inbound-rtp' && s.kind === 'video') { frames += s.framesDecoded || 0; videoBytes += s.bytesReceived || 0; }
                  if (s.type === 'inbound-rtp' && s.kind === 'audio') { audioBytes += s.bytesReceived || 0; }
                  if (s.type === 'transport' && s.selectedCandidatePairId) { pair = byId[s.selectedCandidatePairId]; }
                });
                const local = pair && byId[pair.localCandidateId];
                const ufrag = pc.localDescription && /a=ice-ufrag:(\\S+)/.exec(pc.localDescription.sdp);
                return {state: pc.connectionState, frames: frames, audioBytes: audioBytes, videoBytes: videoBytes,
                        local: local ? local.candidateType : null, ufrag: ufrag ? ufrag[1] : null, mark: pc.testMark};
              }).catch(e => ({state: 'error ' + e, frames: 0, audioBytes: 0, videoBytes: 0, local: null, ufrag: null, mark: null}));
            }
            """;
    private static final String STATS = "const done = arguments[arguments.length - 1]; (" + READ_STATS + ")().then(done);";

    @Autowired
    @Qualifier("clientInboundChannelExecutor")
    private Executor inboundExecutor;

    private static ChromeDriver patient;
    private static ChromeDriver doctor;
    /** A third browser, without fake consent, for the patient whose camera or microphone is refused. */
    private static ChromeDriver refusing;

    /** Both browsers start once, side by side, for every test of the class. */
    @BeforeAll
    static void startBrowsers() throws Exception {
        Browsers.requirePresent(true);
        CompletableFuture<ChromeDriver> first = CompletableFuture.supplyAsync(Browsers::startUnchecked);
        CompletableFuture<ChromeDriver> second = CompletableFuture.supplyAsync(Browsers::startUnchecked);
        patient = first.get();
        doctor = second.get();
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] {patient, doctor, refusing}) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    /** Each test starts signed out, on no page, with the camera and microphone allowed, on a desktop-sized screen. */
    @BeforeEach
    void signedOut() {
        for (ChromeDriver browser : new ChromeDriver[] {patient, doctor, refusing}) {
            if (browser != null) {
                browser.get("http://localhost:" + port + "/visit/visit.css");
                script(browser, "sessionStorage.clear()");
                browser.executeCdpCommand("Browser.resetPermissions", Map.of());
                browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            }
        }
    }

    @Test
    void patientAndDoctorSeeEachOtherPeerToPeerAfterTheDoctorAdmitsThePatient() {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(30));
        // the patient is on a phone: a 390 × 844 CSS pixel screen at three device pixels each
        patient.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 3, "mobile", true));
        patient.get(pageOf(booking, ""));
        signInByCode(patient, booking.patient.email);
        await().atMost(SHOWN).untilAsserted(() ->
                assertThat(patient.findElement(By.id("message")).getText()).contains("Your visit opens at"));

        booking.at(Duration.ofMinutes(5));
        patient.navigate().refresh();
        await().atMost(SHOWN).until(() -> "PATIENT_WAITING".equals(script(patient, "return window.medbookVisit.state")));
        assertThat(patient.findElement(By.id("waiting")).getText()).contains("waiting room");

        doctorAdmits(booking, pageOf(booking, ""));

        Stats patientSide = connected(patient);
        Stats doctorSide = connected(doctor);
        assertThat(patientSide.local()).isNotEqualTo("relay");
        assertThat(doctorSide.local()).isNotEqualTo("relay");
        assertThat(script(patient, "return window.innerWidth")).isEqualTo(390L);
        assertThat(script(patient, PHONE_LAYOUT)).as("what does not fit the phone's screen").isEqualTo(List.of());
        keepScreenshot(patient, "visit-page-patient.png");
        keepScreenshot(doctor, "visit-page-doctor.png");

        doctor.findElement(By.id("end")).click();
        await().atMost(SHOWN).untilAsserted(() ->
                assertThat(patient.findElement(By.id("message")).getText()).contains("ended the visit"));
    }

    @Test
    void theVisitConnectsThroughTheTurnRelayWithTheCredentialsMedbookHandsOutAndCoturnRefusesAnExpiredOne()
            throws Exception {
        LocalTurn.start();
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        patientWaits(booking, pageOf(booking, "?ice=relay"));
        doctorAdmits(booking, pageOf(booking, "?ice=relay"));

        assertThat(connected(patient).local()).isEqualTo("relay");
        assertThat(connected(doctor).local()).isEqualTo("relay");

        // the same check coturn makes, with a username whose expiry has passed: no relay is granted
        String turn = "turn:127.0.0.1:" + LocalTurn.PORT + "?transport=udp";
        String expired = (Instant.now().getEpochSecond() - 60) + ":" + booking.patient.id();
        String valid = (Instant.now().getEpochSecond() + 600) + ":" + booking.patient.id();
        assertThat(relayCandidates(patient, turn, valid)).as("relay candidates with a valid credential").isPositive();
        assertThat(relayCandidates(patient, turn, expired)).as("relay candidates with an expired credential").isZero();
    }

    /**
     * The patient joins from Firefox ESR (driven through WebDriver BiDi), the doctor from Chromium, both
     * relay-only through coturn: each decodes the other's video and receives their audio, and when the
     * patient hangs up in Firefox, the doctor's page sees them leave.
     */
    @Test
    void aPatientInFirefoxAndADoctorInChromiumSeeAndHearEachOtherThroughTheTurnRelay() throws Exception {
        LocalTurn.start();
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        try (FirefoxBidi firefox = FirefoxBidi.start()) {
            assertThat(firefox.call("() => navigator.userAgent").asString()).contains("Firefox/");
            firefox.navigate(pageOf(booking, "?ice=relay"));
            signInByCode(firefox, booking.patient.email);
            await().atMost(SHOWN).conditionEvaluationListener(described(firefox))
                    .until(() -> "PATIENT_WAITING".equals(firefox.call("() => window.medbookVisit.state").asString()));
            doctorAdmits(booking, pageOf(booking, "?ice=relay"));

            Stats patientSide = flowing(firefox);
            Stats doctorSide = flowing(doctor, true, true);
            assertThat(patientSide.local()).isEqualTo("relay");
            assertThat(doctorSide.local()).isEqualTo("relay");

            firefox.call("() => document.getElementById('hangup').click()");
            await().atMost(SHOWN).untilAsserted(() ->
                    assertThat(doctor.findElement(By.id("waiting")).getText()).contains("The patient left or lost the connection"));
            assertThat(stats(doctor).state()).as("the doctor's page closed its connection to the patient").isEqualTo("none");
            assertThat(firefox.call("() => document.getElementById('waiting').textContent").asString())
                    .contains("You left the visit");
        }
    }

    /**
     * The patient's page reloads mid-call, and later the patient's network drops: the connection to Medbook
     * (page, API and socket go through a link the test cuts) and the media path with it (the patient's media
     * is relay-only, and the relay stops). Each time the doctor sees the patient leave and come back, and
     * audio and video flow again both ways.
     */
    @Test
    void aReloadedPageOrADroppedNetworkRejoinsTheCallAndMediaFlowsAgainBothWays() throws Exception {
        LocalTurn.start();
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        try (NetworkLink patientNetwork = new NetworkLink(port)) {
            String patientPage = "http://localhost:" + patientNetwork.port() + "/visit/" + booking.id + "?ice=relay";
            patientWaits(booking, patientPage);
            doctorAdmits(booking, pageOf(booking, ""));
            Stats before = flowing(doctor, true, true);
            flowing(patient, true, true);

            patient.navigate().refresh();
            Stats afterReload = flowing(doctor, true, true);
            assertThat(afterReload.mark()).as("the doctor's page connected anew to the reloaded page").isNotEqualTo(before.mark());
            flowing(patient, true, true);
            assertThat(patientStays(booking)).as("the patient's stays: joined, reloaded").isEqualTo(2);

            patientNetwork.cut();
            LocalTurn.stop();
            await().atMost(SHOWN).untilAsserted(() ->
                    assertThat(doctor.findElement(By.id("waiting")).getText()).contains("The patient left or lost the connection"));
            await().atMost(SHOWN).untilAsserted(() ->
                    assertThat(script(patient, "return document.getElementById('status').textContent")).asString()
                            .contains("Connection lost"));

            LocalTurn.start();
            patientNetwork.restore();
            Stats afterDrop = flowing(doctor, true, true);
            assertThat(afterDrop.mark()).isNotEqualTo(afterReload.mark());
            assertThat(flowing(patient, true, true).local()).isEqualTo("relay");
            assertThat(doctor.findElement(By.id("waiting")).isDisplayed()).as("the doctor's waiting notice is gone").isFalse();
            assertThat(patientStays(booking)).as("the patient's stays: joined, reloaded, came back").isEqualTo(3);
        }
    }

    /**
     * Both pages go through the relay, and the relay goes away mid-call while the signaling stays up: each
     * connection goes disconnected, the pages restart ICE over the signaling channel on the same
     * RTCPeerConnection (a new ICE username fragment), and once the relay is back media flows again.
     */
    @Test
    void whenTheRelayPathFailsThePagesRestartIceOnTheSameConnectionAndMediaFlowsAgain() throws Exception {
        LocalTurn.start();
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        patientWaits(booking, pageOf(booking, "?ice=relay"));
        doctorAdmits(booking, pageOf(booking, "?ice=relay"));
        Stats doctorBefore = flowing(doctor, true, true);
        Stats patientBefore = flowing(patient, true, true);

        LocalTurn.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("disconnected", "failed").contains(stats(doctor).state()));
        await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) script(doctor, "return window.medbookVisit.iceRestarts")).intValue() > 0);
        LocalTurn.start();

        Stats doctorAfter = flowing(doctor, true, true);
        Stats patientAfter = flowing(patient, true, true);
        assertThat(doctorAfter.mark()).as("the same RTCPeerConnection, restarted").isEqualTo(doctorBefore.mark());
        assertThat(patientAfter.mark()).as("the same RTCPeerConnection, restarted").isEqualTo(patientBefore.mark());
        assertThat(doctorAfter.ufrag()).as("new ICE credentials after the restart").isNotEqualTo(doctorBefore.ufrag());
        assertThat(patientAfter.ufrag()).as("new ICE credentials after the restart").isNotEqualTo(patientBefore.ufrag());
        assertThat(doctorAfter.local()).isEqualTo("relay");
        assertThat(patientStays(booking)).as("nobody left the visit").isEqualTo(1);
    }

    /**
     * The server is too busy to take the doctor's admission (every inbound worker held, the queue full): the
     * page hears the 503 on its error queue, says so, and sends the admission again once told to, so the
     * patient still gets in and the call connects. A page that did not listen would leave the patient waiting.
     */
    @Test
    void anAdmissionTheServerIsTooBusyToTakeIsSentAgainAndThePatientGetsIn() throws Exception {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        String page = pageOf(booking, "");
        patientWaits(booking, page);
        doctor.get(page);
        signInByPassword(doctor, booking.doctor.email(), booking.doctor.temporaryPassword());
        await().atMost(SHOWN).until(() -> doctor.findElement(By.id("admit")).isDisplayed());
        assertThat(script(doctor, "return window.medbookVisit.busyRetries")).isEqualTo(0L);

        try (InboundOverload overload = InboundOverload.of(inboundExecutor, SHOWN)) {
            doctor.findElement(By.id("admit")).click();
            await().atMost(SHOWN).untilAsserted(() ->
                    assertThat(doctor.findElement(By.id("status")).getText()).startsWith("The server is busy"));
            assertThat(script(patient, "return window.medbookVisit.state")).isEqualTo("PATIENT_WAITING");
        }

        connected(patient);
        connected(doctor);
        assertThat(script(doctor, "return window.medbookVisit.busyRetries")).isEqualTo(1L);
        assertThat(doctor.findElement(By.id("status")).getText()).doesNotStartWith("The server is busy");
    }

    /** The browser refuses the patient's camera: the page says so, the patient joins with sound only. */
    @Test
    void aPatientWhoseCameraIsRefusedJoinsWithSoundOnlyAndTheDoctorHearsThem() {
        ChromeDriver refused = refusingBrowser();
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        String page = pageOf(booking, "");
        permission(refused, page, "camera", "denied");
        permission(refused, page, "microphone", "granted");
        refused.get(page);
        signInByCode(refused, booking.patient.email);
        await().atMost(SHOWN).until(() -> refused.findElement(By.id("join-audio-only")).isDisplayed());
        assertThat(refused.findElement(By.id("message")).getText()).contains("refused this page the camera and microphone");
        assertThat(refused.findElement(By.id("join-receive-only")).isDisplayed()).isTrue();
        refused.findElement(By.id("join-audio-only")).click();
        await().atMost(SHOWN).until(() -> "PATIENT_WAITING".equals(script(refused, "return window.medbookVisit.state")));
        assertThat(refused.findElement(By.id("message")).getText()).contains("sound only");
        assertThat(script(refused, "return window.medbookVisit.sending")).isEqualTo(List.of("audio"));
        assertThat(refused.findElement(By.id("camera")).isDisplayed()).isFalse();

        doctorAdmits(booking, page);
        Stats doctorSide = flowing(doctor, true, false);
        assertThat(doctorSide.videoBytes()).as("no video comes from the patient").isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(doctor.findElement(By.id("remote-placeholder")).getText()).contains("Sound only"));
        flowing(refused, true, true);
    }

    /** Camera and microphone both refused: the patient joins to watch and listen, and sees and hears the doctor. */
    @Test
    void aPatientWhoseCameraAndMicrophoneAreRefusedJoinsToWatchAndListen() {
        ChromeDriver refused = refusingBrowser();
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        String page = pageOf(booking, "");
        permission(refused, page, "camera", "denied");
        permission(refused, page, "microphone", "denied");
        refused.get(page);
        signInByCode(refused, booking.patient.email);
        await().atMost(SHOWN).until(() -> refused.findElement(By.id("join-audio-only")).isDisplayed());
        refused.findElement(By.id("join-audio-only")).click();
        await().atMost(SHOWN).untilAsserted(() ->
                assertThat(refused.findElement(By.id("message")).getText()).contains("refused this page the microphone"));
        assertThat(refused.findElement(By.id("join-audio-only")).isDisplayed()).as("sound only was refused too").isFalse();
        refused.findElement(By.id("join-receive-only")).click();
        await().atMost(SHOWN).until(() -> "PATIENT_WAITING".equals(script(refused, "return window.medbookVisit.state")));
        assertThat(refused.findElement(By.id("message")).getText()).contains("without camera or microphone");

        doctorAdmits(booking, page);
        flowing(refused, true, true);
        Stats doctorSide = connected(doctor, false);
        assertThat(doctorSide.audioBytes() + doctorSide.videoBytes()).as("nothing comes from the patient").isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(doctor.findElement(By.id("remote-placeholder")).getText()).contains("without camera or microphone"));
    }

    /** What each person saw, kept in target/ for whoever looks at a run. */
    private static void keepScreenshot(ChromeDriver browser, String name) {
        try {
            java.nio.file.Files.write(java.nio.file.Path.of("target", name),
                    browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String pageOf(VideoBooking booking, String query) {
        return "http://localhost:" + port + "/visit/" + booking.id + query;
    }

    private static synchronized ChromeDriver refusingBrowser() {
        if (refusing == null) {
            refusing = Browsers.startUnchecked(false);
        }
        return refusing;
    }

    private void patientWaits(VideoBooking booking, String page) {
        patient.get(page);
        signInByCode(patient, booking.patient.email);
        await().atMost(SHOWN).until(() -> "PATIENT_WAITING".equals(script(patient, "return window.medbookVisit.state")));
    }

    private static void doctorAdmits(VideoBooking booking, String page) {
        doctor.get(page);
        signInByPassword(doctor, booking.doctor.email(), booking.doctor.temporaryPassword());
        await().atMost(SHOWN).until(() -> doctor.findElement(By.id("admit")).isDisplayed());
        doctor.findElement(By.id("admit")).click();
    }

    /** Sets what the browser answers the page's origin when it asks for a device (Chrome DevTools Protocol). */
    private static void permission(ChromeDriver browser, String page, String name, String setting) {
        String origin = java.net.URI.create(page).resolve("/").toString().replaceAll("/$", "");
        browser.executeCdpCommand("Browser.setPermission",
                Map.of("permission", Map.of("name", name), "setting", setting, "origin", origin));
    }

    private int patientStays(VideoBooking booking) {
        Api.Response attendance = api.get(BOOKINGS + "/" + booking.id + "/visit/attendance", booking.doctorToken);
        assertThat(attendance.status()).as(attendance.toString()).isEqualTo(200);
        int stays = 0;
        for (var stay : attendance.body().path("stays")) {
            if ("PATIENT".equals(stay.path("role").asString())) {
                stays++;
            }
        }
        return stays;
    }

    private void signInByCode(ChromeDriver browser, String email) {
        // a new code for the same address is refused within a minute of the last one (the test's own sign-in)
        clock.advance(Duration.ofSeconds(61));
        await().atMost(SHOWN).until(() -> browser.findElement(By.id("otp-destination")).isDisplayed());
        int before = mailsTo(email).size();
        browser.findElement(By.id("otp-destination")).sendKeys(email);
        browser.findElement(By.cssSelector("#otp-request button")).click();
        await().atMost(SHOWN).alias("a code e-mail; the page says: "
                + browser.findElement(By.id("message")).getText()).until(() -> mailsTo(email).size() > before);
        List<jakarta.mail.internet.MimeMessage> mails = mailsTo(email);
        String code = codeIn(textOf(mails.get(mails.size() - 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("otp-code")).isDisplayed());
        browser.findElement(By.id("otp-code")).sendKeys(code);
        browser.findElement(By.cssSelector("#otp-verify button")).click();
    }

    /** {@link #signInByCode(ChromeDriver, String)} on the page in Firefox, filling in the page's own form. */
    private void signInByCode(FirefoxBidi browser, String email) {
        clock.advance(Duration.ofSeconds(61));
        await().atMost(SHOWN).until(() -> browser.call(VISIBLE, "otp-destination").asBoolean());
        int before = mailsTo(email).size();
        browser.call("(email) => { document.getElementById('otp-destination').value = email;"
                + " document.querySelector('#otp-request button').click(); }", email);
        await().atMost(SHOWN).conditionEvaluationListener(described(browser)).until(() -> mailsTo(email).size() > before);
        List<jakarta.mail.internet.MimeMessage> mails = mailsTo(email);
        String code = codeIn(textOf(mails.get(mails.size() - 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.call(VISIBLE, "otp-code").asBoolean());
        browser.call("(code) => { document.getElementById('otp-code').value = code;"
                + " document.querySelector('#otp-verify button').click(); }", code);
    }

    private static void signInByPassword(ChromeDriver browser, String email, String password) {
        await().atMost(SHOWN).until(() -> browser.findElement(By.id("signin")).isDisplayed());
        browser.findElement(By.cssSelector("#staff summary")).click();
        browser.findElement(By.id("staff-email")).sendKeys(email);
        browser.findElement(By.id("staff-password")).sendKeys(password);
        browser.findElement(By.cssSelector("#password-form button")).click();
    }

    /** What {@link #STATS} reads from the page's peer connection. */
    private record Stats(String state, long frames, long audioBytes, long videoBytes, String local, String ufrag,
            String mark) {
    }

    @SuppressWarnings("unchecked")
    private static Stats stats(ChromeDriver browser) {
        Map<String, Object> stats = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(STATS);
        return new Stats((String) stats.get("state"), number(stats.get("frames")), number(stats.get("audioBytes")),
                number(stats.get("videoBytes")), (String) stats.get("local"), (String) stats.get("ufrag"),
                (String) stats.get("mark"));
    }

    private static Stats stats(FirefoxBidi browser) {
        JsonNode stats = browser.call(READ_STATS);
        return new Stats(stats.path("state").asString(), stats.path("frames").asLong(), stats.path("audioBytes").asLong(),
                stats.path("videoBytes").asLong(), stats.path("local").asString(null), stats.path("ufrag").asString(null),
                stats.path("mark").asString(null));
    }

    /** What a timed-out page shows: its notices and the visit's state. */
    private static final String PAGE_TEXT = "['status', 'waiting', 'message', 'remote-placeholder'].map(id => id + ': '"
            + " + document.getElementById(id).textContent).join(' | ') + ' | state ' + window.medbookVisit.state";

    /** On a timeout, what the page showed and its peer connection's numbers, to tell a slow machine from a fault. */
    private static org.awaitility.core.ConditionEvaluationListener<Object> described(ChromeDriver browser) {
        return described(browser == doctor ? "the doctor's" : "the patient's",
                () -> script(browser, "return " + PAGE_TEXT) + " | " + stats(browser));
    }

    private static org.awaitility.core.ConditionEvaluationListener<Object> described(FirefoxBidi browser) {
        return described("the patient's (Firefox)", () -> browser.call("() => " + PAGE_TEXT).asString() + " | " + stats(browser));
    }

    private static org.awaitility.core.ConditionEvaluationListener<Object> described(String whose, Supplier<String> page) {
        return new org.awaitility.core.ConditionEvaluationListener<>() {
            @Override
            public void conditionEvaluated(org.awaitility.core.EvaluatedCondition<Object> condition) {
            }

            @Override
            public void onTimeout(org.awaitility.core.TimeoutEvent timeout) {
                try {
                    System.out.println("Timed out on " + whose + " page: " + page.get());
                } catch (RuntimeException e) {
                    System.out.println("The page could not be read after a timeout: " + e);
                }
            }
        };
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Waits until the page's peer connection is connected and has decoded video; returns its stats. */
    private static Stats connected(ChromeDriver browser) {
        return connected(browser, true);
    }

    private static Stats connected(ChromeDriver browser, boolean withVideo) {
        return connected(() -> stats(browser), described(browser), withVideo);
    }

    private static Stats connected(Supplier<Stats> reading, org.awaitility.core.ConditionEvaluationListener<Object> onTimeout,
            boolean withVideo) {
        await().atMost(CONNECT).pollInterval(Duration.ofMillis(500)).conditionEvaluationListener(onTimeout).until(() -> {
            Stats stats = reading.get();
            return "connected".equals(stats.state()) && (!withVideo || stats.frames() > 0);
        });
        return reading.get();
    }

    /**
     * Waits until media flows into the page: connected, and the bytes received of each kind asked for (and
     * the frames decoded, for video) keep growing on the same connection. Returns the later reading.
     */
    private static Stats flowing(ChromeDriver browser, boolean audio, boolean video) {
        return flowing(() -> stats(browser), described(browser), audio, video);
    }

    private static Stats flowing(FirefoxBidi browser) {
        return flowing(() -> stats(browser), described(browser), true, true);
    }

    private static Stats flowing(Supplier<Stats> reading, org.awaitility.core.ConditionEvaluationListener<Object> onTimeout,
            boolean audio, boolean video) {
        Stats first = connected(reading, onTimeout, video);
        await().atMost(CONNECT).pollInterval(Duration.ofMillis(500)).conditionEvaluationListener(onTimeout).until(() -> {
            Stats now = reading.get();
            return "connected".equals(now.state()) && first.mark().equals(now.mark())
                    && (!audio || now.audioBytes() > first.audioBytes())
                    && (!video || (now.videoBytes() > first.videoBytes() && now.frames() > first.frames()));
        });
        return reading.get();
    }

    /** How many relay candidates a fresh relay-only peer connection gathers with a TURN username. */
    private static long relayCandidates(WebDriver browser, String url, String username) {
        String credential = org.medbook.visits.application.IceServers.credential(LocalTurn.SECRET, username);
        Object count = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const pc = new RTCPeerConnection({iceTransportPolicy: 'relay',
                    iceServers: [{urls: [arguments[0]], username: arguments[1], credential: arguments[2]}]});
                let relays = 0;
                let finished = false;
                const finish = () => { if (finished) { return; } finished = true; pc.close(); done(relays); };
                pc.onicecandidate = e => {
                  if (!e.candidate) { finish(); return; }
                  if (e.candidate.type === 'relay') { relays++; finish(); }
                };
                setTimeout(finish, 8000);
                pc.createDataChannel('probe');
                pc.createOffer().then(o => pc.setLocalDescription(o));
                """, url, username, credential);
        return ((Number) count).longValue();
    }

    /**
     * What of the call does not fit a phone's screen: sideways scrolling, a control outside the screen or
     * smaller than a finger (44 CSS pixels, 2.75rem), the other person's video not filling the width, or the
     * self-view outside the video area; an empty list when everything fits.
     */
    private static final String PHONE_LAYOUT = """
            const width = window.innerWidth, height = window.innerHeight, problems = [];
            const box = element => element.getBoundingClientRect();
            if (document.documentElement.scrollWidth > width) {
                problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
            }
            for (const button of document.querySelectorAll('#controls button')) {
                if (button.offsetParent === null) continue;
                const b = box(button);
                if (b.left < 0 || b.right > width || b.top < 0 || b.bottom > height) {
                    problems.push(button.id + ' is outside the screen: ' + JSON.stringify(b));
                }
                if (b.height < 44 || b.width < 44) {
                    problems.push(button.id + ' is smaller than a finger: ' + b.width + ' x ' + b.height);
                }
            }
            const stage = box(document.getElementById('stage'));
            const remote = box(document.getElementById('remote-video'));
            const local = box(document.getElementById('local-video'));
            if (remote.width < width - 40 || remote.height < 200) {
                problems.push('the other person is shown at ' + remote.width + ' x ' + remote.height);
            }
            if (local.left < stage.left || local.right > stage.right || local.top < stage.top || local.bottom > stage.bottom
                    || local.width < 80) {
                problems.push('the self-view is at ' + JSON.stringify(local) + ' in ' + JSON.stringify(stage));
            }
            return problems;
            """;

    private static Object script(ChromeDriver browser, String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }
}
