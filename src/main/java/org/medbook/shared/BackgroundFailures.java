package org.medbook.shared;

import java.lang.reflect.Method;

import org.medbook.shared.web.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.util.ErrorHandler;

/**
 * How a failure in the background is logged: a scheduled job's run (outbox, notifications, digests,
 * reminders, retention) or an event listener running after commit (a refund, a fan-out). Both are
 * tried again (the job at its next turn, the listener's event publication by resubmission), so a
 * database that cannot be reached for a moment or a provider that is unavailable is one WARN line,
 * not an ERROR with a stack trace; anything else is still an ERROR with its stack trace.
 */
@Component
class BackgroundFailures implements ErrorHandler, AsyncUncaughtExceptionHandler, AsyncConfigurer, BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(BackgroundFailures.class);

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof ThreadPoolTaskScheduler scheduler) {
            scheduler.setErrorHandler(this);
        }
        return bean;
    }

    @Override
    public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return this;
    }

    @Override
    public void handleError(Throwable failure) {
        if (passing(failure)) {
            log.warn("A scheduled job is tried again at its next turn: {}", innermost(failure));
        } else {
            log.error("A scheduled job failed; it runs again at its next turn", failure);
        }
    }

    @Override
    public void handleUncaughtException(Throwable failure, Method method, Object... parameters) {
        String listener = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        if (passing(failure)) {
            log.warn("{} is tried again when its event is resubmitted: {}", listener, innermost(failure));
        } else {
            log.error("{} failed; it is tried again when its event is resubmitted", listener, failure);
        }
    }

    /** The database cannot be reached, or a provider is unavailable: nothing to fix, only to wait for. */
    private static boolean passing(Throwable failure) {
        return DatabaseFailures.unreachable(failure)
                || failure instanceof MedbookException medbook && medbook.kind() == ProblemKind.UNAVAILABLE;
    }

    private static String innermost(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause.getCause() != null && depth < 20; depth++) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
