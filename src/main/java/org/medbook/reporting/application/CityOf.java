package org.medbook.reporting.application;

/**
 * The city of a practice address as people write them ("Friedrichstr. 100, 10117 Berlin"): the last
 * comma-separated part without its postal code. Good enough to rank cities; no geocoding involved.
 */
final class CityOf {

    private CityOf() {
    }

    static String address(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        String[] parts = address.split(",");
        String last = parts[parts.length - 1].strip();
        String city = last.replaceAll("^[0-9A-Z]{0,3}[0-9][0-9A-Z -]*\\s+", "").strip();
        return city.isEmpty() ? null : city;
    }
}
