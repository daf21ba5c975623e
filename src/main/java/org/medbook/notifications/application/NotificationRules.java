package org.medbook.notifications.application;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.BookingEvents;
import org.medbook.booking.Bookings;
import org.medbook.chat.ChatEvents;
import org.medbook.doctors.DoctorEvents;
import org.medbook.identity.IdentityEvents;
import org.medbook.identity.Permission;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.domain.Kind;
import org.medbook.payments.PaymentEvents;
import org.medbook.reviews.ReviewEvents;
import org.springframework.stereotype.Component;

/**
 * Which events notify whom, of what kind, with which facts. The one place that knows the table of
 * notification kinds; everything after (preferences, texts, channels) is the same for every kind.
 */
@Component
class NotificationRules {

    /** Events that may notify somebody; the intake stores only these. */
    static final List<Class<?>> ACCEPTED = List.of(
            BookingEvents.AppointmentHeld.class, BookingEvents.AppointmentConfirmed.class,
            BookingEvents.AppointmentAwaitingApproval.class, BookingEvents.AppointmentDeclined.class,
            BookingEvents.AppointmentCancelled.class, BookingEvents.AppointmentRescheduled.class,
            BookingEvents.AppointmentExpired.class, BookingEvents.LatePaymentRefunded.class,
            PaymentEvents.PaymentSucceeded.class, PaymentEvents.PaymentFailed.class, PaymentEvents.PaymentRefunded.class,
            PaymentEvents.DisputeChanged.class, PaymentEvents.DisputeDueSoon.class,
            DoctorEvents.DoctorVerificationDecided.class, DoctorEvents.DoctorSuspensionChanged.class,
            IdentityEvents.TemporaryPasswordIssued.class, IdentityEvents.PasswordChanged.class,
            IdentityEvents.RefreshTokenReused.class, IdentityEvents.UserSuspended.class,
            IdentityEvents.AuthenticatorRemoved.class, IdentityEvents.PasskeyRemoved.class,
            IdentityEvents.PersonalDataExportReady.class, ChatEvents.UnreadMessagesWaiting.class, ReviewEvents.ReviewPosted.class,
            ReviewEvents.ReviewInvitationDue.class, ReminderDue.class);

    private final UserContacts contacts;

    NotificationRules(UserContacts contacts) {
        this.contacts = contacts;
    }

    List<Planned> plan(Object event, Facts facts) {
        return switch (event) {
            case BookingEvents.AppointmentHeld e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                data.put("holdExpiresAt", e.holdExpiresAt().toString());
                return List.of(to(e.eventId(), Kind.BOOKING_HELD, b.patientId(), data, b, facts));
            });
            case BookingEvents.AppointmentConfirmed e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                if (b.requiresApproval()) {
                    return List.of(to(e.eventId(), Kind.BOOKING_APPROVED, b.patientId(), data, b, facts));
                }
                data.put("cashDue", "CASH".equals(b.paymentMethod()));
                return List.of(to(e.eventId(), Kind.BOOKING_CONFIRMED, b.patientId(), data, b, facts),
                        to(e.eventId(), Kind.BOOKING_CONFIRMED, b.doctorId(), data, b, facts));
            });
            case BookingEvents.AppointmentAwaitingApproval e -> booking(e.eventId(), e.bookingId(), facts,
                    (b, data) -> List.of(to(e.eventId(), Kind.BOOKING_AWAITING_APPROVAL, b.doctorId(), data, b, facts)));
            case BookingEvents.AppointmentDeclined e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                data.put("reason", e.reason());
                data.put("refundMinor", e.refundMinor());
                return List.of(to(e.eventId(), Kind.BOOKING_DECLINED, b.patientId(), data, b, facts));
            });
            case BookingEvents.AppointmentCancelled e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                data.put("cancelledBy", e.cancelledBy());
                data.put("reason", e.reason());
                data.put("refundMinor", e.refundMinor());
                return switch (e.cancelledBy()) {
                    case "PATIENT" -> List.of(to(e.eventId(), Kind.BOOKING_CANCELLED, b.doctorId(), data, b, facts));
                    case "DOCTOR" -> List.of(to(e.eventId(), Kind.BOOKING_CANCELLED, b.patientId(), data, b, facts));
                    case "STAFF" -> List.of(to(e.eventId(), Kind.BOOKING_CANCELLED, b.patientId(), data, b, facts),
                            to(e.eventId(), Kind.BOOKING_CANCELLED, b.doctorId(), data, b, facts));
                    // the patient's account was erased: only the doctor is left to tell
                    case "SYSTEM" -> BookingEvents.AppointmentCancelled.PATIENT_ERASED.equals(e.reason())
                            ? List.of(to(e.eventId(), Kind.BOOKING_CANCELLED, b.doctorId(), data, b, facts))
                            // the doctor's account was erased: the patient is told, and refunded
                            : BookingEvents.AppointmentCancelled.DOCTOR_ERASED.equals(e.reason())
                            ? List.of(to(e.eventId(), Kind.BOOKING_CANCELLED, b.patientId(), data, b, facts))
                            : List.<Planned>of();
                    // the system releases a hold whose payment could not start: the patient saw the error
                    default -> List.<Planned>of();
                };
            });
            case BookingEvents.AppointmentRescheduled e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                data.put("oldStart", e.oldStart().toString());
                data.put("start", e.newStart().toString());
                String by = e.patientId().equals(e.actorId()) ? "PATIENT" : e.doctorId().equals(e.actorId()) ? "DOCTOR" : "STAFF";
                data.put("rescheduledBy", by);
                java.time.Instant sooner = e.oldStart().isBefore(e.newStart()) ? e.oldStart() : e.newStart();
                List<Planned> planned = new ArrayList<>();
                if (!by.equals("PATIENT")) {
                    planned.add(new Planned(e.eventId(), Kind.BOOKING_RESCHEDULED, b.patientId(), data, sooner,
                            facts.doctorZone(b.doctorId())));
                }
                if (!by.equals("DOCTOR")) {
                    planned.add(new Planned(e.eventId(), Kind.BOOKING_RESCHEDULED, b.doctorId(), data, sooner,
                            facts.doctorZone(b.doctorId())));
                }
                return planned;
            });
            case BookingEvents.AppointmentExpired e -> booking(e.eventId(), e.bookingId(), facts,
                    (b, data) -> List.of(to(e.eventId(), Kind.HOLD_EXPIRED, b.patientId(), data, b, facts)));
            case BookingEvents.LatePaymentRefunded e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                data.put("refundMinor", e.amountMinor());
                data.put("currency", e.currency());
                return List.of(to(e.eventId(), Kind.LATE_PAYMENT_REFUNDED, b.patientId(), data, b, facts));
            });
            case ReminderDue e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                if (b.status() != AppointmentStatus.CONFIRMED || !b.start().equals(e.start())) {
                    return List.<Planned>of();
                }
                data.put("before", e.before().toString());
                return List.of(to(e.eventId(), Kind.VISIT_REMINDER, b.patientId(), data, b, facts),
                        to(e.eventId(), Kind.VISIT_REMINDER, b.doctorId(), data, b, facts));
            });
            case PaymentEvents.PaymentSucceeded e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                data.put("paymentId", e.paymentId().toString());
                data.put("paidMinor", e.amountMinor());
                data.put("currency", e.currency());
                return List.of(money(e.eventId(), Kind.PAYMENT_RECEIVED, b.patientId(), data, b, facts));
            });
            case PaymentEvents.PaymentFailed e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                data.put("paymentId", e.paymentId().toString());
                data.put("reason", e.reason());
                return List.of(money(e.eventId(), Kind.PAYMENT_FAILED, b.patientId(), data, b, facts));
            });
            case PaymentEvents.PaymentRefunded e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                data.put("paymentId", e.paymentId().toString());
                data.put("refundMinor", e.amountMinor());
                data.put("currency", e.currency());
                return List.of(money(e.eventId(), Kind.PAYMENT_REFUNDED, e.patientId(), data, b, facts));
            });
            case PaymentEvents.DisputeChanged e -> disputeOpened(e);
            case PaymentEvents.DisputeDueSoon e -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("disputeId", e.disputeId().toString());
                data.put("paymentId", e.paymentId().toString());
                data.put("evidenceDueBy", e.evidenceDueBy().toString());
                yield contacts.activeStaffWith(Permission.DISPUTES_MANAGE).stream()
                        .map(staff -> new Planned(e.eventId(), Kind.DISPUTE_DUE_SOON, staff, data, null, null))
                        .toList();
            }
            case ReviewEvents.ReviewPosted e -> {
                // no patient id: an anonymous review must not name its author to the doctor either
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("reviewId", e.reviewId().toString());
                data.put("doctorId", e.doctorId().toString());
                data.put("rating", e.rating());
                yield List.of(new Planned(e.eventId(), Kind.REVIEW_RECEIVED, e.doctorId(), data, null,
                        facts.doctorZone(e.doctorId())));
            }
            case ReviewEvents.ReviewInvitationDue e -> booking(e.eventId(), e.bookingId(), facts, (b, data) -> {
                if (b.status() != AppointmentStatus.COMPLETED) {
                    return List.<Planned>of();
                }
                return List.of(money(e.eventId(), Kind.REVIEW_INVITATION, b.patientId(), data, b, facts));
            });
            case DoctorEvents.DoctorVerificationDecided e -> List.of(new Planned(e.eventId(),
                    "VERIFIED".equalsIgnoreCase(e.decision()) ? Kind.DOCTOR_VERIFIED : Kind.DOCTOR_REJECTED,
                    e.doctorId(), withReason(e.reason()), null, facts.doctorZone(e.doctorId())));
            case DoctorEvents.DoctorSuspensionChanged e -> List.of(new Planned(e.eventId(),
                    e.suspended() ? Kind.DOCTOR_SUSPENDED : Kind.DOCTOR_REINSTATED, e.doctorId(),
                    withReason(e.reason()), null, facts.doctorZone(e.doctorId())));
            case IdentityEvents.TemporaryPasswordIssued e -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("expiresAt", e.expiresAt().toString());
                yield List.of(new Planned(e.eventId(), e.reset() ? Kind.STAFF_PASSWORD_RESET : Kind.STAFF_ACCOUNT_CREATED,
                        e.userId(), data, null, facts.doctorZone(e.userId()), e.sealedPassword()));
            }
            case IdentityEvents.PasswordChanged e -> List.of(new Planned(e.eventId(), Kind.PASSWORD_CHANGED,
                    e.userId(), new LinkedHashMap<>(), null, facts.doctorZone(e.userId())));
            case IdentityEvents.RefreshTokenReused e -> List.of(new Planned(e.eventId(), Kind.SESSION_REVOKED,
                    e.userId(), new LinkedHashMap<>(), null, facts.doctorZone(e.userId())));
            case IdentityEvents.AuthenticatorRemoved e -> e.confirmed()
                    ? List.of(secondFactorRemoved(e.eventId(), e.userId(), "totp", facts)) : List.<Planned>of();
            case IdentityEvents.PasskeyRemoved e -> List.of(secondFactorRemoved(e.eventId(), e.userId(), "passkey", facts));
            case IdentityEvents.UserSuspended e -> List.of(new Planned(e.eventId(), Kind.ACCOUNT_SUSPENDED,
                    e.userId(), withReason(e.reason()), null, facts.doctorZone(e.userId())));
            case IdentityEvents.PersonalDataExportReady e -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("exportId", e.exportId().toString());
                data.put("expiresAt", e.expiresAt().toString());
                yield List.of(new Planned(e.eventId(), Kind.EXPORT_READY, e.userId(), data, null,
                        facts.doctorZone(e.userId())));
            }
            case ChatEvents.UnreadMessagesWaiting e -> messagesWaiting(e, facts);
            default -> List.of();
        };
    }

    /** A dispute is announced once, when first recorded, to every active staff member who handles disputes. */
    private List<Planned> disputeOpened(PaymentEvents.DisputeChanged e) {
        UUID once = UUID.nameUUIDFromBytes(("dispute-opened:" + e.disputeId()).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("disputeId", e.disputeId().toString());
        data.put("paymentId", e.paymentId().toString());
        data.put("status", e.status());
        if (e.evidenceDueBy() != null) {
            data.put("evidenceDueBy", e.evidenceDueBy().toString());
        }
        return contacts.activeStaffWith(Permission.DISPUTES_MANAGE).stream()
                .map(staff -> new Planned(once, Kind.DISPUTE_OPENED, staff, data, null, null))
                .toList();
    }

    /** The chat's digest names who wrote and how many messages wait; the texts never quote a message. */
    private List<Planned> messagesWaiting(ChatEvents.UnreadMessagesWaiting e, Facts facts) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", e.conversationId().toString());
        data.put("senderId", e.senderId().toString());
        UserContacts.Contact sender = contacts.find(List.of(e.senderId())).get(e.senderId());
        data.put("senderName", sender != null && sender.name() != null && !sender.name().isBlank() ? sender.name()
                : sender != null && sender.patient() ? "your patient" : "your doctor");
        data.put("count", e.unreadCount());
        return List.of(new Planned(e.eventId(), Kind.MESSAGES, e.recipientId(), data, null,
                facts.doctorZone(e.recipientId())));
    }

    private interface BookingRule {
        List<Planned> apply(Bookings.BookingSnapshot booking, Map<String, Object> data);
    }

    /** A booking that no longer exists (never, in practice) notifies nobody. */
    private static List<Planned> booking(UUID eventId, UUID bookingId, Facts facts, BookingRule rule) {
        return facts.booking(bookingId).map(b -> rule.apply(b, facts.aboutBooking(b))).orElse(List.of());
    }

    private static Planned to(UUID eventId, Kind kind, UUID recipient, Map<String, Object> data,
            Bookings.BookingSnapshot b, Facts facts) {
        return new Planned(eventId, kind, recipient, data, b.start(), facts.doctorZone(b.doctorId()));
    }

    /** Money and review notices are not visit changes: quiet hours may hold them. */
    private static Planned money(UUID eventId, Kind kind, UUID recipient, Map<String, Object> data,
            Bookings.BookingSnapshot b, Facts facts) {
        return new Planned(eventId, kind, recipient, data, null, facts.doctorZone(b.doctorId()));
    }

    private static Planned secondFactorRemoved(UUID eventId, UUID userId, String method, Facts facts) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", method);
        return new Planned(eventId, Kind.SECOND_FACTOR_REMOVED, userId, data, null, facts.doctorZone(userId));
    }

    private static Map<String, Object> withReason(String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (reason != null) {
            data.put("reason", reason);
        }
        return data;
    }
}
