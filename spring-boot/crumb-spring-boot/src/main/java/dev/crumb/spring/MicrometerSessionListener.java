package dev.crumb.spring;

import dev.crumb.RejectReason;
import dev.crumb.SessionException;
import dev.crumb.SessionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Session metrics in Micrometer's naming:
 * <ul>
 *   <li>{@code crumb.sessions.loads} (counter), tagged {@code outcome}: {@code valid}, {@code absent},
 *       or the {@link RejectReason} in lower case ({@code bad_seal}, {@code expired}, ...);</li>
 *   <li>{@code crumb.sessions.cookie.size} (distribution summary, bytes): the Set-Cookie header of
 *       each sealed session;</li>
 *   <li>{@code crumb.sessions.reseals} (counter), tagged {@code cause}: {@code changed},
 *       {@code renewal}, {@code older_key};</li>
 *   <li>{@code crumb.sessions.commit.failures} (counter), tagged {@code exception}: commits that
 *       threw, such as a session too large for its cookie.</li>
 * </ul>
 * Every outcome and cause is registered at start, so dashboards see zeros rather than gaps.
 */
public class MicrometerSessionListener implements SessionListener {

    private final MeterRegistry registry;
    private final Counter valid;
    private final Counter absent;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<ResealCause, Counter> reseals = new EnumMap<>(ResealCause.class);
    private final DistributionSummary cookieSize;

    /**
     * Registers the meters in {@code registry}.
     *
     * @param registry where the meters go
     */
    public MicrometerSessionListener(MeterRegistry registry) {
        this.registry = registry;
        this.valid = loads(registry, "valid");
        this.absent = loads(registry, "absent");
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, loads(registry, tag(reason)));
        }
        for (ResealCause cause : ResealCause.values()) {
            reseals.put(cause, Counter.builder("crumb.sessions.reseals")
                    .description("Session cookies sealed, by why they were written")
                    .tag("cause", tag(cause)).register(registry));
        }
        this.cookieSize = DistributionSummary.builder("crumb.sessions.cookie.size")
                .description("Size of the Set-Cookie header of each sealed session")
                .baseUnit("bytes").register(registry);
    }

    @Override
    public void absent() {
        absent.increment();
    }

    @Override
    public void opened() {
        valid.increment();
    }

    @Override
    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    @Override
    public void sealed(ResealCause cause, int setCookieBytes) {
        reseals.get(cause).increment();
        cookieSize.record(setCookieBytes);
    }

    @Override
    public void commitFailed(SessionException failure) {
        Counter.builder("crumb.sessions.commit.failures")
                .description("Session commits that failed, such as a session too large for its cookie")
                .tag("exception", failure.getClass().getSimpleName()).register(registry).increment();
    }

    private static Counter loads(MeterRegistry registry, String outcome) {
        return Counter.builder("crumb.sessions.loads")
                .description("Session cookies loaded, by what the request carried")
                .tag("outcome", outcome).register(registry);
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
