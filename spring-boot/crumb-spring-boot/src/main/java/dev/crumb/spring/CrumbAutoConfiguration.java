package dev.crumb.spring;

import dev.crumb.CookieSessions;
import dev.crumb.RejectReason;
import dev.crumb.RevocationCheck;
import dev.crumb.SessionException;
import dev.crumb.SessionListener;
import dev.crumb.redis.RedisRevocations;
import dev.crumb.servlet.CookieSessionFilter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.servlet.support.AbstractFlashMapManager;

/**
 * Keeps a servlet application's sessions in Crumb cookies: a {@link CookieSessions} bean from the
 * {@code crumb.*} properties ({@link CrumbProperties}) unless the application defines one, and
 * {@link CookieSessionFilter} registered ahead of Spring Security's filter chain. With Spring
 * Security, every {@code SecurityFilterChain} keeps its security context, CSRF token and saved
 * request compactly in the cookie ({@link CrumbHttpConfigurer}); with Spring MVC, flash attributes
 * work ({@link CrumbFlashMapManager}); with Micrometer, sessions are measured
 * ({@link MicrometerSessionListener}). A {@link RevocationCheck} bean, if there is one, voids
 * sessions; with crumb-redis on the class path and {@code crumb.revocation.redis.uri} set, that is
 * a {@link RedisRevocations} from the {@code crumb.revocation.redis.*} properties
 * ({@link CrumbRedisProperties}) unless the application defines its own check.
 * {@code crumb.enabled=false} turns all of it off.
 */
@AutoConfiguration(beforeName = {
        // Its flashMapManager backs off when ours exists, so ours must be defined first (Boot 4, Boot 3).
        "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({CookieSessions.class, CookieSessionFilter.class})
@ConditionalOnProperty(prefix = "crumb", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CrumbProperties.class)
public class CrumbAutoConfiguration {

    /**
     * The filter's order: ahead of everything that may touch the session, Spring Security's
     * filter chain (order -100 by default) included; the same place Spring Session takes.
     */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

    /** Made by Spring Boot. */
    public CrumbAutoConfiguration() {}

    /**
     * The application's cookie sessions, from the {@code crumb.*} properties, checked by the
     * {@link RevocationCheck} bean if there is one, told of every {@link SessionListener} bean and
     * adjusted by every {@link CookieSessionsBuilderCustomizer}.
     *
     * @throws CrumbKeysMissingException if no keys are configured
     * @throws IllegalArgumentException naming the {@code crumb.*} property at fault
     */
    @Bean
    @ConditionalOnMissingBean
    public CookieSessions cookieSessions(CrumbProperties properties, ObjectProvider<RevocationCheck> revocation,
            ObjectProvider<SessionListener> listeners, ObjectProvider<CookieSessionsBuilderCustomizer> customizers) {
        CookieSessions.Builder builder = CrumbSettings.builder(properties, System::getenv);
        // Several checks and no @Primary one fail here rather than leave sessions unchecked.
        revocation.ifAvailable(builder::revocation);
        List<SessionListener> all = listeners.orderedStream().toList();
        if (!all.isEmpty()) {
            builder.listener(all.size() == 1 ? all.get(0) : new Listeners(all));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return CrumbSettings.build(builder);
    }

    /**
     * Registers {@link CookieSessionFilter} for every URL, on request, async and error dispatches
     * (Spring Security's chain runs on all three, and error pages may read the session).
     */
    @Bean
    @ConditionalOnMissingBean(name = "crumbSessionFilter")
    public FilterRegistrationBean<CookieSessionFilter> crumbSessionFilter(CookieSessions sessions) {
        FilterRegistrationBean<CookieSessionFilter> registration =
                new FilterRegistrationBean<>(new CookieSessionFilter(sessions));
        registration.setName("crumbSessionFilter");
        registration.setOrder(FILTER_ORDER);
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    /** The compact Spring Security repositories that {@link CrumbHttpConfigurer} installs. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HttpSecurity.class, SecurityContextRepository.class})
    @ConditionalOnProperty(prefix = "crumb.security", name = "enabled", matchIfMissing = true)
    static class SecurityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CrumbSecurityContextRepository crumbSecurityContextRepository() {
            return new CrumbSecurityContextRepository();
        }

        @Bean
        @ConditionalOnMissingBean
        CrumbCsrfTokenRepository crumbCsrfTokenRepository() {
            return new CrumbCsrfTokenRepository();
        }

        @Bean
        @ConditionalOnMissingBean
        CrumbRequestCache crumbRequestCache() {
            return new CrumbRequestCache();
        }
    }

    /** Spring MVC flash attributes in the cookie. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(AbstractFlashMapManager.class)
    static class MvcConfiguration {

        /** Named as {@code DispatcherServlet} looks it up. */
        @Bean(name = "flashMapManager")
        @ConditionalOnMissingBean(name = "flashMapManager")
        CrumbFlashMapManager flashMapManager() {
            return new CrumbFlashMapManager();
        }
    }

    /**
     * Revocations shared by every node through Redis, from {@code crumb.revocation.redis.*}, as
     * the sessions' {@link RevocationCheck}; the application's own check, if it defines one, wins.
     * Injected as {@link RedisRevocations} to revoke; closed at shutdown.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisRevocations.class)
    @ConditionalOnProperty(prefix = "crumb.revocation.redis", name = "uri")
    @EnableConfigurationProperties(CrumbRedisProperties.class)
    static class RedisConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(RevocationCheck.class)
        RedisRevocations crumbRedisRevocations(CrumbRedisProperties redis, CrumbProperties properties) {
            return CrumbRedisSettings.revocations(redis, properties.getTimeouts());
        }
    }

    /** {@code crumb.revocation.redis.uri} without crumb-redis would leave revocations unshared, silently. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.crumb.redis.RedisRevocations")
    @ConditionalOnProperty(prefix = "crumb.revocation.redis", name = "uri")
    static class RedisMissingConfiguration {

        RedisMissingConfiguration() {
            throw new IllegalStateException("crumb.revocation.redis.uri is set, but crumb-redis is not on the "
                    + "class path: add the dependency dev.crumb:crumb-redis, or remove the property");
        }
    }

    /** Session metrics, when the application has a {@link MeterRegistry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        /**
         * The registry is looked up when the sessions are built, not by a condition, so it is
         * found whichever auto-configuration defines it. Null (no bean) without a registry.
         */
        @Bean
        @ConditionalOnMissingBean
        MicrometerSessionListener crumbSessionMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry meters = registry.getIfUnique();
            return meters == null ? null : new MicrometerSessionListener(meters);
        }
    }

    /** Several listeners as one, in bean order. */
    private static final class Listeners implements SessionListener {
        private final List<SessionListener> listeners;

        Listeners(List<SessionListener> listeners) {
            this.listeners = List.copyOf(listeners);
        }

        @Override
        public void absent() {
            listeners.forEach(SessionListener::absent);
        }

        @Override
        public void opened() {
            listeners.forEach(SessionListener::opened);
        }

        @Override
        public void rejected(RejectReason reason) {
            listeners.forEach(l -> l.rejected(reason));
        }

        @Override
        public void sealed(ResealCause cause, int setCookieBytes) {
            listeners.forEach(l -> l.sealed(cause, setCookieBytes));
        }

        @Override
        public void commitFailed(SessionException failure) {
            listeners.forEach(l -> l.commitFailed(failure));
        }
    }
}
