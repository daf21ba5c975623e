package org.medbook.payments.infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.medbook.payments.application.PaymentsProperties;
import org.medbook.payments.application.StripeWebhooks;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.support.StripeTestSigner;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medbook.payments.infrastructure.StripeSignatureKnownAnswerTests.HEADER;
import static org.medbook.payments.infrastructure.StripeSignatureKnownAnswerTests.PAYLOAD;
import static org.medbook.payments.infrastructure.StripeSignatureKnownAnswerTests.SECRET;
import static org.medbook.payments.infrastructure.StripeSignatureKnownAnswerTests.TIMESTAMP;

/**
 * How a {@code Stripe-Signature} header is checked and when it is refused, and what of the event
 * reaches the application. The valid signature is the known answer of
 * {@link StripeSignatureKnownAnswerTests}, so the refusals do not depend on our own signer.
 */
class StripeJavaWebhooksTests {

    private static final String V1 = HEADER.substring(HEADER.indexOf("v1=") + 3);
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(TIMESTAMP);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    static StripeWebhooks webhooks(Instant now) {
        return webhooks(now, SECRET);
    }

    private static StripeWebhooks webhooks(Instant now, String webhookSecret) {
        PaymentsProperties properties = new PaymentsProperties(new PaymentsProperties.Stripe("http://localhost:1",
                "http://localhost:1", "sk_test_key", webhookSecret, TOLERANCE, Duration.ofSeconds(1), Duration.ofSeconds(1), 0), null, true, null);
        return new StripeJavaWebhooks(properties, JsonMapper.builder().build(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static void assertRefused(String header, Instant now, String reason) {
        assertThatThrownBy(() -> webhooks(now).verified(PAYLOAD, header)).as(header)
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.BAD_INPUT);
                    assertThat(e.slug()).isEqualTo("invalid-signature");
                    assertThat(e.getMessage()).startsWith("Stripe signature refused: ").contains(reason);
                });
    }

    @Test
    void aVerifiedEventReachesTheApplicationAsItsIds() {
        String charge = "{\"id\":\"evt_charge\",\"type\":\"charge.refunded\",\"data\":{\"object\":"
                + "{\"id\":\"ch_1\",\"object\":\"charge\",\"payment_intent\":\"pi_1\",\"amount_refunded\":4500}}}";

        StripeWebhooks.Event event = webhooks(SIGNED_AT)
                .verified(charge, StripeTestSigner.header(charge, SECRET, TIMESTAMP));

        assertThat(event).isEqualTo(new StripeWebhooks.Event("evt_charge", "charge.refunded", "ch_1", "pi_1"));
    }

    @Test
    void aMissingHeaderIsRefused() {
        assertRefused(null, SIGNED_AT, "missing Stripe-Signature header");
        assertRefused("  ", SIGNED_AT, "missing Stripe-Signature header");
    }

    @Test
    void aHeaderWithoutTimestampOrWithoutV1SignatureIsRefused() {
        assertRefused("v1=" + V1, SIGNED_AT, "timestamp");
        assertRefused("t=" + TIMESTAMP, SIGNED_AT, "No signatures found");
        assertRefused("t=" + TIMESTAMP + ",v0=" + V1, SIGNED_AT, "No signatures found");
        assertRefused("garbage", SIGNED_AT, "timestamp");
    }

    @Test
    void aTimestampThatIsNotANumberIsRefused() {
        assertRefused("t=yesterday,v1=" + V1, SIGNED_AT, "malformed header");
        assertRefused("t,v1=" + V1, SIGNED_AT, "malformed header");
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() {
        String otherSecretsSignature = "0".repeat(64);

        assertThat(webhooks(SIGNED_AT).verified(PAYLOAD, "t=" + TIMESTAMP + ",v1=" + otherSecretsSignature + ",v1=" + V1)
                .id()).isEqualTo("evt_1PinnedVector");
        assertThat(webhooks(SIGNED_AT).verified(PAYLOAD, "t=" + TIMESTAMP + ",v1=not-hex,v1=" + V1).id())
                .isEqualTo("evt_1PinnedVector");
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefused() {
        assertThatThrownBy(() -> webhooks(SIGNED_AT, "whsec_another_secret").verified(PAYLOAD, HEADER))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.slug()).isEqualTo("invalid-signature");
                    assertThat(e.getMessage()).contains("No signatures found matching");
                });
        assertRefused("t=" + TIMESTAMP + ",v1=not-hex", SIGNED_AT, "No signatures found matching");
    }

    @Test
    void aSignatureIsAcceptedUpToTheToleranceOnEitherSide() {
        assertThat(webhooks(SIGNED_AT.plus(TOLERANCE)).verified(PAYLOAD, HEADER).id()).isEqualTo("evt_1PinnedVector");
        assertThat(webhooks(SIGNED_AT.minus(TOLERANCE)).verified(PAYLOAD, HEADER).id()).isEqualTo("evt_1PinnedVector");
    }

    @Test
    void anOldSignatureIsRefusedAsAReplay() {
        assertRefused(HEADER, SIGNED_AT.plus(TOLERANCE).plusSeconds(1), "Timestamp outside the tolerance zone");
    }

    @Test
    void aSignatureFromTheFutureIsRefused() {
        assertRefused(HEADER, SIGNED_AT.minus(TOLERANCE).minusSeconds(1), "timestamp in the future");
    }

    @Test
    void aSignedBodyThatIsNotAnEventIsRefusedAsMalformed() {
        for (String body : new String[] {"not json", "{\"id\":\"evt_1\"}", "{\"type\":\"payment_intent.succeeded\"}"}) {
            assertThatThrownBy(() -> webhooks(SIGNED_AT).verified(body, StripeTestSigner.header(body, SECRET, TIMESTAMP)))
                    .as(body).isInstanceOfSatisfying(MedbookException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProblemKind.BAD_INPUT);
                        assertThat(e.slug()).isEqualTo("malformed-request");
                    });
        }
    }

    @Test
    void nothingIsAcceptedWhileStripeIsNotConfigured() {
        assertThatThrownBy(() -> webhooks(SIGNED_AT, null).verified(PAYLOAD, HEADER))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.NOT_FOUND);
                    assertThat(e.slug()).isEqualTo("not-found");
                });
    }
}
