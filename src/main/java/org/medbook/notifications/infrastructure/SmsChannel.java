package org.medbook.notifications.infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.TextMessages;
import org.medbook.notifications.application.ChannelSender;
import org.medbook.notifications.domain.Channel;
import org.springframework.stereotype.Component;

/**
 * SMS through identity's Twilio adapter, only to a phone the user proved with a code. One short
 * text: the title and the body, which already carry the time in the recipient's zone.
 */
@Component
class SmsChannel implements ChannelSender {

    /** Twilio splits longer texts into several billed segments; ours stay within a few. */
    static final int MAX_LENGTH = 480;

    private final TextMessages texts;

    SmsChannel(TextMessages texts) {
        this.texts = texts;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public Map<UUID, SendResult> send(List<Outgoing> batch) {
        Map<UUID, SendResult> results = new LinkedHashMap<>();
        for (Outgoing o : batch) {
            results.put(o.deliveryId(), sendOne(o));
        }
        return results;
    }

    private SendResult sendOne(Outgoing o) {
        if (!texts.enabled()) {
            return new SendResult.Skipped("no SMS provider is configured");
        }
        String phone = o.recipient().phone();
        if (phone == null) {
            return new SendResult.Skipped("no verified phone number");
        }
        String text = "Medbook: " + o.title() + ". " + o.body();
        if (text.length() > MAX_LENGTH) {
            text = text.substring(0, MAX_LENGTH - 1) + "…";
        }
        return switch (texts.send(phone, text)) {
            case SENT -> new SendResult.Sent(Set.of(phone));
            case REJECTED -> new SendResult.Failed("the SMS provider refused the message");
            case UNAVAILABLE -> new SendResult.Retry("the SMS provider is unavailable", Set.of());
        };
    }
}
