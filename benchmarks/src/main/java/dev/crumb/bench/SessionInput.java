package dev.crumb.bench;

import java.util.Map;

/**
 * What every implementation seals: the session's id, subject, creation time (epoch seconds) and
 * attributes as application values. Issue and expiry times come from the implementation's clock.
 */
public record SessionInput(String sid, String subject, long createdAt, Map<String, Object> attributes) {}
