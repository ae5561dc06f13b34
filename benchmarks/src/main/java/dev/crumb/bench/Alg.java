package dev.crumb.bench;

/** The content algorithms a run compares, by their JOSE {@code enc} names and key lengths. */
public enum Alg {
    A256GCM("A256GCM", 32),
    A256CBC_HS512("A256CBC-HS512", 64);

    private final String joseName;
    private final int keyLength;

    Alg(String joseName, int keyLength) {
        this.joseName = joseName;
        this.keyLength = keyLength;
    }

    public String joseName() {
        return joseName;
    }

    public int keyLength() {
        return keyLength;
    }
}
