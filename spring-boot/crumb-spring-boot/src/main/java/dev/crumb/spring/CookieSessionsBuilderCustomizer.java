package dev.crumb.spring;

import dev.crumb.CookieSessions;

/**
 * Adjusts the {@link CookieSessions.Builder} that the auto-configuration made from the
 * {@code crumb.*} properties, before it builds: for what properties cannot say, such as a
 * {@link dev.crumb.RevocationCheck} or a {@link java.time.Clock}. Declare it as a bean.
 */
@FunctionalInterface
public interface CookieSessionsBuilderCustomizer {

    /**
     * Changes the builder; called once, in bean order, after the properties were applied.
     *
     * @param builder the builder the {@code CookieSessions} bean is built from
     */
    void customize(CookieSessions.Builder builder);
}
