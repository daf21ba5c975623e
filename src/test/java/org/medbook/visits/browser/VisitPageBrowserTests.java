package org.medbook.visits.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.support.LocalTurn;
import org.medbook.visits.api.VisitTestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real headless Chromium browsers, the patient and the doctor of one VIDEO booking, go through the
 * visit page: sign in, the waiting room, admission, and a WebRTC connection that decodes video from
 * the other side's (fake) camera; once peer to peer, once forced through a local coturn.
 */
class VisitPageBrowserTests extends VisitTestSupport {

    private static final Duration CONNECT = Duration.ofSeconds(30);

    /** The page's peer connection: its state, frames decoded from the other side, the local candidate type in use. */
    private static final String STATS = """
            const done = arguments[arguments.length - 1];
            const pc = window.medbookVisit && window.medbookVisit.pc;
            if (!pc) { done({state: 'none', frames: 0, local: null}); return; }
            pc.getStats().then(stats => {
              let frames = 0, pair = null;
              const byId = {};
              stats.forEach(s => { byId[s.id] = s; });
              stats.forEach(s => {
                if (s.type === 'inbound-rtp' && s.kind === 'video') { frames += s.framesDecoded || 0; }
                if (s.type === 'transport' && s.selectedCandidatePairId) { pair = byId[s.selectedCandidatePairId]; }
              });
              const local = pair && byId[pair.localCandidateId];
              done({state: pc.connectionState, frames: frames, local: local ? local.candidateType : null});
            }).catch(e => done({state: 'error ' + e, frames: 0, local: null}));
            """;

    private static ChromeDriver patient;
    private static ChromeDriver doctor;

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
        for (ChromeDriver browser : new ChromeDriver[] {patient, doctor}) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    /** Each test starts signed out, on no page. */
    @BeforeEach
    void signedOut() {
        for (ChromeDriver browser : new ChromeDriver[] {patient, doctor}) {
            browser.get("http://localhost:" + port + "/visit/visit.css");
            script(browser, "sessionStorage.clear()");
        }
    }

    @Test
    void patientAndDoctorSeeEachOtherPeerToPeerAfterTheDoctorAdmitsThePatient() {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(30));
        patient.get(pageOf(booking, ""));
        signInByCode(patient, booking.patient.email);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(patient.findElement(By.id("message")).getText()).contains("Your visit opens at"));

        booking.at(Duration.ofMinutes(5));
        patient.navigate().refresh();
        await().atMost(Duration.ofSeconds(15)).until(() -> "PATIENT_WAITING".equals(script(patient, "return window.medbookVisit.state")));
        assertThat(patient.findElement(By.id("waiting")).getText()).contains("waiting room");

        doctor.get(pageOf(booking, ""));
        signInByPassword(doctor, booking.doctor.email(), booking.doctor.temporaryPassword());
        await().atMost(Duration.ofSeconds(15)).until(() -> doctor.findElement(By.id("admit")).isDisplayed());
        doctor.findElement(By.id("admit")).click();

        Map<String, Object> patientSide = connected(patient);
        Map<String, Object> doctorSide = connected(doctor);
        assertThat(patientSide.get("local")).isNotEqualTo("relay");
        assertThat(doctorSide.get("local")).isNotEqualTo("relay");
        keepScreenshot(patient, "visit-page-patient.png");
        keepScreenshot(doctor, "visit-page-doctor.png");

        doctor.findElement(By.id("end")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(patient.findElement(By.id("message")).getText()).contains("ended the visit"));
    }

    @Test
    void theVisitConnectsThroughTheTurnRelayWithTheCredentialsMedbookHandsOutAndCoturnRefusesAnExpiredOne()
            throws Exception {
        LocalTurn.start();
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        patient.get(pageOf(booking, "?ice=relay"));
        signInByCode(patient, booking.patient.email);
        await().atMost(Duration.ofSeconds(15)).until(() -> "PATIENT_WAITING".equals(script(patient, "return window.medbookVisit.state")));
        doctor.get(pageOf(booking, "?ice=relay"));
        signInByPassword(doctor, booking.doctor.email(), booking.doctor.temporaryPassword());
        await().atMost(Duration.ofSeconds(15)).until(() -> doctor.findElement(By.id("admit")).isDisplayed());
        doctor.findElement(By.id("admit")).click();

        assertThat(connected(patient).get("local")).isEqualTo("relay");
        assertThat(connected(doctor).get("local")).isEqualTo("relay");

        // the same check coturn makes, with a username whose expiry has passed: no relay is granted
        String turn = "turn:127.0.0.1:" + LocalTurn.PORT + "?transport=udp";
        String expired = (Instant.now().getEpochSecond() - 60) + ":" + booking.patient.id();
        String valid = (Instant.now().getEpochSecond() + 600) + ":" + booking.patient.id();
        assertThat(relayCandidates(patient, turn, valid)).as("relay candidates with a valid credential").isPositive();
        assertThat(relayCandidates(patient, turn, expired)).as("relay candidates with an expired credential").isZero();
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

    private void signInByCode(ChromeDriver browser, String email) {
        // a new code for the same address is refused within a minute of the last one (the test's own sign-in)
        clock.advance(Duration.ofSeconds(61));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("otp-destination")).isDisplayed());
        int before = mailsTo(email).size();
        browser.findElement(By.id("otp-destination")).sendKeys(email);
        browser.findElement(By.cssSelector("#otp-request button")).click();
        await().atMost(Duration.ofSeconds(10)).alias("a code e-mail; the page says: "
                + browser.findElement(By.id("message")).getText()).until(() -> mailsTo(email).size() > before);
        List<jakarta.mail.internet.MimeMessage> mails = mailsTo(email);
        String code = codeIn(textOf(mails.get(mails.size() - 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("otp-code")).isDisplayed());
        browser.findElement(By.id("otp-code")).sendKeys(code);
        browser.findElement(By.cssSelector("#otp-verify button")).click();
    }

    private static void signInByPassword(ChromeDriver browser, String email, String password) {
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("signin")).isDisplayed());
        browser.findElement(By.cssSelector("#staff summary")).click();
        browser.findElement(By.id("staff-email")).sendKeys(email);
        browser.findElement(By.id("staff-password")).sendKeys(password);
        browser.findElement(By.cssSelector("#password-form button")).click();
    }

    /** Waits until the page's peer connection is connected and has decoded video; returns its stats. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> connected(ChromeDriver browser) {
        await().atMost(CONNECT).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, Object> stats = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(STATS);
            return "connected".equals(stats.get("state")) && ((Number) stats.get("frames")).longValue() > 0;
        });
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(STATS);
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

    private static Object script(ChromeDriver browser, String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }
}
