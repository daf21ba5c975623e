package org.medbook.load;

import java.util.List;

/** Knobs shared by the simulations, from system properties (-Dmedbook.load.rate=1000 ...). */
final class LoadSettings {

    static final String BASE_URL = System.getProperty("medbook.load.baseUrl", "http://127.0.0.1:8080");
    static final int RATE = Integer.getInteger("medbook.load.rate", 1000);
    static final int SECONDS = Integer.getInteger("medbook.load.seconds", 60);
    static final int RAMP_SECONDS = Integer.getInteger("medbook.load.rampSeconds", 10);
    /** open: new users at RATE a second; closed: USERS clients, each sending its next request when answered. */
    static final String MODEL = System.getProperty("medbook.load.model", "open");
    static final int USERS = Integer.getInteger("medbook.load.users", 8);

    /** The demo cities (see DemoDoctors): centre latitude and longitude. */
    static final List<double[]> CITIES = List.of(
            new double[] {52.5200, 13.4050}, new double[] {48.1351, 11.5820}, new double[] {53.5511, 9.9937},
            new double[] {48.2082, 16.3738}, new double[] {48.8566, 2.3522}, new double[] {40.4168, -3.7038},
            new double[] {51.5074, -0.1278}, new double[] {40.7128, -74.0060}, new double[] {41.8781, -87.6298},
            new double[] {34.0522, -118.2437}, new double[] {-23.5505, -46.6333}, new double[] {35.6762, 139.6503},
            new double[] {-33.8688, 151.2093});

    static final List<String> SPECIALTIES = List.of("general-practice", "cardiology", "dermatology", "pediatrics",
            "gynecology", "orthopedics", "psychiatry", "psychotherapy", "neurology", "ophthalmology", "otolaryngology",
            "dentistry", "endocrinology", "gastroenterology", "urology", "pulmonology", "allergology", "oncology",
            "radiology", "physiotherapy");

    private LoadSettings() {
    }
}
