package org.medbook.payments.domain;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.medbook.payments.domain.StripeSignature.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbook.payments.domain.StripeSignatureKnownAnswerTests.HEADER;
import static org.medbook.payments.domain.StripeSignatureKnownAnswerTests.PAYLOAD;
import static org.medbook.payments.domain.StripeSignatureKnownAnswerTests.SECRET;
import static org.medbook.payments.domain.StripeSignatureKnownAnswerTests.TIMESTAMP;

/**
 * How a {@code Stripe-Signature} header is read and when it is refused. The valid signature is the
 * known answer of {@link StripeSignatureKnownAnswerTests}, so none of these depend on our own signer.
 */
class StripeSignatureTests {

    private static final String V1 = HEADER.substring(HEADER.indexOf("v1=") + 3);
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(TIMESTAMP);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static Verdict verify(String header, Instant now) {
        return StripeSignature.verify(PAYLOAD, header, SECRET, now, TOLERANCE);
    }

    private static void assertInvalid(Verdict verdict, String reason) {
        assertThat(verdict).isEqualTo(new Verdict.Invalid(reason));
    }

    @Test
    void aMissingHeaderIsRefused() {
        assertInvalid(verify(null, SIGNED_AT), "missing Stripe-Signature header");
        assertInvalid(verify("  ", SIGNED_AT), "missing Stripe-Signature header");
    }

    @Test
    void aHeaderWithoutTimestampOrWithoutV1SignatureIsRefused() {
        assertInvalid(verify("v1=" + V1, SIGNED_AT), "no timestamp or no v1 signature");
        assertInvalid(verify("t=" + TIMESTAMP, SIGNED_AT), "no timestamp or no v1 signature");
        assertInvalid(verify("t=" + TIMESTAMP + ",v0=" + V1, SIGNED_AT), "no timestamp or no v1 signature");
    }

    @Test
    void aTimestampThatIsNotANumberIsRefused() {
        assertInvalid(verify("t=yesterday,v1=" + V1, SIGNED_AT), "malformed timestamp");
    }

    @Test
    void partsWithoutAValueAndSpacesAroundPartsAreIgnored() {
        assertThat(verify("t=" + TIMESTAMP + ", scheme , v1=" + V1, SIGNED_AT)).isEqualTo(new Verdict.Valid());
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() {
        String otherSecretsSignature = "0".repeat(64);

        assertThat(verify("t=" + TIMESTAMP + ",v1=" + otherSecretsSignature + ",v1=" + V1, SIGNED_AT))
                .isEqualTo(new Verdict.Valid());
        assertThat(verify("t=" + TIMESTAMP + ",v1=not-hex,v1=" + V1, SIGNED_AT)).isEqualTo(new Verdict.Valid());
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefused() {
        assertInvalid(StripeSignature.verify(PAYLOAD, HEADER, "whsec_another_secret", SIGNED_AT, TOLERANCE),
                "no signature matches");
        assertInvalid(verify("t=" + TIMESTAMP + ",v1=not-hex", SIGNED_AT), "no signature matches");
    }

    @Test
    void aSignatureIsAcceptedUpToTheToleranceOnEitherSide() {
        assertThat(verify(HEADER, SIGNED_AT.plus(TOLERANCE))).isEqualTo(new Verdict.Valid());
        assertThat(verify(HEADER, SIGNED_AT.minus(TOLERANCE))).isEqualTo(new Verdict.Valid());
    }

    @Test
    void anOldSignatureIsRefusedAsAReplay() {
        assertInvalid(verify(HEADER, SIGNED_AT.plus(TOLERANCE).plusSeconds(1)), "timestamp too old");
    }

    @Test
    void aSignatureFromTheFutureIsRefused() {
        assertInvalid(verify(HEADER, SIGNED_AT.minus(TOLERANCE).minusSeconds(1)), "timestamp in the future");
    }
}
