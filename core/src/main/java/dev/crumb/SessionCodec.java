package dev.crumb;

import dev.crumb.internal.Base64Url;
import dev.crumb.internal.ContentCipher;
import dev.crumb.internal.JoseHeader;
import dev.crumb.internal.Nonces;
import dev.crumb.internal.Payload;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session wire format alone: a {@link SessionData} sealed into a compact JWE (RFC 7516) with
 * {@code alg} {@code dir} and the key ring's primary key, and opened again. The codec of a
 * {@link CookieSessions} is {@link CookieSessions#codec()}; it binds tokens to that instance's
 * cookie name, audience, clock, clock skew and size limit.
 *
 * <p>Format v1: {@code BASE64URL(header) . "" . BASE64URL(iv) . BASE64URL(ciphertext) .
 * BASE64URL(tag)}, header {@code {"alg":"dir","enc":...,"kid":...,"typ":"session+jwe","cn":...}}.
 *
 * <p>Guarantees: a sealed token is confidential and authenticated (AES-256-GCM or
 * AES-256-CBC-HMAC-SHA-512); its header, including the cookie name {@code cn}, is authenticated as
 * the AAD, so a token cannot be moved to another cookie; {@link #open} never throws, checks size
 * and structure before any cryptography, and reports every failed tag or padding check as the same
 * {@link RejectReason#BAD_SEAL}.
 *
 * <p>Not guaranteed: a token is a bearer credential. Until it expires it can be replayed, and a
 * stale copy of a session can be sent again after the session changed, unless a revocation check
 * is configured. The length of a token reveals the approximate size of the session.
 *
 * <p>How: the header of each key is constant, so it is encoded once, and found again with no
 * allocation: the primary key's (what this codec seals with) by one comparison, any other by a
 * hash of the token's header segment in a table built once per set of keys (once for a fixed
 * ring, once per period for a rotating one), so an older key costs the same however many keys the
 * ring holds. The key id is in the clear in the header, so the order of the two steps reveals
 * nothing. JSON is parsed only when the header bytes differ (a token from another JOSE library),
 * and then its members must still be exactly the allowed ones.
 *
 * <p>Codecs are immutable and thread-safe.
 */
public final class SessionCodec {

    static final String TYP = "session+jwe";
    private static final System.Logger LOG = System.getLogger(SessionCodec.class.getName());

    private final KeyRing ring;
    private final String cookieName;
    /** The application bound into every token as {@code aud}; null for none. */
    private final String audience;
    private final Clock clock;
    private final long skewSeconds;
    private final int maxTokenLength;
    private final boolean compression;
    private volatile HeaderIndex index;
    /** Headers encoded so far, for the test that each is encoded once, not once per request. */
    private long headersEncoded;

    /** A key with its encoded header; the header's ASCII bytes are the JWE AAD. */
    private record KeyHeader(SessionKey key, boolean zip, String segment, byte[] aad, int hash) {}

    SessionCodec(KeyRing ring, String cookieName, String audience, Clock clock, Duration skew,
                    int maxTokenLength, boolean compression) {
        this.compression = compression;
        this.ring = ring;
        this.cookieName = cookieName;
        this.audience = audience;
        this.clock = clock;
        this.skewSeconds = skew.getSeconds();
        this.maxTokenLength = maxTokenLength;
    }

    /** The name of the cookie this codec binds its tokens to ({@code cn}). */
    public String cookieName() {
        return cookieName;
    }

    /**
     * The application this codec binds its tokens to ({@code aud}), if any. A codec with an
     * audience opens only tokens whose {@code aud} names it; one without opens only tokens
     * without {@code aud}. Either way a token for another audience is
     * {@link RejectReason#WRONG_COOKIE}.
     */
    public Optional<String> audience() {
        return Optional.ofNullable(audience);
    }

    /**
     * Seals a session with the ring's current primary key.
     *
     * @throws SessionException if the token would exceed the codec's size limit
     */
    public String seal(SessionData data) {
        Payload.Claims claims = data.claims();
        return seal(Payload.write(audience == null ? claims : claims.withAudience(audience)), data);
    }

    /** Seals raw payload bytes; tests use it to put arbitrary JSON inside a valid seal. */
    String seal(byte[] payload, SessionData forErrors) {
        // A fixed ring's keys do not depend on the time: no clock read for them.
        HeaderIndex index = index(ring.isRotating() ? clock.instant() : null);
        KeyHeader h = compression ? index.primaryZip : index.primary;
        if (compression) {
            payload = Deflate.compress(payload);
        }
        ContentCipher cipher = h.key.cipher();
        int ivLen = cipher.ivLength();
        int ctLen = cipher.ciphertextLength(payload.length);
        int tagLen = cipher.tagLength();
        int total = h.aad.length + 2 + Base64Url.encodedLength(ivLen) + 1
                + Base64Url.encodedLength(ctLen) + 1 + Base64Url.encodedLength(tagLen);
        if (total > maxTokenLength) {
            throw SessionException.tooLarge(total, maxTokenLength,
                    forErrors == null ? Map.of() : forErrors.attributes().sizes());
        }
        byte[] iv = new byte[ivLen];
        Nonces.fill(iv);
        byte[] sealed = new byte[ctLen + tagLen];
        cipher.encrypt(iv, h.aad, payload, 0, payload.length, sealed, 0);

        byte[] out = new byte[total];
        System.arraycopy(h.aad, 0, out, 0, h.aad.length);
        int p = h.aad.length;
        out[p++] = '.';
        out[p++] = '.';
        p = Base64Url.encode(iv, 0, ivLen, out, p);
        out[p++] = '.';
        p = Base64Url.encode(sealed, 0, ctLen, out, p);
        out[p++] = '.';
        Base64Url.encode(sealed, ctLen, tagLen, out, p);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Opens a token. Never throws: any input, however malformed, gives a rejected
     * {@link OpenResult}.
     *
     * <p>It authenticates the whole payload and checks every claim, but only locates the
     * attributes: they are parsed when first read (see {@link SessionData}), so opening costs the
     * same whatever the attributes hold. Attributes that Crumb sealed always read.
     */
    public OpenResult open(String token) {
        return token == null ? reject(RejectReason.MALFORMED) : open(token, 0, token.length(), clock.instant());
    }

    /**
     * {@link #open(String)} of {@code s[from, to)}, {@code 0 <= from <= to <= s.length()}, as of
     * {@code now}: a token where it lies in a Cookie header, opened without a string of its own,
     * at the caller's reading of this codec's clock (a load checks the session's own timeouts
     * against the same instant). Nothing outside the range is read, except that looking for the
     * token's first four dots may read on past {@code to} when the range lacks them (then the
     * token is malformed anyway).
     */
    OpenResult open(String s, int from, int to, Instant now) {
        try {
            return openChecked(s, from, to, now);
        } catch (RuntimeException e) {
            // Every path above returns a reason; this is the promise that no input escapes as an
            // exception, even one a future change forgets to handle. Logged, since it means a bug.
            LOG.log(System.Logger.Level.DEBUG, "token rejected by an unexpected exception", e);
            return OpenResult.rejected(RejectReason.MALFORMED);
        }
    }

    private OpenResult openChecked(String s, int from, int to, Instant now) {
        int n = to - from;
        if (n > maxTokenLength) {
            return reject(RejectReason.TOO_LARGE);
        }
        int d1 = dot(s, from, to);
        int d2 = d1 < 0 ? -1 : dot(s, d1 + 1, to);
        int d3 = d2 < 0 ? -1 : dot(s, d2 + 1, to);
        int d4 = d3 < 0 ? -1 : dot(s, d3 + 1, to);
        if (d4 < 0 || hasDot(s, d4 + 1, to)) {
            return reject(RejectReason.MALFORMED);
        }
        if (d2 != d1 + 1) {
            // alg "dir" has an empty encrypted key (RFC 7516 section 5.1 step 5).
            return reject(RejectReason.MALFORMED);
        }

        HeaderIndex index = index(now);
        KeyHeader match = index.find(s, from, d1 - from);
        boolean zipped = match != null && match.zip;
        boolean canonicalHeader = match != null;
        SessionKey key;
        byte[] aad;
        if (match != null) {
            key = match.key;
            aad = match.aad;
        } else {
            if (d1 - from > JoseHeader.MAX_ENCODED_LENGTH) {
                return reject(RejectReason.MALFORMED);
            }
            byte[] json = Base64Url.decode(s.subSequence(from, d1));
            JoseHeader.Fields f = json == null ? null : JoseHeader.parse(json);
            if (f == null || !"dir".equals(f.alg()) || !TYP.equals(f.typ())) {
                return reject(RejectReason.MALFORMED);
            }
            if (f.zip() != null) {
                // Compressed content is refused unless switched on (RFC 8725 section 3.6).
                if (!compression || !"DEF".equals(f.zip())) {
                    return reject(RejectReason.MALFORMED);
                }
                zipped = true;
            }
            key = index.byKid.get(f.kid());
            if (key == null) {
                return reject(RejectReason.UNKNOWN_KEY);
            }
            if (!key.algorithm().joseName().equals(f.enc())) {
                return reject(RejectReason.MALFORMED);
            }
            if (!cookieName.equals(f.cn())) {
                return reject(RejectReason.WRONG_COOKIE);
            }
            aad = s.substring(from, d1).getBytes(StandardCharsets.US_ASCII);
        }

        ContentCipher cipher = key.cipher();
        int ivLen = cipher.ivLength();
        int tagLen = cipher.tagLength();
        if (d3 - d2 - 1 != Base64Url.encodedLength(ivLen) || to - d4 - 1 != Base64Url.encodedLength(tagLen)) {
            return reject(RejectReason.MALFORMED);
        }
        int ctLen = Base64Url.decodedLength(d4 - d3 - 1);
        if (ctLen <= 0) {
            return reject(RejectReason.MALFORMED);
        }
        // Ciphertext and tag decoded side by side: the cipher takes them as one input.
        byte[] iv = new byte[ivLen];
        byte[] sealed = new byte[ctLen + tagLen];
        if (Base64Url.decode(s, d2 + 1, d3, iv, 0) < 0
                || Base64Url.decode(s, d4 + 1, to, sealed, ctLen) < 0
                || Base64Url.decode(s, d3 + 1, d4, sealed, 0) < 0) {
            return reject(RejectReason.MALFORMED);
        }
        int plainLen = cipher.decryptInPlace(iv, aad, sealed, 0, ctLen + tagLen);
        if (plainLen < 0) {
            return reject(RejectReason.BAD_SEAL);
        }

        byte[] payload = sealed;
        if (zipped) {
            payload = Deflate.decompress(Arrays.copyOf(sealed, plainLen), Deflate.MAX_INFLATED);
            if (payload == null) {
                return reject(RejectReason.TOO_LARGE);
            }
            plainLen = payload.length;
        }
        Payload.Claims claims = Payload.read(payload, plainLen);
        if (claims == null || claims.authTime() > claims.iat()) {
            return reject(RejectReason.MALFORMED);
        }
        if (audience == null ? !claims.aud().isEmpty() : !claims.aud().contains(audience)) {
            // Sealed with our key for another application (RFC 7519 4.1.3: an aud that does not
            // name us means rejection). Like a token of another cookie: genuine, but not ours.
            return reject(RejectReason.WRONG_COOKIE);
        }
        long nowSeconds = now.getEpochSecond();
        if (claims.nbf() > nowSeconds + skewSeconds || claims.iat() > nowSeconds + skewSeconds) {
            return reject(RejectReason.NOT_YET_VALID);
        }
        if (nowSeconds >= claims.exp() + skewSeconds) {
            return reject(RejectReason.EXPIRED);
        }
        boolean reseal = !canonicalHeader || ring.needsReseal(key, now);
        return OpenResult.valid(SessionData.fromClaims(claims), reseal);
    }

    /**
     * The first {@code '.'} of {@code s[from, to)}, or -1. {@code indexOf} is vector code but has
     * no end bound on JDK 17: it reads past {@code to} only if the range has no dot.
     */
    private static int dot(String s, int from, int to) {
        int d = s.indexOf('.', from);
        return d < to ? d : -1;
    }

    /**
     * Whether {@code s[from, to)} has a {@code '.'}: for the last segment, which has none in a
     * valid token, so that the other cookies after it in the header are not read.
     */
    private static boolean hasDot(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '.') {
                return true;
            }
        }
        return false;
    }

    /**
     * The index of the keys that open at {@code now} (any time, null included, for a fixed ring),
     * built when the ring's set of keys changes.
     */
    private HeaderIndex index(Instant now) {
        List<SessionKey> keys = ring.keys(now);
        HeaderIndex i = index;
        if (i == null || i.keys != keys) {
            // Threads at a rotation boundary may each build one; any of them is correct.
            i = new HeaderIndex(keys);
            index = i;
        }
        return i;
    }

    /** Whether {@code token[0, length)} is the header of a key that opens now, found as open finds it (tests). */
    boolean hasCanonicalHeader(String token, int length) {
        return index(clock.instant()).find(token, 0, length) != null;
    }

    /** Headers encoded so far by this codec (tests). */
    synchronized long headersEncoded() {
        return headersEncoded;
    }

    private synchronized void countEncoded(int n) {
        headersEncoded += n;
    }

    private KeyHeader encode(SessionKey key, boolean zip) {
        // kid and cookie name are validated tokens without quotes or backslashes: no escaping.
        String json = "{\"alg\":\"dir\",\"enc\":\"" + key.algorithm().joseName()
                + (zip ? "\",\"zip\":\"DEF" : "")
                + "\",\"kid\":\"" + key.kid() + "\",\"typ\":\"" + TYP
                + "\",\"cn\":\"" + cookieName + "\"}";
        String segment = Base64Url.encode(json.getBytes(StandardCharsets.US_ASCII));
        return new KeyHeader(key, zip, segment, segment.getBytes(StandardCharsets.US_ASCII), spread(segment.hashCode()));
    }

    /**
     * {@link String#hashCode} of {@code s[from, from + length)} without making that string, with
     * the high bits folded into the low ones that pick a slot.
     */
    private static int hash(String s, int from, int length) {
        int h = 0;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + s.charAt(i);
        }
        return spread(h);
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /**
     * The encoded headers of one set of keys (and, with compression, their {@code zip} variants)
     * in an open-addressing table at most half full, found by the hash of a token's header segment;
     * and the keys by kid, for headers another library wrote.
     */
    private final class HeaderIndex {
        final List<SessionKey> keys;
        final KeyHeader primary;
        final KeyHeader primaryZip;
        final Map<String, SessionKey> byKid;
        private final KeyHeader[] table;
        private final int mask;
        private int longest;

        HeaderIndex(List<SessionKey> keys) {
            this.keys = keys;
            int headers = compression ? 2 * keys.size() : keys.size();
            int size = Integer.highestOneBit(Math.max(2, headers) * 2 - 1) << 1;
            this.table = new KeyHeader[size];
            this.mask = size - 1;
            this.byKid = new HashMap<>(keys.size() * 2);
            for (SessionKey key : keys) {
                byKid.put(key.kid(), key);
                add(encode(key, false));
                if (compression) {
                    add(encode(key, true));
                }
            }
            countEncoded(headers);
            this.primary = find(keys.get(0), false);
            this.primaryZip = compression ? find(keys.get(0), true) : null;
        }

        private void add(KeyHeader h) {
            longest = Math.max(longest, h.segment.length());
            int i = h.hash & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = h;
        }

        private KeyHeader find(SessionKey key, boolean zip) {
            for (KeyHeader h : table) {
                if (h != null && h.key == key && h.zip == zip) {
                    return h;
                }
            }
            throw new IllegalStateException("no header for " + key);
        }

        /** The header that {@code s[from, from + length)} is exactly, or null. */
        KeyHeader find(String s, int from, int length) {
            KeyHeader sealing = compression ? primaryZip : primary;
            if (sealing.segment.length() == length && s.startsWith(sealing.segment, from)) {
                // Most tokens: the one this codec seals with, found by the comparison that any
                // match needs, without hashing the segment first (startsWith is vector code from
                // JDK 21 on; JDK 17's compares a character at a time, stopping at the first miss).
                return sealing;
            }
            if (length > longest) {
                return null;
            }
            int h = hash(s, from, length);
            for (int i = h & mask; ; i = (i + 1) & mask) {
                KeyHeader k = table[i];
                if (k == null) {
                    return null;
                }
                if (k.hash == h && k.segment.length() == length && s.startsWith(k.segment, from)) {
                    return k;
                }
            }
        }
    }

    private static OpenResult reject(RejectReason reason) {
        return OpenResult.rejected(reason);
    }
}
