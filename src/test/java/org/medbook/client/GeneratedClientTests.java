package org.medbook.client;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.client.api.BookingsApi;
import org.medbook.client.api.DoctorsApi;
import org.medbook.client.api.SignInApi;
import org.medbook.client.model.BookingView;
import org.medbook.client.model.Cancellation;
import org.medbook.client.model.CodeRequest;
import org.medbook.client.model.CodeVerification;
import org.medbook.client.model.NewBooking;
import org.medbook.client.model.SearchResultView;
import org.medbook.client.model.Slot;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A Java client generated at build time from the committed contract (api/openapi.json) signs a
 * patient in with a one-time code, finds a doctor, books a slot and cancels it against the running
 * application: the contract is one an integrator can build on.
 */
class GeneratedClientTests extends IntegrationTest {

    @Test
    void aGeneratedClientSignsInSearchesBooksAndCancels() throws Exception {
        NewDoctor doctor = bookableDoctor();
        UUID doctorId = UUID.fromString(doctor.id());
        ApiClient anonymous = client(null);

        String email = uniqueEmail("client");
        new SignInApi(anonymous).authRequestCode(new CodeRequest().channel(CodeRequest.ChannelEnum.EMAIL).destination(email));
        String code = codeIn(lastMailTo(email));
        String token = new SignInApi(anonymous).authVerifyCode(new CodeVerification().destination(email).code(code))
                .getAccessToken();
        ApiClient patient = client(token);

        DoctorsApi doctors = new DoctorsApi(patient);
        await().atMost(Duration.ofSeconds(10)).until(() -> found(doctors, doctorId));
        OffsetDateTime from = clock.instant().plus(Duration.ofMinutes(5)).atOffset(java.time.ZoneOffset.UTC);
        List<Slot> slots = doctors.publicDoctorsSlots(doctorId, from, from.plusDays(3), "IN_PERSON", null).getSlots();
        assertThat(slots).isNotEmpty();

        BookingsApi bookings = new BookingsApi(patient);
        BookingView booked = bookings.bookingsBook(UUID.randomUUID().toString(), new NewBooking().doctorId(doctorId)
                .start(slots.getFirst().getStart()).type(NewBooking.TypeEnum.IN_PERSON)
                .paymentMethod(NewBooking.PaymentMethodEnum.CASH));
        assertThat(booked.getStatus()).isEqualTo(BookingView.StatusEnum.CONFIRMED);
        assertThat(booked.getStart().toInstant()).isEqualTo(slots.getFirst().getStart().toInstant());

        BookingView cancelled = bookings.bookingsCancel(booked.getId(), new Cancellation().reason("plans changed"));
        assertThat(cancelled.getStatus()).isEqualTo(BookingView.StatusEnum.CANCELLED);
        assertThat(bookings.bookingsGet(booked.getId()).getStatus()).isEqualTo(BookingView.StatusEnum.CANCELLED);

        // a refusal reaches the client as the documented problem
        assertThatThrownBy(() -> new BookingsApi(anonymous).bookingsGet(booked.getId()))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.getCode()).isEqualTo(401);
                    assertThat(refused.getResponseBody()).contains("/problems/unauthorized");
                });
    }

    /** Every test doctor is a cardiologist, so the new one may be on any page of the results. */
    private static boolean found(DoctorsApi doctors, UUID doctorId) throws ApiException {
        for (int page = 0; ; page++) {
            List<SearchResultView> items = doctors.doctorSearchSearch("cardiology", null, null, null, null, null, null,
                    null, null, null, null, null, page, 100).getItems();
            if (items.stream().map(SearchResultView::getId).anyMatch(doctorId::equals)) {
                return true;
            }
            if (items.size() < 100) {
                return false;
            }
        }
    }

    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        client.setRequestInterceptor(request -> {
            request.header("X-Forwarded-For", newClientIp());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
        });
        return client;
    }
}
