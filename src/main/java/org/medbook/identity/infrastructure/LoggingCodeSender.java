package org.medbook.identity.infrastructure;

import org.medbook.identity.domain.Channel;
import org.medbook.identity.domain.ContactSender;
import org.medbook.identity.domain.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Writes one-time codes to the log so a developer can sign in without an SMS or SMTP account.
 * Exists only when {@code medbook.identity.otp.log-codes=true} (the local default); prod refuses it.
 */
@Component
@ConditionalOnProperty(name = "medbook.identity.otp.log-codes", havingValue = "true")
class LoggingCodeSender implements ContactSender {

    private static final Logger log = LoggerFactory.getLogger(LoggingCodeSender.class);

    @Override
    public boolean supports(Channel channel) {
        return true;
    }

    @Override
    public void sendCode(Destination destination, String code, long validMinutes) {
        log.warn("[local development] one-time code for {}: {}", destination.masked(), code);
    }
}
