package org.medbook.payments.infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.stripe.model.Event;
import com.stripe.net.Webhook;

import org.junit.jupiter.api.Test;
import org.medbook.payments.application.StripeWebhooks;
import org.medbook.shared.MedbookException;
import org.medbook.support.StripeTestSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Stripe webhook signature pinned by a known answer rather than by our own signer: the header
 * below follows Stripe's documented scheme ({@code t=<ts>,v1=<hex HMAC-SHA256(secret, t + "." +
 * payload)>}); its hex was computed once outside Java with
 * {@code printf '%s' "1767225600.$PAYLOAD" | openssl dgst -sha256 -hmac whsec_known_answer_secret}.
 */
class StripeSignatureKnownAnswerTests {

    static final String SECRET = "whsec_known_answer_secret";
    static final long TIMESTAMP = 1_767_225_600L;
    static final String PAYLOAD = "{\"id\":\"evt_1PinnedVector\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
            + "\"data\":{\"object\":{\"id\":\"pi_1PinnedVector\",\"object\":\"payment_intent\",\"amount\":4500,"
            + "\"currency\":\"eur\",\"status\":\"succeeded\"}}}";
    static final String HEADER = "t=1767225600,v1=376791a9349d16aa90491546baedc2601b6fd43829e83ba5fb9c1f53480ab6c5";
    /** The same payload signed over {@code t + ":" + payload}: what a wrong separator would produce. */
    static final String WRONG_SEPARATOR = "t=1767225600,v1=b427a16f6a43fce19489a33fd587a18a2addcefadbf7df0ca265cba37af5e2d2";

    static final Instant NOW = Instant.ofEpochSecond(TIMESTAMP).plusSeconds(10);
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void ourVerifierAcceptsTheKnownAnswer() {
        StripeWebhooks.Event event = StripeJavaWebhooksTests.webhooks(NOW).verified(PAYLOAD, HEADER);

        assertThat(event).isEqualTo(new StripeWebhooks.Event("evt_1PinnedVector", "payment_intent.succeeded",
                "pi_1PinnedVector", null));
    }

    @Test
    void stripesOwnLibraryAcceptsTheSameHeader() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        assertThat(Webhook.Signature.verifyHeader(PAYLOAD, HEADER, SECRET, TOLERANCE.toSeconds(), clock)).isTrue();
        Event event = Webhook.constructEvent(PAYLOAD, HEADER, SECRET, TOLERANCE.toSeconds(), clock);
        assertThat(event.getId()).isEqualTo("evt_1PinnedVector");
        assertThat(event.getType()).isEqualTo("payment_intent.succeeded");
    }

    @Test
    void bothRefuseASignatureOverAnotherSeparatorOrAnotherPayload() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String tampered = PAYLOAD.replace("4500", "4501");

        StripeWebhooks webhooks = StripeJavaWebhooksTests.webhooks(NOW);

        assertThatThrownBy(() -> webhooks.verified(PAYLOAD, WRONG_SEPARATOR)).isInstanceOf(MedbookException.class)
                .hasMessageContaining("Stripe signature refused");
        assertThatThrownBy(() -> webhooks.verified(tampered, HEADER)).isInstanceOf(MedbookException.class)
                .hasMessageContaining("Stripe signature refused");
        assertThatThrownBy(() -> Webhook.Signature.verifyHeader(PAYLOAD, WRONG_SEPARATOR, SECRET, 300, clock))
                .isInstanceOf(com.stripe.exception.SignatureVerificationException.class);
        assertThatThrownBy(() -> Webhook.Signature.verifyHeader(tampered, HEADER, SECRET, 300, clock))
                .isInstanceOf(com.stripe.exception.SignatureVerificationException.class);
    }

    @Test
    void theTestsOwnSignerProducesTheKnownAnswer() {
        assertThat(StripeTestSigner.header(PAYLOAD, SECRET, TIMESTAMP)).isEqualTo(HEADER);
    }
}
