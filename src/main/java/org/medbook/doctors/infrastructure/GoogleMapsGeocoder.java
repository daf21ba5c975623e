package org.medbook.doctors.infrastructure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

import org.medbook.doctors.application.DoctorsProperties;
import org.medbook.doctors.domain.Geocoder;
import org.medbook.shared.http.ProviderHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google Maps Geocoding API ({@code GET /maps/api/geocode/json?address=..&key=..}). Definite answers
 * (a place, or ZERO_RESULTS) are cached in PostgreSQL for every node; throttling
 * (OVER_QUERY_LIMIT), refusals, errors and timeouts are reported as unavailable and not cached.
 */
@Component
class GoogleMapsGeocoder implements Geocoder {

    private static final Logger log = LoggerFactory.getLogger(GoogleMapsGeocoder.class);

    private final DoctorsProperties.Geocoding properties;
    private final RestClient http;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    GoogleMapsGeocoder(DoctorsProperties properties, JdbcClient jdbc, JsonMapper json, Clock clock,
            ProviderHttpClients clients) {
        this.properties = properties.geocoding();
        this.http = clients.builder(this.properties.timeouts()).baseUrl(this.properties.baseUrl()).build();
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Result geocode(String address) {
        String normalised = address.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        byte[] key = sha256(normalised);
        Optional<Result> cached = cached(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (!properties.enabled()) {
            return new Result.Unavailable("geocoding-not-configured");
        }
        JsonNode answer;
        try {
            answer = json.readTree(http.get()
                    .uri(uri -> uri.path("/maps/api/geocode/json").queryParam("address", address.strip())
                            .queryParam("key", properties.apiKey()).build())
                    .retrieve()
                    .body(String.class));
        } catch (RestClientException | tools.jackson.core.JacksonException e) {
            log.warn("Geocoding failed: {}", e.getClass().getSimpleName());
            return new Result.Unavailable("geocoding-failed");
        }
        String status = answer.path("status").asString("");
        Result result = switch (status) {
            case "OK" -> {
                JsonNode first = answer.path("results").path(0);
                JsonNode location = first.path("geometry").path("location");
                if (!location.path("lat").isNumber() || !location.path("lng").isNumber()) {
                    yield new Result.Unavailable("geocoding-malformed-answer");
                }
                yield new Result.Found(location.path("lat").asDouble(), location.path("lng").asDouble(),
                        first.path("formatted_address").asString(null));
            }
            case "ZERO_RESULTS" -> new Result.NotFound();
            case "OVER_QUERY_LIMIT", "OVER_DAILY_LIMIT" -> new Result.Unavailable("geocoding-over-query-limit");
            default -> {
                log.warn("Geocoding answered {}", status);
                yield new Result.Unavailable("geocoding-" + status.toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        };
        if (result instanceof Result.Found || result instanceof Result.NotFound) {
            remember(key, result);
        }
        return result;
    }

    private Optional<Result> cached(byte[] key) {
        OffsetDateTime freshAfter = clock.instant().minus(properties.cacheTtl()).atOffset(ZoneOffset.UTC);
        return jdbc.sql("SELECT status, latitude, longitude, formatted_address FROM geocode_cache WHERE query_hash = :key AND cached_at > :fresh")
                .param("key", key).param("fresh", freshAfter)
                .query((rs, n) -> "OK".equals(rs.getString("status"))
                        ? (Result) new Result.Found(rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getString("formatted_address"))
                        : new Result.NotFound())
                .optional();
    }

    private void remember(byte[] key, Result result) {
        Instant now = clock.instant();
        Result.Found found = result instanceof Result.Found f ? f : null;
        jdbc.sql("""
                INSERT INTO geocode_cache (query_hash, status, latitude, longitude, formatted_address, cached_at)
                VALUES (:key, :status, :lat, :lng, :formatted, :now)
                ON CONFLICT (query_hash) DO UPDATE SET status = EXCLUDED.status, latitude = EXCLUDED.latitude,
                    longitude = EXCLUDED.longitude, formatted_address = EXCLUDED.formatted_address, cached_at = EXCLUDED.cached_at
                """)
                .param("key", key).param("status", found == null ? "ZERO_RESULTS" : "OK")
                .param("lat", found == null ? null : found.latitude()).param("lng", found == null ? null : found.longitude())
                .param("formatted", found == null ? null : found.formattedAddress())
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
