package org.medbook.shared.startup;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * In the {@code prod} profile, refuses to start with anything a developer machine gets by default:
 * no TLS, a generated signing or encryption key, codes or e-mails written to the log, an empty database
 * password. Runs before any other bean is built, so the failure is immediate and lists every gap.
 */
public class ProductionReadiness implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new InsecureConfigurationException(problems);
        }
    }

    static List<String> problems(Environment env) {
        List<String> problems = new ArrayList<>();
        if (blank(env, "server.ssl.bundle") && !env.getProperty("server.ssl.enabled", Boolean.class, false)) {
            problems.add("TLS is off: set server.ssl.bundle (MEDBOOK_SSL_BUNDLE) to an SSL bundle");
        }
        if (!env.getProperty("medbook.web.require-https", Boolean.class, false)) {
            problems.add("medbook.web.require-https must be true");
        }
        String publicUrl = env.getProperty("medbook.visits.public-url", "");
        if (!publicUrl.strip().toLowerCase(java.util.Locale.ROOT).startsWith("https://")) {
            problems.add("MEDBOOK_PUBLIC_URL must be the https:// address people open (join links start with it, "
                    + "and browsers give a page camera and microphone only over HTTPS)");
        }
        if (blank(env, "medbook.identity.tokens.private-key")) {
            problems.add("no token signing key: set MEDBOOK_JWT_PRIVATE_KEY (a generated development key is refused)");
        }
        if (blank(env, "medbook.crypto.data-keyset")) {
            problems.add("no data encryption keyset: set MEDBOOK_DATA_KEYSET (a generated development key is refused)");
        }
        if (blank(env, "medbook.crypto.lookup-key")) {
            problems.add("no lookup hash key: set MEDBOOK_LOOKUP_KEY");
        }
        if (env.getProperty("medbook.notifications.push.web-push-enabled", Boolean.class, false)
                && (blank(env, "medbook.notifications.push.vapid.public-key")
                || blank(env, "medbook.notifications.push.vapid.private-key")
                || blank(env, "medbook.notifications.push.vapid.subject"))) {
            problems.add("Web Push is on without its VAPID keys: set MEDBOOK_VAPID_PUBLIC_KEY, MEDBOOK_VAPID_PRIVATE_KEY "
                    + "and MEDBOOK_VAPID_SUBJECT (a generated development pair is refused), or MEDBOOK_WEB_PUSH_ENABLED=false");
        }
        if (env.getProperty("medbook.identity.otp.log-codes", Boolean.class, false)) {
            problems.add("medbook.identity.otp.log-codes must be false: codes must never reach a log");
        }
        if (env.getProperty("medbook.notifications.log-emails", Boolean.class, false)) {
            problems.add("medbook.notifications.log-emails must be false: e-mails carry passwords and health data");
        }
        if (blank(env, "spring.datasource.password")) {
            problems.add("the database password is empty: set MEDBOOK_DB_PASSWORD");
        }
        String bootstrapPassword = env.getProperty("medbook.identity.bootstrap-admin.password");
        if (bootstrapPassword != null && !bootstrapPassword.isBlank() && bootstrapPassword.length() < 12) {
            problems.add("the bootstrap admin password is too short for production (12+ characters)");
        }
        return problems;
    }

    private static boolean blank(Environment env, String key) {
        String value = env.getProperty(key);
        return value == null || value.isBlank();
    }

    /** Names every gap at once, so one restart fixes them all. */
    public static final class InsecureConfigurationException extends IllegalStateException {

        InsecureConfigurationException(List<String> problems) {
            super("Refusing to start with the prod profile: " + String.join("; ", problems));
        }
    }
}
