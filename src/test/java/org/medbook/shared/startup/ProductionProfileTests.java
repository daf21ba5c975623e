package org.medbook.shared.startup;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.MedbookApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ProductionProfileTests {

    private static final Map<String, Object> SECURE = Map.of(
            "server.ssl.bundle", "medbook",
            "medbook.identity.tokens.private-key", "-----BEGIN PRIVATE KEY-----...",
            "medbook.crypto.data-keyset", "{\"primaryKeyId\":1}",
            "medbook.crypto.lookup-key", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=",
            "spring.datasource.password", "a real password",
            "medbook.visits.public-url", "https://medbook.clinic.example");

    private static Throwable startProd(Map<String, Object> properties) {
        // Command-line arguments, as an operator would pass them: they outrank application.yml.
        String[] args = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return org.assertj.core.api.Assertions.catchThrowable(() -> new SpringApplicationBuilder(MedbookApplication.class)
                .profiles("prod")
                .properties("spring.main.banner-mode=off", "logging.structured.format.console=", "server.port=0")
                .run(args));
    }

    @Test
    void refusesToStartWithTheDevelopmentDefaultsAndNamesEveryGap() {
        Throwable failure = startProd(Map.of());

        assertThat(failure).isInstanceOf(ProductionReadiness.InsecureConfigurationException.class)
                .hasMessageContaining("TLS is off")
                .hasMessageContaining("no token signing key")
                .hasMessageContaining("no data encryption keyset")
                .hasMessageContaining("no lookup hash key")
                .hasMessageContaining("database password is empty")
                .hasMessageContaining("MEDBOOK_PUBLIC_URL");
    }

    @Test
    void refusesJoinLinksThatAreNotHttps() {
        Map<String, Object> plainLinks = new java.util.HashMap<>(SECURE);
        plainLinks.put("medbook.visits.public-url", "http://medbook.clinic.example");

        assertThat(startProd(plainLinks)).isInstanceOf(ProductionReadiness.InsecureConfigurationException.class)
                .hasMessageContaining("MEDBOOK_PUBLIC_URL must be the https:// address");
        Map<String, Object> defaultLinks = new java.util.HashMap<>(SECURE);
        defaultLinks.remove("medbook.visits.public-url");
        assertThat(startProd(defaultLinks)).hasMessageContaining("MEDBOOK_PUBLIC_URL");
    }

    @Test
    void refusesToStartWithoutTls() {
        Map<String, Object> noTls = new java.util.HashMap<>(SECURE);
        noTls.remove("server.ssl.bundle");

        assertThat(startProd(noTls)).isInstanceOf(ProductionReadiness.InsecureConfigurationException.class)
                .hasMessageContaining("TLS is off").hasMessageNotContaining("signing key");
    }

    @Test
    void refusesWebPushWithAGeneratedVapidKeyPair() {
        assertThat(startProd(SECURE)).isInstanceOf(ProductionReadiness.InsecureConfigurationException.class)
                .hasMessageContaining("VAPID");
    }

    @Test
    void webPushNeedsRealVapidKeysOnlyWhenItIsOn() {
        MockEnvironment environment = new MockEnvironment();
        SECURE.forEach((key, value) -> environment.setProperty(key, value.toString()));
        environment.setProperty("medbook.web.require-https", "true");
        environment.setProperty("medbook.notifications.push.web-push-enabled", "true");
        assertThat(ProductionReadiness.problems(environment)).singleElement().asString().contains("MEDBOOK_VAPID_PRIVATE_KEY");

        environment.setProperty("medbook.notifications.push.vapid.public-key", "BPublicKeyOfTheDeployment");
        environment.setProperty("medbook.notifications.push.vapid.private-key", "privateKeyOfTheDeployment");
        environment.setProperty("medbook.notifications.push.vapid.subject", "mailto:ops@clinic.example");
        assertThat(ProductionReadiness.problems(environment)).isEmpty();

        environment.setProperty("medbook.notifications.push.vapid.private-key", "");
        environment.setProperty("medbook.notifications.push.web-push-enabled", "false");
        assertThat(ProductionReadiness.problems(environment)).isEmpty();
    }

    @Test
    void refusesToWriteCodesToTheLogInProduction() {
        Map<String, Object> loggingCodes = new java.util.HashMap<>(SECURE);
        loggingCodes.put("medbook.identity.otp.log-codes", "true");

        assertThat(startProd(loggingCodes)).hasMessageContaining("log-codes must be false");
    }

    @Test
    void refusesToWriteEmailsToTheLogInProduction() {
        Map<String, Object> loggingEmails = new java.util.HashMap<>(SECURE);
        loggingEmails.put("medbook.notifications.log-emails", "true");

        assertThat(startProd(loggingEmails)).hasMessageContaining("log-emails must be false");
    }

    @Test
    void acceptsAFullyConfiguredEnvironment() {
        MockEnvironment environment = new MockEnvironment();
        SECURE.forEach((key, value) -> environment.setProperty(key, value.toString()));
        environment.setProperty("medbook.web.require-https", "true");

        assertThat(ProductionReadiness.problems(environment)).isEmpty();
    }

    @Test
    void theProdProfileItselfTurnsOnHttpsOnlyAndTurnsOffCodeLogging() {
        Map<String, Object> almost = new java.util.HashMap<>(SECURE);
        almost.remove("spring.datasource.password");

        // Only the missing password is reported: the profile's own file supplied the rest.
        assertThat(startProd(almost)).hasMessageContaining("database password is empty")
                .hasMessageNotContaining("require-https")
                .hasMessageNotContaining("log-codes")
                .hasMessageNotContaining("log-emails");
    }
}
