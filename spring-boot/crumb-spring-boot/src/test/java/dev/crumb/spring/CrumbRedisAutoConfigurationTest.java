package dev.crumb.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crumb.CookieSessions;
import dev.crumb.RevocationCheck;
import dev.crumb.Session;
import dev.crumb.redis.FailurePolicy;
import dev.crumb.redis.RedisRevocations;
import dev.crumb.redis.testing.RedisServer;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code crumb.revocation.redis.*} auto-configuration against a real {@code redis-server} on
 * a free loopback port. {@link RedisRevocationAppTest} runs two whole apps over HTTP.
 */
class CrumbRedisAutoConfigurationTest {

    static RedisServer redis;
    static WebApplicationContextRunner runner;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
        runner = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CrumbAutoConfiguration.class))
                .withPropertyValues(CrumbAutoConfigurationTest.DEV_KEY, "crumb.revocation.redis.uri=" + redis.uri());
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void uri_makesRedisRevocations_theSessionsCheck() {
        runner.withPropertyValues("crumb.revocation.redis.key-prefix=wired:").run(context -> {
            RedisRevocations revocations = context.getBean(RedisRevocations.class);
            assertThat(context).hasSingleBean(RevocationCheck.class);
            assertThat(revocations.awaitCurrent(Duration.ofSeconds(10))).as("confirmed with Redis").isTrue();
            CookieSessions sessions = context.getBean(CookieSessions.class);
            Session session = sessions.load((String) null);
            session.subject("alice");
            String cookie = cookieOf(sessions.commit(session));
            assertThat(sessions.load(cookie).isNew()).as("valid before the revocation").isFalse();
            revocations.revokeSession(session.id());
            assertThat(sessions.load(cookie).isNew()).as("revoked").isTrue();
        });
    }

    @Test
    void properties_bind_andEntriesLiveAsLongAsTheSessionTimeouts() {
        runner.withPropertyValues("crumb.revocation.redis.failure-policy=fail-open",
                "crumb.revocation.redis.max-staleness=250ms", "crumb.revocation.redis.command-timeout=2s",
                "crumb.revocation.redis.key-prefix=bound:", "crumb.timeouts.absolute=8h",
                "crumb.timeouts.clock-skew=10s").run(context -> {
                    RedisRevocations revocations = context.getBean(RedisRevocations.class);
                    assertThat(revocations.failurePolicy()).isEqualTo(FailurePolicy.FAIL_OPEN);
                    assertThat(revocations.toString()).contains("maxStaleness=PT0.25S", "retention=PT8H10S");
                });
        runner.run(context -> {
            RedisRevocations revocations = context.getBean(RedisRevocations.class);
            assertThat(revocations.failurePolicy()).isEqualTo(FailurePolicy.FAIL_CLOSED);
            // Defaults: crumb.timeouts.absolute=12h and clock-skew=30s.
            assertThat(revocations.toString()).contains("maxStaleness=PT1S", "retention=PT12H30S");
        });
    }

    @Test
    void withoutUri_nothingIsMade() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(CrumbAutoConfiguration.class))
                .withPropertyValues(CrumbAutoConfigurationTest.DEV_KEY, "crumb.revocation.redis.key-prefix=unused:")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CookieSessions.class)
                        .doesNotHaveBean(RedisRevocations.class).doesNotHaveBean(RevocationCheck.class));
    }

    @Test
    void userDefinedCheck_wins_andIsTheSessionsCheck() {
        runner.withUserConfiguration(OwnCheck.class).run(context -> {
            assertThat(context).doesNotHaveBean(RedisRevocations.class);
            CookieSessions sessions = context.getBean(CookieSessions.class);
            Session session = sessions.load((String) null);
            session.put("n", 1);
            String cookie = cookieOf(sessions.commit(session));
            assertThat(sessions.load(cookie).isNew()).as("refused by the application's own check").isTrue();
        });
    }

    @Test
    void closedWithTheContext() {
        long before = workers();
        runner.run(context -> {
            assertThat(context).hasSingleBean(RedisRevocations.class);
            assertThat(workers()).isEqualTo(before + 1);
        });
        assertThat(workers()).as("the poller stopped at shutdown").isEqualTo(before);
    }

    @Test
    void withoutCrumbRedis_aUriFailsStartup_namingTheDependency() {
        WebApplicationContextRunner withoutRedis = runner.withClassLoader(new FilteredClassLoader(RedisRevocations.class));
        withoutRedis.run(failsWith("crumb.revocation.redis.uri is set", "dev.crumb:crumb-redis"));
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(CrumbAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(RedisRevocations.class))
                .withPropertyValues(CrumbAutoConfigurationTest.DEV_KEY)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CookieSessions.class));
    }

    @Test
    void badValues_failStartup_namingThePropertyAndTheFix() {
        String p = "crumb.revocation.redis.";
        fails(p + "uri=", p + "uri is empty", "redis://");
        fails(p + "uri=http://user:hunter2@redis.internal", p + "uri", "redis://host:port/db");
        fails(p + "max-staleness=10ms", p + "max-staleness", "between 50 ms and 1 hour");
        fails(p + "max-staleness=soon", p + "max-staleness");
        fails(p + "command-timeout=5m", p + "command-timeout", "between 10 ms and 1 minute");
        fails(p + "key-prefix=my app:", p + "key-prefix", "without spaces");
        fails(p + "failure-policy=sometimes", p + "failure-policy");
        fails(p + "acknowledged-by-replicas=-1", p + "acknowledged-by-replicas must not be negative");
        fails(p + "replica-timeout=0s", p + "replica-timeout", "must be positive");
    }

    @Test
    void everyProperty_isInTheMetadata_forIdeCompletion() throws Exception {
        // Every jar of Spring Boot has such a file too: read them all.
        StringBuilder all = new StringBuilder();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(
                "META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        String metadata = all.toString();
        for (String name : List.of("uri", "key-prefix", "max-staleness", "failure-policy", "command-timeout",
                "acknowledged-by-replicas", "replica-timeout")) {
            assertThat(metadata).containsPattern("\"name\"\\s*:\\s*\"crumb\\.revocation\\.redis\\." + name + "\"");
        }
        assertThat(metadata).doesNotContain("crumb.revocation.redis.absolute", "crumb.revocation.redis.clock-skew");
    }

    private void fails(String property, String... expected) {
        runner.withPropertyValues(property).run(failsWith(expected));
    }

    private static ContextConsumer<AssertableWebApplicationContext> failsWith(String... expected) {
        return context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(expected).doesNotContain("hunter2");
        };
    }

    private static String cookieOf(List<String> setCookies) {
        assertThat(setCookies).hasSize(1);
        return setCookies.get(0).substring(0, setCookies.get(0).indexOf(';'));
    }

    private static long workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("crumb-redis-revocations")).count();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCheck {
        @Bean
        RevocationCheck everythingRevoked() {
            return session -> true;
        }
    }
}
