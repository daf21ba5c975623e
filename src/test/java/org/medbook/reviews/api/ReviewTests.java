package org.medbook.reviews.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReviewTests extends ReviewTestSupport {

    @Test
    void onlyThePatientOfACompletedVisitReviewsItAndOnlyOnce() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        String pending = booked(ann, doctor.id(), at(berlinDay(5), 9, 0), "IN_PERSON", "CASH");
        String visit = completedVisits(doctor, List.of(ann)).get(0);
        bob.signIn();

        Api.Response notCompleted = review(ann.token, pending, 5, "Great");
        assertThat(notCompleted.status()).as(notCompleted.toString()).isEqualTo(422);
        assertThat(notCompleted.problem()).isEqualTo("booking-not-completed");

        Api.Response notYours = review(bob.token, visit, 1, "Never met her");
        assertThat(notYours.status()).as(notYours.toString()).isEqualTo(422);
        assertThat(notYours.problem()).isEqualTo("booking-not-yours");

        Api.Response first = review(ann.token, visit, 4, "Kind and thorough.\nWould come back.");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.body().path("verifiedVisit").asBoolean()).isTrue();
        assertThat(first.body().path("rating").asInt()).isEqualTo(4);
        assertThat(first.text("text")).isEqualTo("Kind and thorough.\nWould come back.");

        Api.Response again = review(ann.token, visit, 5, "Even better");
        assertThat(again.status()).as(again.toString()).isEqualTo(422);
        assertThat(again.problem()).isEqualTo("already-reviewed");

        Api.Response unknown = review(ann.token, java.util.UUID.randomUUID().toString(), 5, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(review(doctorLogin(doctor), visit, 5, null).status()).isEqualTo(403);
        assertThat(api.post(BOOKINGS + "/" + visit + "/review", body("rating", 5), null).status()).isEqualTo(401);

        assertThat(profile(doctor.id()).body().path("rating").decimalValue()).isEqualByComparingTo("4.0");
        assertThat(profile(doctor.id()).body().path("reviewCount").asInt()).isEqualTo(1);
    }

    @Test
    void aReviewIsARatingFromOneToFiveWithPlainTextOfAtMostTwoThousandCharacters() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String visit = completedVisits(doctor, List.of(ann)).get(0);

        for (int rating : List.of(0, 6)) {
            Api.Response bad = review(ann.token, visit, rating, null);
            assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        }
        Api.Response noRating = api.post(BOOKINGS + "/" + visit + "/review", Map.of("text", "fine"), ann.token);
        assertThat(noRating.status()).isEqualTo(400);
        Api.Response tooLong = review(ann.token, visit, 3, "x".repeat(2001));
        assertThat(tooLong.status()).isEqualTo(400);
        for (String markup : List.of("<b>great</b>", "nice <script>alert(1)</script>", "a &amp; b", "<!-- c -->")) {
            Api.Response refused = review(ann.token, visit, 3, markup);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("invalid-text");
        }
        assertThat(review(ann.token, visit, 3, "2 < 3 and 5 > 4: fair & square").status()).isEqualTo(201);
        assertThat(review(ann.token, visit, 3, null).status()).isEqualTo(422);
    }

    @Test
    void theAuthorMayChangeTheReviewForFourteenDaysAndNotAfter() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        List<String> visits = completedVisits(doctor, List.of(ann, bob));
        reviewed(ann.token, visits.get(0), 2, "Late");
        reviewed(bob.token, visits.get(1), 4, null);
        assertThat(profile(doctor.id()).body().path("rating").decimalValue()).isEqualByComparingTo("3.0");

        Api.Response notHers = api.put(BOOKINGS + "/" + visits.get(1) + "/review", body("rating", 1), ann.token);
        assertThat(notHers.status()).as(notHers.toString()).isEqualTo(422);
        assertThat(notHers.problem()).isEqualTo("booking-not-yours");

        clock.advance(Duration.ofDays(13).plusHours(23));
        ann.signIn();
        Api.Response changed = api.put(BOOKINGS + "/" + visits.get(0) + "/review",
                body("rating", 5, "text", "Late, but worth the wait"), ann.token);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.body().path("rating").asInt()).isEqualTo(5);
        assertThat(changed.text("updatedAt")).isNotNull();
        assertThat(profile(doctor.id()).body().path("rating").decimalValue()).isEqualByComparingTo("4.5");
        // the change is stored: the public list shows it as edited, the review never changed as not
        JsonNode listed = api.get("/api/v1/doctors/" + doctor.id() + "/reviews?sort=highest", null).body().path("items");
        assertThat(listed.get(0).path("text").asString()).isEqualTo("Late, but worth the wait");
        assertThat(listed.get(0).path("updatedAt").isNull()).isFalse();
        assertThat(listed.get(1).path("rating").asInt()).isEqualTo(4);
        assertThat(listed.get(1).path("updatedAt").isMissingNode() || listed.get(1).path("updatedAt").isNull()).isTrue();
        assertThat(listed.get(1).path("reply").isMissingNode() || listed.get(1).path("reply").isNull()).isTrue();
        // one's own review only
        assertThat(api.get(BOOKINGS + "/" + visits.get(1) + "/review", ann.token).status()).isEqualTo(404);
        bob.signIn();
        assertThat(api.get(BOOKINGS + "/" + visits.get(1) + "/review", bob.token).body().path("rating").asInt())
                .isEqualTo(4);

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        ann.signIn();
        Api.Response tooLate = api.put(BOOKINGS + "/" + visits.get(0) + "/review", body("rating", 1), ann.token);
        assertThat(tooLate.status()).as(tooLate.toString()).isEqualTo(422);
        assertThat(tooLate.problem()).isEqualTo("review-window-over");
        assertThat(api.get(BOOKINGS + "/" + visits.get(0) + "/review", ann.token).body().path("rating").asInt())
                .isEqualTo(5);
    }

    @Test
    void thePublicSeesAFirstNameAndInitialOrNothingForAnAnonymousAuthorSortedAsAsked() {
        NewDoctor doctor = bookableDoctor();
        Patient maria = namedPatient("Maria", "Schmidt-Weber");
        Patient jon = namedPatient("Jon", "Doe");
        Patient eve = namedPatient("Eve", "Secret");
        List<String> visits = completedVisits(doctor, List.of(maria, jon, eve));
        reviewed(maria.token, visits.get(0), 5, "Excellent");
        clock.advance(Duration.ofMinutes(1));
        reviewed(jon.token, visits.get(1), 2, "Rushed");
        clock.advance(Duration.ofMinutes(1));
        Api.Response anonymous = api.post(BOOKINGS + "/" + visits.get(2) + "/review",
                body("rating", 3, "text", "Average", "anonymous", true), eve.token);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(201);

        Api.Response newest = api.get("/api/v1/doctors/" + doctor.id() + "/reviews", null);
        assertThat(newest.status()).as(newest.toString()).isEqualTo(200);
        assertThat(newest.body().path("items").findValuesAsString("author"))
                .containsExactly("Anonymous", "Jon D.", "Maria S.");
        assertThat(newest.raw()).doesNotContain("Schmidt", "Doe", "Secret", "patientId", maria.id());
        assertThat(newest.body().path("items").get(0).path("verifiedVisit").asBoolean()).isTrue();
        assertThat(newest.body().path("totalItems").asLong()).isEqualTo(3);

        assertThat(api.get("/api/v1/doctors/" + doctor.id() + "/reviews?sort=highest", null).body().path("items")
                .findValuesAsString("author")).containsExactly("Maria S.", "Anonymous", "Jon D.");
        assertThat(api.get("/api/v1/doctors/" + doctor.id() + "/reviews?sort=lowest&size=1&page=1", null).body()
                .path("items").findValuesAsString("author")).containsExactly("Anonymous");
        Api.Response badSort = api.get("/api/v1/doctors/" + doctor.id() + "/reviews?sort=loudest", null);
        assertThat(badSort.status()).isEqualTo(400);
        assertThat(badSort.problem()).isEqualTo("invalid-parameter");
    }

    @Test
    void theDoctorRepliesOnceAndOnlyToTheirOwnReviews() {
        NewDoctor doctor = bookableDoctor();
        NewDoctor other = bookableDoctor();
        Patient ann = newPatient("ann");
        String visit = completedVisits(doctor, List.of(ann)).get(0);
        String reviewId = reviewed(ann.token, visit, 4, "Good");
        String doctorToken = doctorLogin(doctor);

        Api.Response stranger = api.post("/api/v1/doctor/reviews/" + reviewId + "/reply", body("text", "Thanks"),
                doctorLogin(other));
        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(404);
        assertThat(api.post("/api/v1/doctor/reviews/" + reviewId + "/reply", body("text", "Thanks"), ann.token).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/doctor/reviews/" + reviewId + "/reply", body("text", " "), doctorToken).status())
                .isEqualTo(400);

        Api.Response replied = api.post("/api/v1/doctor/reviews/" + reviewId + "/reply",
                body("text", "Thank you, see you next time."), doctorToken);
        assertThat(replied.status()).as(replied.toString()).isEqualTo(200);
        assertThat(replied.body().path("reply").path("text").asString()).isEqualTo("Thank you, see you next time.");
        Api.Response twice = api.post("/api/v1/doctor/reviews/" + reviewId + "/reply", body("text", "Again"), doctorToken);
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.problem()).isEqualTo("already-replied");

        JsonNode shown = api.get("/api/v1/doctors/" + doctor.id() + "/reviews", null).body().path("items").get(0);
        assertThat(shown.path("reply").path("text").asString()).isEqualTo("Thank you, see you next time.");
        assertThat(api.get("/api/v1/doctor/reviews", doctorToken).body().path("items").get(0).path("id").asString())
                .isEqualTo(reviewId);
    }

    @Test
    void aHiddenReviewLeavesTheListTheAverageAndTheSearchOrderAtOnceAndTheActionIsAudited() {
        NamedDoctor first = namedDoctor("rvh");
        NamedDoctor second = namedDoctor(first.word());
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        // first: 5 and 1 make 3.0; second: 4 and 4 make 4.0
        List<String> firstVisits = completedVisitsFor(first, ann, bob);
        String low = reviewed(bob.token, firstVisits.get(1), 1, "Rude");
        reviewed(ann.token, firstVisits.get(0), 5, "Lovely");
        Patient cid = newPatient("cid");
        Patient dan = newPatient("dan");
        List<String> secondVisits = completedVisitsFor(second, cid, dan);
        ann.signIn();
        reviewed(cid.token, secondVisits.get(0), 4, null);
        reviewed(dan.token, secondVisits.get(1), 4, null);

        Api.Response report = api.post("/api/v1/reviews/" + low + "/report", body("reason", "Insulting"), ann.token);
        assertThat(report.status()).as(report.toString()).isEqualTo(202);
        assertThat(api.post("/api/v1/reviews/" + low + "/report", body("reason", "Insulting"), ann.token).status())
                .isEqualTo(202);

        String moderator = helperToken(List.of("reviews:moderate"));
        String other = helperToken(List.of("users:read", "bookings:manage", "content:manage"));
        Api.Response queue = api.get("/api/v1/admin/reviews?reported=true&doctorId=" + first.id(), moderator);
        assertThat(queue.status()).as(queue.toString()).isEqualTo(200);
        assertThat(queue.body().path("items").get(0).path("id").asString()).isEqualTo(low);
        assertThat(queue.body().path("items").get(0).path("reports").asInt()).isEqualTo(1);

        String query = "q=" + first.word() + "&sort=rating&size=10";
        await().atMost(Duration.ofSeconds(10)).until(() -> "3.0".equals(ratingInSearch(query, first.id())));
        assertThat(search(query).body().path("items").findValuesAsString("id")).containsExactly(second.id(), first.id());

        assertThat(api.post("/api/v1/admin/reviews/" + low + "/hide", body("reason", "Abusive"), other).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/admin/reviews/" + low + "/hide", body("reason", "Abusive"), ann.token).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/admin/reviews/" + low + "/hide", Map.of(), moderator).status()).isEqualTo(400);
        Api.Response hidden = api.post("/api/v1/admin/reviews/" + low + "/hide", body("reason", "Abusive"), moderator);
        assertThat(hidden.status()).as(hidden.toString()).isEqualTo(200);
        assertThat(hidden.body().path("hidden").asBoolean()).isTrue();

        Api.Response profile = profile(first.id());
        assertThat(profile.body().path("rating").decimalValue()).isEqualByComparingTo("5.0");
        assertThat(profile.body().path("reviewCount").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/doctors/" + first.id() + "/reviews", null).body().path("items")
                .findValuesAsString("id")).doesNotContain(low);
        await().atMost(Duration.ofSeconds(10)).until(() -> "5.0".equals(ratingInSearch(query, first.id())));
        // one review is below the minimum of three, two are too: with equal standing, 5.0 outranks 4.0
        assertThat(search(query).body().path("items").findValuesAsString("id")).containsExactly(first.id(), second.id());
        Api.Response againHidden = api.post("/api/v1/admin/reviews/" + low + "/hide", body("reason", "x"), moderator);
        assertThat(againHidden.status()).isEqualTo(422);
        assertThat(api.post("/api/v1/reviews/" + low + "/report", body("reason", "x"), cid.token).status()).isEqualTo(404);

        Api.Response restored = api.post("/api/v1/admin/reviews/" + low + "/restore", body("reason", "Appeal upheld"),
                moderator);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(profile(first.id()).body().path("rating").decimalValue()).isEqualByComparingTo("3.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> "3.0".equals(ratingInSearch(query, first.id())));

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/admin/audit?target=review:" + low, admin)
                .body().path("items").findValuesAsString("action").containsAll(List.of("review.hidden", "review.restored",
                        "review.reported")));
    }

    @Test
    void searchRanksByRatingOnlyDoctorsWithEnoughReviewsFirstAndFiltersByMinimumRating() {
        NamedDoctor single = namedDoctor("rvs");
        NamedDoctor many = namedDoctor(single.word());
        NamedDoctor none = namedDoctor(single.word());
        Patient ann = newPatient("ann");
        String annsVisit = completedVisitsFor(single, ann).get(0);
        reviewed(ann.token, annsVisit, 5, "Perfect");
        Patient bob = newPatient("bob");
        Patient cid = newPatient("cid");
        Patient dan = newPatient("dan");
        List<String> visits = completedVisitsFor(many, bob, cid, dan);
        reviewed(bob.token, visits.get(0), 5, null);
        reviewed(cid.token, visits.get(1), 5, null);
        reviewed(dan.token, visits.get(2), 4, null);

        String query = "q=" + single.word() + "&size=10";
        await().atMost(Duration.ofSeconds(10)).until(() -> "4.7".equals(ratingInSearch(query, many.id())));
        await().atMost(Duration.ofSeconds(10)).until(() -> "5.0".equals(ratingInSearch(query, single.id())));
        assertThat(search(query + "&sort=rating").body().path("items").findValuesAsString("id"))
                .containsExactly(many.id(), single.id(), none.id());
        assertThat(search(query + "&minRating=4.8").body().path("items").findValuesAsString("id"))
                .containsExactly(single.id());
        assertThat(search(query + "&minRating=4.5&sort=rating").body().path("items").findValuesAsString("id"))
                .containsExactly(many.id(), single.id());

        // near a point with nothing else to filter by, the rating still filters before the page is cut
        Api.Response near = search("lat=52.5208&lng=13.3880&radiusKm=1&size=100&minRating=4.8");
        List<String> nearIds = near.body().path("items").findValuesAsString("id");
        assertThat(nearIds).contains(single.id()).doesNotContain(many.id(), none.id()).hasSizeLessThan(100);
        assertThat(near.body().path("totalItems").asLong()).isEqualTo(nearIds.size());
        near.body().path("items").forEach(item -> assertThat(item.path("rating").asDouble()).isGreaterThanOrEqualTo(4.8));

        JsonNode inSearch = itemOf(search(query), many.id());
        Api.Response profile = profile(many.id());
        assertThat(inSearch.path("rating").decimalValue()).isEqualByComparingTo(profile.body().path("rating").decimalValue());
        assertThat(inSearch.path("reviewCount").asInt()).isEqualTo(profile.body().path("reviewCount").asInt()).isEqualTo(3);
        assertThat(itemOf(search(query), none.id()).has("rating")).isFalse();
        assertThat(profile(none.id()).body().has("rating")).isFalse();

        Api.Response bad = api.get("/api/v1/doctors?minRating=6", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw()).contains("minRating");
    }

    @Test
    void theDoctorIsToldOfANewReviewAndThePatientIsInvitedOnceADayAfterTheVisit() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        List<String> visits = completedVisits(doctor, List.of(ann, bob));

        clock.advance(Duration.ofHours(23));
        ann.signIn();
        bob.signIn();
        reviewed(bob.token, visits.get(1), 5, "Quick");
        String doctorToken = doctorLogin(doctor);
        JsonNode told = awaitNotification(doctorToken, "REVIEW_RECEIVED");
        assertThat(told.path("category").asString()).isEqualTo("REVIEWS");
        assertThat(told.path("body").asString()).contains("5 out of 5");
        awaitMail(doctor.email(), "New review");
        assertThat(kinds(ann.token)).doesNotContain("REVIEW_INVITATION");

        clock.advance(Duration.ofHours(1).plusMinutes(5));
        ann.signIn();
        bob.signIn();
        JsonNode invited = awaitNotification(ann.token, "REVIEW_INVITATION");
        assertThat(invited.path("category").asString()).isEqualTo("REVIEWS");
        assertThat(invited.path("data").path("bookingId").asString()).isEqualTo(visits.get(0));
        awaitMail(ann.email, "How was your visit?");

        clock.advance(Duration.ofDays(2));
        ann.signIn();
        bob.signIn();
        // bob reviewed before the day was over: he is never asked; ann is asked once
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(kinds(bob.token)).doesNotContain("REVIEW_INVITATION");
        assertThat(kinds(ann.token).stream().filter("REVIEW_INVITATION"::equals).count()).isEqualTo(1);
        assertThat(mailsWithSubject(ann.email, "How was your visit?")).isEqualTo(1);
    }

    private List<String> completedVisitsFor(NamedDoctor doctor, Patient... patients) {
        return completedVisits(doctor, List.of(patients));
    }

    private String ratingInSearch(String query, String doctorId) {
        JsonNode item = itemOf(search(query), doctorId);
        return item == null || !item.has("rating") ? null
                : item.path("rating").decimalValue().setScale(1, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static JsonNode itemOf(Api.Response page, String doctorId) {
        for (JsonNode item : page.body().path("items")) {
            if (item.path("id").asString().equals(doctorId)) {
                return item;
            }
        }
        return null;
    }
}
