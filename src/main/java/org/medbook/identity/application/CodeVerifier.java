package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.medbook.identity.domain.Destination;
import org.medbook.identity.domain.OneTimeCodes;
import org.medbook.identity.domain.StoredCode;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;

/**
 * Checks a presented one-time code inside the caller's transaction: the code's row is locked, so
 * two simultaneous checks of one code cannot both succeed.
 */
@Component
class CodeVerifier {

    private final OneTimeCodes codes;
    private final IdentityProperties properties;
    private final Clock clock;

    CodeVerifier(OneTimeCodes codes, IdentityProperties properties, Clock clock) {
        this.codes = codes;
        this.properties = properties;
        this.clock = clock;
    }

    /** Empty refusal means the code was right and is now used up. */
    <T> Outcome.Refused<T> consume(Destination destination, String code) {
        Instant now = clock.instant();
        var stored = codes.lock(destination);
        if (stored.isEmpty()) {
            return new Outcome.Refused<>(ProblemKind.UNAUTHORIZED, "otp-invalid",
                    "The code is not valid; request a new one", Map.of(), null);
        }
        StoredCode.Check check = stored.get().check(codes.hashOf(destination, code), now, properties.otp().maxAttempts());
        return switch (check) {
            case StoredCode.Check.Accepted accepted -> {
                codes.remove(destination);
                yield null;
            }
            case StoredCode.Check.Expired expired -> {
                codes.remove(destination);
                yield new Outcome.Refused<>(ProblemKind.UNAUTHORIZED, "otp-expired",
                        "The code has expired or was tried too often; request a new one", Map.of(), null);
            }
            case StoredCode.Check.Rejected rejected -> {
                if (rejected.attemptsLeft() == 0) {
                    codes.remove(destination);
                } else {
                    codes.recordFailedAttempt(destination);
                }
                yield new Outcome.Refused<>(ProblemKind.UNAUTHORIZED, "otp-invalid",
                        rejected.attemptsLeft() == 0 ? "The code is wrong and has been cancelled; request a new one"
                                : "The code is wrong", Map.of("attemptsLeft", rejected.attemptsLeft()), null);
            }
        };
    }
}
