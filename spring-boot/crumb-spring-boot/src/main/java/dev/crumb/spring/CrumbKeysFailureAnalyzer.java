package dev.crumb.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start without session keys into Spring Boot's "APPLICATION FAILED TO START" report with the fix. */
public class CrumbKeysFailureAnalyzer extends AbstractFailureAnalyzer<CrumbKeysMissingException> {

    /** Created by Spring Boot from {@code META-INF/spring.factories}. */
    public CrumbKeysFailureAnalyzer() {}

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CrumbKeysMissingException cause) {
        return new FailureAnalysis("Crumb keeps sessions in cookies sealed with secret keys, and none are configured.",
                CrumbKeysMissingException.ACTION, cause);
    }
}
