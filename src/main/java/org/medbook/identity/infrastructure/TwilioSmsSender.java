package org.medbook.identity.infrastructure;

import org.medbook.identity.TextMessages;
import org.medbook.identity.application.IdentityProperties;
import org.medbook.identity.domain.Channel;
import org.medbook.identity.domain.ContactSender;
import org.medbook.identity.domain.Destination;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.http.ProviderHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

/**
 * Sends codes by SMS through Twilio's Messages API
 * ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, form-encoded, HTTP basic auth).
 */
@Component
class TwilioSmsSender implements ContactSender, TextMessages {

    private static final Logger log = LoggerFactory.getLogger(TwilioSmsSender.class);

    private final IdentityProperties.Sms sms;
    private final RestClient http;

    TwilioSmsSender(IdentityProperties properties, ProviderHttpClients clients) {
        this.sms = properties.sms();
        this.http = clients.builder(sms.timeouts())
                .baseUrl(sms.baseUrl())
                .defaultHeaders(headers -> {
                    if (sms.enabled()) {
                        headers.setBasicAuth(sms.accountSid(), sms.authToken());
                    }
                })
                .build();
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.SMS && sms.enabled();
    }

    @Override
    public void sendCode(Destination destination, String code, long validMinutes) {
        try {
            post(destination.value(), "Your Medbook code is " + code + ". It expires in " + validMinutes
                    + " minutes. Never share it.");
        } catch (RestClientException e) {
            log.warn("SMS to {} failed: {}", destination.masked(), e.getClass().getSimpleName());
            throw new MedbookException(ProblemKind.UNAVAILABLE, "delivery-failed",
                    "The code could not be sent by SMS right now; try again shortly");
        }
    }

    @Override
    public boolean enabled() {
        return sms.enabled();
    }

    /** 4xx other than 429 means Twilio refused this message for good; anything else may pass. */
    @Override
    public Outcome send(String e164, String body) {
        if (!sms.enabled()) {
            return Outcome.UNAVAILABLE;
        }
        try {
            post(e164, body);
            return Outcome.SENT;
        } catch (HttpClientErrorException e) {
            log.warn("SMS refused by the provider: {}", e.getStatusCode());
            return e.getStatusCode().value() == 429 ? Outcome.UNAVAILABLE : Outcome.REJECTED;
        } catch (RestClientException e) {
            log.warn("SMS could not be sent: {}", e.getClass().getSimpleName());
            return Outcome.UNAVAILABLE;
        }
    }

    private void post(String to, String body) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("To", to);
        form.add("From", sms.from());
        form.add("Body", body);
        http.post()
                .uri("/2010-04-01/Accounts/{sid}/Messages.json", sms.accountSid())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve()
                .toBodilessEntity();
    }
}
