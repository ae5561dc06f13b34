package dev.crumb.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** The session claims as the baselines write and read them with Jackson databind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"sid", "sub", "iat", "nbf", "exp", "auth_time", "attrs"})
record JoseClaims(String sid, String sub, long iat, long nbf, long exp,
                  @JsonProperty("auth_time") long authTime, Map<String, Object> attrs) {

    static JoseClaims of(SessionInput s, long now, long lifetimeSeconds) {
        return new JoseClaims(s.sid(), s.subject(), now, now, now + lifetimeSeconds, s.createdAt(),
                s.attributes());
    }
}
