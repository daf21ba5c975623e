package org.medbook.identity.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medbook.identity.UserId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6238 Appendix B test vectors, and the rules Medbook adds around them (drift window, no replay). */
class TotpTests {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T = {0}")
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void producesTheRfc6238TestVectors(long unixSeconds, String sha1, String sha256, String sha512) {
        Instant at = Instant.ofEpochSecond(unixSeconds);
        Totp hmacSha1 = new Totp("HmacSHA1", 8, 30);
        Totp hmacSha256 = new Totp("HmacSHA256", 8, 30);
        Totp hmacSha512 = new Totp("HmacSHA512", 8, 30);

        assertThat(hmacSha1.code(SHA1_SEED, hmacSha1.step(at))).isEqualTo(sha1);
        assertThat(hmacSha256.code(SHA256_SEED, hmacSha256.step(at))).isEqualTo(sha256);
        assertThat(hmacSha512.code(SHA512_SEED, hmacSha512.step(at))).isEqualTo(sha512);
    }

    @Test
    void anAuthenticatorCountsAsConfirmedOnlyOnceItsFirstCodeWasAccepted() {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(new SecondFactors.TotpFactor(UserId.random(), secret, null, null).confirmed()).isFalse();
        assertThat(new SecondFactors.TotpFactor(UserId.random(), secret, Instant.parse("2027-03-01T10:00:00Z"), 1L)
                .confirmed()).isTrue();
    }

    @Test
    void sixDigitCodesAreTheLastSixDigitsOfTheEightDigitOnes() {
        Instant at = Instant.ofEpochSecond(1111111109);
        assertThat(Totp.AUTHENTICATOR.code(SHA1_SEED, Totp.AUTHENTICATOR.step(at))).isEqualTo("081804");
    }

    @Test
    void acceptsTheCodeOfTheStepBeforeOrAfterButNotTwoAway() {
        Totp totp = Totp.AUTHENTICATOR;
        Instant now = Instant.ofEpochSecond(2_000_000_000L);
        long step = totp.step(now);

        assertThat(totp.match(SHA1_SEED, totp.code(SHA1_SEED, step - 1), now, null)).hasValue(step - 1);
        assertThat(totp.match(SHA1_SEED, totp.code(SHA1_SEED, step + 1), now, null)).hasValue(step + 1);
        assertThat(totp.match(SHA1_SEED, totp.code(SHA1_SEED, step - 2), now, null)).isEmpty();
        assertThat(totp.match(SHA1_SEED, totp.code(SHA1_SEED, step + 2), now, null)).isEmpty();
    }

    @Test
    void refusesACodeOfAStepAlreadyUsedOrEarlier() {
        Totp totp = Totp.AUTHENTICATOR;
        Instant now = Instant.ofEpochSecond(2_000_000_000L);
        long step = totp.step(now);
        String code = totp.code(SHA1_SEED, step);

        assertThat(totp.match(SHA1_SEED, code, now, step - 1)).hasValue(step);
        assertThat(totp.match(SHA1_SEED, code, now, step)).isEmpty();
        assertThat(totp.match(SHA1_SEED, totp.code(SHA1_SEED, step - 1), now, step)).isEmpty();
    }

    @Test
    void refusesMalformedCodes() {
        Instant now = Instant.ofEpochSecond(2_000_000_000L);
        assertThat(Totp.AUTHENTICATOR.match(SHA1_SEED, "12345", now, null)).isEmpty();
        assertThat(Totp.AUTHENTICATOR.match(SHA1_SEED, null, now, null)).isEmpty();
    }

    @Test
    void provisioningUriCarriesTheBase32SecretAndTheParameters() {
        String uri = Totp.AUTHENTICATOR.provisioningUri("Medbook", "dr.who@medbook.test", SHA1_SEED);
        assertThat(uri).isEqualTo("otpauth://totp/Medbook:dr.who%40medbook.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Medbook&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void base32RoundTripsAndMatchesRfc4648() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Base32.decode("MZXW6YTBOI"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(Base32.decode(Base32.encode(SHA512_SEED))).isEqualTo(SHA512_SEED);
    }
    @Test
    void acceptsSixToEightDigitsAndAnyPositiveStep() {
        assertThat(new Totp("HmacSHA1", 6, 1).stepSeconds()).isEqualTo(1);
        assertThat(new Totp("HmacSHA1", 8, 30).digits()).isEqualTo(8);
        assertThatThrownBy(() -> new Totp("HmacSHA1", 5, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Totp("HmacSHA1", 9, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Totp("HmacSHA1", 6, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 4648 section 10, without the padding authenticator apps leave out. */
    @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32MatchesTheRfc4648TestVectorsBothWays(String text, String base32) {
        assertThat(Base32.encode(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(base32);
        assertThat(new String(Base32.decode(base32), StandardCharsets.US_ASCII)).isEqualTo(text);
        assertThat(new String(Base32.decode(base32.toLowerCase(java.util.Locale.ROOT) + "="), StandardCharsets.US_ASCII))
                .isEqualTo(text);
    }
}
