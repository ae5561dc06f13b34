package dev.crumb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The one reader of the data files under {@code src/test/resources/testdata} (see the README
 * there for their sources and licenses).
 */
public final class TestVectors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One Wycheproof test with the group that holds its parameters (key sizes, keys). */
    public record Wycheproof(String file, JsonNode group, JsonNode test) {

        /** The test's id, as Wycheproof numbers it. */
        public int tcId() {
            return test.get("tcId").asInt();
        }

        /** {@code valid}, {@code invalid} or {@code acceptable}. */
        public String result() {
            return test.get("result").asText();
        }

        /** A hex member of the test, decoded. */
        public byte[] bytes(String member) {
            return hex(test.get(member).asText());
        }

        /** A name that identifies the vector in a test report. */
        public String name() {
            String comment = test.path("comment").asText("");
            return file + " tcId " + tcId() + " [" + result() + "]" + (comment.isEmpty() ? "" : " " + comment);
        }
    }

    private TestVectors() {}

    /** A data file, by its path below {@code testdata/}. */
    public static JsonNode read(String path) {
        String resource = "/testdata/" + path;
        try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test data " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test data " + resource, e);
        }
    }

    /** The session known-answer file: members {@code valid} and {@code invalid}. */
    public static JsonNode sessionKat() {
        return read("session-kat/session_jwe_kat.json");
    }

    /** The session cookies with typed attributes, {@code session-kat/session_jwe_typed_kat.json}. */
    public static JsonNode typedSessionKat() {
        return read("session-kat/session_jwe_typed_kat.json");
    }

    /** Every test of a Wycheproof file in {@code wycheproof/testvectors_v1}, in file order. */
    public static List<Wycheproof> wycheproof(String file) {
        JsonNode root = read("wycheproof/testvectors_v1/" + file);
        List<Wycheproof> all = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                all.add(new Wycheproof(file, group, test));
            }
        }
        if (all.size() != root.get("numberOfTests").asInt()) {
            throw new IllegalStateException(file + " declares " + root.get("numberOfTests")
                    + " tests but holds " + all.size());
        }
        return all;
    }

    /** Lower- or upper-case hex to bytes. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
