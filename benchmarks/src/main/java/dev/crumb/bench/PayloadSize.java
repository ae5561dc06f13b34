package dev.crumb.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three session sizes measured, as the attributes an application would store. Sizes are of
 * the attributes' compact JSON; the sealed payload adds about 130 bytes of claims.
 */
public enum PayloadSize {

    /** About 150 bytes: user id, roles, CSRF token, locale, login timestamp. */
    SMALL(0),
    /** About 1 KB: the small session plus a shopping cart and recently viewed products. */
    TYPICAL(1024),
    /**
     * About 2.7 KB of attributes (2.8 KB of payload), near the limit: sealed with A256CBC-HS512 (the
     * larger of the two) the token is 3972 characters, and its Set-Cookie header with Crumb's
     * default cookie attributes still fits in 4096 bytes.
     */
    NEAR_LIMIT(2680);

    private static final String[] PRODUCTS = {
        "Stainless steel water bottle 750 ml", "Merino wool hiking socks, size 42-44",
        "USB-C to USB-C cable 2 m braided", "Cast iron skillet 26 cm pre-seasoned",
        "Noise-cancelling earbuds, graphite", "Organic green tea, 100 bags",
        "Bamboo cutting board, large", "LED desk lamp with wireless charger",
    };

    private final int targetBytes;

    PayloadSize(int targetBytes) {
        this.targetBytes = targetBytes;
    }

    /** A fresh attribute map (plain Java values, in insertion order) of about this size. */
    public Map<String, Object> attributes() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("userId", "3f1c9e2a-7b4d-4c1e-9a53-0d6e8b21f4c7");
        attrs.put("roles", List.of("customer", "beta-tester"));
        attrs.put("csrf", "Zk3J9wqB0s7TnX1cV5mLpAe");
        attrs.put("locale", "en-GB");
        attrs.put("loginAt", 1_731_408_000L);
        if (targetBytes == 0) {
            return attrs;
        }
        List<Object> viewed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            viewed.add("SKU-" + (200_117 + 37 * i));
        }
        attrs.put("recentlyViewed", viewed);
        List<Object> cart = new ArrayList<>();
        attrs.put("cart", cart);
        for (int i = 0; ; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("sku", "SKU-" + (100_234 + 131 * i));
            item.put("name", PRODUCTS[i % PRODUCTS.length]);
            item.put("qty", 1 + i % 3);
            item.put("unitPriceCents", 499 + 250 * (i % 7));
            cart.add(item);
            if (Json.size(attrs) > targetBytes) {
                cart.remove(cart.size() - 1);
                break;
            }
        }
        // Fill the rest with a flash message, so each size lands within a few bytes of its target.
        int room = targetBytes - Json.size(attrs) - "\"flash\":\"\",".length();
        if (room > 0) {
            attrs.put("flash", "Your cart was saved. ".repeat(room / 21 + 1).substring(0, room));
        }
        return attrs;
    }
}
