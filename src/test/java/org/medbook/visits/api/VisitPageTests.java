package org.medbook.visits.api;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The visit page and its scripts are served without a token, from the jar, under a strict policy. */
class VisitPageTests extends IntegrationTest {

    @Test
    void theJoinLinkServesTheVisitPageToAnybodyWithAStrictContentSecurityPolicy() {
        Api.Response page = api.get("/visit/" + UUID.randomUUID(), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.raw()).contains("<video id=\"remote-video\"")
                .contains("id=\"join-audio-only\"").contains("id=\"join-receive-only\"")
                .contains("/webjars/stomp__stompjs/7.0.0/bundles/stomp.umd.min.js").contains("/visit/visit.js");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'").contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(page.header("Permissions-Policy")).contains("camera=(self)").contains("microphone=(self)");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void theScriptsComeFromTheServerItself() {
        assertThat(api.get("/webjars/stomp__stompjs/7.0.0/bundles/stomp.umd.min.js", null).status()).isEqualTo(200);
        Api.Response script = api.get("/visit/visit.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.raw()).contains("RTCPeerConnection");
        assertThat(api.get("/visit/visit.css", null).status()).isEqualTo(200);
    }

    @Test
    void anythingElseUnderVisitIsNotFound() {
        assertThat(api.get("/visit/not-a-booking", null).status()).isEqualTo(404);
    }
}
