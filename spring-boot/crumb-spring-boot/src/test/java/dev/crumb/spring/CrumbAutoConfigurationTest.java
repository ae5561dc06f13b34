package dev.crumb.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.RevocationCheck;
import dev.crumb.Session;
import dev.crumb.servlet.CookieSessionFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class CrumbAutoConfigurationTest {

    static final String DEV_KEY = "crumb.keys.insecure-generate-throwaway-key=true";

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CrumbAutoConfiguration.class));

    @Test
    void properties_bindToTheCookieSessions() {
        runner.withPropertyValues(DEV_KEY, "crumb.cookie.name=__Secure-sid", "crumb.cookie.same-site=strict",
                "crumb.cookie.persistent=true", "crumb.cookie.path=/shop", "crumb.timeouts.idle=45m",
                "crumb.timeouts.absolute=8h", "crumb.timeouts.renew-after=2m", "crumb.timeouts.clock-skew=10s",
                "crumb.chunking.max-chunks=3").run(context -> {
                    CookieSessions sessions = context.getBean(CookieSessions.class);
                    CookieSpec cookie = sessions.cookie();
                    assertThat(cookie.name()).isEqualTo("__Secure-sid");
                    assertThat(cookie.sameSite()).isEqualTo("Strict");
                    assertThat(cookie.persistent()).isTrue();
                    assertThat(cookie.path()).isEqualTo("/shop");
                    assertThat(cookie.secure()).isTrue();
                    assertThat(sessions.idleTimeout()).isEqualTo(Duration.ofMinutes(45));
                    assertThat(sessions.absoluteTimeout()).isEqualTo(Duration.ofHours(8));
                    assertThat(sessions.renewAfter()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void defaults_areCoreDefaults_andTheFilterRunsBeforeSpringSecurity() {
        runner.withPropertyValues(DEV_KEY).run(context -> {
            CookieSessions sessions = context.getBean(CookieSessions.class);
            assertThat(sessions.cookie()).isEqualTo(CookieSpec.named("__Host-session"));
            assertThat(sessions.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
            FilterRegistrationBean<?> filter = context.getBean("crumbSessionFilter", FilterRegistrationBean.class);
            assertThat(filter.getFilter()).isInstanceOf(CookieSessionFilter.class);
            // Spring Security's filter chain is registered at order -100 by default.
            assertThat(filter.getOrder()).isLessThan(-100);
            assertThat(context).hasSingleBean(CrumbSecurityContextRepository.class)
                    .hasSingleBean(CrumbCsrfTokenRepository.class).hasSingleBean(CrumbRequestCache.class)
                    .hasBean("flashMapManager");
        });
    }

    @Test
    void keysFile_isRead(@TempDir Path dir) throws Exception {
        KeyRing ring = KeyRing.generate();
        Path file = dir.resolve("keys.json");
        Files.writeString(file, ring.toJwkSet(Instant.now()));
        runner.withPropertyValues("crumb.keys.file=" + file).run(context ->
                assertThat(context.getBean(CookieSessions.class).keys().primaryKid(Instant.now()))
                        .isEqualTo(ring.primaryKid(Instant.now())));
    }

    @Test
    void masterSecret_derivesTheSameKeysOnEveryNode_andRotatesWhenAsked() {
        String secret = "crumb.keys.master-secret=0123456789abcdefghijklmnopqrstuvwxyz";
        runner.withPropertyValues(secret).run(first -> runner.withPropertyValues(secret).run(second -> {
            KeyRing a = first.getBean(CookieSessions.class).keys();
            assertThat(a.isRotating()).isFalse();
            assertThat(second.getBean(CookieSessions.class).keys().primaryKid(Instant.now())).isEqualTo(a.primaryKid(Instant.now()));
        }));
        runner.withPropertyValues(secret, "crumb.keys.rotation-period=1d").run(context ->
                assertThat(context.getBean(CookieSessions.class).keys().rotationPeriod()).isEqualTo(Duration.ofDays(1)));
    }

    @Test
    void userDefinedCookieSessions_isUsed_andNoKeysAreNeeded() {
        runner.withUserConfiguration(OwnSessions.class).run(context -> {
            assertThat(context).hasSingleBean(CookieSessions.class);
            assertThat(context.getBean(CookieSessions.class).cookie().name()).isEqualTo("mine");
        });
    }

    @Test
    void userDefinedRepositories_replaceCrumbs() {
        runner.withPropertyValues(DEV_KEY).withUserConfiguration(OwnRepositories.class).run(context -> {
            assertThat(context).hasSingleBean(CrumbCsrfTokenRepository.class);
            assertThat(context.getBean(CrumbCsrfTokenRepository.class)).isSameAs(OwnRepositories.CSRF);
            assertThat(context.getBean("flashMapManager")).isSameAs(OwnRepositories.FLASH);
        });
    }

    @Test
    void revocationCheckBean_voidsSessions() {
        runner.withPropertyValues(DEV_KEY).withBean(RevocationCheck.class, () -> session -> true).run(context -> {
            CookieSessions sessions = context.getBean(CookieSessions.class);
            Session session = sessions.load((String) null);
            session.put("n", 1);
            String setCookie = sessions.commit(session).get(0);
            assertThat(sessions.load(setCookie.substring(0, setCookie.indexOf(';'))).isNew())
                    .as("refused by the check").isTrue();
        });
        // Two checks and neither @Primary: refuse to guess which one protects the sessions.
        runner.withPropertyValues(DEV_KEY).withBean("one", RevocationCheck.class, () -> session -> true)
                .withBean("two", RevocationCheck.class, () -> session -> false)
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void disabled_configuresNothing() {
        runner.withPropertyValues("crumb.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(CookieSessions.class)
                        .doesNotHaveBean("crumbSessionFilter"));
        runner.withPropertyValues(DEV_KEY, "crumb.security.enabled=false").run(context ->
                assertThat(context).hasSingleBean(CookieSessions.class)
                        .doesNotHaveBean(CrumbSecurityContextRepository.class)
                        .doesNotHaveBean(CrumbCsrfTokenRepository.class));
    }

    @Test
    void metrics_areRegisteredWhenThereIsAMeterRegistry() {
        runner.withPropertyValues(DEV_KEY).run(context -> {
            assertThat(context).hasSingleBean(CookieSessions.class);
            assertThat(context.getBeanProvider(MicrometerSessionListener.class).getIfAvailable()).isNull();
        });
        runner.withPropertyValues(DEV_KEY).withBean(SimpleMeterRegistry.class).run(context -> {
            assertThat(context).hasSingleBean(MicrometerSessionListener.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("crumb.sessions.loads").tag("outcome", "bad_seal").counter().count()).isZero();
        });
    }

    @Test
    void noKeys_failsStartup_namingThePropertiesAndTheKeyTool() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new CrumbKeysFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getAction()).contains("crumb.keys.file", "crumb.keys.environment-variable",
                    "crumb.keys.master-secret", "crumb-cli.jar keygen");
            assertThat(analysis.getDescription()).contains("none are configured");
        });
    }

    /** An application type named in {@code crumb.storable-types}. */
    public record CartItem(String sku, int quantity) {}

    @Test
    void storableTypes_bringValuesBackAsTheirClass() {
        runner.withPropertyValues(DEV_KEY, "crumb.storable-types=" + CartItem.class.getName()).run(context -> {
            CookieSessions sessions = context.getBean(CookieSessions.class);
            Session session = sessions.load((String) null);
            session.put("item", new CartItem("tea", 2));
            String setCookie = sessions.commit(session).get(0);
            Session next = sessions.load(setCookie.substring(0, setCookie.indexOf(';')));
            assertThat(next.get("item")).isEqualTo(new CartItem("tea", 2));
        });
        runner.withPropertyValues(DEV_KEY, "crumb.storable-types=dev.crumb.spring.").run(context ->
                assertThat(context).hasNotFailed());
    }

    @Test
    void badValues_failStartup_namingTheProperty() {
        failsNaming("crumb.timeouts.idle", DEV_KEY, "crumb.timeouts.idle=-5m");
        failsNaming("crumb.timeouts.idle", DEV_KEY, "crumb.timeouts.idle=soon");
        failsNaming("crumb.timeouts.absolute", DEV_KEY, "crumb.timeouts.idle=2h", "crumb.timeouts.absolute=1h");
        failsNaming("crumb.timeouts.clock-skew", DEV_KEY, "crumb.timeouts.clock-skew=1h");
        failsNaming("crumb.cookie.same-site", DEV_KEY, "crumb.cookie.same-site=sideways");
        failsNaming("crumb.cookie", DEV_KEY, "crumb.cookie.domain=example.com");
        failsNaming("crumb.cookie.max-bytes", DEV_KEY, "crumb.cookie.max-bytes=100");
        failsNaming("crumb.chunking.max-chunks", DEV_KEY, "crumb.chunking.max-chunks=40");
        failsNaming("crumb.keys.master-secret", "crumb.keys.master-secret=short");
        failsNaming("crumb.keys.rotation-period", "crumb.keys.master-secret=0123456789abcdefghijklmnopqrstuvwxyz",
                "crumb.keys.rotation-period=1m");
        failsNaming("crumb.keys.environment-variable", "crumb.keys.environment-variable=CRUMB_TEST_SURELY_UNSET");
        failsNaming("crumb.keys.file", "crumb.keys.file=/nonexistent/crumb-keys.json");
        failsNaming("crumb.keys", DEV_KEY, "crumb.keys.master-secret=0123456789abcdefghijklmnopqrstuvwxyz");
        failsNaming("crumb.storable-types", DEV_KEY, "crumb.storable-types=com.shop.NoSuchType");
        failsNaming("crumb.storable-types", DEV_KEY, "crumb.storable-types=java.util.");
    }

    private void failsNaming(String property, String... properties) {
        ContextConsumer<AssertableWebApplicationContext> check = context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).as("startup failure for %s", String.join(", ", properties))
                    .contains(property);
        };
        runner.withPropertyValues(properties).run(check);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSessions {
        @Bean
        CookieSessions mySessions() {
            return CookieSessions.builder().keys(KeyRing.generate()).cookie(CookieSpec.named("mine")).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRepositories {
        static final CrumbCsrfTokenRepository CSRF = new CrumbCsrfTokenRepository();
        static final CrumbFlashMapManager FLASH = new CrumbFlashMapManager();

        @Bean
        CrumbCsrfTokenRepository myCsrf() {
            return CSRF;
        }

        @Bean
        CrumbFlashMapManager flashMapManager() {
            return FLASH;
        }
    }
}
