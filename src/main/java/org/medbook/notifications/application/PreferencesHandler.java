package org.medbook.notifications.application;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.medbook.notifications.domain.Category;
import org.medbook.notifications.domain.Channel;
import org.medbook.notifications.domain.Preferences;
import org.medbook.notifications.domain.QuietHours;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads and replaces a user's notification preferences; bad names are refused by name. */
@Component
public class PreferencesHandler {

    private final NotificationStore store;
    private final Clock clock;

    PreferencesHandler(NotificationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** As sent and shown: names as strings, so an unknown one can be named in the answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreferencesView(Map<@Size(max = 32) String, @Size(max = 10) List<@Size(max = 16) String>> categories,
                                  @Valid QuietHoursView quietHours, @Size(max = 64) String timeZone) {
    }

    public record QuietHoursView(@Size(max = 8) String start, @Size(max = 8) String end) {
    }

    public PreferencesView get(UUID userId) {
        return view(store.preferences(List.of(userId)).getOrDefault(userId, Preferences.defaults()));
    }

    @Transactional
    public PreferencesView replace(UUID userId, PreferencesView request) {
        Preferences preferences = parse(request);
        store.savePreferences(userId, preferences, clock.instant());
        return view(preferences);
    }

    static Preferences parse(PreferencesView request) {
        Map<Category, Set<Channel>> categories = new EnumMap<>(Category.class);
        List<String> unknown = new ArrayList<>();
        if (request.categories() != null) {
            request.categories().forEach((name, channels) -> {
                Category category = parse(Category.class, name);
                if (category == null) {
                    unknown.add("categories." + name);
                    return;
                }
                Set<Channel> chosen = EnumSet.noneOf(Channel.class);
                for (String channelName : channels == null ? List.<String>of() : channels) {
                    Channel channel = parse(Channel.class, channelName);
                    if (channel == null) {
                        unknown.add("categories." + name + ": " + channelName);
                    } else {
                        chosen.add(channel);
                    }
                }
                categories.put(category, chosen);
            });
        }
        if (!unknown.isEmpty()) {
            throw MedbookException.badInput("unknown-preference", "Unknown categories or channels: "
                    + String.join(", ", unknown) + " (categories: " + List.of(Category.values()) + ", channels: "
                    + List.of(Channel.values()) + ")");
        }
        QuietHours quiet = null;
        if (request.quietHours() != null) {
            try {
                quiet = new QuietHours(LocalTime.parse(request.quietHours().start()), LocalTime.parse(request.quietHours().end()));
            } catch (DateTimeParseException | NullPointerException | IllegalArgumentException e) {
                throw MedbookException.badInput("invalid-quiet-hours",
                        "quietHours needs a start and an end such as \"22:00\" and \"07:00\", and they must differ");
            }
        }
        ZoneId zone = null;
        if (request.timeZone() != null) {
            try {
                zone = ZoneId.of(request.timeZone());
            } catch (DateTimeException e) {
                throw MedbookException.badInput("invalid-time-zone", "timeZone must be an IANA zone such as Europe/Berlin");
            }
        }
        try {
            return new Preferences(categories, quiet, zone);
        } catch (Preferences.SecurityLocked e) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "category-locked",
                    "SECURITY notifications cannot be switched off: they tell you about your password, sessions and account");
        }
    }

    static PreferencesView view(Preferences preferences) {
        Map<String, List<String>> categories = new LinkedHashMap<>();
        preferences.categories().forEach((category, channels) -> categories.put(category.name(),
                channels.stream().map(Channel::name).toList()));
        return new PreferencesView(categories, preferences.quietHours() == null ? null
                : new QuietHoursView(preferences.quietHours().start().toString(), preferences.quietHours().end().toString()),
                preferences.timeZone() == null ? null : preferences.timeZone().getId());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        try {
            return name == null ? null : Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
