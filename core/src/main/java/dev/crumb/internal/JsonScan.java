package dev.crumb.internal;

/**
 * Byte-level scans of JSON. For now {@link #check} has no fast path and always defers to Jackson
 * (callers confirm a non-null answer with Jackson); the fast validator replaces it.
 */
final class JsonScan {
    private JsonScan() {}

    static int skipStructure(byte[] buf, int start, int end, int maxDepth) {
        if (start < 0 || start >= end || end > buf.length || (buf[start] != '{' && buf[start] != '[')) {
            return -1;
        }
        int depth = 0;
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b == '"') {
                for (i++; i < end; i++) {
                    byte c = buf[i];
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        break;
                    }
                }
                if (i >= end) {
                    return -1;
                }
            } else if (b == '{' || b == '[') {
                if (++depth > maxDepth) {
                    return -1;
                }
            } else if (b == '}' || b == ']') {
                if (--depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    static String check(byte[] buf, int off, int len, int depth) {
        return "not checked";
    }
}
