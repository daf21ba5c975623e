package org.medbook.notifications.domain;

import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which channels a user allows per category, their quiet hours and their zone. A category not
 * mentioned allows every channel; in-app is always allowed; SECURITY cannot be narrowed.
 */
public record Preferences(Map<Category, Set<Channel>> categories, QuietHours quietHours, ZoneId timeZone) {

    public Preferences {
        Map<Category, Set<Channel>> complete = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            Set<Channel> allowed = categories == null ? null : categories.get(category);
            Set<Channel> channels = allowed == null ? EnumSet.allOf(Channel.class) : EnumSet.copyOf(withInApp(allowed));
            if (category.locked() && !channels.containsAll(EnumSet.allOf(Channel.class))) {
                throw new SecurityLocked();
            }
            complete.put(category, Collections.unmodifiableSet(channels));
        }
        categories = Collections.unmodifiableMap(complete);
    }

    public static Preferences defaults() {
        return new Preferences(Map.of(), null, null);
    }

    /** The channels a notification of this kind uses for this recipient. */
    public Set<Channel> channelsFor(Kind kind, boolean patient) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        channels.addAll(kind.channelsFor(patient));
        if (!kind.category().locked()) {
            channels.retainAll(categories.get(kind.category()));
        }
        return channels;
    }

    private static Set<Channel> withInApp(Set<Channel> channels) {
        Set<Channel> all = EnumSet.of(Channel.IN_APP);
        all.addAll(channels);
        return all;
    }

    /** Asked to switch off part of the SECURITY category. */
    public static final class SecurityLocked extends RuntimeException {
        SecurityLocked() {
            super("SECURITY notifications cannot be switched off");
        }
    }
}
