package org.medbook.notifications.domain;

import java.util.EnumSet;
import java.util.Set;

import static org.medbook.notifications.domain.Channel.EMAIL;
import static org.medbook.notifications.domain.Channel.IN_APP;
import static org.medbook.notifications.domain.Channel.PUSH;
import static org.medbook.notifications.domain.Channel.SMS;

/**
 * Every notification Medbook sends, with its category and default channels. Adding a kind is one
 * entry here, one rule that creates it ({@code NotificationRules}) and its texts in the message
 * bundles ({@code notifications/messages*.properties}, keys {@code <kind>.title} and {@code <kind>.body}).
 */
public enum Kind {
    BOOKING_HELD(Category.BOOKINGS, true, IN_APP, EMAIL),
    BOOKING_CONFIRMED(Category.BOOKINGS, true, IN_APP, EMAIL, PUSH),
    BOOKING_AWAITING_APPROVAL(Category.BOOKINGS, true, IN_APP, EMAIL, PUSH),
    BOOKING_APPROVED(Category.BOOKINGS, true, IN_APP, EMAIL, PUSH),
    BOOKING_DECLINED(Category.BOOKINGS, true, IN_APP, EMAIL, PUSH),
    BOOKING_CANCELLED(Category.BOOKINGS, true, IN_APP, EMAIL, PUSH, SMS),
    BOOKING_RESCHEDULED(Category.BOOKINGS, true, IN_APP, EMAIL, PUSH, SMS),
    HOLD_EXPIRED(Category.BOOKINGS, true, IN_APP, EMAIL),
    /** SMS goes to patients only (see {@link #channelsFor(boolean)}). */
    VISIT_REMINDER(Category.REMINDERS, true, IN_APP, EMAIL, PUSH, SMS),
    PAYMENT_RECEIVED(Category.PAYMENTS, false, IN_APP, EMAIL),
    PAYMENT_REFUNDED(Category.PAYMENTS, false, IN_APP, EMAIL),
    PAYMENT_FAILED(Category.PAYMENTS, false, IN_APP, EMAIL),
    LATE_PAYMENT_REFUNDED(Category.PAYMENTS, false, IN_APP, EMAIL),
    DISPUTE_OPENED(Category.PAYMENTS, false, IN_APP, EMAIL),
    /** To staff who handle disputes, three days before a dispute's evidence is due. */
    DISPUTE_DUE_SOON(Category.PAYMENTS, false, IN_APP, EMAIL),
    /** To the doctor: a patient reviewed a visit. */
    REVIEW_RECEIVED(Category.REVIEWS, false, IN_APP, EMAIL, PUSH),
    /** To the patient, once, a day after a completed visit they have not reviewed yet. */
    REVIEW_INVITATION(Category.REVIEWS, false, IN_APP, EMAIL),
    DOCTOR_VERIFIED(Category.ACCOUNT, false, IN_APP, EMAIL),
    DOCTOR_REJECTED(Category.ACCOUNT, false, IN_APP, EMAIL),
    DOCTOR_SUSPENDED(Category.ACCOUNT, false, IN_APP, EMAIL),
    DOCTOR_REINSTATED(Category.ACCOUNT, false, IN_APP, EMAIL),
    STAFF_ACCOUNT_CREATED(Category.SECURITY, false, EMAIL),
    STAFF_PASSWORD_RESET(Category.SECURITY, false, EMAIL),
    PASSWORD_CHANGED(Category.SECURITY, false, IN_APP, EMAIL),
    SESSION_REVOKED(Category.SECURITY, false, IN_APP, EMAIL),
    ACCOUNT_SUSPENDED(Category.SECURITY, false, IN_APP, EMAIL),
    /** A staff member removed an authenticator app or a passkey from their sign-in. */
    SECOND_FACTOR_REMOVED(Category.SECURITY, false, IN_APP, EMAIL),
    /** The user's personal-data export can be downloaded (until {@code expiresAt}). */
    EXPORT_READY(Category.ACCOUNT, false, IN_APP, EMAIL),
    /** The chat's offline digest: how many messages wait in a conversation, never what they say. */
    MESSAGES(Category.MESSAGES, false, IN_APP, EMAIL, PUSH);

    private final Category category;
    private final boolean aboutAVisit;
    private final Set<Channel> channels;

    Kind(Category category, boolean aboutAVisit, Channel first, Channel... rest) {
        this.category = category;
        this.aboutAVisit = aboutAVisit;
        this.channels = EnumSet.of(first, rest);
    }

    public Category category() {
        return category;
    }

    /** Booking kinds carry a visit time; a change on the day of the visit is never held by quiet hours. */
    public boolean aboutAVisit() {
        return aboutAVisit;
    }

    /** The default channels for a recipient; reminders go by SMS to patients only. */
    public Set<Channel> channelsFor(boolean patient) {
        if (this == VISIT_REMINDER && !patient) {
            Set<Channel> withoutSms = EnumSet.copyOf(channels);
            withoutSms.remove(SMS);
            return withoutSms;
        }
        return channels;
    }

    /** Shown in the inbox; staff e-mails that carry a temporary password are e-mail only. */
    public boolean inApp() {
        return channels.contains(IN_APP);
    }
}
