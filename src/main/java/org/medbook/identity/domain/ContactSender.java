package org.medbook.identity.domain;

/** Delivers a one-time code to a destination, by SMS or e-mail. */
public interface ContactSender {

    boolean supports(Channel channel);

    void sendCode(Destination destination, String code, long validMinutes);
}
