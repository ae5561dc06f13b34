package dev.crumb.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link Payload#read}'s scan and its parser, differentially, over any bytes: the same claims or
 * both none ({@link PayloadReadersAgreeTest#assertAgree}). Seeds: payloads as Crumb writes them.
 * Replayed from its seeds by {@code mvn verify}; fuzzed by {@code core/fuzz.sh}.
 */
class PayloadReadersFuzzTest {

    @FuzzTest
    void read(byte[] payload) {
        PayloadReadersAgreeTest.assertAgree(payload, payload.length);
    }
}
