package org.medbook.visits.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through its chromedriver, with a fake camera and microphone
 * that the page may use without asking. Without a Chromium the browser tests are skipped, unless
 * MEDBOOK_REQUIRE_BROWSER=true (as CI sets it) makes a missing browser a failure.
 */
final class Browsers {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MEDBOOK_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("MEDBOOK_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Browsers() {
    }

    /** Skips (or, where required, fails) when Chromium, its driver or coturn is not installed. */
    static void requirePresent(boolean needsTurn) {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM + " (Debian package chromium)"
                : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER + " (Debian package chromium-driver)"
                : needsTurn && !org.medbook.support.LocalTurn.installed() ? "/usr/bin/turnserver (Debian package coturn)"
                : null;
        if (missing == null) {
            return;
        }
        absent(missing);
    }

    /** Skips (or, where required, fails) when Firefox is not installed. */
    static void requireFirefox(Path firefox) {
        if (!Files.isExecutable(firefox)) {
            absent(firefox + " (Debian package firefox-esr)");
        }
    }

    private static void absent(String missing) {
        String reason = "Browser tests of the visit page skipped: " + missing + " is not installed"
                + " (apt-get install chromium chromium-driver firefox-esr coturn; .ci/run installs them)";
        if ("true".equalsIgnoreCase(System.getenv("MEDBOOK_REQUIRE_BROWSER"))) {
            Assertions.fail(reason.replace("skipped", "required (MEDBOOK_REQUIRE_BROWSER=true)"));
        }
        System.out.println(reason);
        Assumptions.abort(reason);
    }

    static ChromeDriver startUnchecked() {
        return startUnchecked(true);
    }

    /**
     * A browser with the fake camera and microphone; with {@code consenting} false it has no fake consent
     * either, so the page gets the devices only as far as the site's permissions (set by the test through
     * the DevTools protocol) allow: the fake consent would grant them whatever those say.
     */
    static ChromeDriver startUnchecked(boolean consenting) {
        try {
            return start(consenting);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ChromeDriver start(boolean consenting) throws IOException {
        Path profile = Files.createTempDirectory("medbook-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--use-fake-device-for-media-stream",
                "--autoplay-policy=no-user-gesture-required", "--window-size=800,600",
                "--user-data-dir=" + profile));
        if (consenting) {
            options.addArguments("--use-fake-ui-for-media-stream");
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }
}
