package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 11: what an application puts in the session comes back, in the next request, as the same type. */
class TypedAttributesTest {

    public record CartItem(String sku, int quantity, BigDecimal price) {}

    public record Cart(List<CartItem> items, Instant updated) {}

    public enum Tier { FREE, GOLD }

    /** A classic bean: no-argument constructor, getters and setters, no equals of its own. */
    public static class Profile {
        private String name;
        private List<Tier> tiers = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<Tier> getTiers() {
            return tiers;
        }

        public void setTiers(List<Tier> tiers) {
            this.tiers = tiers;
        }
    }

    /** Private fields, no getters: Jackson sees nothing and would store {}. */
    public static class Opaque {
        @SuppressWarnings("unused")
        private final String secret = "x";
    }

    /** A property computed by its getter, with no way to set it: it would read back as 0. */
    public static class ReadOnly {
        private final int base;

        public ReadOnly() {
            this(0);
        }

        ReadOnly(int base) {
            this.base = base;
        }

        public int getTwice() {
            return base * 2;
        }
    }

    /** Two nodes pointing at each other. */
    public static class Node {
        private Node next;

        public Node getNext() {
            return next;
        }

        public void setNext(Node next) {
            this.next = next;
        }
    }

    /** A record on nobody's list. */
    public record Unlisted(String v) {}

    private final FakeClock clock = FakeClock.at(CookieSessionsTest.T0);
    private static final byte[] SECRET = new byte[32];
    private final KeyRing ring = KeyRing.of(SessionKey.of("typed-1", ContentAlgorithm.A256GCM, SECRET));

    /** The payload of a token, decrypted by another JOSE stack (Nimbus). */
    private static String payloadOf(String token) throws Exception {
        com.nimbusds.jose.JWEObject jwe = com.nimbusds.jose.JWEObject.parse(token);
        jwe.decrypt(new com.nimbusds.jose.crypto.DirectDecrypter(SECRET));
        return jwe.getPayload().toString();
    }

    private CookieSessions.Builder builder() {
        return CookieSessions.builder().keys(ring).cookie(CookieSpec.named("__Host-s")).clock(clock);
    }

    private final CookieSessions sessions = builder()
            .storableTypes(CartItem.class, Cart.class, Tier.class, Profile.class, Node.class, ReadOnly.class)
            .build();

    /** Puts one value, commits, and loads the next request's session. */
    private Session roundTrip(CookieSessions in, CookieSessions out, String name, Object value) {
        Session s = in.load((String) null);
        s.put(name, value);
        return out.load(CookieSessionsTest.cookieHeader(in.commit(s)));
    }

    static List<Object> values() {
        CartItem apple = new CartItem("apple", 2, new BigDecimal("0.50"));
        CartItem pear = new CartItem("pear", 1, new BigDecimal("1.20"));
        Map<String, CartItem> bySku = new LinkedHashMap<>();
        bySku.put("apple", apple);
        bySku.put("pear", pear);
        Map<Tier, Integer> byTier = new LinkedHashMap<>();
        byTier.put(Tier.GOLD, 3);
        return List.of(apple, new Cart(List.of(apple, pear), Instant.ofEpochSecond(1_767_225_600L)),
                List.of(apple, pear), new ArrayList<>(List.of(pear)), Set.of(Tier.GOLD), new LinkedHashSet<>(List.of("a", "b")),
                bySku, byTier, Tier.FREE, 5_000_000_000L, 7L, 1.5d, 2.5f, new BigDecimal("10"), new BigInteger("123456789012345678901234567890"),
                UUID.fromString("6f1c1b1e-0a4e-4a8e-9d3e-0b8d1c2a3f4e"), Instant.ofEpochSecond(1_767_225_600L, 5),
                LocalDate.of(2026, 1, 1), OffsetDateTime.of(2026, 1, 1, 10, 0, 0, 0, ZoneOffset.ofHours(2)),
                Duration.ofMinutes(90), List.of(List.of(apple)), Map.of("k", Set.of(7L)));
    }

    @ParameterizedTest
    @MethodSource("values")
    void put_thenGetInTheNextRequest_isTheSameClassAndEqual(Object value) {
        Session next = roundTrip(sessions, sessions, "v", value);

        Object back = next.get("v");
        assertEquals(value, back);
        if (!(value instanceof List) && !(value instanceof Set) && !(value instanceof Map)) {
            assertEquals(value.getClass(), back.getClass());
        }
        if (value instanceof Set) {
            assertInstanceOf(Set.class, back);
        }
        if (value instanceof List<?> list && !(list.get(0) instanceof List)) {
            assertEquals(list.get(0).getClass(), ((List<?>) back).get(0).getClass());
        }
    }

    @Test
    void arrays_comeBackAsArraysOfTheirComponentType() {
        CartItem[] items = {new CartItem("a", 1, BigDecimal.ONE)};
        assertArrayEquals(items, (CartItem[]) roundTrip(sessions, sessions, "v", items).get("v"));
        int[] ints = {1, 2, 3};
        assertArrayEquals(ints, (int[]) roundTrip(sessions, sessions, "v", ints).get("v"));
        byte[] bytes = "raw".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(bytes, (byte[]) roundTrip(sessions, sessions, "v", bytes).get("v"));
    }

    @Test
    void bean_comesBackAsTheBeanWithItsProperties() {
        Profile p = new Profile();
        p.setName("Ada");
        p.setTiers(List.of(Tier.GOLD));

        Profile back = (Profile) roundTrip(sessions, sessions, "profile", p).get("profile");

        assertEquals("Ada", back.getName());
        assertEquals(List.of(Tier.GOLD), back.getTiers());
    }

    @Test
    void plainJson_isStoredUntaggedAndReadsAsItAlwaysDid() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("s", "x");
        plain.put("n", 1);
        plain.put("l", List.of(true, 2L));
        Session s = sessions.load((String) null);
        s.put("plain", plain);
        s.put("text", "hello");
        String setCookie = sessions.commit(s).get(0);
        String header = CookieSessionsTest.cookieHeader(List.of(setCookie));
        SessionData data = sessions.codec().open(CookieSessionsTest.value(setCookie)).data().orElseThrow();

        assertEquals("{\"plain\":{\"s\":\"x\",\"n\":1,\"l\":[true,2]},\"text\":\"hello\"}", data.attributesJson());
        assertEquals(Map.of("s", "x", "n", 1, "l", List.of(true, 2)), sessions.load(header).get("plain"));
    }

    @Test
    void typedAttribute_sealsItsTagBesideAttrs_andAttrsStaysPlainJson() throws Exception {
        Session s = sessions.load((String) null);
        s.put("cart", List.of(new CartItem("a", 1, BigDecimal.ONE)));
        s.put("n", 7L);
        String token = CookieSessionsTest.value(sessions.commit(s).get(0));

        String payload = payloadOf(token);

        assertTrue(payload.contains(",\"types\":{\"cart\":\"List<dev.crumb.TypedAttributesTest$CartItem>\",\"n\":\"Long\"},"
                + "\"attrs\":{\"cart\":[{\"sku\":\"a\",\"quantity\":1,\"price\":1}],\"n\":7}}"), payload);
    }

    @Test
    void genericRead_withTypeRef_andPlainClassRead_bothGiveRecords() {
        List<CartItem> cart = List.of(new CartItem("a", 1, BigDecimal.ONE));
        Session next = roundTrip(sessions, sessions, "cart", cart);

        assertEquals(cart, next.get("cart", new TypeRef<List<CartItem>>() {}));
        assertEquals(cart, next.get("cart", List.class));
        assertInstanceOf(CartItem.class, next.get("cart", List.class).get(0));
    }

    @Test
    void genericRead_ofAnUntypedValueFromAnOldCookie_bindsToTheAskedType() {
        // Sealed before typed attributes: no tag; the application says what it is.
        CookieSessions plain = builder().build();
        Session old = plain.load((String) null);
        old.put("cart", List.of(Map.of("sku", "a", "quantity", 1, "price", 1)));
        String header = CookieSessionsTest.cookieHeader(plain.commit(old));

        Session next = sessions.load(header);

        assertEquals(List.of(new CartItem("a", 1, BigDecimal.ONE)), next.get("cart", new TypeRef<List<CartItem>>() {}));
    }

    @Test
    void typeRef_withoutTypeArgument_isRefused() {
        @SuppressWarnings("rawtypes")
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TypeRef() {});
        assertTrue(e.getMessage().contains("new TypeRef<List<CartItem>>() {}"), e.getMessage());
    }

    @Test
    void nestedChangeToATypedObject_isSeen_andAnUntouchedOneWritesNothing() {
        Profile p = new Profile();
        p.setName("Ada");
        Session s = sessions.load((String) null);
        s.put("profile", p);
        String header = CookieSessionsTest.cookieHeader(sessions.commit(s));

        Session read = sessions.load(header);
        assertEquals("Ada", ((Profile) read.get("profile")).getName());
        assertEquals(List.of(), sessions.commit(read), "read, unchanged: nothing to write");

        Session changed = sessions.load(header);
        ((Profile) changed.get("profile")).setName("Grace");
        String next = CookieSessionsTest.cookieHeader(sessions.commit(changed));
        assertEquals("Grace", ((Profile) sessions.load(next).get("profile")).getName());
    }

    // ---------------------------------------------------------------- refusals at put

    private SessionException refused(CookieSessions in, Object value) {
        Session s = in.load((String) null);
        SessionException e = assertThrows(SessionException.class, () -> s.put("thing", value));
        assertTrue(e.getMessage().contains("'thing'"), e.getMessage());
        assertFalse(s.attributeNames().contains("thing"));
        return e;
    }

    @Test
    void put_emptyBeanOrNewObject_isRefused_withOrWithoutAList() {
        CookieSessions noList = builder().build();
        for (CookieSessions in : List.of(sessions, noList)) {
            assertTrue(refused(in, new Object()).getMessage().contains("no properties"));
            assertTrue(refused(in, new Opaque()).getMessage().contains("no properties"));
        }
    }

    @Test
    void put_cycle_isRefused() {
        Node a = new Node();
        Node b = new Node();
        a.setNext(b);
        b.setNext(a);
        assertTrue(refused(sessions, a).getMessage().contains("cycle"), refused(sessions, a).getMessage());
        List<Object> self = new ArrayList<>();
        self.add(self);
        assertTrue(refused(sessions, self).getMessage().contains("cycle"));
    }

    @Test
    void put_typeNotOnTheList_isRefusedNamingTheFix() {
        String m = refused(sessions, new Unlisted("x")).getMessage();
        assertTrue(m.contains(Unlisted.class.getName()) && m.contains("storableTypes"), m);
        m = refused(sessions, List.of(new Unlisted("x"))).getMessage();
        assertTrue(m.contains("storableTypes"), m);
    }

    @Test
    void put_valuesThatWouldReadBackAsAnotherType_areRefused() {
        assertTrue(refused(sessions, new ArrayDeque<>(List.of(1))).getMessage().contains("List"));
        assertTrue(refused(sessions, new ReadOnly(4)).getMessage().contains("read back"));
        assertTrue(refused(sessions, List.of(new CartItem("a", 1, BigDecimal.ONE), "text")).getMessage().contains("different types"));
        assertTrue(refused(sessions, new java.util.concurrent.atomic.AtomicLong(1)).getMessage().contains("number"));
    }

    @Test
    void withoutAList_applicationObjectsAreStoredAsPlainJsonAsBefore() {
        CookieSessions noList = builder().build();
        Session next = roundTrip(noList, noList, "item", new Unlisted("x"));
        assertEquals(Map.of("v", "x"), next.get("item"));
        assertEquals(new Unlisted("x"), next.get("item", Unlisted.class));
    }

    @Test
    void storableTypes_badArguments_failAtTheBuilder() {
        assertThrows(IllegalArgumentException.class, () -> builder().storableTypes("com.shop"));
        assertThrows(IllegalArgumentException.class, () -> builder().storableTypes("java."));
        assertThrows(IllegalArgumentException.class, () -> builder().storableTypes(Runnable.class));
        assertThrows(IllegalArgumentException.class, () -> builder().storableTypes(42));
    }

    @Test
    void packagePrefix_allowsEveryClassBelowIt() {
        CookieSessions byPackage = builder().storableTypes("dev.crumb.").build();
        Session next = roundTrip(byPackage, byPackage, "u", new Unlisted("x"));
        assertEquals(new Unlisted("x"), next.get("u"));
    }

    // ---------------------------------------------------------------- unknown types on read

    /** Collects the records of Session's logger. */
    static final class Captured extends Handler implements AutoCloseable {
        final List<LogRecord> records = new ArrayList<>();
        private final Logger logger;

        Captured(Class<?> c) {
            logger = Logger.getLogger(c.getName());
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }

        List<String> messages() {
            List<String> out = new ArrayList<>();
            for (LogRecord r : records) {
                String m = r.getMessage();
                Object[] params = r.getParameters();
                out.add(params == null ? m : java.text.MessageFormat.format(m, params));
            }
            return out;
        }
    }

    @Test
    void typeNotOnTheReadersList_isNeverConstructed_theAttributeIsDroppedWithAWarning() {
        Session s = sessions.load((String) null);
        s.put("cart", new CartItem("secret-sku-123", 1, BigDecimal.ONE));
        s.put("kept", "yes");
        String header = CookieSessionsTest.cookieHeader(sessions.commit(s));
        CookieSessions reader = builder().storableTypes(Tier.class).build();

        try (Captured log = new Captured(Session.class)) {
            Session next = reader.load(header);
            assertNull(next.get("cart"));
            assertEquals("yes", next.get("kept"));
            String m = String.join("\n", log.messages());
            assertTrue(m.contains(CartItem.class.getName()) && m.contains("storableTypes"), m);
            assertFalse(m.contains("secret-sku-123"), m);
            Session after = reader.load(CookieSessionsTest.cookieHeader(reader.commit(next)));
            assertEquals(Set.of("kept"), after.attributeNames());
        }
    }

    /** Would run code if Jackson ever constructed it: the gadget a forged tag names. */
    public static class Gadget {
        static volatile int constructed;

        public Gadget() {
            constructed++;
        }

        public void setCommand(String command) {
            constructed++;
        }
    }

    @Test
    void gadgetClassNamedInAKeyHolderMadeToken_isNeverInstantiated() {
        SessionCodec codec = (SessionCodec) sessions.codec();
        long now = CookieSessionsTest.T0;
        for (String tag : List.of(Gadget.class.getName(), "List<" + Gadget.class.getName() + ">",
                "Map<String," + Gadget.class.getName() + ">", Gadget.class.getName() + "[]",
                "java.lang.ProcessBuilder", "javax.script.ScriptEngineManager", "Object<" + Gadget.class.getName() + ">")) {
            String payload = "{\"sid\":\"s1\",\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"auth_time\":" + now
                    + ",\"types\":{\"g\":\"" + tag + "\"},\"attrs\":{\"g\":{\"command\":\"touch /tmp/pwned\"},\"@class\":\""
                    + Gadget.class.getName() + "\"}}";
            Session s = sessions.load("__Host-s=" + codec.seal(payload.getBytes(StandardCharsets.UTF_8), null));
            assertFalse(s.isNew(), () -> String.valueOf(s.rejectReason()));
            assertNull(s.get("g"), tag);
            assertNull(s.get("g", Object.class), "dropped: " + tag);
        }
        assertEquals(0, Gadget.constructed);
    }

    @Test
    void typedValueThatNoLongerBinds_isDroppedNotThrown() {
        SessionCodec codec = (SessionCodec) sessions.codec();
        long now = CookieSessionsTest.T0;
        String payload = "{\"sid\":\"s1\",\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"auth_time\":" + now
                + ",\"types\":{\"c\":\"" + CartItem.class.getName() + "\"},\"attrs\":{\"c\":{\"quantity\":\"not-a-number-secret\"}}}";
        try (Captured log = new Captured(Session.class)) {
            Session s = sessions.load("__Host-s=" + codec.seal(payload.getBytes(StandardCharsets.UTF_8), null));
            assertNull(s.get("c"));
            assertFalse(String.join("\n", log.messages()).contains("not-a-number-secret"));
            assertTrue(String.join("\n", log.messages()).contains("'c'"));
        }
    }

    @Test
    void malformedTypesMember_rejectsTheToken() {
        SessionCodec codec = (SessionCodec) sessions.codec();
        long now = CookieSessionsTest.T0;
        for (String types : List.of("[]", "{\"a\":1}", "{\"a\":\"Long\",\"a\":\"Long\"}", "\"Long\"")) {
            String payload = "{\"sid\":\"s1\",\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"auth_time\":" + now
                    + ",\"types\":" + types + ",\"attrs\":{\"a\":1}}";
            OpenResult r = codec.open(codec.seal(payload.getBytes(StandardCharsets.UTF_8), null));
            Opened.rejected(r, types);
        }
    }

    @Test
    void typesAfterAttrs_fromAnotherWriter_stillTagTheAttributes() {
        SessionCodec codec = (SessionCodec) sessions.codec();
        long now = CookieSessionsTest.T0;
        String payload = "{\"sid\":\"s1\",\"attrs\":{\"n\":7},\"iat\":" + now + ",\"exp\":" + (now + 600)
                + ",\"auth_time\":" + now + ",\"types\":{\"n\":\"Long\"}}";
        Session s = sessions.load("__Host-s=" + codec.seal(payload.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(7L, s.get("n"));
    }

    @Test
    void sessionData_readsTypedAttributesAsPlainJson() {
        Session s = sessions.load((String) null);
        s.put("item", new CartItem("a", 1, BigDecimal.ONE));
        String token = CookieSessionsTest.value(sessions.commit(s).get(0));
        SessionData data = sessions.codec().open(token).data().orElseThrow();
        assertEquals(Map.of("sku", "a", "quantity", 1, "price", 1), data.get("item"));
        assertEquals(new CartItem("a", 1, BigDecimal.ONE), data.get("item", CartItem.class));
        assertTrue(Objects.toString(data).contains("item"));
    }
}
