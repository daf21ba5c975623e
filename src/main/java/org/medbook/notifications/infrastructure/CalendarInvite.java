package org.medbook.notifications.infrastructure;

import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.parameter.ParticipationLevel;
import biweekly.parameter.ParticipationStatus;
import biweekly.property.Attendee;
import biweekly.property.Method;
import biweekly.property.Organizer;
import biweekly.property.Status;

/**
 * A calendar message about one booking (iTIP, RFC 5546): a request that adds or updates the visit,
 * or a cancellation that removes it. Every message about a booking carries the same UID, and a
 * SEQUENCE that grows with each change of the booking, so a calendar keeps exactly one entry and
 * ignores a late copy of an older message.
 */
record CalendarInvite(Kind method, UUID bookingId, int sequence, Instant start, Instant end, String summary,
                      String location, String description, Person organizer, Person attendee, Instant stamp) {

    static final String FILE_NAME = "invite.ics";

    enum Kind {
        REQUEST, CANCEL
    }

    record Person(String name, String email) {
    }

    CalendarInvite {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(bookingId, "bookingId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(organizer, "organizer");
        Objects.requireNonNull(attendee, "attendee");
        Objects.requireNonNull(stamp, "stamp");
        if (sequence < 0 || !end.isAfter(start)) {
            throw new IllegalArgumentException("A visit needs a sequence >= 0 and an end after its start");
        }
    }

    /** One stable UID per booking, whoever receives it and whatever changed. */
    String uid() {
        return bookingId + "@medbook";
    }

    /** The MIME type of the calendar part; mail clients read {@code method} to offer accept or remove. */
    String contentType() {
        return "text/calendar; charset=UTF-8; method=" + method.name();
    }

    /** The iCalendar text, times in UTC. */
    String ics() {
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Medbook//Medbook appointments//EN");
        calendar.setMethod(method == Kind.REQUEST ? Method.request() : Method.cancel());
        VEvent event = new VEvent();
        event.setUid(uid());
        event.setSequence(sequence);
        event.setDateTimeStamp(Date.from(stamp));
        event.setDateStart(Date.from(start), true);
        event.setDateEnd(Date.from(end), true);
        if (summary != null && !summary.isBlank()) {
            event.setSummary(summary);
        }
        if (location != null && !location.isBlank()) {
            event.setLocation(location);
        }
        if (description != null && !description.isBlank()) {
            event.setDescription(description);
        }
        Organizer medbook = new Organizer(organizer.name(), organizer.email());
        event.setOrganizer(medbook);
        Attendee guest = new Attendee(attendee.name(), attendee.email());
        guest.setParticipationLevel(ParticipationLevel.REQUIRED);
        if (method == Kind.REQUEST) {
            // the visit is booked already: nothing to answer, so calendars add it without asking
            guest.setParticipationStatus(ParticipationStatus.ACCEPTED);
        }
        guest.setRsvp(false);
        event.addAttendee(guest);
        event.setStatus(method == Kind.REQUEST ? Status.confirmed() : Status.cancelled());
        calendar.addEvent(event);
        return Biweekly.write(calendar).go();
    }
}
